// What configMap, secret, downwardAPI and projected volumes contain, laid out as the kubelet's atomic
// writer does: the files in a timestamped directory `..2026_11_23_09_24_00.123456789`, the symlink
// `..data` to it, and each top-level name as a symlink into `..data/` (so an update swaps one link).
// UPSTREAM: pkg/volume/util/atomic_writer.go (Write), pkg/volume/configmap/configmap.go,
//           pkg/volume/secret/secret.go, pkg/volume/downwardapi, pkg/volume/projected
// SIMPLIFICATION: the service-account token is JWT-shaped but signed by nobody; ca.crt is a fake PEM;
// resourceFieldRef reads limits/requests as written (no node-allocatable fallback beyond "0").

import type { ConfigMap, DownwardAPIVolumeFile, KeyToPath, Pod, Secret, Volume } from 'kubernetes-types/core/v1';
import { fnv1a32 } from '../../../sim/rng';
import type { FsTree } from './tree';

/** relative path -> content and mode: what the volume shows before the layout. */
export type Payload = Record<string, { c: string; m: number }>;

/** How the writer reads the objects a volume projects. */
export interface PayloadSource {
  configMap(namespace: string, name: string): ConfigMap | undefined;
  secret(namespace: string, name: string): Secret | undefined;
  /** simulated epoch ms now (token iat/exp) */
  epochMs: number;
}

/** The default mode of these volumes: 0644 (420). */
const DEFAULT_MODE = 0o644;

/** The atomic-writer volumes: the rest (emptyDir, hostPath, claims) hold data, not projections. */
export function isAtomicVolume(v: Volume): boolean {
  return !!(v.configMap || v.secret || v.downwardAPI || v.projected);
}

/** The objects whose edits change this volume, as `Kind/namespace/name`. */
export function sourcesOf(v: Volume, ns: string): string[] {
  const out: string[] = [];
  if (v.configMap?.name) out.push(`ConfigMap/${ns}/${v.configMap.name}`);
  if (v.secret?.secretName) out.push(`Secret/${ns}/${v.secret.secretName}`);
  for (const s of v.projected?.sources ?? []) {
    if (s.configMap?.name) out.push(`ConfigMap/${ns}/${s.configMap.name}`);
    if (s.secret?.name) out.push(`Secret/${ns}/${s.secret.name}`);
  }
  return out;
}

/** The files of an atomic-writer volume right now; undefined for other volumes. */
export function volumePayload(v: Volume, pod: Pod, src: PayloadSource): Payload | undefined {
  const ns = pod.metadata?.namespace ?? 'default';
  const out: Payload = {};
  if (v.configMap) {
    const cm = src.configMap(ns, v.configMap.name ?? '');
    addKeys(out, configMapData(cm), v.configMap.items, v.configMap.defaultMode ?? DEFAULT_MODE);
    return out;
  }
  if (v.secret) {
    const s = src.secret(ns, v.secret.secretName ?? '');
    addKeys(out, secretData(s), v.secret.items, v.secret.defaultMode ?? DEFAULT_MODE);
    return out;
  }
  if (v.downwardAPI) {
    addDownward(out, pod, v.downwardAPI.items ?? [], v.downwardAPI.defaultMode ?? DEFAULT_MODE);
    return out;
  }
  if (v.projected) {
    const mode = v.projected.defaultMode ?? DEFAULT_MODE;
    for (const s of v.projected.sources ?? []) {
      if (s.configMap) addKeys(out, configMapData(src.configMap(ns, s.configMap.name ?? '')), s.configMap.items, mode);
      if (s.secret) addKeys(out, secretData(src.secret(ns, s.secret.name ?? '')), s.secret.items, mode);
      if (s.downwardAPI) addDownward(out, pod, s.downwardAPI.items ?? [], mode);
      if (s.serviceAccountToken) out[s.serviceAccountToken.path] = { c: serviceAccountToken(pod, src.epochMs, s.serviceAccountToken.expirationSeconds ?? 3607, s.serviceAccountToken.audience), m: mode };
    }
    return out;
  }
  return undefined;
}

function configMapData(cm: ConfigMap | undefined): Record<string, string> {
  const out: Record<string, string> = { ...(cm?.data ?? {}) };
  for (const [k, v] of Object.entries(cm?.binaryData ?? {})) out[k] = base64Decode(v);
  return out;
}

function secretData(s: Secret | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s?.data ?? {})) out[k] = base64Decode(v);
  for (const [k, v] of Object.entries(s?.stringData ?? {})) out[k] = v;
  return out;
}

/** Every key as a file, or only `items` (each at its path, with its mode); missing keys are skipped (optional). */
function addKeys(out: Payload, data: Record<string, string>, items: KeyToPath[] | undefined, mode: number): void {
  if (!items) {
    for (const k of Object.keys(data).sort()) out[k] = { c: data[k], m: mode };
    return;
  }
  for (const it of items) if (it.key in data) out[it.path] = { c: data[it.key], m: it.mode ?? mode };
}

