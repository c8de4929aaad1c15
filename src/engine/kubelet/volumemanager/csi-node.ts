// The CSINode object a kubelet registers for its node: which CSI drivers run there and how many
// volumes each may attach (spec.drivers[].allocatable.count, read by the scheduler's NodeVolumeLimits).
// UPSTREAM: pkg/volume/csi/nodeinfomanager/nodeinfomanager.go (InitializeCSINodeWithAnnotation)
// SIMPLIFICATION: no CSI drivers run on the simulated nodes, so the list is empty; the
// storage.alpha.kubernetes.io/migrated-plugins annotation is not written.

import type { KubeObject } from '../../api/meta';

export function csiNodeFor(node: KubeObject): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSINode',
    metadata: {
      name: node.metadata.name,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name ?? '', uid: node.metadata.uid ?? '' }],
    },
    spec: { drivers: null },
  };
}
