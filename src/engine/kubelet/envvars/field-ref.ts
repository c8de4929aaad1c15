// The value of a downward API `fieldRef` for an environment variable, as the kubelet resolves it.
// UPSTREAM: pkg/kubelet/kubelet_pods.go podFieldSelectorRuntimeValue,
// staging/src/k8s.io/client-go/util/fieldpath/fieldpath.go ExtractFieldPathAsString

import type { Pod } from 'kubernetes-types/core/v1';

/** `metadata.labels['app']` → ['labels', 'app'] */
function subscript(path: string): [string, string] | undefined {
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  return m ? [m[1], m[2]] : undefined;
}

/** The field's value, or undefined for a path the kubelet does not resolve. */
export function fieldRefValue(pod: Pod, fieldPath: string): string | undefined {
  const sub = subscript(fieldPath);
  if (sub) {
    const map = sub[0] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations;
    return map?.[sub[1]] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.name': return pod.metadata?.name ?? '';
    case 'metadata.namespace': return pod.metadata?.namespace ?? '';
    case 'metadata.uid': return pod.metadata?.uid ?? '';
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP': return pod.status?.hostIP ?? '';
    case 'status.hostIPs': return (pod.status?.hostIPs ?? []).map((x) => x.ip).join(',');
    case 'status.podIP': return pod.status?.podIP ?? '';
    case 'status.podIPs': return (pod.status?.podIPs ?? []).map((x) => x.ip).join(',');
    default: return undefined;
  }
}
