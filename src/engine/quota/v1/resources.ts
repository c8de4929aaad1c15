// ResourceList arithmetic for quota: usage is kept in milli-units (exact for the sizes a simulated
// cluster uses) and printed back the way resource.Quantity.String() prints a canonical quantity.
// UPSTREAM: staging/src/k8s.io/apiserver/pkg/quota/v1/resources.go (Add, Mask, LessThanOrEqual, ...),
//           staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go (CanonicalizeBytes)
// SIMPLIFICATION: a sum is printed in the format (binary or decimal suffix) of the hard limit it is
// compared with, where Go keeps the format of the first operand.

import { parseQuantity } from '../../api/quantity';

/** resource name -> quantity as the API carries it ('500m', '1Gi', '3'). */
export type ResourceList = Record<string, string>;
/** resource name -> milli-units (cpu 0.5 -> 500, 1Ki -> 1024000). */
export type Usage = Map<string, number>;

/** A quantity in milli-units, rounded up as Quantity.MilliValue does. */
export function milliValue(q: string | number | undefined): number {
  const v = parseQuantity(q);
  return v === undefined ? 0 : Math.ceil(Math.round(v * 1e6) / 1e3);
}

export function toUsage(list: ResourceList | undefined): Usage {
  const out: Usage = new Map();
  for (const [k, v] of Object.entries(list ?? {})) out.set(k, milliValue(v));
  return out;
}

const BINARY_SUFFIXES: ReadonlyArray<[string, number]> = [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];
const DECIMAL_SUFFIXES: ReadonlyArray<[string, number]> = [['E', 18], ['P', 15], ['T', 12], ['G', 9], ['M', 6], ['k', 3], ['', 0]];

export function isBinaryFormat(q: string | undefined): boolean {
  return q !== undefined && /[KMGTPE]i$/.test(q.trim());
}

/**
 * Quantity.String() of `milli` milli-units: binary ('512Mi') when asked and the value is a whole number
 * of bytes, else the largest decimal suffix with an integer mantissa ('100m', '2', '1500', '2k').
 */
export function formatMilli(milli: number, binary: boolean): string {
  if (milli === 0) return '0';
  const sign = milli < 0 ? '-' : '';
  const m = Math.abs(milli);
  if (m % 1000 !== 0) return `${sign}${m}m`;
  const v = m / 1000;
  if (binary) {
    for (const [suffix, mult] of BINARY_SUFFIXES) if (v >= mult && v % mult === 0) return `${sign}${v / mult}${suffix}`;
    return `${sign}${v}`;
  }
  for (const [suffix, exp] of DECIMAL_SUFFIXES) {
    const mult = 10 ** exp;
    if (v >= mult && v % mult === 0) return `${sign}${v / mult}${suffix}`;
  }
  return `${sign}${v}`;
}

/** A quantity's canonical string, as the API server stores and prints it ('0.1' -> '100m', '1024Mi' -> '1Gi'). */
export function canonicalQuantity(q: string | number | undefined): string {
  if (q === undefined) return '0';
  return formatMilli(milliValue(q), typeof q === 'string' && isBinaryFormat(q));
}

/** Usage back to a ResourceList, formatted like `like` (the hard limits) per resource. */
export function toResourceList(usage: Usage, like: ResourceList): ResourceList {
  const out: ResourceList = {};
  for (const k of [...usage.keys()].sort()) out[k] = formatMilli(usage.get(k)!, isBinaryFormat(like[k]));
  return out;
}

export function add(a: Usage, b: Usage): Usage {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

export function subtract(a: Usage, b: Usage): Usage {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) - v);
  return out;
}

/** Only the named resources. */
export function mask(u: Usage, names: Iterable<string>): Usage {
  const out: Usage = new Map();
  for (const n of names) if (u.has(n)) out.set(n, u.get(n)!);
  return out;
}

export function removeZeros(u: Usage): Usage {
  return new Map([...u].filter(([, v]) => v !== 0));
}

/** LessThanOrEqual: whether every resource of `a` limited in `b` fits, and the names that do not. */
export function lessThanOrEqual(a: Usage, b: Usage): { allowed: boolean; exceeded: string[] } {
  const exceeded: string[] = [];
  for (const [k, v] of a) {
    const limit = b.get(k);
    if (limit !== undefined && v > limit) exceeded.push(k);
  }
  return { allowed: exceeded.length === 0, exceeded };
}

/** prettyPrint: `requests.cpu=500m,requests.memory=1Gi`, sorted by name. */
export function prettyPrint(list: ResourceList): string {
  return Object.keys(list).sort().map((k) => `${k}=${list[k]}`).join(',');
}
