// A scenario as one file (JSON, versioned) and as a share link (`#scenario=` + base64url of the JSON
// compressed with deflate-raw). A scenario is the learner's manifests plus the cluster settings and
// optionally the editor text, not a World snapshot: manifests are small enough for a URL, readable and
// reviewable, and outlive engine changes; above all an untrusted file then enters the cluster only
// through `apply`, i.e. the API server's validation, never as engine-internal state.
// Files and links are untrusted: sizes are capped before parsing (and while inflating), the shape is
// checked field by field, and nothing in them is executed; the UI shows their text as text.

import { CNI_NAMES, NODE_SUBNET_CHOICES, PROXY_MODE_NAMES, type ClusterSettings } from '../../worker/protocol';

export const SCENARIO_FORMAT = 'kube-sandbox/scenario';
export const SCENARIO_VERSION = 1;
/** a scenario file, in bytes */
export const MAX_FILE_BYTES = 1024 * 1024;
/** the `#scenario=` value of a share link, in characters */
export const MAX_FRAGMENT_CHARS = 32 * 1024;
export const MAX_MANIFESTS = 500;
export const MAX_EDITOR_CHARS = 256 * 1024;
/** nesting depth of a manifest (a Deployment is about 10 deep) */
const MAX_DEPTH = 40;
const MAX_WORKERS = 5;
export const SHARE_PREFIX = '#scenario=';

export interface Scenario {
  format: typeof SCENARIO_FORMAT;
  version: typeof SCENARIO_VERSION;
  /** free text shown to the learner (as text) */
  name?: string;
  settings: ClusterSettings;
  /** objects the learner created: no status, no server-set metadata; applied in this order */
  manifests: Array<Record<string, unknown>>;
  /** the editor's text */
  editor?: string;
}

export type IssueCode =
  | 'tooLarge' | 'notJson' | 'notObject' | 'wrongFormat' | 'wrongVersion' | 'missing' | 'unknownField'
  | 'notString' | 'notInteger' | 'outOfRange' | 'notOneOf' | 'notArray' | 'tooMany' | 'tooDeep' | 'badEncoding';

/** One thing wrong with an imported scenario: where (a JSON path such as `manifests[2].kind`) and what. */
export interface ScenarioIssue {
  path: string;
  code: IssueCode;
  /** the offending value or the limit, for the message */
  detail?: string;
}

export type DecodeResult = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

const TOP_FIELDS = new Set(['format', 'version', 'name', 'settings', 'manifests', 'editor']);
const SETTINGS_FIELDS = new Set(['seed', 'workerNodes', 'cni', 'proxyMode', 'nodeSubnets']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function depthOf(v: unknown, limit: number, depth = 0): number {
  if (depth > limit || typeof v !== 'object' || v === null) return depth;
  let max = depth;
  for (const child of Object.values(v)) {
    max = Math.max(max, depthOf(child, limit, depth + 1));
    if (max > limit) break;
  }
  return max;
}

function checkInteger(issues: ScenarioIssue[], path: string, v: unknown, min: number, max: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v)) issues.push({ path, code: 'notInteger', detail: show(v) });
  else if (v < min || v > max) issues.push({ path, code: 'outOfRange', detail: `${min}..${max}, got ${v}` });
}

function checkOneOf(issues: ScenarioIssue[], path: string, v: unknown, allowed: readonly (string | number)[]): void {
  if (!allowed.includes(v as string | number)) issues.push({ path, code: 'notOneOf', detail: `${allowed.join(', ')}; got ${show(v)}` });
}

function checkSettings(issues: ScenarioIssue[], v: unknown): void {
  if (!isRecord(v)) {
    issues.push({ path: 'settings', code: v === undefined ? 'missing' : 'notObject' });
    return;
  }
  for (const k of Object.keys(v)) if (!SETTINGS_FIELDS.has(k)) issues.push({ path: `settings.${k}`, code: 'unknownField' });
  checkInteger(issues, 'settings.seed', v.seed, 0, 2 ** 31 - 1);
  checkInteger(issues, 'settings.workerNodes', v.workerNodes, 1, MAX_WORKERS);
  if (v.cni !== undefined) checkOneOf(issues, 'settings.cni', v.cni, CNI_NAMES);
  if (v.proxyMode !== undefined) checkOneOf(issues, 'settings.proxyMode', v.proxyMode, PROXY_MODE_NAMES);
  if (v.nodeSubnets !== undefined) checkOneOf(issues, 'settings.nodeSubnets', v.nodeSubnets, NODE_SUBNET_CHOICES);
}

function checkManifest(issues: ScenarioIssue[], path: string, m: unknown): void {
  if (!isRecord(m)) {
    issues.push({ path, code: 'notObject' });
    return;
  }
  for (const f of ['apiVersion', 'kind'] as const) {
    if (typeof m[f] !== 'string' || m[f] === '') issues.push({ path: `${path}.${f}`, code: m[f] === undefined ? 'missing' : 'notString' });
  }
  if (!isRecord(m.metadata)) issues.push({ path: `${path}.metadata`, code: m.metadata === undefined ? 'missing' : 'notObject' });
  else if (typeof m.metadata.name !== 'string' || m.metadata.name === '' || m.metadata.name.length > 253) {
    issues.push({ path: `${path}.metadata.name`, code: m.metadata.name === undefined ? 'missing' : 'notString' });
  }
  if (depthOf(m, MAX_DEPTH) > MAX_DEPTH) issues.push({ path, code: 'tooDeep', detail: String(MAX_DEPTH) });
}

