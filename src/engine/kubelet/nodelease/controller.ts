// The kubelet's node lease controller: one Lease per node in kube-node-lease, owned by the Node, whose
// renewTime is the node's cheap heartbeat (the node lifecycle controller watches it).
// UPSTREAM: pkg/kubelet/nodelease (controller.go: ensureLease, retryUpdateLease)
// SIMPLIFICATION: no update retries or backoff; the kubelet's heartbeat timer drives the renewals.

import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import type { Client } from '../../client/clientset';

/** KubeletConfiguration nodeLeaseDurationSeconds (default 40). */
export const NODE_LEASE_DURATION_SECONDS = 40;
/** The lease is renewed every leaseDuration x NodeLeaseRenewIntervalFraction (0.25) = 10 s. */
export const NODE_LEASE_RENEW_INTERVAL_MS = 10_000;
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** Create the node's Lease (owned by `node`, or the Node read from the API) or move its renewTime. */
export function renewLease(client: Client, nodeName: string, node?: Node & KubeObject): void {
  const leases = resourceForKind('Lease')!;
  const renewTime = client.microTime();
  const cur = client.get(leases, NODE_LEASE_NAMESPACE, nodeName);
  const spec = { holderIdentity: nodeName, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime };
  if (cur) {
    client.update({ ...cur, spec: { ...(cur.spec as object), ...spec } } as KubeObject);
    return;
  }
  const owner = node ?? (client.get(resourceForKind('Node')!, undefined, nodeName) as (Node & KubeObject) | undefined);
  client.create({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: nodeName,
      namespace: NODE_LEASE_NAMESPACE,
      ...(owner?.metadata.uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: owner.metadata.uid }] } : {}),
    },
    spec,
  } as KubeObject);
}
