// The framework runtime: builds a profile's plugins and runs each extension point in order.
// UPSTREAM: pkg/scheduler/framework/runtime/framework.go
// SIMPLIFICATION: plugins run one after another (no parallelizer); no PreFilter AddPod/RemovePod
// extensions, so nominated pods added for filtering (and victims removed by preemption's dry run) do
// not update InterPodAffinity's or PodTopologySpread's PreFilter counts.

import type { Pod } from 'kubernetes-types/core/v1';
import type { PluginName } from '../../plugins/names';
import type { FactoryArgs, PluginFactory, Profile } from '../../plugins/registry';
import { EXTENSION_POINTS, type ExtensionPoint, type ProfilePlugin } from '../../apis/config/config';
import type { PreemptionActions } from '../../plugins/defaultpreemption/default-preemption';
import type { CycleState } from '../cycle-state';
import type { ClusterEventWithHint } from '../events';
import type {
  AnyPlugin, FilterPlugin, Handle, NodeInfoLister, NodeScore, PostFilterPlugin, PostFilterResult,
  PreBindPlugin, PreBindResult, PreFilterPlugin, PreFilterResult, PreScorePlugin, PermitPlugin, ReservePlugin, ScorePlugin, ObjectLister,
} from '../interface';
import type { JsonValue } from '../../../sim/clock';
import { MAX_NODE_SCORE, MIN_NODE_SCORE } from '../interface';
import type { NodeInfo } from '../node-info';
import { podKey } from '../node-info';
import type { Status } from '../status';
import { asError, isRejected, isSkip, isSuccess, messageOf, reasonsOf, SKIP, SUCCESS, unresolvable, unschedulable, withPlugin } from '../status';
import type { NodeToStatus } from '../types';

/**
 * The plugins that run at one extension point, in order: those enabled there explicitly first, then
 * the MultiPoint ones that implement it (unless disabled there; '*' disables every MultiPoint one).
 * UPSTREAM: pkg/scheduler/framework/runtime/framework.go (expandMultiPointPlugins)
 */
export function pluginsAt(profile: Profile, point: ExtensionPoint, implementsPoint: (name: PluginName) => boolean): ProfilePlugin[] {
  const disabled = new Set(profile.disabled?.[point] ?? []);
  const explicit = profile.enabled?.[point] ?? [];
  const out: ProfilePlugin[] = [...explicit];
  const seen = new Set(explicit.map((p) => p.name));
  if (disabled.has('*')) return out;
  for (const p of profile.plugins) {
    if (seen.has(p.name) || disabled.has(p.name) || !implementsPoint(p.name)) continue;
    seen.add(p.name);
    out.push(p);
  }
  return out;
}

export interface PluginScore {
  plugin: string;
  /** normalized score times the plugin's weight */
  score: number;
  /** what Score returned, before NormalizeScore */
  raw: number;
  /** after NormalizeScore, in [0, 100], before the weight */
  normalized: number;
  weight: number;
}

export interface NodePluginScores {
  readonly name: string;
  /** each plugin's contribution, in the order the plugins ran (skipped plugins absent) */
  readonly scores: PluginScore[];
  totalScore: number;
}

/** One cycle's scores: per plugin, a raw and a normalized score per node (node i = row i). */
interface ScoreMatrix {
  plugins: string[];
  weights: number[];
  raw: number[][];
  normalized: number[][];
}

class NodeScoresRow implements NodePluginScores {
  totalScore = 0;

  constructor(
    readonly name: string,
    private readonly index: number,
    private readonly matrix: ScoreMatrix,
  ) {}

  get scores(): PluginScore[] {
    const m = this.matrix;
    const i = this.index;
    return m.plugins.map((plugin, p) => ({ plugin, score: m.normalized[p][i] * m.weights[p], raw: m.raw[p][i], normalized: m.normalized[p][i], weight: m.weights[p] }));
  }

  /** what a JSON copy of the row holds (tests compare rows with toEqual) */
  toJSON(): { name: string; scores: PluginScore[]; totalScore: number } {
    return { name: this.name, scores: this.scores, totalScore: this.totalScore };
  }
}

