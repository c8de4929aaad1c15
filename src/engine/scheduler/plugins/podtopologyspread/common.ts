// What Filter and Score share: the pod's spread constraints parsed into selectors (with matchLabelKeys
// and the node inclusion policies resolved), the system default constraints and the selector they use.
// UPSTREAM: pkg/scheduler/framework/plugins/podtopologyspread/common.go, plugin.go (systemDefaultConstraints,
//           getConstraints), pkg/scheduler/framework/plugins/helper/spread.go (DefaultSelector)
// SIMPLIFICATION: DefaultSelector lives here, as PodTopologySpread is its only user in this simulator.

import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { labelSelectorAsSelector, Selector, selectorFromSet, type LabelSelectorLike, type Labels } from '../../../api/labels';
import type { ObjectLister } from '../../framework/interface';
import type { PodInfo } from '../../framework/node-info';
import { names } from '../names';
import { requiredNodeAffinityMatches, type RequiredNodeAffinity } from '../nodeaffinity/node-selector';
import { doNotScheduleTaintsFilter, findMatchingUntoleratedTaint } from '../tainttoleration/taint-toleration';

export const Name = names.PodTopologySpread;
/** A node would make a DoNotSchedule constraint's skew exceed maxSkew (Unschedulable: preemption may help). */
export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
/** The node lacks a constraint's topologyKey label (UnschedulableAndUnresolvable). */
export const ErrReasonNodeLabelNotMatch = `${ErrReasonConstraintsNotMatch} (missing required label)`;

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

export type UnsatisfiableConstraintAction = 'DoNotSchedule' | 'ScheduleAnyway';
export type NodeInclusionPolicy = 'Honor' | 'Ignore';

/** Spread over nodes and zones, softly, for pods that name no constraints (defaultingType: System). */
export const systemDefaultConstraints: readonly TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

/** PodTopologySpreadArgs: System uses systemDefaultConstraints; List uses `defaultConstraints`. */
export interface PodTopologySpreadArgs {
  defaultingType?: 'System' | 'List';
  defaultConstraints?: readonly TopologySpreadConstraint[];
}

/** A TopologySpreadConstraint with its selector parsed and its optional fields defaulted. */
export interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: Selector;
  /** 1 when unset */
  readonly minDomains: number;
  /** Honor (default): only nodes matching the pod's nodeSelector/required node affinity are domains */
  readonly nodeAffinityPolicy: NodeInclusionPolicy;
  /** Ignore (default): tainted nodes count as domains; Honor: only nodes whose taints the pod tolerates */
  readonly nodeTaintsPolicy: NodeInclusionPolicy;
}

/** What getConstraints needs besides the pod: the plugin's defaults and the informer caches. */
export interface SpreadContext {
  readonly objects: ObjectLister;
  readonly defaultConstraints: readonly TopologySpreadConstraint[];
  /** defaultingType System: nodes lacking a default constraint's key still score on the others */
  readonly systemDefaulted: boolean;
}

export type ConstraintsResult = { constraints: Constraint[] } | { error: string };

/** The pod's namespace as the API server stores it. */
export function namespaceOf(pod: Pod): string {
  return pod.metadata?.namespace ?? 'default';
}

/**
 * getConstraints: the pod's own constraints with `action`, or, when it names none, the default
 * constraints with `action` (their selector from the Services and controller that select the pod).
 */
export function getConstraints(ctx: SpreadContext, pod: Pod, action: UnsatisfiableConstraintAction): ConstraintsResult {
  const own = pod.spec?.topologySpreadConstraints ?? [];
  const hard = action === 'DoNotSchedule';
  if (own.length > 0) {
    const r = filterTopologySpreadConstraints(own, pod.metadata?.labels, action);
    return 'error' in r ? { error: `obtaining pod's ${hard ? 'hard' : 'soft'} topology spread constraints: ${r.error}` } : r;
  }
  const r = buildDefaultConstraints(ctx, pod, action);
  return 'error' in r ? { error: `setting default ${hard ? 'hard' : 'soft'} topology spread constraints: ${r.error}` } : r;
}

/** The default constraints with `action`, all using the DefaultSelector; none when that selector is empty. */
function buildDefaultConstraints(ctx: SpreadContext, pod: Pod, action: UnsatisfiableConstraintAction): ConstraintsResult {
  const r = filterTopologySpreadConstraints(ctx.defaultConstraints, pod.metadata?.labels, action);
  // The cheap test first: system defaults are all ScheduleAnyway, so PreFilter never lists Services.
  if ('error' in r || r.constraints.length === 0) return r;
  const selector = defaultSelector(pod, ctx.objects);
  if (selector.isEverything()) return { constraints: [] };
  return { constraints: r.constraints.map((c) => ({ ...c, selector })) };
}

/**
 * The constraints whose whenUnsatisfiable is `action`, parsed. matchLabelKeys take their values from
 * the pod's own labels and are ANDed into the selector (keys the pod lacks are left out).
 */
