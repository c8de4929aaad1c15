// Which components hold a watch on which kinds: after kube-apiserver stores a change, it sends the
// change down every watch that covers it. The canvas draws those as pulses from kube-apiserver to
// the watcher; a learner sees that nothing reads etcd but the API server.
// UPSTREAM: pkg/scheduler/eventhandlers.go (the scheduler's informers: pods, nodes and what its
// plugins register: PV, PVC, StorageClass, CSINode, VolumeAttachment, Namespace);
// cmd/kube-controller-manager (its controllers' informers; the garbage collector and the quota
// controller watch every resource but events, see pkg/controller/garbagecollector ignoredResources);
// pkg/kubelet (pods with spec.nodeName=<node>, its own Node, every Service for the env vars);
// pkg/proxy (Services, EndpointSlices, its own Node).
// SIMPLIFICATION: the kubelet's per-object watches of the ConfigMaps and Secrets its pods use, and
// the add-on controllers running as pods (CoreDNS, ingress-nginx), are not drawn.

export type WatchScope = 'all' | 'own-node';

/** A component and the kinds it watches; `own-node` kinds reach only the kubelet of that node. */
export interface Watcher {
  /** the canvas link family: 'kube-scheduler', 'kube-controller-manager', 'kubelet', 'kube-proxy' */
  component: 'kube-scheduler' | 'kube-controller-manager' | 'kubelet' | 'kube-proxy';
  kinds: Readonly<Record<string, WatchScope>> | 'every-kind-but-events';
}

export const WATCHERS: readonly Watcher[] = [
  {
    component: 'kube-scheduler',
    kinds: { Pod: 'all', Node: 'all', PersistentVolume: 'all', PersistentVolumeClaim: 'all', StorageClass: 'all', CSINode: 'all', VolumeAttachment: 'all', Namespace: 'all' },
  },
  { component: 'kube-controller-manager', kinds: 'every-kind-but-events' },
  { component: 'kubelet', kinds: { Pod: 'own-node', Node: 'own-node', Service: 'all' } },
  { component: 'kube-proxy', kinds: { Service: 'all', EndpointSlice: 'all', Node: 'own-node' } },
];

/**
 * The watchers a change of `kind` reaches: each as a component name, with `node` for the per-node
 * agents ('kubelet' on node-1 is `{ component: 'kubelet', node: 'node-1' }`). `node` is the object's
 * node for own-node kinds (a pod's spec.nodeName); `allNodes` are every node's agents.
 */
export function watchersOf(kind: string, node: string | undefined, allNodes: readonly string[]): Array<{ component: Watcher['component']; node?: string }> {
  const out: Array<{ component: Watcher['component']; node?: string }> = [];
  for (const w of WATCHERS) {
    if (w.kinds === 'every-kind-but-events') {
      if (kind !== 'Event') out.push({ component: w.component });
      continue;
    }
    const scope = w.kinds[kind];
    if (!scope) continue;
    if (w.component === 'kube-scheduler' || w.component === 'kube-controller-manager') out.push({ component: w.component });
    else if (scope === 'all') for (const n of allNodes) out.push({ component: w.component, node: n });
    else if (node) out.push({ component: w.component, node });
  }
  return out;
}
