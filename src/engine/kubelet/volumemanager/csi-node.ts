// The CSINode object a kubelet registers for its node: which CSI drivers run there and how many
// volumes each may attach (spec.drivers[].allocatable.count, read by the scheduler's NodeVolumeLimits).
// UPSTREAM: pkg/volume/csi/nodeinfomanager/nodeinfomanager.go (InitializeCSINodeWithAnnotation, installDriverToCSINode)
// SIMPLIFICATION: the simulated network-disk driver's node plugin runs on every node from the start
// (no registration through the plugin watcher); the migrated-plugins annotation is not written.

import type { KubeObject } from '../../api/meta';
import { SANDBOX_DISK_DRIVER } from '../../api/volumeattachment';

/** How many network disks one node may have attached (NodeGetInfo's max_volumes_per_node). */
export const SANDBOX_DISK_MAX_VOLUMES_PER_NODE = 16;

export function csiNodeFor(node: KubeObject): KubeObject {
  const name = node.metadata.name ?? '';
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSINode',
    metadata: {
      name,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid ?? '' }],
    },
    spec: { drivers: [{ name: SANDBOX_DISK_DRIVER, nodeID: name, topologyKeys: null, allocatable: { count: SANDBOX_DISK_MAX_VOLUMES_PER_NODE } }] },
  };
}