export interface PreFilterOutcome {
  status: Status;
  /** undefined = every node is a candidate */
  nodeNames?: ReadonlySet<string>;
  /** plugins that narrowed or rejected: they decide when the pod is retried */
  unschedulablePlugins: string[];
}

const EMPTY_LISTER: NodeInfoLister = { list: () => [], get: () => undefined, numNodesWithImage: () => 0 };
export const EMPTY_OBJECT_LISTER: ObjectLister = { list: () => [], get: () => undefined };

export class Framework implements Handle {
  readonly preFilterPlugins: Array<PreFilterPlugin> = [];
  readonly filterPlugins: Array<FilterPlugin> = [];
  readonly postFilterPlugins: Array<PostFilterPlugin> = [];
  readonly preScorePlugins: Array<PreScorePlugin> = [];
  readonly scorePlugins: Array<{ plugin: ScorePlugin; weight: number }> = [];
  readonly reservePlugins: Array<ReservePlugin> = [];
  readonly permitPlugins: Array<PermitPlugin> = [];
  readonly preBindPlugins: Array<PreBindPlugin> = [];
  private readonly events = new Map<string, ClusterEventWithHint[]>();
  private snapshot: NodeInfoLister = EMPTY_LISTER;

  constructor(
    readonly profile: Profile,
    registry: Partial<Record<PluginName, PluginFactory>>,
    preemption: PreemptionActions,
    private readonly objectLister: ObjectLister = EMPTY_OBJECT_LISTER,
    private readonly nominator: (nodeName: string) => readonly Pod[] = () => [],
    /** what some plugins are built with besides the handle (e.g. VolumeBinding's volume binder) */
    shared: Pick<FactoryArgs, 'volumeBinder'> = {},
  ) {
    const args: FactoryArgs = { handle: this, preemption, args: profile.args ?? {}, ...shared };
    // Each plugin is built once, however many extension points it serves.
    const instances = new Map<string, AnyPlugin>();
    const instance = (name: PluginName): AnyPlugin => {
      let p = instances.get(name);
      if (!p) {
        const factory = registry[name];
        if (!factory) throw new Error(`plugin "${name}" is not registered`);
        p = factory(args);
        instances.set(name, p);
      }
      return p;
    };
    const implementsPoint = (p: AnyPlugin, point: ExtensionPoint): boolean => typeof p[point] === 'function';
    for (const point of EXTENSION_POINTS) {
      for (const { name, weight } of pluginsAt(profile, point, (n) => implementsPoint(instance(n), point))) {
        const p = instance(name);
        if (!implementsPoint(p, point)) throw new Error(`plugin "${name}" does not extend ${point} plugin`);
        switch (point) {
          case 'preFilter': this.preFilterPlugins.push(p as PreFilterPlugin); break;
          case 'filter': this.filterPlugins.push(p as FilterPlugin); break;
          case 'postFilter': this.postFilterPlugins.push(p as PostFilterPlugin); break;
          case 'preScore': this.preScorePlugins.push(p as PreScorePlugin); break;
          case 'score': this.scorePlugins.push({ plugin: p as ScorePlugin, weight: weight || 1 }); break;
          case 'reserve': this.reservePlugins.push(p as ReservePlugin); break;
          case 'permit': this.permitPlugins.push(p as PermitPlugin); break;
          case 'preBind': this.preBindPlugins.push(p as PreBindPlugin); break;
        }
      }
    }
    for (const p of instances.values()) if (p.eventsToRegister) this.events.set(p.name, p.eventsToRegister());
  }

  /** The cluster events each plugin registered (EnqueueExtensions), for the queue. */
  eventsToRegister(plugin: string): readonly ClusterEventWithHint[] {
    return this.events.get(plugin) ?? [];
  }

  setSnapshot(s: NodeInfoLister): void {
    this.snapshot = s;
  }

  snapshotSharedLister(): NodeInfoLister {
    return this.snapshot;
  }