function addDownward(out: Payload, pod: Pod, items: DownwardAPIVolumeFile[], mode: number): void {
  for (const it of items) {
    let c: string | undefined;
    const f = it.fieldRef?.fieldPath;
    if (f === 'metadata.name') c = pod.metadata?.name;
    else if (f === 'metadata.namespace') c = pod.metadata?.namespace ?? 'default';
    else if (f === 'metadata.uid') c = pod.metadata?.uid;
    else if (f === 'metadata.labels') c = formatMap(pod.metadata?.labels);
    else if (f === 'metadata.annotations') c = formatMap(pod.metadata?.annotations);
    else if (f?.startsWith('metadata.labels[')) c = pod.metadata?.labels?.[f.slice(17, -2)] ?? '';
    else if (f?.startsWith('metadata.annotations[')) c = pod.metadata?.annotations?.[f.slice(22, -2)] ?? '';
    else if (it.resourceFieldRef) {
      const ctr = pod.spec?.containers.find((x) => x.name === it.resourceFieldRef?.containerName) ?? pod.spec?.containers[0];
      const [kind, res] = it.resourceFieldRef.resource.split('.');
      const q = (kind === 'limits' ? ctr?.resources?.limits : ctr?.resources?.requests)?.[res];
      c = String(q ?? '0');
    }
    if (c !== undefined) out[it.path] = { c, m: it.mode ?? mode };
  }
}

/** labels/annotations files: `key="value"` lines, sorted, no trailing newline (fieldpath.FormatMap). */
function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {}).sort().map((k) => `${k}=${JSON.stringify(m![k])}`).join('\n');
}

/** `..2026_11_23_09_24_00.123456789`: the timestamped directory (Go's MkdirTemp adds the digits). */
export function timestampDir(epochMs: number, salt: string): string {
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `..${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}.${fnv1a32(`${salt}:${epochMs}`) % 1_000_000_000}`;
}

/** The volume directory as the atomic writer leaves it. */
export function layOut(payload: Payload, dir: string, atMs: number): FsTree {
  const tree: FsTree = { '': { t: 'd', m: 0o777 }, [dir]: { t: 'd', m: 0o755, at: atMs }, '..data': { t: 'l', c: dir, at: atMs } };
  const top = new Set<string>();
  for (const [path, f] of Object.entries(payload)) {
    const parts = path.split('/').filter((x) => x !== '' && x !== '.');
    if (parts.length === 0) continue;
    top.add(parts[0]);
    for (let i = 1; i < parts.length; i++) tree[`${dir}/${parts.slice(0, i).join('/')}`] ??= { t: 'd', m: 0o755, at: atMs };
    tree[`${dir}/${parts.join('/')}`] = { t: 'f', c: f.c, m: f.m, at: atMs };
  }
  for (const name of [...top].sort()) tree[name] = { t: 'l', c: `..data/${name}`, at: atMs };
  return tree;
}

/** A JWT-shaped token as the TokenRequest API would issue (not verifiable: SIMPLIFICATION). */
function serviceAccountToken(pod: Pod, epochMs: number, expirationSeconds: number, audience?: string): string {
  const ns = pod.metadata?.namespace ?? 'default';
  const sa = pod.spec?.serviceAccountName ?? 'default';
  // Issued when the volume is first written; rounded so that one pod's token is stable between reads.
  const iat = Math.floor(epochMs / 3_600_000) * 3600;
  const header = { alg: 'RS256', kid: base64Url(String(fnv1a32('sa-signing-key'))).slice(0, 43) };
  const claims = {
    aud: [audience ?? 'https://kubernetes.default.svc.cluster.local'],
    exp: iat + expirationSeconds,
    iat,
    iss: 'https://kubernetes.default.svc.cluster.local',
    'kubernetes.io': { namespace: ns, pod: { name: pod.metadata?.name, uid: pod.metadata?.uid }, serviceaccount: { name: sa } },
    nbf: iat,
    sub: `system:serviceaccount:${ns}:${sa}`,
  };
  const sig = Array.from({ length: 8 }, (_, i) => fnv1a32(`${pod.metadata?.uid}:${iat}:${i}`).toString(36)).join('');
  return `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}.${base64Url(sig)}`;
}


const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function utf8(text: string): number[] {
  const bytes: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return bytes;
}

function base64Url(text: string): string {
  const b = utf8(text);
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < b.length ? B64[(n >> 6) & 63] : '') + (i + 2 < b.length ? B64[n & 63] : '');
  }
  return out.replace(/\+/g, '-').replace(/\//g, '_');
}

/** Standard base64 -> text (UTF-8; invalid sequences pass through byte by byte). */
export function base64Decode(b64: string): string {
  const clean = b64.replace(/[^A-Za-z0-9+/]/g, '');
  const bytes: number[] = [];
  for (let i = 0; i + 1 < clean.length; i += 4) {
    const n = (B64.indexOf(clean[i]) << 18) | (B64.indexOf(clean[i + 1]) << 12) | (Math.max(0, B64.indexOf(clean[i + 2] ?? 'A')) << 6) | Math.max(0, B64.indexOf(clean[i + 3] ?? 'A'));
    bytes.push((n >> 16) & 255);
    if (i + 2 < clean.length) bytes.push((n >> 8) & 255);
    if (i + 3 < clean.length) bytes.push(n & 255);
  }
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (len === 1 || i + len > bytes.length) {
      out += String.fromCharCode(b);
      continue;
    }
    let cp = b & (0xff >> (len + 1));
    for (let j = 1; j < len; j++) cp = (cp << 6) | (bytes[i + j] & 63);
    out += String.fromCodePoint(cp);
    i += len - 1;
  }
  return out;
}
