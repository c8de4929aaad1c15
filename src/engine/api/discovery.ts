// Discovery over the built-in kinds plus the custom kinds of established CustomResourceDefinitions:
// what `kubectl api-resources` lists and what the API server serves at a moment.
// UPSTREAM: staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/customresource_discovery_controller.go
// SIMPLIFICATION: one ResourceInfo per CRD at its storage version (other served versions are `otherVersions`).

import type { KubeObject } from './meta';
import { apiVersionOf, RESOURCES, type ResourceInfo } from './resources';

/** One JSON schema node of a structural openAPIV3Schema (the fields the sandbox understands). */
export interface JSONSchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, JSONSchemaProps>;
  required?: string[];
  items?: JSONSchemaProps;
  additionalProperties?: boolean | JSONSchemaProps;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  nullable?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

export interface CustomResourceVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  additionalPrinterColumns?: PrinterColumn[];
  selectableFields?: Array<{ jsonPath: string }>;
  subresources?: { status?: Record<string, never>; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
}

export interface CustomResourceDefinitionSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: { plural: string; singular?: string; kind: string; listKind?: string; shortNames?: string[]; categories?: string[] };
  versions: CustomResourceVersion[];
  conversion?: { strategy?: string };
}

export type CustomResourceDefinition = KubeObject & {
  spec: CustomResourceDefinitionSpec;
  status?: {
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }>;
    acceptedNames?: CustomResourceDefinitionSpec['names'];
    storedVersions?: string[];
  };
};

/** A served custom kind: a ResourceInfo plus what its CRD says about it. */
export interface CustomResourceInfo extends ResourceInfo {
  crd: {
    name: string;
    categories: string[];
    /** every version of the CRD, served or not */
    versions: CustomResourceVersion[];
  };
}

export function isCustomResource(r: ResourceInfo): r is CustomResourceInfo {
  return (r as Partial<CustomResourceInfo>).crd !== undefined;
}

/**
 * The store bucket of a resource: the plural for built-ins, `<plural>.<group>` for custom
 * resources, so a CRD's `pods.example.com` can never mix with the core `pods`.
 */
export function storageResourceOf(r: ResourceInfo): string {
  return isCustomResource(r) ? `${r.resource}.${r.group}` : r.resource;
}

/** The version of a custom kind that a request names (`stable.example.com/v1`), if the CRD has it. */
export function customVersion(r: CustomResourceInfo, version = r.version): CustomResourceVersion | undefined {
  return r.crd.versions.find((v) => v.name === version);
}

/** Whether a CRD's Established condition is True. */
export function isEstablished(crd: CustomResourceDefinition): boolean {
  return (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
}

/** The custom kinds established CRDs serve (those being deleted stop serving new objects upstream; kept here until gone). */
export function customResources(crds: readonly KubeObject[]): CustomResourceInfo[] {
  const out: CustomResourceInfo[] = [];
  for (const o of crds) {
    const crd = o as CustomResourceDefinition;
    if (!isEstablished(crd)) continue;
    const names = crd.status?.acceptedNames ?? crd.spec.names;
    const served = crd.spec.versions.filter((v) => v.served);
    const storage = crd.spec.versions.find((v) => v.storage);
    const version = (storage?.served ? storage : served[0])?.name;
    if (!version) continue;
    out.push({
      group: crd.spec.group,
      version,
      kind: names.kind,
      resource: names.plural,
      singular: names.singular || names.kind.toLowerCase(),
      namespaced: crd.spec.scope !== 'Cluster',
      shortNames: [...(names.shortNames ?? [])],
      otherVersions: served.map((v) => v.name).filter((v) => v !== version),
      crd: { name: crd.metadata.name ?? '', categories: [...(names.categories ?? [])], versions: crd.spec.versions },
    });
  }
  return out;
}

/** Built-ins first, then custom kinds (sorted by group then plural, as discovery lists groups). */
export function servedResources(crds: readonly KubeObject[]): ResourceInfo[] {
  const custom = customResources(crds).sort((a, b) => (a.group === b.group ? (a.resource < b.resource ? -1 : 1) : a.group < b.group ? -1 : 1));
  return [...RESOURCES, ...custom];
}

export function resourceForKindIn(list: readonly ResourceInfo[], kind: string): ResourceInfo | undefined {
  return list.find((r) => r.kind === kind);
}

export function resourceForApiVersionKindIn(list: readonly ResourceInfo[], apiVersion: string, kind: string): ResourceInfo | undefined {
  return list.find((r) => r.kind === kind && (apiVersionOf(r) === apiVersion || (r.otherVersions ?? []).some((v) => (r.group ? `${r.group}/${v}` : v) === apiVersion)));
}

/** resolveResourceArg over a discovery list: plural, singular, short name or kind, optionally `.group`. */
export function resolveResourceArgIn(list: readonly ResourceInfo[], arg: string): ResourceInfo | undefined {
  const lower = arg.toLowerCase();
  const match = (name: string, group: string | undefined) =>
    list.find(
      (r) =>
        (group === undefined || r.group === group) &&
        (r.resource === name || r.singular === name || r.kind.toLowerCase() === name || r.shortNames.includes(name)),
    );
  const dot = lower.indexOf('.');
  if (dot < 0) return match(lower, undefined);
  // `shirts.stable.example.com`: the group is everything after the first dot.
  return match(lower.slice(0, dot), lower.slice(dot + 1));
}

/** The resources in a category (`kubectl get all`): custom kinds that declare it. */
export function resourcesInCategory(list: readonly ResourceInfo[], category: string): CustomResourceInfo[] {
  return list.filter(isCustomResource).filter((r) => r.crd.categories.includes(category));
}
