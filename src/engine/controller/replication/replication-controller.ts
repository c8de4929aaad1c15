// The ReplicationManager: the ReplicaSet controller run over ReplicationControllers (core/v1), whose
// selector is a plain label map (equality only) instead of a LabelSelector.
// UPSTREAM: pkg/controller/replication/replication_controller.go, conversion.go (informerAdapter)
// SIMPLIFICATION: no conversion layer: the shared controller is told the kind and how to read its selector.

import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { ControllerContext } from '../types';
import type { ReplicaSetObject } from '../controller-utils';
import { ReplicaSetController, type ReplicaSetKindConfig } from '../replicaset/replica-set';

export const REPLICATIONCONTROLLER_KIND = { apiVersion: 'v1', kind: 'ReplicationController' };

/** rc.spec.selector `{app: nginx}` -> `{matchLabels: {app: nginx}}`; an empty map selects nothing. */
export function replicationControllerSelector(rc: ReplicaSetObject): LabelSelector | undefined {
  const labels = (rc.spec as { selector?: Record<string, string> } | undefined)?.selector;
  if (!labels || Object.keys(labels).length === 0) return undefined;
  return { matchLabels: { ...labels } };
}

export const REPLICATIONCONTROLLER_CONFIG: ReplicaSetKindConfig = {
  name: 'replication-controller',
  resource: 'replicationcontrollers',
  kind: REPLICATIONCONTROLLER_KIND,
  selectorOf: replicationControllerSelector,
};

/** NewReplicationManager: the ReplicaSet controller configured for ReplicationControllers. */
export class ReplicationManager extends ReplicaSetController {
  constructor(ctx: ControllerContext) {
    super(ctx, REPLICATIONCONTROLLER_CONFIG);
  }
}