  objects(): ObjectLister {
    return this.objectLister;
  }

  nominatedPodsForNode(nodeName: string): readonly Pod[] {
    return this.nominator(nodeName);
  }

  /**
   * Run every PreFilter. Skip marks the plugin's Filter as skipped; UnschedulableAndUnresolvable stops
   * at once (no preemption can help); Unschedulable is remembered while the others still run, so
   * preemption has their state. Node sets from PreFilterResults are intersected.
   */
  runPreFilterPlugins(state: CycleState, pod: Pod): PreFilterOutcome {
    let nodeNames: Set<string> | undefined;
    const pluginsWithNodes: string[] = [];
    let returnStatus: Status = SUCCESS;
    for (const pl of this.preFilterPlugins) {
      const r = pl.preFilter(state, pod);
      if (isSkip(r as Status)) {
        state.skipFilterPlugins.add(pl.name);
        continue;
      }
      if ('nodeNames' in r) {
        const narrowed: PreFilterResult = r;
        pluginsWithNodes.push(pl.name);
        nodeNames = nodeNames ? new Set([...nodeNames].filter((n) => narrowed.nodeNames.has(n))) : new Set(narrowed.nodeNames);
        if (nodeNames.size === 0) {
          const msg = pluginsWithNodes.length === 1
            ? `node(s) didn't satisfy plugin ${pluginsWithNodes[0]}`
            : `node(s) didn't satisfy plugin(s) [${pluginsWithNodes.join(' ')}] simultaneously`;
          return { status: unresolvable(msg), nodeNames, unschedulablePlugins: pluginsWithNodes };
        }
        continue;
      }
      const s = r as Status;
      if (isSuccess(s)) continue;
      if (s.code === 'UnschedulableAndUnresolvable') return { status: withPlugin(s, pl.name), unschedulablePlugins: [pl.name] };
      if (s.code === 'Unschedulable') {
        returnStatus = withPlugin(s, pl.name);
        continue;
      }
      return { status: withPlugin(asError(`running PreFilter plugin "${pl.name}": ${messageOf(s)}`), pl.name), unschedulablePlugins: [] };
    }
    const rejectedBy = isRejected(returnStatus) && returnStatus.plugin ? [returnStatus.plugin] : [];
    return { status: returnStatus, nodeNames, unschedulablePlugins: [...pluginsWithNodes, ...rejectedBy] };
  }

