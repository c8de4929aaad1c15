// The in-tree plugins by name, and the default profile: which plugins run and with what score weight.
// UPSTREAM: pkg/scheduler/framework/plugins/registry.go, pkg/scheduler/apis/config/v1/default_plugins.go
// SIMPLIFICATION: profiles and plugin args come from apis/config (KubeSchedulerConfiguration).

import { defaultProfileFor, type PluginArgs, type Profile, type ProfilePlugin } from '../apis/config/config';
import type { AnyPlugin, Handle } from '../framework/interface';
import { newDefaultPreemption, type PreemptionActions } from './defaultpreemption/default-preemption';
import { newImageLocality } from './imagelocality/image-locality';
import { newInterPodAffinity } from './interpodaffinity/plugin';
import { names, type PluginName } from './names';
import { nodeAffinity } from './nodeaffinity/node-affinity';
import { nodeName } from './nodename/node-name';
import { nodePorts } from './nodeports/node-ports';
import { newBalancedAllocation } from './noderesources/balanced-allocation';
import { newNodeResourcesFit } from './noderesources/fit';
import { nodeUnschedulable } from './nodeunschedulable/node-unschedulable';
import { newPodTopologySpread } from './podtopologyspread/plugin';
import { taintToleration } from './tainttoleration/taint-toleration';
import { newCSILimits } from './nodevolumelimits/csi';
import type { VolumeBinder } from './volumebinding/binder';
import { newVolumeBinding } from './volumebinding/volume-binding';
import { newVolumeRestrictions } from './volumerestrictions/volume-restrictions';
import { newVolumeZone } from './volumezone/volume-zone';

export interface FactoryArgs {
  handle: Handle;
  preemption: PreemptionActions;
  /** the profile's pluginConfig args, defaulted (plugins read their own entry) */
  args: PluginArgs;
  /**
   * The scheduler's volume binder (its assume caches and API client), shared by every profile's
   * VolumeBinding. Absent: the plugin builds a read-only one over the handle's listers.
   */
  volumeBinder?: VolumeBinder;
}

export type PluginFactory = (args: FactoryArgs) => AnyPlugin;

export const inTreeRegistry: Partial<Record<PluginName, PluginFactory>> = {
  [names.NodeUnschedulable]: () => nodeUnschedulable,
  [names.NodeName]: () => nodeName,
  [names.TaintToleration]: () => taintToleration,
  [names.NodeAffinity]: () => nodeAffinity,
  [names.NodePorts]: () => nodePorts,
  [names.NodeResourcesFit]: ({ args }) => newNodeResourcesFit(args.NodeResourcesFit),
  [names.PodTopologySpread]: ({ handle, args }) => newPodTopologySpread(handle, args.PodTopologySpread),
  [names.InterPodAffinity]: ({ handle, args }) => newInterPodAffinity(handle, args.InterPodAffinity),
  [names.DefaultPreemption]: ({ handle, preemption }) => newDefaultPreemption(handle, preemption),
  [names.NodeResourcesBalancedAllocation]: ({ args }) => newBalancedAllocation(args.NodeResourcesBalancedAllocation?.resources),
  [names.ImageLocality]: ({ handle }) => newImageLocality(handle),
  [names.VolumeRestrictions]: ({ handle }) => newVolumeRestrictions(handle),
  [names.NodeVolumeLimits]: ({ handle }) => newCSILimits(handle),
  [names.VolumeBinding]: ({ handle, volumeBinder }) => newVolumeBinding(handle, volumeBinder),
  [names.VolumeZone]: ({ handle }) => newVolumeZone(handle),
};

export type { Profile, ProfilePlugin };

/** The default profile: upstream's MultiPoint defaults for the plugins this simulator has. */
export const defaultProfile: Profile = defaultProfileFor();
