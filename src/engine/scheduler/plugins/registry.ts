// The in-tree plugins by name, and the default profile: which plugins run and with what score weight.
// UPSTREAM: pkg/scheduler/framework/plugins/registry.go, pkg/scheduler/apis/config/v1/default_plugins.go
// SIMPLIFICATION: the plugins of this slice only (no volume, InterPodAffinity or PodTopologySpread
// plugins yet); one profile (default-scheduler); no KubeSchedulerConfiguration file.

import type { AnyPlugin, Handle } from '../framework/interface';
import { newDefaultPreemption, type PreemptionActions } from './defaultpreemption/default-preemption';
import { newImageLocality } from './imagelocality/image-locality';
import { names, type PluginName } from './names';
import { nodeAffinity } from './nodeaffinity/node-affinity';
import { nodeName } from './nodename/node-name';
import { nodePorts } from './nodeports/node-ports';
import { balancedAllocation } from './noderesources/balanced-allocation';
import { nodeResourcesFit } from './noderesources/fit';
import { nodeUnschedulable } from './nodeunschedulable/node-unschedulable';
import { taintToleration } from './tainttoleration/taint-toleration';

export interface FactoryArgs {
  handle: Handle;
  preemption: PreemptionActions;
}

export type PluginFactory = (args: FactoryArgs) => AnyPlugin;

export const inTreeRegistry: Partial<Record<PluginName, PluginFactory>> = {
  [names.NodeUnschedulable]: () => nodeUnschedulable,
  [names.NodeName]: () => nodeName,
  [names.TaintToleration]: () => taintToleration,
  [names.NodeAffinity]: () => nodeAffinity,
  [names.NodePorts]: () => nodePorts,
  [names.NodeResourcesFit]: () => nodeResourcesFit,
  [names.DefaultPreemption]: ({ handle, preemption }) => newDefaultPreemption(handle, preemption),
  [names.NodeResourcesBalancedAllocation]: () => balancedAllocation,
  [names.ImageLocality]: ({ handle }) => newImageLocality(handle),
};

export interface ProfilePlugin {
  name: PluginName;
  /** score weight; plugins without Score ignore it */
  weight?: number;
}

export interface Profile {
  schedulerName: string;
  /** 0 = the adaptive default (50% - nodes/125, at least 5%) */
  percentageOfNodesToScore: number;
  /**
   * MultiPoint: every plugin is enabled at each extension point it implements, in this order
   * (Filter plugins run per node in this order and stop at the first rejection).
   */
  plugins: readonly ProfilePlugin[];
}

/** getDefaultPlugins() for the plugins this simulator has, in upstream's MultiPoint order. */
export const defaultProfile: Profile = {
  schedulerName: 'default-scheduler',
  percentageOfNodesToScore: 0,
  plugins: [
    { name: names.NodeUnschedulable },
    { name: names.NodeName },
    { name: names.TaintToleration, weight: 3 },
    { name: names.NodeAffinity, weight: 2 },
    { name: names.NodePorts },
    { name: names.NodeResourcesFit, weight: 1 },
    { name: names.DefaultPreemption },
    { name: names.NodeResourcesBalancedAllocation, weight: 1 },
    { name: names.ImageLocality, weight: 1 },
  ],
};
