// Secret on the way in: `type` defaults to Opaque, and `stringData` (plain text, write-only) is
// merged into the base64 `data`, stringData winning, then dropped, as v1->internal conversion does.
// UPSTREAM: pkg/apis/core/v1/defaults.go (SetDefaults_Secret), pkg/apis/core/v1/conversion.go
//           (Convert_v1_Secret_To_core_Secret)

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** UTF-8 bytes of a string (the engine's lib has no TextEncoder). */
function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** Standard base64 with padding, as Go's encoding/json writes a []byte. */
export function base64Encode(text: string): string {
  const b = utf8(text);
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < b.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < b.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

export function defaultSecret(secret: Json): void {
  secret.type ??= 'Opaque';
  if (secret.type === '') secret.type = 'Opaque';
  const stringData = secret.stringData as Record<string, unknown> | undefined;
  if (stringData && typeof stringData === 'object') {
    const data: Record<string, unknown> = { ...(secret.data ?? {}) };
    for (const [k, v] of Object.entries(stringData)) data[k] = base64Encode(String(v ?? ''));
    secret.data = data;
  }
  delete secret.stringData;
}