export function filterTopologySpreadConstraints(
  constraints: readonly TopologySpreadConstraint[],
  podLabels: Labels,
  action: UnsatisfiableConstraintAction,
): ConstraintsResult {
  const out: Constraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = labelSelectorAsSelector(c.labelSelector as LabelSelectorLike | undefined);
    if (selector.error) return { error: selector.error };
    const matchLabels: Record<string, string> = {};
    for (const key of c.matchLabelKeys ?? []) {
      if (podLabels && Object.prototype.hasOwnProperty.call(podLabels, key)) matchLabels[key] = podLabels[key];
    }
    if (Object.keys(matchLabels).length > 0) selector = mergeLabelSetWithSelector(matchLabels, selector);
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy === 'Ignore' ? 'Ignore' : 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy === 'Honor' ? 'Honor' : 'Ignore',
    });
  }
  return { constraints: out };
}

/** `set` AND `s`. A selector that matches nothing (a nil labelSelector) stays so. */
function mergeLabelSetWithSelector(set: Record<string, string>, s: Selector): Selector {
  if (s.matchesNothing) return s;
  return Selector.of([...selectorFromSet(set).requirements, ...s.requirements]);
}

/** Does the node carry every constraint's topologyKey? */
export function nodeLabelsMatchSpreadConstraints(nodeLabels: Labels, constraints: readonly Constraint[]): boolean {
  const labels = nodeLabels ?? {};
  for (const c of constraints) if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return false;
  return true;
}

/** Does any constraint's selector select these labels? */
export function podLabelsMatchSpreadConstraints(constraints: readonly Constraint[], labels: Labels): boolean {
  return constraints.some((c) => c.selector.matches(labels));
}

/**
 * Whether a node is an eligible domain for the pod under a constraint's inclusion policies. One object
 * serves a whole cycle: `forNode` moves it to the next node, and each check runs at most once per node
 * however many constraints ask. Without a required node affinity and without a taint-honoring
 * constraint every node is included, and nothing is checked at all.
 */
export class NodeInclusion {
  /** false when no constraint can exclude a node for this pod */
  readonly active: boolean;
  private node: Node | undefined;
  private affinity: boolean | undefined;
  private taints: boolean | undefined;

  constructor(private readonly pod: Pod, private readonly required: RequiredNodeAffinity, constraints: readonly Constraint[]) {
    const hasRequired = required.labelSelector !== undefined || required.terms !== undefined;
    this.active = constraints.some((c) => (c.nodeAffinityPolicy === 'Honor' && hasRequired) || c.nodeTaintsPolicy === 'Honor');
  }

  forNode(node: Node): this {
    this.node = node;
    this.affinity = undefined;
    this.taints = undefined;
    return this;
  }

  matches(c: Constraint): boolean {
    if (!this.active) return true;
    const node = this.node!;
    if (c.nodeAffinityPolicy === 'Honor') {
      this.affinity ??= requiredNodeAffinityMatches(this.required, node);
      if (!this.affinity) return false;
    }
    if (c.nodeTaintsPolicy === 'Honor') {
      this.taints ??= findMatchingUntoleratedTaint(node.spec?.taints, this.pod.spec?.tolerations, doNotScheduleTaintsFilter) === undefined;
      if (!this.taints) return false;
    }
    return true;
  }
}

/**
 * How many of `pods` the selector selects, among pods in namespace `ns` that are not terminating
 * (kubernetes#87621). An empty selector counts nothing, as upstream.
 */
export function countPodsMatchSelector(pods: readonly PodInfo[], selector: Selector, ns: string): number {
  if (selector.isEverything()) return 0;
  let n = 0;
  for (const { pod } of pods) {
    const m = pod.metadata;
    if (m?.deletionTimestamp || (m?.namespace ?? 'default') !== ns) continue;
    if (selector.matches(m?.labels)) n++;
  }
  return n;
}

/**
 * helper.DefaultSelector: the labels of every Service selecting the pod merged into one set, ANDed
 * with the selector of the ReplicationController, ReplicaSet or StatefulSet that controls it.
 * Example: Service app=web and ReplicaSet app=web,pod-template-hash=5d8f -> app=web,pod-template-hash=5d8f.
 */
export function defaultSelector(pod: Pod, objects: ObjectLister): Selector {
  const ns = namespaceOf(pod);
  const podLabels = pod.metadata?.labels;
  let labelSet: Record<string, string> = {};
  for (const svc of objects.list('services', ns)) {
    const sel = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
    // A Service without a selector selects nothing, not everything.
    if (!sel) continue;
    if (selectorFromSet(sel).matches(podLabels)) labelSet = { ...labelSet, ...sel };
  }
  let selector = selectorFromSet(labelSet);
  const owner = controllerOf(pod);
  if (!owner) return selector;
  const kind = `${owner.apiVersion}/${owner.kind}`;
  if (kind === 'v1/ReplicationController') {
    const rc = objects.get('replicationcontrollers', ns, owner.name);
    if (rc) selector = selectorFromSet({ ...labelSet, ...((rc.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {}) });
  } else if (kind === 'apps/v1/ReplicaSet' || kind === 'apps/v1/StatefulSet') {
    const workload = objects.get(kind === 'apps/v1/ReplicaSet' ? 'replicasets' : 'statefulsets', ns, owner.name);
    if (workload) {
      const other = labelSelectorAsSelector((workload.spec as { selector?: LabelSelectorLike } | undefined)?.selector);
      if (!other.error && !other.matchesNothing) selector = Selector.of([...selector.requirements, ...other.requirements]);
    }
  }
  return selector;
}

function controllerOf(pod: Pod): OwnerReference | undefined {
  return pod.metadata?.ownerReferences?.find((r) => r.controller === true);
}
