// The kinds this API server serves, as discovery would list them (`kubectl api-resources`).
// UPSTREAM: pkg/controlplane (which groups/versions are installed) and each registry's
// NamespaceScoped()/ShortNames().
// SIMPLIFICATION: one served version per group; later issues add kinds here.

export interface ResourceInfo {
  /** '' for the core group */
  group: string;
  version: string;
  kind: string;
  /** plural, lower-case: the REST resource name ('pods', 'endpointslices') */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  /** other group versions served for the kind, converted to `version` when stored (autoscaling/v1) */
  otherVersions?: string[];
  /**
   * The warning the API server returns (a `Warning:` header) on every request for a deprecated kind:
   * `<version> <Kind> is deprecated in v<major>.<minor>+; use <group>/<version> <Kind>`
   * (apiserver/pkg/endpoints/deprecation, from the type's APILifecycleDeprecated/Replacement).
   */
  deprecationWarning?: string;
}

export const RESOURCES: readonly ResourceInfo[] = [
  { group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', singular: 'namespace', namespaced: false, shortNames: ['ns'] },
  { group: '', version: 'v1', kind: 'Node', resource: 'nodes', singular: 'node', namespaced: false, shortNames: ['no'] },
  { group: '', version: 'v1', kind: 'Pod', resource: 'pods', singular: 'pod', namespaced: true, shortNames: ['po'] },
  { group: '', version: 'v1', kind: 'Service', resource: 'services', singular: 'service', namespaced: true, shortNames: ['svc'] },
  // Deprecated since 1.33 (KEP-4974) but still served, with a warning on every request.
  { group: '', version: 'v1', kind: 'Endpoints', resource: 'endpoints', singular: 'endpoints', namespaced: true, shortNames: ['ep'], deprecationWarning: 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice' },
  { group: '', version: 'v1', kind: 'Event', resource: 'events', singular: 'event', namespaced: true, shortNames: ['ev'] },
  { group: '', version: 'v1', kind: 'ReplicationController', resource: 'replicationcontrollers', singular: 'replicationcontroller', namespaced: true, shortNames: ['rc'] },
  { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', singular: 'deployment', namespaced: true, shortNames: ['deploy'] },
  { group: 'apps', version: 'v1', kind: 'ReplicaSet', resource: 'replicasets', singular: 'replicaset', namespaced: true, shortNames: ['rs'] },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', resource: 'daemonsets', singular: 'daemonset', namespaced: true, shortNames: ['ds'] },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', resource: 'statefulsets', singular: 'statefulset', namespaced: true, shortNames: ['sts'] },
  { group: 'apps', version: 'v1', kind: 'ControllerRevision', resource: 'controllerrevisions', singular: 'controllerrevision', namespaced: true, shortNames: [] },
  { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers', singular: 'horizontalpodautoscaler', namespaced: true, shortNames: ['hpa'], otherVersions: ['v1'] },
  { group: 'batch', version: 'v1', kind: 'Job', resource: 'jobs', singular: 'job', namespaced: true, shortNames: [] },
  { group: 'batch', version: 'v1', kind: 'CronJob', resource: 'cronjobs', singular: 'cronjob', namespaced: true, shortNames: ['cj'] },
  { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', resource: 'endpointslices', singular: 'endpointslice', namespaced: true, shortNames: [] },
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', resource: 'leases', singular: 'lease', namespaced: true, shortNames: [] },
  { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', singular: 'configmap', namespaced: true, shortNames: ['cm'] },
  { group: '', version: 'v1', kind: 'Secret', resource: 'secrets', singular: 'secret', namespaced: true, shortNames: [] },
  { group: '', version: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts', singular: 'serviceaccount', namespaced: true, shortNames: ['sa'] },
  { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass', resource: 'priorityclasses', singular: 'priorityclass', namespaced: false, shortNames: ['pc'] },
  { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets', singular: 'poddisruptionbudget', namespaced: true, shortNames: ['pdb'] },
  { group: '', version: 'v1', kind: 'PersistentVolume', resource: 'persistentvolumes', singular: 'persistentvolume', namespaced: false, shortNames: ['pv'] },
  { group: '', version: 'v1', kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', singular: 'persistentvolumeclaim', namespaced: true, shortNames: ['pvc'] },
  { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', resource: 'storageclasses', singular: 'storageclass', namespaced: false, shortNames: ['sc'] },
  { group: '', version: 'v1', kind: 'LimitRange', resource: 'limitranges', singular: 'limitrange', namespaced: true, shortNames: ['limits'] },
  { group: '', version: 'v1', kind: 'ResourceQuota', resource: 'resourcequotas', singular: 'resourcequota', namespaced: true, shortNames: ['quota'] },
  { group: 'storage.k8s.io', version: 'v1', kind: 'CSINode', resource: 'csinodes', singular: 'csinode', namespaced: false, shortNames: [] },
  { group: 'storage.k8s.io', version: 'v1', kind: 'CSIDriver', resource: 'csidrivers', singular: 'csidriver', namespaced: false, shortNames: [] },
  { group: 'storage.k8s.io', version: 'v1', kind: 'VolumeAttachment', resource: 'volumeattachments', singular: 'volumeattachment', namespaced: false, shortNames: [] },
  { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', resource: 'networkpolicies', singular: 'networkpolicy', namespaced: true, shortNames: ['netpol'] },
  { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', resource: 'ingresses', singular: 'ingress', namespaced: true, shortNames: ['ing'] },
  { group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass', resource: 'ingressclasses', singular: 'ingressclass', namespaced: false, shortNames: [] },
  { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', resource: 'customresourcedefinitions', singular: 'customresourcedefinition', namespaced: false, shortNames: ['crd', 'crds'] },
  // rbac.authorization.k8s.io serves no short names (pkg/registry/rbac/*/storage).
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role', resource: 'roles', singular: 'role', namespaced: true, shortNames: [] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole', resource: 'clusterroles', singular: 'clusterrole', namespaced: false, shortNames: [] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding', resource: 'rolebindings', singular: 'rolebinding', namespaced: true, shortNames: [] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', resource: 'clusterrolebindings', singular: 'clusterrolebinding', namespaced: false, shortNames: [] },
];

export function apiVersionOf(r: ResourceInfo): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/**
 * `deployment.apps`, `pod`, `endpointslice.discovery.k8s.io`: the prefix kubectl prints
 * (`deployment.apps/web created`, `pod "web" deleted`, `kubectl get` across types). kubectl lower-cases
 * the Kind; every served kind's singular is exactly that.
 */
export function qualifiedSingular(r: ResourceInfo): string {
  return r.group ? `${r.singular}.${r.group}` : r.singular;
}

export function resourceForKind(kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.kind === kind);
}

export function resourceForApiVersionKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.kind === kind && (apiVersionOf(r) === apiVersion || (r.otherVersions ?? []).some((v) => (r.group ? `${r.group}/${v}` : v) === apiVersion)));
}

/**
 * Resolve what a user typed after `kubectl get`: plural, singular, short name or kind, optionally
 * qualified by group (`deployments.apps`, `deploy`, `Pod`, `po`). Case-insensitive as kubectl is.
 */
export function resolveResourceArg(arg: string): ResourceInfo | undefined {
  const lower = arg.toLowerCase();
  const dot = lower.indexOf('.');
  const name = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? undefined : lower.slice(dot + 1);
  return RESOURCES.find(
    (r) =>
      (group === undefined || r.group === group) &&
      (r.resource === name || r.singular === name || r.kind.toLowerCase() === name || r.shortNames.includes(name)),
  );
}
