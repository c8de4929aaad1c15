// CustomResourceDefinition: validation as the apiextensions API server words it, and the status the
// naming and establishing controllers write (NamesAccepted, Established, acceptedNames, storedVersions).
// UPSTREAM: staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation/validation.go,
//           pkg/controller/status/naming_controller.go, pkg/controller/establish/establishing_controller.go
// SIMPLIFICATION: the two controllers run synchronously inside create/update (no 5 s establishing delay);
// no conversion webhooks, CEL rules or x-kubernetes-list-type checks.

import type { ApiStatus, KubeObject } from '../../../api/meta';
import type { CustomResourceDefinition, JSONSchemaProps } from '../../../api/discovery';
import type { ResourceInfo } from '../../../api/resources';
import { forbidden, invalid, invalidStatus, notSupported, required, type ErrorList } from '../../validation/field-errors';

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const SCHEMA_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

/** ValidateCustomResourceDefinition (create and update). */
export function validateCustomResourceDefinition(resource: ResourceInfo, obj: KubeObject): ApiStatus | undefined {
  const crd = obj as CustomResourceDefinition;
  const spec = (crd.spec ?? {}) as Partial<CustomResourceDefinition['spec']>;
  const names: Partial<CustomResourceDefinition['spec']['names']> = spec.names ?? {};
  const errs: ErrorList = [];
  if (crd.metadata.name !== `${names.plural ?? ''}.${spec.group ?? ''}`) {
    errs.push(invalid('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  }
  if (!spec.group) errs.push(required('spec.group'));
  else if (spec.group.split('.').length < 2) errs.push(invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  if (!spec.scope) errs.push(required('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') errs.push(notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  if (!names.plural) errs.push(required('spec.names.plural'));
  else if (!DNS1035.test(names.plural)) errs.push(invalid('spec.names.plural', names.plural, DNS1035_MSG));
  if (names.singular && !DNS1035.test(names.singular)) errs.push(invalid('spec.names.singular', names.singular, DNS1035_MSG));
  if (!names.kind) errs.push(required('spec.names.kind'));
  else if (!DNS1035.test(names.kind.toLowerCase())) errs.push(invalid('spec.names.kind', names.kind, `may have mixed case, but should otherwise match: ${DNS1035_MSG}`));
  for (const [i, s] of (names.shortNames ?? []).entries()) {
    if (!DNS1035.test(s)) errs.push(invalid(`spec.names.shortNames[${i}]`, s, DNS1035_MSG));
  }
  const versions = spec.versions ?? [];
  if (versions.length === 0) errs.push(required('spec.versions', 'must have exactly one version marked as storage version'));
  else {
    if (versions.filter((v) => v.storage).length !== 1) errs.push(invalid('spec.versions', versions.map((v) => v.name), 'must have exactly one version marked as storage version'));
    if (!versions.some((v) => v.served)) errs.push(invalid('spec.versions', versions.map((v) => v.name), 'must have at least one version marked as served'));
  }
  const seen = new Set<string>();
  for (const [i, v] of versions.entries()) {
    const path = `spec.versions[${i}]`;
    if (!v.name) errs.push(required(`${path}.name`));
    else if (!DNS1035.test(v.name)) errs.push(invalid(`${path}.name`, v.name, DNS1035_MSG));
    if (v.name && seen.has(v.name)) errs.push(invalid('spec.versions', v.name, 'must appear only once'));
    seen.add(v.name);
    const schema = v.schema?.openAPIV3Schema;
    if (!schema) errs.push(required(`${path}.schema.openAPIV3Schema`, 'schemas are required'));
    else errs.push(...validateStructural(schema, `${path}.schema.openAPIV3Schema`, true));
    for (const [j, c] of (v.additionalPrinterColumns ?? []).entries()) {
      const cp = `${path}.additionalPrinterColumns[${j}]`;
      if (!c.name) errs.push(required(`${cp}.name`));
      if (!c.jsonPath) errs.push(required(`${cp}.jsonPath`));
      if (!['integer', 'number', 'string', 'boolean', 'date'].includes(c.type)) errs.push(notSupported(`${cp}.type`, c.type, ['boolean', 'date', 'integer', 'number', 'string']));
    }
  }
  if (errs.length === 0) return undefined;
  return invalidStatus(resource, crd.metadata.name ?? '', errs);
}

/** Structural schema rules (structural/validation.go): every node has a type, object at the root. */
function validateStructural(s: JSONSchemaProps, path: string, root: boolean): ErrorList {
  const errs: ErrorList = [];
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  if (!s.type && !preserve && !intOrString) errs.push(required(`${path}.type`, root ? 'must not be empty at the root' : 'must not be empty for specified object fields'));
  else if (s.type && !SCHEMA_TYPES.includes(s.type)) errs.push(notSupported(`${path}.type`, s.type, SCHEMA_TYPES));
  if (root && s.type && s.type !== 'object') errs.push(invalid(`${path}.type`, s.type, 'must be object at the root'));
  if (s.type === 'array' && !s.items) errs.push(required(`${path}.items`, 'must be specified'));
  if (s.properties && s.additionalProperties !== undefined && s.additionalProperties !== false) {
    errs.push(forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
  }
  for (const [k, p] of Object.entries(s.properties ?? {})) errs.push(...validateStructural(p, `${path}.properties[${k}]`, false));
  if (s.items) errs.push(...validateStructural(s.items, `${path}.items`, false));
  if (s.additionalProperties && typeof s.additionalProperties === 'object') errs.push(...validateStructural(s.additionalProperties, `${path}.additionalProperties`, false));
  return errs;
}

/** An existing CRD already serving this plural, kind or short name in the same group (naming controller). */
function nameConflict(crd: CustomResourceDefinition, others: readonly KubeObject[]): string | undefined {
  const n = crd.spec.names;
  for (const o of others as CustomResourceDefinition[]) {
    if (o.metadata.name === crd.metadata.name || o.spec.group !== crd.spec.group) continue;
    const a = o.status?.acceptedNames ?? o.spec.names;
    if (a.plural === n.plural) return `"${n.plural}" is already in use`;
    if (a.kind === n.kind) return `"${n.kind}" is already in use`;
  }
  return undefined;
}

/**
 * The naming controller and the establishing controller, in one step: names accepted unless another
 * CRD of the group uses them; established once accepted. storedVersions gains the storage version.
 */
export function customResourceDefinitionStatus(obj: KubeObject, others: readonly KubeObject[], timestamp: string): CustomResourceDefinition['status'] {
  const crd = obj as CustomResourceDefinition;
  const prev = crd.status ?? {};
  const names = crd.spec.names;
  const conflict = nameConflict(crd, others);
  const since = (type: string, status: string) => {
    const old = (prev.conditions ?? []).find((c) => c.type === type);
    return old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : timestamp;
  };
  const conditions = conflict
    ? [
        { type: 'NamesAccepted', status: 'False', reason: 'NameConflict', message: conflict, lastTransitionTime: since('NamesAccepted', 'False') },
        { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted', lastTransitionTime: since('Established', 'False') },
      ]
    : [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: since('NamesAccepted', 'True') },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: since('Established', 'True') },
      ];
  const storage = crd.spec.versions.find((v) => v.storage)?.name;
  const stored = [...(prev.storedVersions ?? [])];
  if (storage && !stored.includes(storage)) stored.push(storage);
  const acceptedNames = conflict
    ? (prev.acceptedNames ?? { plural: '', kind: '' })
    : { plural: names.plural, singular: names.singular || names.kind.toLowerCase(), kind: names.kind, listKind: names.listKind || `${names.kind}List`, ...(names.shortNames?.length ? { shortNames: names.shortNames } : {}), ...(names.categories?.length ? { categories: names.categories } : {}) };
  return { conditions, acceptedNames, storedVersions: stored };
}

/** Defaults the API server fills in a CRD: listKind, singular, conversion strategy None. */
export function defaultCustomResourceDefinition(obj: KubeObject): void {
  const crd = obj as CustomResourceDefinition;
  if (!crd.spec?.names?.kind) return;
  crd.spec.names.singular ||= crd.spec.names.kind.toLowerCase();
  crd.spec.names.listKind ||= `${crd.spec.names.kind}List`;
  crd.spec.conversion ??= { strategy: 'None' };
}
