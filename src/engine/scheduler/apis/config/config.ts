// KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1): read, default, validate, and turn into
// the profiles the scheduler runs: which plugins at which extension point, score weights, plugin args.
// UPSTREAM: pkg/scheduler/apis/config/{types.go,v1/defaults.go,v1/default_plugins.go,validation/*.go}
// SIMPLIFICATION: a subset of fields (profiles, plugins per extension point, pluginConfig for the
// plugins this simulator has, percentageOfNodesToScore); no extenders, leader election, client
// connection or feature gates. Validation messages follow upstream's field paths; their wording is ours
// where upstream's could not be checked.

import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import type { PluginName } from '../../plugins/names';
import { names } from '../../plugins/names';

export const CONFIG_API_VERSION = 'kubescheduler.config.k8s.io/v1';
export const CONFIG_KIND = 'KubeSchedulerConfiguration';

/** Extension points a profile can configure (those this simulator runs plugins at). */
export const EXTENSION_POINTS = ['preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve', 'permit', 'preBind'] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** Points upstream has that are built in here: configuring them is accepted and explained, not applied. */
const BUILT_IN_POINTS = ['queueSort', 'preEnqueue', 'bind', 'postBind'] as const;

export interface PluginRef {
  name: string;
  weight?: number;
}

export interface PluginSet {
  enabled?: PluginRef[];
  disabled?: PluginRef[];
}

export type Plugins = Partial<Record<ExtensionPoint | 'multiPoint' | (typeof BUILT_IN_POINTS)[number], PluginSet>>;

export interface ResourceSpec {
  name: string;
  weight: number;
}

export interface ScoringStrategy {
  type: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
  resources: ResourceSpec[];
  requestedToCapacityRatio?: { shape: Array<{ utilization: number; score: number }> };
}

export interface NodeResourcesFitArgs {
  scoringStrategy: ScoringStrategy;
}

export interface NodeResourcesBalancedAllocationArgs {
  resources: ResourceSpec[];
}

export interface InterPodAffinityArgs {
  hardPodAffinityWeight: number;
}

/** PodTopologySpreadArgs: `System` applies the built-in soft spreading; `List` uses defaultConstraints. */
export interface PodTopologySpreadArgs {
  defaultingType: 'System' | 'List';
  defaultConstraints: TopologySpreadConstraint[];
}

/** The plugin args this simulator understands, by plugin name, after defaulting. */
export interface PluginArgs {
  NodeResourcesFit?: NodeResourcesFitArgs;
  NodeResourcesBalancedAllocation?: NodeResourcesBalancedAllocationArgs;
  InterPodAffinity?: InterPodAffinityArgs;
  PodTopologySpread?: PodTopologySpreadArgs;
}

export interface ProfilePlugin {
  name: PluginName;
  /** score weight; plugins without Score ignore it */
  weight?: number;
}

/** One scheduler profile, resolved: the plugins of each extension point in the order they run. */
export interface Profile {
  schedulerName: string;
  /** 0 = the adaptive default (50% - nodes/125, at least 5%) */
  percentageOfNodesToScore: number;
  /**
   * MultiPoint: every plugin is enabled at each extension point it implements, in this order
   * (Filter plugins run per node in this order and stop at the first rejection).
   */
  plugins: readonly ProfilePlugin[];
  /** per extension point: plugins enabled there explicitly; they run before the MultiPoint ones */
  enabled?: Partial<Record<ExtensionPoint, readonly ProfilePlugin[]>>;
  /** per extension point: plugins turned off there ('*' = every MultiPoint plugin) */
  disabled?: Partial<Record<ExtensionPoint, readonly string[]>>;
  args?: PluginArgs;
}

/** getDefaultPlugins(): upstream's MultiPoint defaults for the plugins this simulator has, in order. */
export const DEFAULT_PLUGINS: readonly ProfilePlugin[] = [
  { name: names.NodeUnschedulable },
  { name: names.NodeName },
  { name: names.TaintToleration, weight: 3 },
  { name: names.NodeAffinity, weight: 2 },
  { name: names.NodePorts },
  { name: names.NodeResourcesFit, weight: 1 },
  { name: names.VolumeRestrictions },
  { name: names.NodeVolumeLimits },
  // Its Score needs the StorageCapacityScoring feature gate (alpha, off in 1.35): PreScore skips it.
  { name: names.VolumeBinding },
  { name: names.VolumeZone },
  { name: names.PodTopologySpread, weight: 2 },
  { name: names.InterPodAffinity, weight: 2 },
  { name: names.DefaultPreemption },
  { name: names.NodeResourcesBalancedAllocation, weight: 1 },
  { name: names.ImageLocality, weight: 1 },
];

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

export const DEFAULT_RESOURCES: readonly ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

