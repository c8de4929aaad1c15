// DaemonSet helpers: which nodes should run a daemon pod, the pod template the controller stamps
// (automatic tolerations, revision labels, node affinity to one node) and which pods are up to date.
// UPSTREAM: pkg/controller/daemon/util/daemonset_util.go, pkg/controller/daemon/daemon_controller.go
//           (NodeShouldRunDaemonPod, predicates)

import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Affinity, Node, Pod, PodSpec, PodTemplateSpec, Toleration } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { getRequiredNodeAffinity, requiredNodeAffinityMatches } from '../../scheduler/plugins/nodeaffinity/node-selector';
import { findMatchingUntoleratedTaint, toleratesTaint } from '../../scheduler/plugins/tainttoleration/taint-toleration';
import { semanticEqual } from '../controller-utils';

export type DaemonSetObject = DaemonSet & KubeObject;
export type NodeObject = Node & KubeObject;

/** apps.DefaultDaemonSetUniqueLabelKey: the ControllerRevision hash a daemon pod was made from. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
/** extensions.DaemonSetTemplateGenerationKey: the DaemonSet's templateGeneration a pod was made from. */
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** How apps/v1 carries spec.templateGeneration (set by the API server, see apiserver.ts). */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/** The DaemonSet's templateGeneration (util.GetTemplateGeneration), undefined when absent. */
export function getTemplateGeneration(ds: DaemonSet): number | undefined {
  const v = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

/**
 * The tolerations AddOrUpdateDaemonPodTolerations adds, in its order: a daemon pod is not evicted
 * from a not-ready or unreachable node, and ignores the pressure and unschedulable taints
 * (network-unavailable only for hostNetwork pods).
 */
export function daemonPodTolerations(hostNetwork: boolean): Toleration[] {
  const out: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) out.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return out;
}

/** Toleration.MatchToleration: same key, operator, value and effect (tolerationSeconds aside). */
function sameToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.operator ?? '') === (b.operator ?? '') &&
    (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');
}

/** AddOrUpdateDaemonPodTolerations via AddOrUpdateTolerationInPodSpec: replace a matching one, else append. */
export function addOrUpdateDaemonPodTolerations(spec: PodSpec): PodSpec {
  const tolerations = [...(spec.tolerations ?? [])];
  for (const t of daemonPodTolerations(spec.hostNetwork === true)) {
    const i = tolerations.findIndex((x) => sameToleration(x, t));
    if (i < 0) tolerations.push(t);
    else if (!semanticEqual(tolerations[i], t)) tolerations[i] = t;
  }
  return { ...spec, tolerations };
}

/** util.NewPod: the pod the DaemonSet would run on `nodeName`, for the predicates only. */
export function newPod(ds: DaemonSet, nodeName: string): Pod {
  const spec = addOrUpdateDaemonPodTolerations({ ...(ds.spec?.template?.spec ?? { containers: [] }) });
  return { metadata: { ...(ds.spec?.template?.metadata ?? {}), namespace: ds.metadata?.namespace }, spec: { ...spec, nodeName } };
}

export interface ShouldRun {
  /** a daemon pod should be created on the node */
  shouldRun: boolean;
  /** an existing daemon pod may stay (only an untolerated NoExecute taint evicts it) */
  shouldContinueRunning: boolean;
}

/**
 * NodeShouldRunDaemonPod: the node's name (template nodeName), node affinity and nodeSelector must
 * fit; untolerated NoSchedule/NoExecute taints stop new pods, and NoExecute ones also existing pods.
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): ShouldRun {
  const nodeName = node.metadata?.name ?? '';
  const templateNodeName = ds.spec?.template?.spec?.nodeName;
  if (templateNodeName && templateNodeName !== nodeName) return { shouldRun: false, shouldContinueRunning: false };
  const pod = newPod(ds, nodeName);
  if (!requiredNodeAffinityMatches(getRequiredNodeAffinity(pod), node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints;
  const tolerations = pod.spec?.tolerations;
  const fitsTaints = !findMatchingUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute' || t.effect === 'NoSchedule');
  if (fitsTaints) return { shouldRun: true, shouldContinueRunning: true };
  const evicting = (taints ?? []).some((t) => t.effect === 'NoExecute' && !(tolerations ?? []).some((x) => toleratesTaint(x, t)));
  return { shouldRun: false, shouldContinueRunning: !evicting };
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: required node affinity to exactly `nodeName`
 * (matchFields metadata.name In [node]); the label terms of the template are dropped, as upstream,
 * since the controller already checked them; preferred terms and other affinities are kept.
 */
export function replaceDaemonSetPodNodeNameNodeAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  return {
    ...(affinity ?? {}),
    nodeAffinity: {
      ...(affinity?.nodeAffinity ?? {}),
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] },
    },
  };
}

/** CreatePodTemplate: the template with the daemon tolerations and the revision labels. */
export function createPodTemplate(template: PodTemplateSpec | undefined, generation: number | undefined, hash: string): PodTemplateSpec {
  const t = JSON.parse(JSON.stringify(template ?? {})) as PodTemplateSpec;
  const labels: Record<string, string> = { ...(t.metadata?.labels ?? {}) };
  if (generation !== undefined) labels[POD_TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash) labels[CONTROLLER_REVISION_HASH_LABEL] = hash;
  return { metadata: { ...(t.metadata ?? {}), labels }, spec: addOrUpdateDaemonPodTolerations(t.spec ?? { containers: [] }) };
}

/**
 * GetTargetNodeName: the node a daemon pod is bound to, or the single node its matchFields
 * affinity names while it is still unscheduled.
 */
export function getTargetNodeName(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const r of term.matchFields ?? []) {
      if (r.key === 'metadata.name' && r.operator === 'In' && r.values?.length === 1) return r.values[0];
    }
  }
  return undefined;
}

/** IsPodUpdated: the pod carries the current revision hash, or the current templateGeneration. */
export function isPodUpdated(pod: Pod, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata?.labels ?? {};
  const templateMatches = generation !== undefined && labels[POD_TEMPLATE_GENERATION_LABEL] === String(generation);
  const hashMatches = hash.length > 0 && labels[CONTROLLER_REVISION_HASH_LABEL] === hash;
  return hashMatches || templateMatches;
}
