// The scheduling framework's extension points. A plugin is a plain object that implements one or more
// of them; `satisfies` checks it (upstream's `var _ framework.FilterPlugin = &X{}`).
// UPSTREAM: staging/src/k8s.io/kube-scheduler/framework/interface.go
// SIMPLIFICATION: no QueueSort/Permit/Bind/PostBind plugins: queue order is PrioritySort, binding is
// DefaultBinder's POST pods/binding, both built in (see schedule-one.ts). A PreBind that must wait
// (upstream: blocks its goroutine) returns Wait with a JSON token and is resumed later.

import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import type { CycleState } from './cycle-state';
import type { NodeInfo } from './node-info';
import type { Status } from './status';
import type { ClusterEventWithHint } from './events';
import type { NodeToStatus } from './types';
import type { PluginName } from '../plugins/names';
import type { JsonValue } from '../../sim/clock';

/** Scores are integers in [0, MAX_NODE_SCORE] after normalization, before weights. */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface Plugin {
  readonly name: PluginName;
}

/**
 * What PreFilter returns to narrow the candidate nodes: a Success carrying the only node names that
 * can possibly fit (NodeAffinity with `matchFields: metadata.name`, as DaemonSet pods use). Nodes left
 * out are reported as "node(s) didn't satisfy plugin(s) [<Plugin>]".
 */
export interface PreFilterResult {
  readonly code: 'Success';
  readonly nodeNames: ReadonlySet<string>;
}

export interface PreFilterPlugin extends Plugin {
  /**
   * Called once per cycle before any Filter. Compute what Filter needs and write it to `state`.
   * Return Skip when the plugin has nothing to check for this pod (its Filter is then not run),
   * a rejection to fail the pod on every node at once, or a PreFilterResult to narrow the nodes.
   */
  preFilter(state: CycleState, pod: Pod): Status | PreFilterResult;
}

export interface FilterPlugin extends Plugin {
  /**
   * Judge one node. Return Success, Unschedulable (preemption might help) or
   * UnschedulableAndUnresolvable (it cannot). Read node facts only from `nodeInfo`: it may be a
   * what-if copy (preemption's dry run, a drag-and-drop check). Must not write anything.
   */
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
}

/** The outcome of PostFilter: a status, and the node nominated when preemption made room. */
export interface PostFilterResult {
  status: Status;
  nominatedNodeName?: string;
  /** the pods preempted on the nominated node, most important first (for explanations) */
  victims?: readonly Pod[];
}

export interface PostFilterPlugin extends Plugin {
  /**
   * Called only when no node passed the filters. `filteredNodeStatus` holds each node's rejection.
   * A rejection's reasons become the message after the filter histogram ("preemption: ...").
   */
  postFilter(state: CycleState, pod: Pod, filteredNodeStatus: NodeToStatus): PostFilterResult;
}

export interface PreScorePlugin extends Plugin {
  /** Called once with the feasible nodes before Score. Return Skip to skip this plugin's Score. */
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status;
}

export interface NodeScore {
  name: string;
  score: number;
}

export interface ScorePlugin extends Plugin {
  /** Rank one feasible node: higher is better. In [0, 100] unless `normalizeScore` maps it there. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number;
  /** Rescale every node's raw score in place to [0, 100] (e.g. TaintToleration's reverse normalization). */
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): void;
}