export function defaultProfileFor(schedulerName = DEFAULT_SCHEDULER_NAME, plugins: readonly ProfilePlugin[] = DEFAULT_PLUGINS): Profile {
  return { schedulerName, percentageOfNodesToScore: 0, plugins };
}

/** The scheduler's configuration after defaulting: what a restored World re-reads. */
export interface SchedulerConfig {
  profiles: Profile[];
}

export function defaultSchedulerConfig(plugins: readonly ProfilePlugin[] = DEFAULT_PLUGINS): SchedulerConfig {
  return { profiles: [defaultProfileFor(DEFAULT_SCHEDULER_NAME, plugins)] };
}

export interface ConfigResult {
  config?: SchedulerConfig;
  /** field errors in upstream's style: `profiles[0].plugins.score.enabled[0]: Invalid value: ...` */
  errors: string[];
  /** things accepted but not simulated (e.g. a Bind plugin): shown to the learner */
  notes: string[];
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function json(x: unknown): string {
  return typeof x === 'string' ? `"${x}"` : JSON.stringify(x);
}

const FIT_STRATEGIES = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'] as const;

function validateResources(path: string, raw: unknown, errors: string[]): ResourceSpec[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    errors.push(`${path}: Invalid value: ${json(raw)}: must be a list`);
    return undefined;
  }
  const out: ResourceSpec[] = [];
  raw.forEach((r, i) => {
    const name = isObject(r) ? r.name : undefined;
    const weight = isObject(r) && r.weight !== undefined ? r.weight : 1;
    if (typeof name !== 'string' || name === '') {
      errors.push(`${path}[${i}].name: Required value`);
      return;
    }
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > 100) {
      errors.push(`${path}[${i}].weight: Invalid value: ${json(weight)}: resource weight of ${name} should be in the range of 1-100`);
      return;
    }
    out.push({ name, weight });
  });
  return out;
}

function fitArgs(path: string, args: Record<string, unknown>, errors: string[]): NodeResourcesFitArgs {
  const s = isObject(args.scoringStrategy) ? args.scoringStrategy : {};
  const type = s.type ?? 'LeastAllocated';
  if (!FIT_STRATEGIES.includes(type as (typeof FIT_STRATEGIES)[number])) {
    errors.push(`${path}.scoringStrategy.type: Unsupported value: ${json(type)}: supported values: ${FIT_STRATEGIES.map((x) => `"${x}"`).join(', ')}`);
  }
  const resources = validateResources(`${path}.scoringStrategy.resources`, s.resources, errors) ?? [...DEFAULT_RESOURCES];
  const strategy: ScoringStrategy = { type: type as ScoringStrategy['type'], resources };
  if (type === 'RequestedToCapacityRatio') {
    const r = isObject(s.requestedToCapacityRatio) ? s.requestedToCapacityRatio : {};
    const shape = Array.isArray(r.shape) ? r.shape : [];
    const p = `${path}.scoringStrategy.requestedToCapacityRatio.shape`;
    if (shape.length === 0) errors.push(`${p}: Required value: at least one point must be specified`);
    let prev = -1;
    const points: Array<{ utilization: number; score: number }> = [];
    shape.forEach((pt: unknown, i: number) => {
      const u = isObject(pt) ? pt.utilization : undefined;
      const sc = isObject(pt) ? pt.score : undefined;
      if (typeof u !== 'number' || u < 0 || u > 100) errors.push(`${p}[${i}].utilization: Invalid value: ${json(u)}: not in valid range [0-100]`);
      else if (u <= prev) errors.push(`${p}[${i}].utilization: Invalid value: ${u}: utilization values must be sorted in increasing order`);
      if (typeof sc !== 'number' || sc < 0 || sc > 10) errors.push(`${p}[${i}].score: Invalid value: ${json(sc)}: not in valid range [0-10]`);
      if (typeof u === 'number') prev = u;
      if (typeof u === 'number' && typeof sc === 'number') points.push({ utilization: u, score: sc });
    });
    strategy.requestedToCapacityRatio = { shape: points };
  }
  return { scoringStrategy: strategy };
}

