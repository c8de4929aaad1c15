// resource.Quantity: '500m', '2', '1.5', '128Mi', '1G', '1e3'.
// UPSTREAM: staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go
// SIMPLIFICATION: values are JS numbers (exact for the sizes a simulated cluster uses).

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

const QUANTITY_RE = /^([+-]?[0-9.]+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?[0-9]+))?$/;

/** The quantity's value in base units (cores, bytes); undefined when it does not parse. */
export function parseQuantity(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined;
  if (typeof q === 'number') return q;
  const m = QUANTITY_RE.exec(q.trim());
  if (!m || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(m[1])) return undefined;
  const n = Number(m[1]);
  if (m[3] !== undefined) return n * 10 ** Number(m[3]);
  const suffix = m[2] ?? '';
  return n * (BINARY[suffix] ?? DECIMAL[suffix]);
}

/** CPU in millicores, rounded up as Quantity.MilliValue does. */
export function cpuMillis(q: string | number | undefined): number {
  const v = parseQuantity(q);
  return v === undefined ? 0 : Math.ceil(Math.round(v * 1e6) / 1e3);
}

/** Memory (or any byte quantity) as an integer number of bytes, rounded up. */
export function bytes(q: string | number | undefined): number {
  const v = parseQuantity(q);
  return v === undefined ? 0 : Math.ceil(v);
}

/** Format millicores the way Quantity.String prints canonical CPU: '500m', '2'. */
export function formatCpuMillis(m: number): string {
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

/** Format bytes with the largest binary suffix that divides exactly ('128Mi', '4Gi', '1000'). */
export function formatBytes(b: number): string {
  for (const [suffix, mult] of [['Ei', BINARY.Ei], ['Pi', BINARY.Pi], ['Ti', BINARY.Ti], ['Gi', BINARY.Gi], ['Mi', BINARY.Mi], ['Ki', BINARY.Ki]] as const) {
    if (b >= mult && b % mult === 0) return `${b / mult}${suffix}`;
  }
  return String(b);
}