export interface ReservePlugin extends Plugin {
  /**
   * The pod is assumed on `nodeName`: account for it in the plugin's own caches (e.g. VolumeBinding
   * assumes its volume bindings). A non-Success stops the cycle; Unreserve then runs for every plugin.
   */
  reserve(state: CycleState, pod: Pod, nodeName: string): Status;
  /**
   * Undo `reserve`. Idempotent, and it must cope with a state that lacks the plugin's data (after a
   * PreBind that waited, the cycle's state is gone) and with a reserve that never ran.
   */
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

/**
 * What Permit answers: allow, reject (the cycle fails like a Reserve rejection), or wait up to
 * `timeoutMs` for the plugin (or another through the framework handle) to allow the pod.
 */
export type PermitResult = { status: Status } | { wait: true; timeoutMs: number };

export interface PermitPlugin extends Plugin {
  /**
   * Called after Reserve, before the binding cycle. No in-tree plugin implements it (coscheduling
   * and similar gang schedulers are out of tree), so the default profile has none.
   */
  permit(state: CycleState, pod: Pod, nodeName: string): PermitResult;
}

/** A PreBind that cannot finish now: resume it later from `token` (plain JSON, kept in snapshots). */
export interface PreBindWait {
  readonly code: 'Wait';
  readonly token: JsonValue;
  /** how often to check again while something may have changed (upstream's poll interval) */
  readonly pollMs: number;
  /** how long from the first Wait until `resumePreBind` is called with `timedOut` */
  readonly timeoutMs: number;
}

export type PreBindResult = Status | PreBindWait;

export interface PreBindPlugin extends Plugin {
  /**
   * Would PreBind have work for this pod on this node? Success (it will), Skip (nothing to do) or
   * Error. Lets the scheduler know whether the binding cycle may take a while.
   */
  preBindPreFlight(state: CycleState, pod: Pod, nodeName: string): Status;
  /**
   * Make the API changes the pod needs before it is bound (VolumeBinding binds volumes and asks for
   * provisioning). Success: go on to Bind; Error (or a rejection): the binding cycle fails; Wait:
   * call `resumePreBind` with the token at a later instant.
   */
  preBind(state: CycleState, pod: Pod, nodeName: string): PreBindResult;
  /**
   * Check again whether a waiting PreBind is done. Only the token is given: the cycle's state does
   * not survive between instants. `timedOut` is set once the plugin's deadline passed.
   */
  resumePreBind(token: JsonValue, pod: Pod, nodeName: string, timedOut: boolean): PreBindResult;
}

export interface EnqueueExtensions extends Plugin {
  /** The cluster events after which a pod this plugin rejected may fit, each with an optional hint. */
  eventsToRegister(): ClusterEventWithHint[];
}

/** Read access to the cycle's snapshot of nodes. */
export interface NodeInfoLister {
  list(): readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  /** how many nodes report the image (ImageLocality scales by how widely an image is spread) */
  numNodesWithImage(image: string): number;
}

/**
 * Read access to the other API objects the scheduler watches, from its informers (upstream's
 * SharedInformerFactory listers): namespaces, services, replicasets, statefulsets,
 * replicationcontrollers, poddisruptionbudgets, priorityclasses.
 */
export interface ObjectLister {
  list(resource: string, namespace?: string): readonly KubeObject[];
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
}

/** What the framework gives plugins (upstream framework.Handle). */
export interface Handle {
  snapshotSharedLister(): NodeInfoLister;
  /** the informer caches of other resources (e.g. namespace labels for namespaceSelector) */
  objects(): ObjectLister;
  /** unbound pods whose status.nominatedNodeName is this node (upstream's PodNominator) */
  nominatedPodsForNode(nodeName: string): readonly Pod[];
  /** Run the Filter plugins on one node (used by preemption's dry run). */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
}

export type AnyPlugin = Plugin &
  Partial<Pick<PreFilterPlugin, 'preFilter'>> &
  Partial<Pick<FilterPlugin, 'filter'>> &
  Partial<Pick<PostFilterPlugin, 'postFilter'>> &
  Partial<Pick<PreScorePlugin, 'preScore'>> &
  Partial<Pick<ScorePlugin, 'score' | 'normalizeScore'>> &
  Partial<Pick<ReservePlugin, 'reserve' | 'unreserve'>> &
  Partial<Pick<PermitPlugin, 'permit'>> &
  Partial<Pick<PreBindPlugin, 'preBindPreFlight' | 'preBind' | 'resumePreBind'>> &
  Partial<Pick<EnqueueExtensions, 'eventsToRegister'>>;