  /** Run the Filters on one node in order; the first that does not succeed decides (with its plugin set). */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status {
    for (const pl of this.filterPlugins) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const s = pl.filter(state, pod, nodeInfo);
      if (isSuccess(s)) continue;
      if (!isRejected(s)) return withPlugin(asError(`running "${pl.name}" filter plugin: ${messageOf(s)}`), pl.name);
      return withPlugin(s, pl.name);
    }
    return SUCCESS;
  }

  /**
   * RunFilterPluginsWithNominatedPods: pods nominated to this node (by an earlier preemption) with a
   * priority at least the pod's keep their room: filter once with them counted, and if that passes,
   * once without them (a nominated pod might never arrive, so it must not be the reason the pod fits).
   * Example: node-1 freed 1 CPU for a nominated priority-1000 pod; a priority-0 pod asking 1 CPU fails
   * there, while a priority-2000 pod ignores the nomination and takes the room.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo, nominated: readonly Pod[]): Status {
    const prio = pod.spec?.priority ?? 0;
    const uid = pod.metadata?.uid;
    const reserved = nominated.filter((p) => p.metadata?.uid !== uid && (p.spec?.priority ?? 0) >= prio && !nodeInfo.hasPod(podKey(p)));
    if (reserved.length === 0) return this.runFilterPlugins(state, pod, nodeInfo);
    const withNominated = nodeInfo.clone();
    for (const p of reserved) withNominated.addPod(p);
    const s = this.runFilterPlugins(state.clone(), pod, withNominated);
    if (!isSuccess(s)) return s;
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  /** Every Filter's status on one node, not stopping at the first rejection (for explanations). */
  runAllFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Array<{ plugin: string; status: Status }> {
    return this.filterPlugins.map((pl) => ({
      plugin: pl.name,
      status: state.skipFilterPlugins.has(pl.name) ? { code: 'Skip' } : withPlugin(pl.filter(state, pod, nodeInfo), pl.name),
    }));
  }

  hasPostFilterPlugins(): boolean {
    return this.postFilterPlugins.length > 0;
  }

  /** The first PostFilter that succeeds or is unresolvable decides; rejections' reasons are merged. */
  runPostFilterPlugins(state: CycleState, pod: Pod, m: NodeToStatus): PostFilterResult {
    const reasons: string[] = [];
    let result: PostFilterResult | undefined;
    for (const pl of this.postFilterPlugins) {
      const r = pl.postFilter(state, pod, m);
      if (isSuccess(r.status)) return r;
      if (r.status.code === 'UnschedulableAndUnresolvable') return { ...r, status: withPlugin(r.status, pl.name) };
      if (!isRejected(r.status)) return { status: withPlugin(asError(`running PostFilter plugin "${pl.name}": ${messageOf(r.status)}`), pl.name) };
      reasons.push(...reasonsOf(r.status));
      if (r.nominatedNodeName !== undefined) result = r;
    }
    return { ...(result ?? {}), status: unschedulable(reasons) };
  }

  runPreScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    for (const pl of this.preScorePlugins) {
      const s = pl.preScore(state, pod, nodes);
      if (isSkip(s)) {
        state.skipScorePlugins.add(pl.name);
        continue;
      }
      if (!isSuccess(s)) return withPlugin(asError(`running PreScore plugin "${pl.name}": ${messageOf(s)}`), pl.name);
    }
    return SUCCESS;
  }

  /**
   * Score every node with every plugin, normalize per plugin, multiply by the weight and sum.
   * Example (weights TaintToleration 3, NodeAffinity 2, others 1): a node with Fit 75, Balanced 90,
   * TaintToleration 100, ImageLocality 0 totals 75 + 90 + 300 + 0 = 465.
   * The per-plugin breakdown is kept in one matrix and expanded only when someone reads a node's `scores`.
   */
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): NodePluginScores[] | Status {
    const matrix: ScoreMatrix = { plugins: [], weights: [], raw: [], normalized: [] };
    const out = nodes.map((n, i) => new NodeScoresRow(n.name, i, matrix));
    const scores: NodeScore[] = nodes.map((n) => ({ name: n.name, score: 0 }));
    for (const { plugin, weight } of this.scorePlugins) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      const raw = new Array<number>(nodes.length);
      for (let i = 0; i < nodes.length; i++) scores[i].score = raw[i] = plugin.score(state, pod, nodes[i]);
      plugin.normalizeScore?.(state, pod, scores);
      const normalized = new Array<number>(nodes.length);
      for (let i = 0; i < scores.length; i++) {
        const s = scores[i].score;
        if (s > MAX_NODE_SCORE || s < MIN_NODE_SCORE) {
          return asError(`plugin "${plugin.name}" returns an invalid score ${s}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`);
        }
        normalized[i] = s;
        out[i].totalScore += s * weight;
      }
      matrix.plugins.push(plugin.name);
      matrix.weights.push(weight);
      matrix.raw.push(raw);
      matrix.normalized.push(normalized);
    }
    return out;
  }

  /**
   * RunReservePluginsReserve: in order; the first that does not succeed stops the others. Errors are
   * wrapped as upstream words them; rejections keep their reasons.
   */
  runReservePluginsReserve(state: CycleState, pod: Pod, nodeName: string): Status {
    for (const pl of this.reservePlugins) {
      const s = pl.reserve(state, pod, nodeName);
      if (isSuccess(s)) continue;
      if (isRejected(s)) return withPlugin(s, pl.name);
      return withPlugin(asError(`running Reserve plugin "${pl.name}": ${messageOf(s)}`), pl.name);
    }
    return SUCCESS;
  }

  /** RunReservePluginsUnreserve: every Reserve plugin, in reverse order (undo in the opposite order). */
  runReservePluginsUnreserve(state: CycleState, pod: Pod, nodeName: string): void {
    for (let i = this.reservePlugins.length - 1; i >= 0; i--) this.reservePlugins[i].unreserve(state, pod, nodeName);
  }

  /**
   * RunPermitPlugins: the first rejection decides (with its plugin). A plugin asking the pod to wait
   * gets an Error: SIMPLIFICATION: waiting at Permit (gang scheduling) is not simulated, as no in-tree
   * plugin waits.
   */
  runPermitPlugins(state: CycleState, pod: Pod, nodeName: string): Status {
    for (const pl of this.permitPlugins) {
      const r = pl.permit(state, pod, nodeName);
      if ('wait' in r) return withPlugin(asError(`running Permit plugin "${pl.name}": waiting at Permit is not simulated`), pl.name);
      if (isSuccess(r.status)) continue;
      if (isRejected(r.status)) return withPlugin(r.status, pl.name);
      return withPlugin(asError(`running Permit plugin "${pl.name}": ${messageOf(r.status)}`), pl.name);
    }
    return SUCCESS;
  }

  /**
   * RunPreBindPreFlights: Success when some PreBind plugin will have work, Skip when none will, the
   * first Error otherwise.
   */
  runPreBindPreFlights(state: CycleState, pod: Pod, nodeName: string): Status {
    let result: Status = SKIP;
    for (const pl of this.preBindPlugins) {
      const s = pl.preBindPreFlight(state, pod, nodeName);
      if (isSkip(s)) continue;
      if (isSuccess(s)) result = SUCCESS;
      else return withPlugin(asError(`running PreBindPreFlight "${pl.name}": ${messageOf(s)}`), pl.name);
    }
    return result;
  }

  /**
   * RunPreBindPlugins from plugin index `from` on: Success when all are done, the first failure
   * (errors worded "running PreBind plugin ..."), or the first Wait with the index of its plugin.
   */
  runPreBindPlugins(state: CycleState, pod: Pod, nodeName: string, from = 0): PreBindOutcome {
    for (let i = from; i < this.preBindPlugins.length; i++) {
      const outcome = this.preBindOutcome(i, this.preBindPlugins[i].preBind(state, pod, nodeName));
      if (outcome.code !== 'Success') return outcome;
    }
    return { code: 'Success' };
  }

  /** Resume the waiting PreBind plugin `index` from its token (then the ones after it, on Success). */
  resumePreBindPlugin(index: number, token: JsonValue, state: CycleState, pod: Pod, nodeName: string, timedOut: boolean): PreBindOutcome {
    const pl = this.preBindPlugins[index];
    if (!pl) return { code: 'Error', status: asError(`running PreBind plugin #${index}: not configured any more`) };
    const outcome = this.preBindOutcome(index, pl.resumePreBind(token, pod, nodeName, timedOut));
    if (outcome.code !== 'Success') return outcome;
    return this.runPreBindPlugins(state, pod, nodeName, index + 1);
  }

  private preBindOutcome(index: number, r: PreBindResult): PreBindOutcome {
    const pl = this.preBindPlugins[index];
    if (r.code === 'Wait') return { code: 'Wait', plugin: pl.name, index, token: r.token, pollMs: r.pollMs, timeoutMs: r.timeoutMs };
    if (isSuccess(r)) return { code: 'Success' };
    if (isRejected(r)) return { code: 'Error', status: withPlugin(r, pl.name) };
    return { code: 'Error', status: withPlugin(asError(`running PreBind plugin "${pl.name}": ${messageOf(r)}`), pl.name) };
  }
}

/** Where the PreBind plugins got to: all done, failed, or waiting on plugin `index`. */
export type PreBindOutcome =
  | { code: 'Success' }
  | { code: 'Error'; status: Status }
  | { code: 'Wait'; plugin: string; index: number; token: JsonValue; pollMs: number; timeoutMs: number };
