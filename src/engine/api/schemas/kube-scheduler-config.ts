// A JSON schema for the KubeSchedulerConfiguration fields the simulator reads, for the editor's
// completion and hover (kubernetes-types has no component-config types, so it is written by hand).
// UPSTREAM: staging/src/k8s.io/kube-scheduler/config/v1/types.go (field descriptions shortened)

const pluginNames = [
  'NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit',
  'VolumeRestrictions', 'NodeVolumeLimits', 'VolumeBinding', 'VolumeZone',
  'PodTopologySpread', 'InterPodAffinity', 'DefaultPreemption', 'NodeResourcesBalancedAllocation', 'ImageLocality',
];

const plugin = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', enum: [...pluginNames, '*'], description: 'Name defines the name of the plugin. "*" in disabled turns off every default plugin of this extension point.' },
    weight: { type: 'integer', minimum: 0, maximum: 100, description: 'Weight defines the weight of the plugin, only used for Score plugins.' },
  },
  additionalProperties: false,
};

const pluginSet = {
  type: 'object',
  description: 'PluginSet specifies enabled and disabled plugins for an extension point.',
  properties: {
    enabled: { type: 'array', items: plugin, description: 'Enabled specifies plugins that should be enabled in addition to default plugins. Enabled plugins run first, in the order given.' },
    disabled: { type: 'array', items: plugin, description: 'Disabled specifies default plugins that should be disabled.' },
  },
  additionalProperties: false,
};

const resources = {
  type: 'array',
  description: 'Resources to consider when scoring, with their weights. Default: cpu and memory, weight 1.',
  items: {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string' }, weight: { type: 'integer', minimum: 1, maximum: 100 } },
  },
};

export const KUBE_SCHEDULER_CONFIGURATION_SCHEMA = {
  type: 'object',
  description:
    'KubeSchedulerConfiguration configures a scheduler. On a real cluster it is the file given to kube-scheduler --config, not an API object; applying it here restarts the simulated kube-scheduler with it.',
  properties: {
    apiVersion: { const: 'kubescheduler.config.k8s.io/v1' },
    kind: { const: 'KubeSchedulerConfiguration' },
    percentageOfNodesToScore: {
      type: 'integer', minimum: 0, maximum: 100,
      description: 'The percentage of all nodes that once found feasible for running a pod, the scheduler stops its search for more feasible nodes. 0 = adaptive default (50% - nodes/125, at least 5%; all nodes under 100).',
    },
    profiles: {
      type: 'array',
      description: 'Profiles are scheduling profiles that kube-scheduler supports. Pods choose one by setting spec.schedulerName.',
      items: {
        type: 'object',
        properties: {
          schedulerName: { type: 'string', description: 'SchedulerName is the name of the scheduler associated to this profile. Default: default-scheduler.' },
          percentageOfNodesToScore: { type: 'integer', minimum: 0, maximum: 100, description: 'Overrides the global percentageOfNodesToScore for this profile.' },
          plugins: {
            type: 'object',
            description: 'Plugins specify the set of plugins that should be enabled or disabled, per extension point.',
            properties: {
              multiPoint: { ...pluginSet, description: 'MultiPoint enables a plugin at every extension point it implements.' },
              preFilter: pluginSet,
              filter: pluginSet,
              postFilter: pluginSet,
              preScore: pluginSet,
              score: pluginSet,
              reserve: { ...pluginSet, description: 'Reserve plugins account for a pod on its chosen node before binding (VolumeBinding assumes its volumes).' },
              preBind: { ...pluginSet, description: 'PreBind plugins run before the pod is bound (VolumeBinding binds or provisions its volumes and waits for them).' },
            },
          },
          pluginConfig: {
            type: 'array',
            description: 'PluginConfig is an optional set of custom plugin arguments for each plugin.',
            items: {
              type: 'object',
              required: ['name'],
              properties: {
                name: { type: 'string', enum: pluginNames },
                args: {
                  type: 'object',
                  properties: {
                    scoringStrategy: {
                      type: 'object',
                      description: 'NodeResourcesFit: how nodes are scored by requested resources.',
                      properties: {
                        type: { enum: ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'], description: 'LeastAllocated (default) spreads pods onto the emptiest nodes; MostAllocated packs them (bin packing); RequestedToCapacityRatio follows a custom shape.' },
                        resources,
                        requestedToCapacityRatio: {
                          type: 'object',
                          properties: {
                            shape: {
                              type: 'array',
                              description: 'Points (utilization 0-100, score 0-10) of a piecewise linear scoring function.',
                              items: { type: 'object', properties: { utilization: { type: 'integer', minimum: 0, maximum: 100 }, score: { type: 'integer', minimum: 0, maximum: 10 } } },
                            },
                          },
                        },
                      },
                    },
                    resources: { ...resources, description: 'NodeResourcesBalancedAllocation: resources to balance.' },
                    hardPodAffinityWeight: { type: 'integer', minimum: 0, maximum: 100, description: 'InterPodAffinity: the score weight of existing pods\' required affinity terms toward the incoming pod.' },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;
