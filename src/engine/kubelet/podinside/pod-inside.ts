// Builds the "open pod" view (api/pod-inside.ts) from a Pod: which namespaces the pause container
// holds, what each container shares and owns, the ports each process listens on, the volumes and
// where each container mounts them.
// SIMPLIFICATION: the listening ports are what the program model says the process opens
// (prober/handlers.ts listeningPorts): declared containerPorts of a long-running process and the
// image's own servers, not a socket table.

import type { Container, Pod, Volume } from 'kubernetes-types/core/v1';
import type { NamespaceKind, PodInsideContainer, PodInsideView, PodInsideVolume } from '../../api/pod-inside';
import { listeningPorts } from '../prober/handlers';
import { PAUSE_IMAGE } from '../kuberuntime/creation-chain';

function volumeOf(v: Volume): PodInsideVolume {
  if (v.emptyDir) return { name: v.name, type: 'emptyDir', ...(v.emptyDir.medium ? { source: `medium ${v.emptyDir.medium}` } : {}), lifetime: 'pod' };
  if (v.hostPath) return { name: v.name, type: 'hostPath', source: v.hostPath.path, lifetime: 'node' };
  if (v.persistentVolumeClaim) return { name: v.name, type: 'persistentVolumeClaim', source: v.persistentVolumeClaim.claimName, lifetime: 'claim' };
  if (v.configMap) return { name: v.name, type: 'configMap', source: v.configMap.name, lifetime: 'object' };
  if (v.secret) return { name: v.name, type: 'secret', source: v.secret.secretName, lifetime: 'object' };
  if (v.downwardAPI) return { name: v.name, type: 'downwardAPI', lifetime: 'object' };
  if (v.projected) {
    const parts = (v.projected.sources ?? []).map((s) => (s.serviceAccountToken ? 'serviceAccountToken' : s.configMap ? `configMap ${s.configMap.name}` : s.secret ? `secret ${s.secret.name}` : s.downwardAPI ? 'downwardAPI' : 'other'));
    return { name: v.name, type: 'projected', source: parts.join(' + '), lifetime: 'object' };
  }
  const type = Object.keys(v).find((k) => k !== 'name') ?? 'unknown';
  return { name: v.name, type, lifetime: 'pod' };
}

function stateOf(pod: Pod, name: string, init: boolean): { state: string; reason?: string } {
  const st = (init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses)?.find((s) => s.name === name);
  if (st?.state?.running) return { state: 'running' };
  if (st?.state?.terminated) return { state: 'terminated', ...(st.state.terminated.reason ? { reason: st.state.terminated.reason } : {}) };
  return { state: 'waiting', ...(st?.state?.waiting?.reason ? { reason: st.state.waiting.reason } : {}) };
}

export function podInside(pod: Pod): PodInsideView {
  const spec = pod.spec;
  const shareProcessNamespace = spec?.shareProcessNamespace === true;
  const hostNetwork = spec?.hostNetwork === true;
  const holds: NamespaceKind[] = [...(hostNetwork ? [] : ['net' as const]), 'ipc', 'uts', ...(shareProcessNamespace ? ['pid' as const] : [])];
  const container = (c: Container, type: PodInsideContainer['type']): PodInsideContainer => ({
    name: c.name,
    type,
    image: c.image ?? '',
    ...stateOf(pod, c.name, type !== 'app'),
    listens: type === 'init' ? [] : listeningPorts(c).sort((a, b) => a - b),
    mounts: (c.volumeMounts ?? []).map((m) => ({ volume: m.name, path: m.mountPath, readOnly: m.readOnly === true, ...(m.subPath ? { subPath: m.subPath } : {}) })),
    shared: holds,
    own: ['mnt', ...(shareProcessNamespace ? [] : ['pid' as const])],
  });
  const ready = (pod.status?.conditions ?? []).some((c) => c.type === 'PodReadyToStartContainers' && c.status === 'True') || !!pod.status?.podIP;
  return {
    podKey: `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`,
    ...(spec?.nodeName ? { nodeName: spec.nodeName } : {}),
    ...(pod.status?.podIP ? { podIP: pod.status.podIP } : {}),
    hostname: spec?.hostname ?? pod.metadata?.name ?? '',
    hostNetwork,
    shareProcessNamespace,
    sandbox: { image: PAUSE_IMAGE, ready, holds },
    containers: [
      ...(spec?.initContainers ?? []).map((c) => container(c, c.restartPolicy === 'Always' ? 'sidecar' : 'init')),
      ...(spec?.containers ?? []).map((c) => container(c, 'app')),
    ],
    volumes: (spec?.volumes ?? []).map(volumeOf),
  };
}
