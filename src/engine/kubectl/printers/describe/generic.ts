// The fallback describer for kinds without their own: name, namespace, labels, annotations, then
// every other field as an indented `Smart Label:  value` tree, then events.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (GenericDescriberFor,
// printUnstructuredContent, smartLabelFor)

import type { Event } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/meta';
import { describeEvents, goCompare, printAnnotationsMultiline, printLabelsMultiline } from './common';
import { LEVEL_0, PrefixWriter } from './tabwriter';

const SKIP = ['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations'];
const ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID'];

export function describeGeneric(obj: KubeObject, events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', obj.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
  printUnstructuredContent(w, LEVEL_0, obj as unknown as Record<string, unknown>, '');
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}

function printUnstructuredContent(w: PrefixWriter, level: number, content: Record<string, unknown>, prefix: string): void {
  for (const field of Object.keys(content).sort(goCompare)) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (SKIP.includes(path) || value === undefined) continue;
    if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object') printUnstructuredContent(w, level + 1, child as Record<string, unknown>, path);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else if (value && typeof value === 'object') {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value as Record<string, unknown>, path);
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

/** fmt's %v for JSON scalars: null prints `<nil>`. */
function goValue(v: unknown): string {
  return v === null ? '<nil>' : String(v);
}

/** `creationTimestamp` -> `Creation Timestamp`, `apiVersion` -> `API Version`; other spellings stay. */
export function smartLabelFor(field: string): string {
  if (/[^A-Za-z-]/.test(field)) return field;
  const parts = field.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|-/g) ?? [field];
  return parts
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.includes(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}
