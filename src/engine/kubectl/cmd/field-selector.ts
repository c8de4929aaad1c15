// `--field-selector`: parse `a=b,c!=d` and match objects on the fields the API server indexes.
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/fields/selector.go (ParseSelector),
//           pkg/apis/core/v1/conversion.go (AddFieldLabelConversionsFor*), pkg/registry/core/pod/strategy.go (ToSelectableFields)
// SIMPLIFICATION: the API server's list filter runs here, over what the context lists.

import type { KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { customVersion, isCustomResource } from '../../api/discovery';

interface Requirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export type FieldSelector = Requirement[];

type Getter = (o: KubeObject) => string | undefined;
const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const at = (o: KubeObject, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);

/** The selectable fields of each resource besides metadata.name and metadata.namespace. */
const FIELDS: Readonly<Record<string, Record<string, Getter>>> = {
  pods: {
    'spec.nodeName': (o) => s(at(o, 'spec', 'nodeName')),
    'spec.restartPolicy': (o) => s(at(o, 'spec', 'restartPolicy')),
    'spec.schedulerName': (o) => s(at(o, 'spec', 'schedulerName')),
    'spec.serviceAccountName': (o) => s(at(o, 'spec', 'serviceAccountName')),
    'spec.hostNetwork': (o) => String(at(o, 'spec', 'hostNetwork') === true),
    'status.phase': (o) => s(at(o, 'status', 'phase')),
    'status.podIP': (o) => s(at(o, 'status', 'podIP')),
    'status.nominatedNodeName': (o) => s(at(o, 'status', 'nominatedNodeName')),
  },
  nodes: { 'spec.unschedulable': (o) => String(at(o, 'spec', 'unschedulable') === true) },
  namespaces: { 'status.phase': (o) => s(at(o, 'status', 'phase')) },
  secrets: { type: (o) => s((o as { type?: unknown }).type) },
  services: { 'spec.clusterIP': (o) => s(at(o, 'spec', 'clusterIP')), 'spec.type': (o) => s(at(o, 'spec', 'type')) },
  replicasets: { 'status.replicas': (o) => s(at(o, 'status', 'replicas') ?? 0) },
  replicationcontrollers: { 'status.replicas': (o) => s(at(o, 'status', 'replicas') ?? 0) },
  jobs: { 'status.successful': (o) => s(at(o, 'status', 'succeeded') ?? 0) },
  events: {
    'involvedObject.kind': (o) => s(at(o, 'involvedObject', 'kind')),
    'involvedObject.namespace': (o) => s(at(o, 'involvedObject', 'namespace')),
    'involvedObject.name': (o) => s(at(o, 'involvedObject', 'name')),
    'involvedObject.uid': (o) => s(at(o, 'involvedObject', 'uid')),
    'involvedObject.apiVersion': (o) => s(at(o, 'involvedObject', 'apiVersion')),
    'involvedObject.resourceVersion': (o) => s(at(o, 'involvedObject', 'resourceVersion')),
    'involvedObject.fieldPath': (o) => s(at(o, 'involvedObject', 'fieldPath')),
    reason: (o) => s((o as { reason?: unknown }).reason),
    reportingComponent: (o) => s((o as { reportingComponent?: unknown }).reportingComponent),
    source: (o) => s(at(o, 'source', 'component')),
    type: (o) => s((o as { type?: unknown }).type),
  },
};

/** A custom kind's selectableFields (`.spec.color` selects as `spec.color`); a built-in's table above. */
function fieldsOf(resource: ResourceInfo): Record<string, Getter> {
  if (!isCustomResource(resource)) return FIELDS[resource.resource] ?? {};
  const out: Record<string, Getter> = {};
  for (const f of customVersion(resource)?.selectableFields ?? []) {
    const path = f.jsonPath.replace(/^\./, '').split('.');
    out[path.join('.')] = (o) => s(at(o, ...path));
  }
  return out;
}

/** fields.ParseSelector: comma-separated `key=value`, `key==value`, `key!=value`; `\` escapes. */
export function parseFieldSelector(text: string): { ok: true; selector: FieldSelector } | { ok: false; error: string } {
  const selector: FieldSelector = [];
  if (text.trim() === '') return { ok: true, selector };
  for (const term of text.split(',')) {
    if (term === '') continue;
    const m = /^([^=!]*)(!=|==|=)(.*)$/.exec(term);
    if (!m) return { ok: false, error: `invalid selector: '${text}'; can't understand '${term}'` };
    selector.push({ field: m[1].trim(), op: m[2] === '!=' ? '!=' : '=', value: m[3].trim() });
  }
  return { ok: true, selector };
}

/** The API server's field label conversion: undefined when every field is selectable, else the first that is not. */
export function unsupportedField(resource: ResourceInfo, selector: FieldSelector): string | undefined {
  const known = fieldsOf(resource);
  return selector.find((r) => r.field !== 'metadata.name' && r.field !== 'metadata.namespace' && !(r.field in known))?.field;
}

export function fieldSelectorMatches(resource: ResourceInfo, selector: FieldSelector, obj: KubeObject): boolean {
  const known = fieldsOf(resource);
  return selector.every((r) => {
    const get: Getter | undefined =
      r.field === 'metadata.name' ? (o) => o.metadata.name : r.field === 'metadata.namespace' ? (o) => o.metadata.namespace ?? '' : known[r.field];
    const v = get ? get(obj) ?? '' : '';
    return r.op === '=' ? v === r.value : v !== r.value;
  });
}
