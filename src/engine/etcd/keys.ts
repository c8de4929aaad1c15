// Where the API server keeps each object in etcd: `/registry/<resource>/<namespace>/<name>`, with the
// historical prefixes some resources kept (nodes are `minions`, ReplicationControllers `controllers`,
// Services `services/specs`), and `/registry/<group>/<resource>/...` for custom resources.
// UPSTREAM: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go (NamespaceKeyFunc,
// NoNamespaceKeyFunc), pkg/registry/*/storage (each registry's prefix), apiextensions-apiserver
// pkg/registry/customresource (group/resource prefix).

/** Registry prefixes that are not simply the resource's plural name. */
const PREFIX: Readonly<Record<string, string>> = {
  nodes: 'minions',
  replicationcontrollers: 'controllers',
  services: 'services/specs',
  endpoints: 'services/endpoints',
  ingresses: 'ingress',
  customresourcedefinitions: 'apiextensions.k8s.io/customresourcedefinitions',
};

/**
 * The etcd key of an object. `resource` is the store's resource name: a built-in plural ('pods') or a
 * custom resource's `<plural>.<group>` ('shirts.stable.example.com').
 */
export function etcdKey(resource: string, namespace: string | undefined, name: string): string {
  const dot = resource.indexOf('.');
  const prefix = PREFIX[resource] ?? (dot > 0 ? `${resource.slice(dot + 1)}/${resource.slice(0, dot)}` : resource);
  return namespace ? `/registry/${prefix}/${namespace}/${name}` : `/registry/${prefix}/${name}`;
}
