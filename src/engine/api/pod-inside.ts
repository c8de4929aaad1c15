// What is inside one pod, for the canvas's "open pod" view: the pause (infra) container holding the
// network, IPC and UTS namespaces every container joins; each container with its own mount (and,
// unless shareProcessNamespace, PID) namespace, the ports its process listens on (reachable from the
// other containers as localhost:<port>) and its volume mounts; the pod's volumes.
// UPSTREAM: the CRI's PodSandbox (pkg/kubelet/kuberuntime/kuberuntime_sandbox.go: NamespaceOption
// network/pid/ipc), pause (build/pause/linux/pause.c), the kubelet's volume manager.

/** Linux namespaces of a container in a pod: held by the sandbox (shared) or its own. */
export type NamespaceKind = 'net' | 'ipc' | 'uts' | 'pid' | 'mnt';

export interface PodInsideContainer {
  name: string;
  /** `init` runs to completion before the app containers; `sidecar` is an init container with restartPolicy Always */
  type: 'init' | 'sidecar' | 'app';
  image: string;
  /** running | waiting | terminated, with the reason when not running */
  state: string;
  reason?: string;
  /** the ports its process listens on (declared containerPorts and the image's own servers) */
  listens: number[];
  mounts: Array<{ volume: string; path: string; readOnly: boolean; subPath?: string }>;
  /** namespaces the container shares with the sandbox (net, ipc, uts always; pid with shareProcessNamespace) */
  shared: NamespaceKind[];
  /** its own: mnt always; pid unless shared */
  own: NamespaceKind[];
}

export interface PodInsideVolume {
  name: string;
  /** emptyDir, hostPath, configMap, secret, projected, downwardAPI, persistentVolumeClaim... */
  type: string;
  /** what backs it: the ConfigMap's or claim's name, the host path, emptyDir's medium */
  source?: string;
  /** how long its data lives: 'pod' (emptyDir), 'node' (hostPath), 'claim' (PVC), 'object' (ConfigMap/Secret/projected) */
  lifetime: 'pod' | 'node' | 'claim' | 'object';
}

export interface PodInsideView {
  podKey: string;
  nodeName?: string;
  podIP?: string;
  /** the pod's hostname (the UTS namespace): spec.hostname or the pod name */
  hostname: string;
  /** hostNetwork: the pod uses the node's network namespace, not its own */
  hostNetwork: boolean;
  shareProcessNamespace: boolean;
  sandbox: { image: string; ready: boolean; holds: NamespaceKind[] };
  containers: PodInsideContainer[];
  volumes: PodInsideVolume[];
}
