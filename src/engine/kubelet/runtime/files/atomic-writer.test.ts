import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { base64Decode, layOut, timestampDir, volumePayload } from './atomic-writer';
import { tokenVolumeSource } from '../../../apiserver/admission/serviceaccount';

const pod: Pod = { metadata: { name: 'p', namespace: 'shop', uid: 'u1', labels: { tier: 'web', app: 'a' } }, spec: { containers: [{ name: 'c', resources: { limits: { memory: '64Mi' } } }] } };
const src = {
  configMap: (_ns: string, name: string) => (name === 'cfg' ? { data: { 'a.conf': 'A', 'b.conf': 'B' } } : undefined),
  secret: (_ns: string, name: string) => (name === 's' ? { data: { token: 'dMOpc3Q=' } } : undefined),
  epochMs: Date.UTC(2026, 10, 23, 9, 24, 0),
};

describe('volume payloads', () => {
  it('all keys, or only items at their paths with their modes; a missing optional object is empty', () => {
    expect(volumePayload({ name: 'v', configMap: { name: 'cfg' } }, pod, src)).toEqual({ 'a.conf': { c: 'A', m: 0o644 }, 'b.conf': { c: 'B', m: 0o644 } });
    expect(volumePayload({ name: 'v', configMap: { name: 'cfg', items: [{ key: 'b.conf', path: 'sub/b', mode: 0o400 }] } }, pod, src)).toEqual({ 'sub/b': { c: 'B', m: 0o400 } });
    expect(volumePayload({ name: 'v', configMap: { name: 'nope', optional: true } }, pod, src)).toEqual({});
    expect(volumePayload({ name: 'v', secret: { secretName: 's', defaultMode: 0o440 } }, pod, src)).toEqual({ token: { c: 'tést', m: 0o440 } });
    expect(volumePayload({ name: 'v', emptyDir: {} }, pod, src)).toBeUndefined();
  });

  it('downward API files and projected sources', () => {
    const p = volumePayload({ name: 'v', projected: { sources: [
      { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'mem', resourceFieldRef: { containerName: 'c', resource: 'limits.memory' } }] } },
      { configMap: { name: 'cfg', items: [{ key: 'a.conf', path: 'a' }] } },
      { serviceAccountToken: { path: 'token', expirationSeconds: 600 } },
    ] } }, pod, src)!;
    expect(p.labels.c).toBe('app="a"\ntier="web"');
    expect(p.mem.c).toBe('64Mi');
    expect(p.a.c).toBe('A');
    const claims = JSON.parse(base64Decode(p.token.c.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    expect(claims).toMatchObject({ sub: 'system:serviceaccount:shop:default', 'kubernetes.io': { namespace: 'shop', pod: { name: 'p', uid: 'u1' } } });
    expect(claims.exp - claims.iat).toBe(600);
  });

  it('the kube-api-access volume: a 3607 s token, ca.crt from kube-root-ca.crt and the namespace', () => {
    const withCA = { ...src, configMap: (_ns: string, name: string) => (name === 'kube-root-ca.crt' ? { data: { 'ca.crt': 'PEM' } } : undefined) };
    const p = volumePayload({ name: 'kube-api-access-abcde', projected: tokenVolumeSource() }, pod, withCA)!;
    expect(Object.keys(p).sort()).toEqual(['ca.crt', 'namespace', 'token']);
    expect(p['ca.crt'].c).toBe('PEM');
    expect(p.namespace.c).toBe('shop');
    const claims = JSON.parse(base64Decode(p.token.c.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    expect(claims.exp - claims.iat).toBe(3607);
    // Without the ConfigMap (not published yet) there is no ca.crt.
    expect(Object.keys(volumePayload({ name: 'kube-api-access-abcde', projected: tokenVolumeSource() }, pod, src)!).sort()).toEqual(['namespace', 'token']);
  });
});

describe('the atomic writer layout', () => {
  it('files in a timestamped directory, ..data linking to it, each top-level name linking through ..data', () => {
    const dir = timestampDir(src.epochMs, 'k');
    expect(dir).toMatch(/^\.\.2026_11_23_09_24_00\.\d+$/);
    const t = layOut({ 'sub/b': { c: 'B', m: 0o400 }, a: { c: 'A', m: 0o644 } }, dir, src.epochMs);
    expect(t['..data']).toMatchObject({ t: 'l', c: dir });
    expect(t.a).toMatchObject({ t: 'l', c: '..data/a' });
    expect(t.sub).toMatchObject({ t: 'l', c: '..data/sub' });
    expect(t[`${dir}/sub/b`]).toMatchObject({ t: 'f', c: 'B', m: 0o400 });
    expect(t[`${dir}/sub`]).toMatchObject({ t: 'd' });
  });
});
