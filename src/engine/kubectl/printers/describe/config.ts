// `kubectl describe configmap|secret|serviceaccount`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (ConfigMapDescriber.Describe,
// describeSecret, describeServiceAccount)
// SIMPLIFICATION: ConfigMap keys print sorted (upstream ranges over a Go map, so its order varies run to run).

import type { ConfigMap, Event, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import { describeEvents, goCompare, printAnnotationsMultiline, printLabelsMultiline } from './common';
import { LEVEL_0, PrefixWriter } from './tabwriter';

const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';

/** `Data` as `key:`, `----`, value, blank line; `BinaryData` as `key: N bytes`; then events. */
export function describeConfigMap(cm: ConfigMap, events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${cm.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${cm.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', cm.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', cm.metadata?.annotations);
  w.write(LEVEL_0, '\nData\n====\n');
  const data = cm.data ?? {};
  for (const k of Object.keys(data).sort(goCompare)) {
    w.write(LEVEL_0, `${k}:\n----\n`);
    w.write(LEVEL_0, `${data[k]}\n`);
    w.write(LEVEL_0, '\n');
  }
  w.write(LEVEL_0, '\nBinaryData\n====\n');
  const binary = cm.binaryData ?? {};
  for (const k of Object.keys(binary).sort(goCompare)) w.write(LEVEL_0, `${k}: ${base64DecodedLength(binary[k])} bytes\n`);
  w.write(LEVEL_0, '\n');
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}

/** Sizes only, never values; a service-account token's `token` is the one value kubectl shows. No events. */
export function describeSecret(secret: Secret): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${secret.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${secret.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', secret.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', secret.metadata?.annotations);
  w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
  w.write(LEVEL_0, '\nData\n====\n');
  const data = secret.data ?? {};
  for (const k of Object.keys(data).sort(goCompare)) {
    if (k === 'token' && secret.type === SERVICE_ACCOUNT_TOKEN_TYPE) w.write(LEVEL_0, `${k}:\t${base64DecodeUtf8(data[k])}\n`);
    else w.write(LEVEL_0, `${k}:\t${base64DecodedLength(data[k])} bytes\n`);
  }
  return w.toString();
}

/**
 * `secrets` are those in the ServiceAccount's namespace: legacy token Secrets annotated with this
 * account's name and uid are its Tokens; referenced Secrets that do not exist print `(not found)`.
 * The three headers are pre-padded to 19 characters, as upstream writes them, and print in
 * sorted order (Image pull secrets, Mountable secrets, Tokens).
 */
export function describeServiceAccount(sa: ServiceAccount, secrets: readonly Secret[], events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${sa.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${sa.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', sa.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', sa.metadata?.annotations);
  const existing = new Set(secrets.map((s) => s.metadata?.name ?? ''));
  const tokens = secrets.filter(
    (s) =>
      s.type === SERVICE_ACCOUNT_TOKEN_TYPE &&
      (s.metadata?.annotations?.['kubernetes.io/service-account.name'] ?? '') === (sa.metadata?.name ?? '') &&
      (s.metadata?.annotations?.['kubernetes.io/service-account.uid'] ?? '') === (sa.metadata?.uid ?? ''),
  );
  const sections: Array<[string, string[]]> = [
    ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((r) => r.name ?? '')],
    ['Mountable secrets: ', (sa.secrets ?? []).map((r) => r.name ?? '')],
    ['Tokens:            ', tokens.map((s) => s.metadata?.name ?? '')],
  ];
  const emptyHeader = ' '.repeat(19);
  for (const [header, names] of sections) {
    if (names.length === 0) {
      w.write(LEVEL_0, `${header}\t<none>\n`);
      continue;
    }
    names.forEach((name, i) => {
      const prefix = i === 0 ? header : emptyHeader;
      // upstream only knows which secrets exist when it could list them; here it always can
      w.write(LEVEL_0, `${prefix}\t${name}${existing.has(name) ? '' : ' (not found)'}\n`);
    });
  }
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Bytes of a base64 (`[]byte` JSON) value; `len(v)` in Go after decoding. */
export function base64DecodedLength(b64: string | undefined): number {
  return base64Bytes(b64 ?? '').length;
}

function base64Bytes(b64: string): number[] {
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of b64) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) continue; // padding and whitespace
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
      acc &= (1 << bits) - 1; // keep only the bits not yet emitted, so acc stays small
    }
  }
  return out;
}

/** The decoded bytes read as UTF-8 (the engine's lib has no TextDecoder); invalid UTF-8 falls back to Latin-1. */
function base64DecodeUtf8(b64: string | undefined): string {
  const bytes = base64Bytes(b64 ?? '');
  const escaped = bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  try {
    return decodeURIComponent(escaped);
  } catch {
    return String.fromCharCode(...bytes);
  }
}
