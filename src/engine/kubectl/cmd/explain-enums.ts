// The `enum` lists of the 1.35 OpenAPI (v3) schemas for the fields the sandbox's kinds use: what
// `kubectl explain` prints as `ENUM:` (one field) and `enum: A, B, ....` (field lists). Go's
// +enum markers give them; the OpenAPI generator sorts the values.
// UPSTREAM: api/openapi-spec/v3/*.json (`"enum": [...]`), staging/src/k8s.io/api/core/v1/types.go (+enum)
// SIMPLIFICATION: our schemas come from kubernetes-types (1.30), which carries no enum lists, and
// manifest validation must not change with them, so they are listed here for explain only.

/** `<Definition>.<property>` (definition names as in manifest.schema.json) -> the enum, sorted. */
export const FIELD_ENUMS: Readonly<Record<string, readonly string[]>> = {
  // core/v1 Pod
  'PodSpec.restartPolicy': ['Always', 'Never', 'OnFailure'],
  'PodSpec.dnsPolicy': ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  'PodSpec.preemptionPolicy': ['Never', 'PreemptLowerPriority'],
  'PodStatus.phase': ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'],
  'PodStatus.qosClass': ['BestEffort', 'Burstable', 'Guaranteed'],
  'Container.imagePullPolicy': ['Always', 'IfNotPresent', 'Never'],
  'Container.terminationMessagePolicy': ['FallbackToLogsOnError', 'File'],
  'EphemeralContainer.imagePullPolicy': ['Always', 'IfNotPresent', 'Never'],
  'EphemeralContainer.terminationMessagePolicy': ['FallbackToLogsOnError', 'File'],
  'ContainerPort.protocol': ['SCTP', 'TCP', 'UDP'],
  'HTTPGetAction.scheme': ['HTTP', 'HTTPS'],
  'Toleration.operator': ['Equal', 'Exists'],
  'Toleration.effect': ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
  'Taint.effect': ['NoExecute', 'NoSchedule', 'PreferNoSchedule'],
  'NodeSelectorRequirement.operator': ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'],
  'TopologySpreadConstraint.whenUnsatisfiable': ['DoNotSchedule', 'ScheduleAnyway'],
  'TopologySpreadConstraint.nodeAffinityPolicy': ['Honor', 'Ignore'],
  'TopologySpreadConstraint.nodeTaintsPolicy': ['Honor', 'Ignore'],
  'HostPathVolumeSource.type': ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'],
  'SeccompProfile.type': ['Localhost', 'RuntimeDefault', 'Unconfined'],
  'AppArmorProfile.type': ['Localhost', 'RuntimeDefault', 'Unconfined'],
  'PodSecurityContext.fsGroupChangePolicy': ['Always', 'OnRootMismatch'],
  // core/v1 Service
  'ServiceSpec.type': ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'],
  'ServiceSpec.sessionAffinity': ['ClientIP', 'None'],
  'ServiceSpec.externalTrafficPolicy': ['Cluster', 'Local'],
  'ServiceSpec.internalTrafficPolicy': ['Cluster', 'Local'],
  'ServiceSpec.ipFamilyPolicy': ['PreferDualStack', 'RequireDualStack', 'SingleStack'],
  'ServicePort.protocol': ['SCTP', 'TCP', 'UDP'],
  // core/v1 storage
  'PersistentVolumeSpec.persistentVolumeReclaimPolicy': ['Delete', 'Recycle', 'Retain'],
  'PersistentVolumeSpec.volumeMode': ['Block', 'Filesystem'],
  'PersistentVolumeClaimSpec.volumeMode': ['Block', 'Filesystem'],
  'PersistentVolumeStatus.phase': ['Available', 'Bound', 'Failed', 'Pending', 'Released'],
  'PersistentVolumeClaimStatus.phase': ['Bound', 'Lost', 'Pending'],
  // core/v1 Node, Namespace
  'NodeStatus.phase': ['Pending', 'Running', 'Terminated'],
  'NamespaceStatus.phase': ['Active', 'Terminating'],
  // apps/v1
  'DeploymentStrategy.type': ['Recreate', 'RollingUpdate'],
  'StatefulSetSpec.podManagementPolicy': ['OrderedReady', 'Parallel'],
  'StatefulSetUpdateStrategy.type': ['OnDelete', 'RollingUpdate'],
  'DaemonSetUpdateStrategy.type': ['OnDelete', 'RollingUpdate'],
  // batch/v1
  'CronJobSpec.concurrencyPolicy': ['Allow', 'Forbid', 'Replace'],
  'JobSpec.completionMode': ['Indexed', 'NonIndexed'],
  'JobSpec.podReplacementPolicy': ['Failed', 'TerminatingOrFailed'],
  'PodFailurePolicyRule.action': ['Count', 'FailIndex', 'FailJob', 'Ignore'],
  'PodFailurePolicyOnExitCodesRequirement.operator': ['In', 'NotIn'],
  // autoscaling/v2
  'MetricSpec.type': ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'],
  // networking.k8s.io/v1
  'HTTPIngressPath.pathType': ['Exact', 'ImplementationSpecific', 'Prefix'],
  'NetworkPolicyPort.protocol': ['SCTP', 'TCP', 'UDP'],
  // discovery.k8s.io/v1
  'EndpointSlice.addressType': ['FQDN', 'IPv4', 'IPv6'],
};