/** Check a parsed value field by field; every problem found is reported, each with its path. */
export function validateScenario(v: unknown): DecodeResult {
  const issues: ScenarioIssue[] = [];
  if (!isRecord(v)) return { ok: false, issues: [{ path: '$', code: 'notObject' }] };
  if (v.format !== SCENARIO_FORMAT) return { ok: false, issues: [{ path: 'format', code: 'wrongFormat', detail: show(v.format) }] };
  if (v.version !== SCENARIO_VERSION) return { ok: false, issues: [{ path: 'version', code: 'wrongVersion', detail: show(v.version) }] };
  for (const k of Object.keys(v)) if (!TOP_FIELDS.has(k)) issues.push({ path: k, code: 'unknownField' });
  if (v.name !== undefined && (typeof v.name !== 'string' || v.name.length > 200)) issues.push({ path: 'name', code: 'notString' });
  if (v.editor !== undefined) {
    if (typeof v.editor !== 'string') issues.push({ path: 'editor', code: 'notString' });
    else if (v.editor.length > MAX_EDITOR_CHARS) issues.push({ path: 'editor', code: 'tooLarge', detail: `${MAX_EDITOR_CHARS}` });
  }
  checkSettings(issues, v.settings);
  if (!Array.isArray(v.manifests)) issues.push({ path: 'manifests', code: v.manifests === undefined ? 'missing' : 'notArray' });
  else if (v.manifests.length > MAX_MANIFESTS) issues.push({ path: 'manifests', code: 'tooMany', detail: `${MAX_MANIFESTS}` });
  else v.manifests.forEach((m, i) => checkManifest(issues, `manifests[${i}]`, m));
  if (issues.length) return { ok: false, issues: issues.slice(0, 20) };
  return { ok: true, scenario: v as unknown as Scenario };
}

/** Parse and check a scenario file's text. `bytes`: the file's size, checked before anything is parsed. */
export function decodeScenarioText(text: string, bytes = new TextEncoder().encode(text).length): DecodeResult {
  if (bytes > MAX_FILE_BYTES) return { ok: false, issues: [{ path: '$', code: 'tooLarge', detail: `${MAX_FILE_BYTES}` }] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, issues: [{ path: '$', code: 'notJson', detail: err instanceof Error ? err.message : String(err) }] };
  }
  return validateScenario(parsed);
}

/** The file's text: stable key order, two-space indent, so exports diff well. */
export function encodeScenarioText(s: Scenario): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

export function makeScenario(settings: ClusterSettings, manifests: Array<Record<string, unknown>>, editor?: string, name?: string): Scenario {
  return {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    ...(name ? { name } : {}),
    settings,
    manifests,
    ...(editor !== undefined ? { editor } : {}),
  };
}

/** The manifests as one multi-document text for `apply` (JSON is YAML). */
/**
 * The applies an import needs, in order: CustomResourceDefinitions first (kubectl reads the served
 * kinds once per run, so a custom resource in the same run as its CRD is refused with "ensure CRDs
 * are installed first"), then everything else in its exported order. Empty batches are left out.
 */
export function applyBatches(manifests: Array<Record<string, unknown>>): Array<Array<Record<string, unknown>>> {
  const crds = manifests.filter((m) => m.kind === 'CustomResourceDefinition');
  const rest = manifests.filter((m) => m.kind !== 'CustomResourceDefinition');
  return [crds, rest].filter((b) => b.length > 0);
}

// A stream that starts with `{` is read as concatenated JSON values (kubectl's GuessJSONStream), where a
// `---` line is not a separator: three or more documents joined by `---` were refused with "yaml: line 2:
// did not find expected node content". So the documents are concatenated, one JSON value a line.
export function manifestsToYaml(manifests: Array<Record<string, unknown>>): string {
  return manifests.map((m) => JSON.stringify(m)).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Share links

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return undefined;
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array | undefined> {
  const writer = stream.writable.getWriter();
  void writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  void writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    // Stop inflating past the limit: a small link must not expand into gigabytes.
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The `#scenario=...` fragment for a scenario (compact JSON, deflate-raw, base64url). */
export async function encodeShareFragment(s: Scenario): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(s));
  const packed = await pipe(bytes, new CompressionStream('deflate-raw'), Number.MAX_SAFE_INTEGER);
  return SHARE_PREFIX + toBase64Url(packed ?? new Uint8Array());
}

/** Decode a URL fragment (with or without the leading `#`); `undefined` when it carries no scenario. */
export async function decodeShareFragment(fragment: string): Promise<DecodeResult | undefined> {
  const hash = fragment.startsWith('#') ? fragment : `#${fragment}`;
  if (!hash.startsWith(SHARE_PREFIX)) return undefined;
  const payload = hash.slice(SHARE_PREFIX.length);
  if (payload.length > MAX_FRAGMENT_CHARS) return { ok: false, issues: [{ path: '#scenario', code: 'tooLarge', detail: `${MAX_FRAGMENT_CHARS}` }] };
  const bytes = fromBase64Url(payload);
  if (!bytes) return { ok: false, issues: [{ path: '#scenario', code: 'badEncoding' }] };
  let inflated: Uint8Array | undefined;
  try {
    inflated = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_FILE_BYTES);
  } catch {
    return { ok: false, issues: [{ path: '#scenario', code: 'badEncoding' }] };
  }
  if (!inflated) return { ok: false, issues: [{ path: '#scenario', code: 'tooLarge', detail: `${MAX_FILE_BYTES}` }] };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return { ok: false, issues: [{ path: '#scenario', code: 'badEncoding' }] };
  }
  return decodeScenarioText(text, inflated.length);
}
