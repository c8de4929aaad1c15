// `-o json` and `-o name`, byte for byte as kubectl prints them.
// UPSTREAM: staging/src/k8s.io/cli-runtime/pkg/printers/json.go (JSONPrinter: json.MarshalIndent with
// four spaces over an unstructured map, so keys are sorted and <, >, & are \u-escaped), name.go

import { compareStrings, type KubeObject } from '../../api/meta';

/** What kubectl prints for an object (or a `kind: List`): four-space indented JSON with sorted keys and a final newline. */
export function toKubectlJson(value: unknown): string {
  return `${encode(value, '')}\n`;
}

function encode(value: unknown, indent: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return encodeString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + encode(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compareStrings(a, b));
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${encodeString(k)}: ${encode(v, inner)}`).join(',\n')}\n${indent}}`;
}

/** Go's encoding/json string form: HTML-safe, with U+2028/U+2029 escaped too. */
function encodeString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `-o name`: `pod/web`, `deployment.apps/web`, `endpointslice.discovery.k8s.io/web-abcde`. */
export function resourceName(obj: KubeObject): string {
  const slash = obj.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  const kind = obj.kind.toLowerCase();
  return `${group ? `${kind}.${group}` : kind}/${obj.metadata.name ?? ''}`;
}
