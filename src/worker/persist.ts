// Worker side of "never lose work": the manifests of the objects people created, for a scenario
// export. A scenario carries manifests, not a World snapshot (see src/ui/persistence/scenario-codec.ts).
// SIMPLIFICATION: an object counts as the learner's when a fresh cluster with the same options lacks it
// and no controller owns it; edits to bootstrap objects (e.g. the coredns Deployment) are not exported.

import { keyOf, World, type KubeObject } from '../engine/index';

/** Kinds that controllers, kubelets or the API server write: never the learner's own. */
const SYSTEM_KINDS = new Set(['Event', 'Node', 'Lease', 'EndpointSlice', 'Endpoints', 'ControllerRevision']);

/** Apply order, as `kubectl apply -f dir/` users arrange files: what others refer to comes first. */
const KIND_ORDER = [
  'Namespace', 'CustomResourceDefinition', 'PriorityClass', 'StorageClass', 'IngressClass', 'ServiceAccount', 'ClusterRole', 'Role',
  'ClusterRoleBinding', 'RoleBinding', 'ConfigMap', 'Secret', 'PersistentVolume', 'PersistentVolumeClaim', 'Service',
];

function rank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

function identity(obj: KubeObject): string {
  return `${obj.kind}|${keyOf(obj.metadata ?? {})}`;
}

/** Objects the namespace and service-account controllers create in every namespace. */
function isPerNamespaceDefault(obj: KubeObject): boolean {
  const name = obj.metadata?.name;
  return (obj.kind === 'ServiceAccount' && name === 'default') || (obj.kind === 'ConfigMap' && name === 'kube-root-ca.crt');
}

const SERVER_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'];

/** A live object as its author would write it: no status, no fields the API server set. */
export function toManifest(obj: KubeObject): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(obj)) as Record<string, unknown> & { metadata?: Record<string, unknown>; spec?: Record<string, unknown> };
  delete copy.status;
  const meta = copy.metadata ?? {};
  for (const f of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink']) delete meta[f];
  const annotations = meta.annotations as Record<string, string> | undefined;
  if (annotations) {
    for (const a of SERVER_ANNOTATIONS) delete annotations[a];
    if (Object.keys(annotations).length === 0) delete meta.annotations;
  }
  // The API server allocates a Service's ClusterIP; a headless Service's 'None' is the author's.
  if (copy.kind === 'Service' && copy.spec && copy.spec.clusterIP !== 'None') {
    delete copy.spec.clusterIP;
    delete copy.spec.clusterIPs;
  }
  return copy;
}

/** The learner's objects as manifests, in an order `apply` accepts in one go. */
export function exportManifests(world: World): Array<Record<string, unknown>> {
  const fresh = new Set(World.create(world.options).listAll().map(identity));
  const mine = world
    .listAll()
    .filter((o) => !SYSTEM_KINDS.has(o.kind) && !fresh.has(identity(o)) && !(o.metadata?.ownerReferences?.length) && !isPerNamespaceDefault(o))
    .filter((o) => !o.metadata?.deletionTimestamp);
  mine.sort((a, b) => rank(a.kind) - rank(b.kind) || identity(a).localeCompare(identity(b)));
  return mine.map(toManifest);
}
