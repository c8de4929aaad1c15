import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pluginsAt } from '../../framework/runtime/framework';
import { names } from '../../plugins/names';
import { DEFAULT_PLUGINS, parseSchedulerConfig, type Profile } from './config';

const known = new Set(DEFAULT_PLUGINS.map((p) => p.name));
const read = (yaml: string) => parseSchedulerConfig(parse(yaml), known);
/** Which plugins implement a point, as the framework would ask the instances. */
const implementsScore = (n: string) => !['NodeUnschedulable', 'NodeName', 'NodePorts', 'DefaultPreemption'].includes(n);

describe('parseSchedulerConfig', () => {
  it('defaults to one default-scheduler profile with the default plugins', () => {
    const r = read('apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n');
    expect(r.errors).toEqual([]);
    expect(r.config!.profiles).toEqual([{ schedulerName: 'default-scheduler', percentageOfNodesToScore: 0, plugins: DEFAULT_PLUGINS }]);
  });

  it('reads a scoring strategy, weights and disabled score plugins per profile', () => {
    const r = read(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 40
profiles:
- schedulerName: default-scheduler
  plugins:
    score:
      enabled: [{name: ImageLocality, weight: 5}]
      disabled: [{name: NodeResourcesBalancedAllocation}]
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
        resources: [{name: cpu, weight: 3}, {name: memory}]
- schedulerName: bin-packer
  percentageOfNodesToScore: 100
`);
    expect(r.errors).toEqual([]);
    const [p, q] = r.config!.profiles;
    expect(p.percentageOfNodesToScore).toBe(40);
    expect(q).toMatchObject({ schedulerName: 'bin-packer', percentageOfNodesToScore: 100 });
    expect(p.args?.NodeResourcesFit?.scoringStrategy).toEqual({ type: 'MostAllocated', resources: [{ name: 'cpu', weight: 3 }, { name: 'memory', weight: 1 }] });
    // Explicitly enabled score plugins run first with their weight; the disabled one is gone.
    const score = pluginsAt(p, 'score', implementsScore);
    expect(score[0]).toEqual({ name: names.ImageLocality, weight: 5 });
    expect(score.map((x) => x.name)).not.toContain(names.NodeResourcesBalancedAllocation);
    expect(score.filter((x) => x.name === names.ImageLocality)).toHaveLength(1);
    // Other points are untouched.
    expect(pluginsAt(p, 'filter', () => true).map((x) => x.name)).toEqual(DEFAULT_PLUGINS.map((x) => x.name));
  });

  it("disables every MultiPoint plugin of a point with '*'", () => {
    const r = read(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- plugins:
    score:
      disabled: [{name: "*"}]
      enabled: [{name: NodeResourcesFit, weight: 1}]
`);
    expect(pluginsAt(r.config!.profiles[0] as Profile, 'score', implementsScore)).toEqual([{ name: names.NodeResourcesFit, weight: 1 }]);
  });

  it('rejects unknown plugins, bad ranges, unsupported strategies and duplicate profiles with field paths', () => {
    const r = read(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 120
profiles:
- schedulerName: a
  plugins:
    filter:
      enabled: [{name: NoSuchPlugin}]
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy: {type: Packed, resources: [{name: cpu, weight: 0}]}
- schedulerName: a
`);
    expect(r.config).toBeUndefined();
    expect(r.errors).toEqual([
      'percentageOfNodesToScore: Invalid value: 120: not in valid range [0-100]',
      'profiles[0].plugins.filter.enabled[0]: Invalid value: "NoSuchPlugin": plugin "NoSuchPlugin" does not exist',
      'profiles[0].pluginConfig[0].args.scoringStrategy.type: Unsupported value: "Packed": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"',
      'profiles[0].pluginConfig[0].args.scoringStrategy.resources[0].weight: Invalid value: 0: resource weight of cpu should be in the range of 1-100',
      'profiles[1].schedulerName: Duplicate value: "a"',
    ]);
  });

  it('checks the RequestedToCapacityRatio shape', () => {
    const r = read(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: RequestedToCapacityRatio
        requestedToCapacityRatio:
          shape: [{utilization: 50, score: 5}, {utilization: 20, score: 11}]
`);
    expect(r.errors).toEqual([
      'profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[1].utilization: Invalid value: 20: utilization values must be sorted in increasing order',
      'profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[1].score: Invalid value: 11: not in valid range [0-10]',
    ]);
  });

  it('rejects another apiVersion', () => {
    expect(read('apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n').errors).toEqual([
      'apiVersion: Unsupported value: "kubescheduler.config.k8s.io/v1beta3": supported values: "kubescheduler.config.k8s.io/v1"',
    ]);
  });

  it('reads PodTopologySpread default constraints (List) and refuses them with System', () => {
    const ok = read(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- pluginConfig:
  - name: PodTopologySpread
    args:
      defaultingType: List
      defaultConstraints:
      - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule}
`);
    expect(ok.errors).toEqual([]);
    expect(ok.config!.profiles[0].args?.PodTopologySpread).toEqual({
      defaultingType: 'List',
      defaultConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }],
    });
    const bad = read(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- pluginConfig:
  - name: PodTopologySpread
    args:
      defaultConstraints:
      - {maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {}}
`);
    expect(bad.errors).toEqual([
      'profiles[0].pluginConfig[0].args.defaultConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
      'profiles[0].pluginConfig[0].args.defaultConstraints[0].labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod',
      'profiles[0].pluginConfig[0].args.defaultConstraints: Invalid value: when .defaultingType is "System", .defaultConstraints must be empty',
    ]);
  });
});
