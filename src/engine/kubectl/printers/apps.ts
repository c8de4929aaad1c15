// `kubectl get` for the apps group: deployments, replicasets, statefulsets, daemonsets (and the core
// group's replicationcontrollers, which print as replicasets do).
// UPSTREAM: pkg/printers/internalversion/printers.go (printDeployment, printReplicaSet, printReplicationController,
// printStatefulSet, printDaemonSet, layoutContainerCells)

import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Container, ReplicationController } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { translateTimestampSince } from '../duration';
import { formatLabels, formatLabelSelector, labelSelectorAsSelector } from '../../api/labels';
import type { TableHandler } from './table';

/** The wide CONTAINERS and IMAGES cells: names and images joined by `,`. */
export function layoutContainerCells(containers: readonly Container[] | undefined): [names: string, images: string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

export const deploymentTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' },
    { name: 'Ready' },
    { name: 'Up-to-date' },
    { name: 'Available' },
    { name: 'Age' },
    { name: 'Containers', priority: 1 },
    { name: 'Images', priority: 1 },
    { name: 'Selector', priority: 1 },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const d = obj as unknown as Deployment;
    const [names, images] = layoutContainerCells(d.spec?.template?.spec?.containers);
    return [
      obj.metadata.name ?? '',
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      String(d.status?.updatedReplicas ?? 0),
      String(d.status?.availableReplicas ?? 0),
      translateTimestampSince(obj.metadata.creationTimestamp, nowMs),
      names,
      images,
      deploymentSelector(d),
    ];
  },
};

/** printDeployment prints `selector.String()` (not FormatLabelSelector): empty, not `<none>`, for everything. */
function deploymentSelector(d: Deployment): string {
  const selector = labelSelectorAsSelector(d.spec?.selector);
  return selector.error ? '<invalid>' : selector.toString();
}

export const replicaSetTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' },
    { name: 'Desired' },
    { name: 'Current' },
    { name: 'Ready' },
    { name: 'Age' },
    { name: 'Containers', priority: 1 },
    { name: 'Images', priority: 1 },
    { name: 'Selector', priority: 1 },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const rs = obj as unknown as ReplicaSet;
    const [names, images] = layoutContainerCells(rs.spec?.template?.spec?.containers);
    return [
      obj.metadata.name ?? '',
      String(rs.spec?.replicas ?? 1),
      String(rs.status?.replicas ?? 0),
      String(rs.status?.readyReplicas ?? 0),
      translateTimestampSince(obj.metadata.creationTimestamp, nowMs),
      names,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};

/** printReplicationController: the ReplicaSet columns; the selector is a plain label map. */
export const replicationControllerTable: TableHandler = {
  columns: replicaSetTable.columns,
  row(obj: KubeObject, nowMs: number): string[] {
    const rc = obj as unknown as ReplicationController;
    const [names, images] = layoutContainerCells(rc.spec?.template?.spec?.containers);
    return [
      obj.metadata.name ?? '',
      String(rc.spec?.replicas ?? 1),
      String(rc.status?.replicas ?? 0),
      String(rc.status?.readyReplicas ?? 0),
      translateTimestampSince(obj.metadata.creationTimestamp, nowMs),
      names,
      images,
      formatLabels(rc.spec?.selector),
    ];
  },
};

export const statefulSetTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' },
    { name: 'Ready' },
    { name: 'Age' },
    { name: 'Containers', priority: 1 },
    { name: 'Images', priority: 1 },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const sts = obj as unknown as StatefulSet;
    const [names, images] = layoutContainerCells(sts.spec?.template?.spec?.containers);
    return [
      obj.metadata.name ?? '',
      `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`,
      translateTimestampSince(obj.metadata.creationTimestamp, nowMs),
      names,
      images,
    ];
  },
};

export const daemonSetTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' },
    { name: 'Desired' },
    { name: 'Current' },
    { name: 'Ready' },
    { name: 'Up-to-date' },
    { name: 'Available' },
    { name: 'Node Selector' },
    { name: 'Age' },
    { name: 'Containers', priority: 1 },
    { name: 'Images', priority: 1 },
    { name: 'Selector', priority: 1 },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const ds = obj as unknown as DaemonSet;
    const status = ds.status;
    const [names, images] = layoutContainerCells(ds.spec?.template?.spec?.containers);
    return [
      obj.metadata.name ?? '',
      String(status?.desiredNumberScheduled ?? 0),
      String(status?.currentNumberScheduled ?? 0),
      String(status?.numberReady ?? 0),
      String(status?.updatedNumberScheduled ?? 0),
      String(status?.numberAvailable ?? 0),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      translateTimestampSince(obj.metadata.creationTimestamp, nowMs),
      names,
      images,
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};

/** printControllerRevision: CONTROLLER is `<kind>.<group>/<name>` of the controller owner, or <none>. */
export const controllerRevisionTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' },
    { name: 'Controller' },
    { name: 'Revision' },
    { name: 'Age' },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const ref = obj.metadata.ownerReferences?.find((o) => o.controller);
    let controller = '<none>';
    if (ref) {
      const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
      controller = `${ref.kind.toLowerCase()}${group ? `.${group}` : ''}/${ref.name}`;
    }
    return [obj.metadata.name ?? '', controller, String((obj as { revision?: number }).revision ?? 0), translateTimestampSince(obj.metadata.creationTimestamp, nowMs)];
  },
};