function spreadArgs(path: string, a: Record<string, unknown>, errors: string[]): PodTopologySpreadArgs {
  const type = a.defaultingType ?? 'System';
  if (type !== 'System' && type !== 'List') errors.push(`${path}.defaultingType: Unsupported value: ${json(type)}: supported values: "System", "List"`);
  const raw = a.defaultConstraints === undefined ? [] : a.defaultConstraints;
  const constraints: TopologySpreadConstraint[] = [];
  if (!Array.isArray(raw)) errors.push(`${path}.defaultConstraints: Invalid value: must be a list`);
  else {
    raw.forEach((c: unknown, i: number) => {
      const p = `${path}.defaultConstraints[${i}]`;
      const o = isObject(c) ? c : {};
      if (typeof o.maxSkew !== 'number' || !Number.isInteger(o.maxSkew) || o.maxSkew <= 0) errors.push(`${p}.maxSkew: Invalid value: ${json(o.maxSkew)}: must be greater than zero`);
      if (typeof o.topologyKey !== 'string' || o.topologyKey === '') errors.push(`${p}.topologyKey: Required value: can not be empty`);
      if (o.whenUnsatisfiable !== 'DoNotSchedule' && o.whenUnsatisfiable !== 'ScheduleAnyway') {
        errors.push(`${p}.whenUnsatisfiable: Unsupported value: ${json(o.whenUnsatisfiable)}: supported values: "DoNotSchedule", "ScheduleAnyway"`);
      }
      if (o.labelSelector !== undefined) errors.push(`${p}.labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod`);
      constraints.push(o as unknown as TopologySpreadConstraint);
    });
  }
  if (type === 'System' && constraints.length) errors.push(`${path}.defaultConstraints: Invalid value: when .defaultingType is "System", .defaultConstraints must be empty`);
  return { defaultingType: type as PodTopologySpreadArgs['defaultingType'], defaultConstraints: constraints };
}

function parsePluginSet(path: string, raw: unknown, errors: string[]): PluginSet {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    errors.push(`${path}: Invalid value: ${json(raw)}: must be an object with enabled and disabled lists`);
    return {};
  }
  const list = (key: 'enabled' | 'disabled'): PluginRef[] => {
    const v = raw[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      errors.push(`${path}.${key}: Invalid value: ${json(v)}: must be a list`);
      return [];
    }
    const out: PluginRef[] = [];
    v.forEach((p, i) => {
      if (!isObject(p) || typeof p.name !== 'string' || p.name === '') {
        errors.push(`${path}.${key}[${i}].name: Required value`);
        return;
      }
      if (p.weight !== undefined && (typeof p.weight !== 'number' || !Number.isInteger(p.weight) || p.weight < 0 || p.weight > 100)) {
        errors.push(`${path}.${key}[${i}].weight: Invalid value: ${json(p.weight)}: weight must be an integer in the range 0-100`);
        return;
      }
      out.push({ name: p.name, ...(typeof p.weight === 'number' ? { weight: p.weight } : {}) });
    });
    return out;
  };
  return { enabled: list('enabled'), disabled: list('disabled') };
}

/**
 * Read a KubeSchedulerConfiguration document. `known` = the plugins this simulator has (an unknown
 * name fails as kube-scheduler fails to start). Example, MostAllocated bin packing:
 *   profiles: [{schedulerName: default-scheduler, pluginConfig: [{name: NodeResourcesFit,
 *     args: {scoringStrategy: {type: MostAllocated}}}]}]
 */
