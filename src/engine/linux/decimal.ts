// Fixed-point printing of a double exactly as C's printf("%.Nf") and Go's strconv.FormatFloat(x,'f',N)
// do: from the double's exact binary value, rounding half to even. Number.prototype.toFixed rounds
// exact ties up instead, which differs for values like 2^-12 printed with 11 decimals.

/** `x` with exactly `digits` decimals, correctly rounded (ties to even). */
export function toFixedExact(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  const negative = x < 0;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (expBits === 0) exp = -1074;
  else {
    mantissa |= 1n << 52n;
    exp = expBits - 1075;
  }
  // |x| = mantissa * 2^exp; scaled = |x| * 10^digits, rounded half to even.
  const scale = 10n ** BigInt(digits);
  let q: bigint;
  if (exp >= 0) q = (mantissa << BigInt(exp)) * scale;
  else {
    const num = mantissa * scale;
    const shift = BigInt(-exp);
    q = num >> shift;
    const rem = num - (q << shift);
    const half = 1n << (shift - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  }
  const s = q.toString().padStart(digits + 1, '0');
  const intPart = s.slice(0, s.length - digits);
  const frac = s.slice(s.length - digits);
  return `${negative && q !== 0n ? '-' : ''}${intPart}${digits > 0 ? `.${frac}` : ''}`;
}
