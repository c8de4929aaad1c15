// Scheduling by hand, as the palette and drag-and-drop do it. A new pod dropped on a node gets
// spec.nodeName, which bypasses the scheduler: only the node's kubelet decides, with its admission
// checks (GeneralPredicates). Taints are a scheduler rule, so they do not keep such a pod off a node.
// UPSTREAM: pkg/kubelet/lifecycle/predicate.go (which plugins the kubelet re-runs at admission)

import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/meta';
import type { PlacementVerdict } from '../scheduler/framework/verdict';

export type PodTemplateName = 'pod';

/** GeneralPredicates: the filters the kubelet runs again when it admits a pod. */
const KUBELET_ADMISSION_PLUGINS = new Set(['NodeResourcesFit', 'NodeName', 'NodePorts', 'NodeAffinity']);

/** The palette's Pod: nginx with small requests; with `nodeName`, a manually scheduled pod. */
export function paletteTemplate(template: PodTemplateName, nodeName?: string): Pod & KubeObject {
  void template; // one template today; the name keeps the protocol open for more
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName: 'nginx-', namespace: 'default', labels: { run: 'nginx' } },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
    },
  };
}

/** Narrow a scheduler verdict to what the kubelet checks for a pod that arrives with spec.nodeName. */
export function kubeletAdmissionVerdict(scheduler: PlacementVerdict, nodeName: string): PlacementVerdict {
  const admission = scheduler.plugins.filter((p) => KUBELET_ADMISSION_PLUGINS.has(p.plugin));
  const failed = admission.find((p) => p.code !== 'Success' && p.code !== 'Skip');
  return {
    fits: !failed,
    nodeName,
    plugins: admission,
    message: failed ? `${failed.plugin}: ${failed.reasons.join(', ')}` : `spec.nodeName=${nodeName}: the kubelet admits it (the scheduler is bypassed)`,
  };
}