export function parseSchedulerConfig(doc: unknown, known: ReadonlySet<string>): ConfigResult {
  const errors: string[] = [];
  const notes: string[] = [];
  if (!isObject(doc)) return { errors: ['the configuration must be an object'], notes };
  if (doc.apiVersion !== CONFIG_API_VERSION) {
    errors.push(`apiVersion: Unsupported value: ${json(doc.apiVersion)}: supported values: "${CONFIG_API_VERSION}"`);
  }
  const globalPct = doc.percentageOfNodesToScore;
  const pctOk = (p: unknown, path: string): number | undefined => {
    if (p === undefined || p === null) return undefined;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 100) {
      errors.push(`${path}: Invalid value: ${json(p)}: not in valid range [0-100]`);
      return undefined;
    }
    return p;
  };
  const defaultPct = pctOk(globalPct, 'percentageOfNodesToScore') ?? 0;
  const rawProfiles = doc.profiles === undefined ? [{}] : doc.profiles;
  if (!Array.isArray(rawProfiles) || rawProfiles.length === 0) {
    errors.push('profiles: Required value: at least one profile is required');
    return { errors, notes };
  }
  const profiles: Profile[] = [];
  const seen = new Set<string>();
  rawProfiles.forEach((rp: unknown, i: number) => {
    const path = `profiles[${i}]`;
    const p = isObject(rp) ? rp : {};
    const schedulerName = typeof p.schedulerName === 'string' && p.schedulerName !== '' ? p.schedulerName : DEFAULT_SCHEDULER_NAME;
    if (seen.has(schedulerName)) errors.push(`${path}.schedulerName: Duplicate value: "${schedulerName}"`);
    seen.add(schedulerName);
    const pct = pctOk(p.percentageOfNodesToScore, `${path}.percentageOfNodesToScore`) ?? defaultPct;

    const rawPlugins = isObject(p.plugins) ? p.plugins : {};
    const checkNames = (set: PluginSet, setPath: string) => {
      for (const [key, refs] of [['enabled', set.enabled ?? []], ['disabled', set.disabled ?? []]] as const) {
        refs.forEach((r, j) => {
          if (r.name === '*' && key === 'disabled') return;
          if (!known.has(r.name)) errors.push(`${setPath}.${key}[${j}]: Invalid value: "${r.name}": plugin "${r.name}" does not exist`);
        });
      }
    };

    // MultiPoint: the defaults, minus what is disabled, plus what is enabled (a default re-enabled
    // moves to the enabled position and takes the given weight).
    const mp = parsePluginSet(`${path}.plugins.multiPoint`, rawPlugins.multiPoint, errors);
    checkNames(mp, `${path}.plugins.multiPoint`);
    const mpDisabled = new Set((mp.disabled ?? []).map((x) => x.name));
    const mpEnabled = (mp.enabled ?? []).filter((x) => known.has(x.name));
    const enabledNames = new Set(mpEnabled.map((x) => x.name));
    let plugins: ProfilePlugin[] = mpDisabled.has('*') ? [] : DEFAULT_PLUGINS.filter((d) => !mpDisabled.has(d.name) && !enabledNames.has(d.name));
    plugins = plugins.concat(mpEnabled.map((x) => ({ name: x.name as PluginName, ...(x.weight !== undefined ? { weight: x.weight } : {}) })));

    const enabled: Partial<Record<ExtensionPoint, ProfilePlugin[]>> = {};
    const disabled: Partial<Record<ExtensionPoint, string[]>> = {};
    for (const point of EXTENSION_POINTS) {
      const set = parsePluginSet(`${path}.plugins.${point}`, rawPlugins[point], errors);
      checkNames(set, `${path}.plugins.${point}`);
      if (set.enabled?.length) enabled[point] = set.enabled.filter((x) => known.has(x.name)).map((x) => ({ name: x.name as PluginName, ...(x.weight !== undefined ? { weight: x.weight } : {}) }));
      if (set.disabled?.length) disabled[point] = set.disabled.map((x) => x.name);
    }
    for (const point of BUILT_IN_POINTS) {
      if (rawPlugins[point] !== undefined) notes.push(`${path}.plugins.${point}: not configurable in this simulator (PrioritySort, DefaultBinder are built in); ignored`);
    }
    for (const key of Object.keys(rawPlugins)) {
      if (key !== 'multiPoint' && !EXTENSION_POINTS.includes(key as ExtensionPoint) && !BUILT_IN_POINTS.includes(key as (typeof BUILT_IN_POINTS)[number])) {
        errors.push(`${path}.plugins.${key}: Invalid value: unknown extension point`);
      }
    }

    const args: PluginArgs = {};
    const rawConfig = p.pluginConfig === undefined ? [] : p.pluginConfig;
    if (!Array.isArray(rawConfig)) errors.push(`${path}.pluginConfig: Invalid value: must be a list`);
    else {
      const seenArgs = new Set<string>();
      rawConfig.forEach((pc: unknown, j: number) => {
        const pcPath = `${path}.pluginConfig[${j}]`;
        const name = isObject(pc) ? pc.name : undefined;
        const a = isObject(pc) && isObject(pc.args) ? pc.args : {};
        if (typeof name !== 'string') {
          errors.push(`${pcPath}.name: Required value`);
          return;
        }
        if (seenArgs.has(name)) errors.push(`${pcPath}: Duplicate value: "${name}"`);
        seenArgs.add(name);
        const argsPath = `${pcPath}.args`;
        switch (name) {
          case names.NodeResourcesFit:
            args.NodeResourcesFit = fitArgs(argsPath, a, errors);
            break;
          case names.NodeResourcesBalancedAllocation:
            args.NodeResourcesBalancedAllocation = { resources: validateResources(`${argsPath}.resources`, a.resources, errors) ?? [...DEFAULT_RESOURCES] };
            break;
          case names.InterPodAffinity: {
            const w = a.hardPodAffinityWeight ?? 1;
            if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > 100) errors.push(`${argsPath}.hardPodAffinityWeight: Invalid value: ${json(w)}: not in valid range [0-100]`);
            else args.InterPodAffinity = { hardPodAffinityWeight: w };
            break;
          }
          case names.PodTopologySpread:
            args.PodTopologySpread = spreadArgs(argsPath, a, errors);
            break;
          default:
            if (!known.has(name)) errors.push(`${pcPath}.name: Invalid value: "${name}": plugin "${name}" does not exist`);
            else notes.push(`${pcPath}: args for ${name} are not simulated; its defaults apply`);
        }
      });
    }
    profiles.push({
      schedulerName,
      percentageOfNodesToScore: pct,
      plugins,
      ...(Object.keys(enabled).length ? { enabled } : {}),
      ...(Object.keys(disabled).length ? { disabled } : {}),
      ...(Object.keys(args).length ? { args } : {}),
    });
  });
  if (errors.length) return { errors, notes };
  return { config: { profiles }, errors, notes };
}
