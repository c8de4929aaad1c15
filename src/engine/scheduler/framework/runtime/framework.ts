// The framework runtime: builds a profile's plugins and runs each extension point in order.
// UPSTREAM: pkg/scheduler/framework/runtime/framework.go
// SIMPLIFICATION: plugins run one after another (no parallelizer); nominated pods are not added to
// nodes before filtering (RunFilterPluginsWithNominatedPods without the nominator).

import type { Pod } from 'kubernetes-types/core/v1';
import type { PluginName } from '../../plugins/names';
import type { FactoryArgs, PluginFactory, Profile } from '../../plugins/registry';
import type { PreemptionActions } from '../../plugins/defaultpreemption/default-preemption';
import type { CycleState } from '../cycle-state';
import type { ClusterEventWithHint } from '../events';
import type {
  AnyPlugin, FilterPlugin, Handle, NodeInfoLister, NodeScore, PostFilterPlugin, PostFilterResult,
  PreFilterPlugin, PreFilterResult, PreScorePlugin, ScorePlugin, ObjectLister,
} from '../interface';
import { MAX_NODE_SCORE, MIN_NODE_SCORE } from '../interface';
import type { NodeInfo } from '../node-info';
import type { Status } from '../status';
import { asError, isRejected, isSkip, isSuccess, messageOf, reasonsOf, SUCCESS, unresolvable, unschedulable, withPlugin } from '../status';
import type { NodeToStatus } from '../types';

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
  name: string;
  scores: PluginScore[];
  totalScore: number;
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
  private readonly events = new Map<string, ClusterEventWithHint[]>();
  private snapshot: NodeInfoLister = EMPTY_LISTER;

  constructor(
    readonly profile: Profile,
    registry: Partial<Record<PluginName, PluginFactory>>,
    preemption: PreemptionActions,
    private readonly objectLister: ObjectLister = EMPTY_OBJECT_LISTER,
  ) {
    const args: FactoryArgs = { handle: this, preemption };
    for (const { name, weight } of profile.plugins) {
      const factory = registry[name];
      if (!factory) throw new Error(`plugin "${name}" is not registered`);
      const p: AnyPlugin = factory(args);
      if (p.preFilter) this.preFilterPlugins.push(p as PreFilterPlugin);
      if (p.filter) this.filterPlugins.push(p as FilterPlugin);
      if (p.postFilter) this.postFilterPlugins.push(p as PostFilterPlugin);
      if (p.preScore) this.preScorePlugins.push(p as PreScorePlugin);
      if (p.score) this.scorePlugins.push({ plugin: p as ScorePlugin, weight: weight ?? 1 });
      if (p.eventsToRegister) this.events.set(p.name, p.eventsToRegister());
    }
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
   */
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): NodePluginScores[] | Status {
    const out: NodePluginScores[] = nodes.map((n) => ({ name: n.name, scores: [], totalScore: 0 }));
    for (const { plugin, weight } of this.scorePlugins) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      const scores: NodeScore[] = nodes.map((n) => ({ name: n.name, score: plugin.score(state, pod, n) }));
      const raw = scores.map((s) => s.score);
      plugin.normalizeScore?.(state, pod, scores);
      for (let i = 0; i < scores.length; i++) {
        const s = scores[i].score;
        if (s > MAX_NODE_SCORE || s < MIN_NODE_SCORE) {
          return asError(`plugin "${plugin.name}" returns an invalid score ${s}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`);
        }
        out[i].scores.push({ plugin: plugin.name, score: s * weight, raw: raw[i], normalized: s, weight });
        out[i].totalScore += s * weight;
      }
    }
    return out;
  }
}
