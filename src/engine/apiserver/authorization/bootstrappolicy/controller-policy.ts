// The system:controller:<name> ClusterRoles and their bindings to each controller's ServiceAccount in
// kube-system (kube-controller-manager runs with --use-service-account-credentials under kubeadm).
// UPSTREAM: plugin/pkg/auth/authorizer/rbac/bootstrappolicy/controller_policy.go
// SIMPLIFICATION: the controllers this sandbox runs, not all of upstream's; the roles are not used to
// authorize the controllers' own requests.

import { RBAC_GROUP, type ClusterRoleObject, type PolicyRule, type RoleBindingObject } from '../../../api/rbac';
import { clusterRole, clusterRoleBinding, READ, rule } from './helpers';

const CONTROLLER_PREFIX = 'system:controller:';
const EVENTS = rule(['create', 'patch', 'update'], ['', 'events.k8s.io'], ['events']);

const CONTROLLER_RULES: Readonly<Record<string, PolicyRule[]>> = {
  'clusterrole-aggregation-controller': [rule(['escalate', 'get', 'list', 'patch', 'update', 'watch'], [RBAC_GROUP], ['clusterroles'])],
  'cronjob-controller': [
    rule(['get', 'list', 'watch', 'update'], ['batch'], ['cronjobs']),
    rule(['get', 'list', 'watch', 'create', 'update', 'delete', 'patch'], ['batch'], ['jobs']),
    rule(['update'], ['batch'], ['cronjobs/status']),
    rule(['update'], ['batch'], ['cronjobs/finalizers']),
    rule(['list', 'delete'], [''], ['pods']),
    EVENTS,
  ],
  'daemon-set-controller': [
    rule(READ, ['apps', 'extensions'], ['daemonsets']),
    rule(['update'], ['apps', 'extensions'], ['daemonsets/status']),
    rule(['update'], ['apps', 'extensions'], ['daemonsets/finalizers']),
    rule(READ, [''], ['nodes']),
    rule(['list', 'watch', 'create', 'delete', 'patch'], [''], ['pods']),
    rule(['create'], [''], ['pods/binding']),
    rule(['get', 'list', 'watch', 'create', 'delete', 'update', 'patch'], ['apps'], ['controllerrevisions']),
    EVENTS,
  ],
  'deployment-controller': [
    rule(['get', 'list', 'watch', 'update'], ['apps', 'extensions'], ['deployments']),
    rule(['update'], ['apps', 'extensions'], ['deployments/status']),
    rule(['update'], ['apps', 'extensions'], ['deployments/finalizers']),
    rule(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], ['apps', 'extensions'], ['replicasets']),
    rule(['get', 'list', 'watch', 'update'], [''], ['pods']),
    EVENTS,
  ],
  'endpoint-controller': [
    rule(READ, [''], ['services', 'pods']),
    rule(['get', 'list', 'create', 'update', 'delete'], [''], ['endpoints']),
    rule(['create'], [''], ['endpoints/restricted']),
    EVENTS,
  ],
  'endpointslice-controller': [
    rule(READ, [''], ['services', 'pods', 'nodes']),
    rule(['update'], [''], ['services/finalizers']),
    rule(['get', 'list', 'create', 'update', 'delete'], ['discovery.k8s.io'], ['endpointslices']),
    EVENTS,
  ],
  'endpointslicemirroring-controller': [
    rule(READ, [''], ['services', 'endpoints']),
    rule(['update'], [''], ['endpoints/finalizers']),
    rule(['get', 'list', 'create', 'update', 'delete'], ['discovery.k8s.io'], ['endpointslices']),
    EVENTS,
  ],
  'job-controller': [
    rule(['get', 'list', 'watch', 'update', 'patch'], ['batch'], ['jobs']),
    rule(['update', 'patch'], ['batch'], ['jobs/status']),
    rule(['update'], ['batch'], ['jobs/finalizers']),
    rule(['list', 'watch', 'create', 'delete', 'patch'], [''], ['pods']),
    EVENTS,
  ],
  'namespace-controller': [
    rule(['get', 'list', 'watch', 'delete'], [''], ['namespaces']),
    rule(['update'], [''], ['namespaces/finalize', 'namespaces/status']),
    rule(['get', 'list', 'delete', 'deletecollection'], ['*'], ['*']),
  ],
  'replicaset-controller': [
    rule(['get', 'list', 'watch', 'update'], ['apps', 'extensions'], ['replicasets']),
    rule(['update'], ['apps', 'extensions'], ['replicasets/status']),
    rule(['update'], ['apps', 'extensions'], ['replicasets/finalizers']),
    rule(['list', 'watch', 'patch', 'create', 'delete'], [''], ['pods']),
    EVENTS,
  ],
  'service-account-controller': [rule(['create'], [''], ['serviceaccounts']), EVENTS],
  'statefulset-controller': [
    rule(['list', 'watch'], [''], ['pods']),
    rule(READ, ['apps'], ['statefulsets']),
    rule(['update'], ['apps'], ['statefulsets/status']),
    rule(['update'], ['apps'], ['statefulsets/finalizers']),
    rule(['get', 'create', 'delete', 'update', 'patch'], [''], ['pods']),
    rule(['get', 'create', 'delete', 'update', 'patch', 'list', 'watch'], ['apps'], ['controllerrevisions']),
    rule(['get', 'create'], [''], ['persistentvolumeclaims']),
    EVENTS,
  ],
};

export function controllerRoles(): ClusterRoleObject[] {
  return Object.entries(CONTROLLER_RULES).map(([name, rules]) => clusterRole(CONTROLLER_PREFIX + name, rules));
}

export function controllerRoleBindings(): RoleBindingObject[] {
  return Object.keys(CONTROLLER_RULES).map((name) =>
    clusterRoleBinding(CONTROLLER_PREFIX + name, CONTROLLER_PREFIX + name, [{ kind: 'ServiceAccount', name, namespace: 'kube-system' }]));
}
