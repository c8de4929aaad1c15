import { describe, expect, it } from 'vitest';
import type { Secret } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { TestCluster } from '../../testing/test-cluster';
import { base64Encode, defaultSecret } from './secret';

describe('Secret defaults', () => {
  it.each([
    ['', ''], ['a', 'YQ=='], ['ab', 'YWI='], ['abc', 'YWJj'], ['my-app', 'bXktYXBw'], ['39528$vdg7Jb', 'Mzk1MjgkdmRnN0pi'], ['héllo', 'aMOpbGxv'], ['日本', '5pel5pys'],
  ])('base64 of %j is %j', (text, b64) => {
    expect(base64Encode(text)).toBe(b64);
  });

  it('defaults type to Opaque and merges stringData into data (stringData wins), dropping stringData', () => {
    const s: Record<string, unknown> = { data: { a: 'YQ==', b: 'Yg==' }, stringData: { b: 'new', c: 'c' } };
    defaultSecret(s);
    expect(s).toEqual({ type: 'Opaque', data: { a: 'YQ==', b: 'bmV3', c: 'Yw==' } });
  });

  it('keeps an explicit type', () => {
    const s: Record<string, unknown> = { type: 'kubernetes.io/tls', data: {} };
    defaultSecret(s);
    expect(s.type).toBe('kubernetes.io/tls');
  });

  it('stores stringData as data through the API server, on create and on apply again', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: s3cret}\n');
    const get = () => c.world.getObject({ kind: 'Secret', namespace: 'default', name: 'db' }) as Secret & KubeObject;
    expect(get().type).toBe('Opaque');
    expect(get().data).toEqual({ password: 'czNjcmV0' });
    expect(get()).not.toHaveProperty('stringData');
    const r = c.applyOk('apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: other, user: admin}\n');
    expect(r.documents[0].message).toBe('secret/db configured');
    expect(get().data).toEqual({ password: 'b3RoZXI=', user: 'YWRtaW4=' });
  });
});

describe('kubectl get cm,secret,sa', () => {
  it('prints one table per kind with kind-qualified names', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: v1
kind: Namespace
metadata: {name: app}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: app}
data: {mode: fast, level: '3'}
---
apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: app}
stringData: {user: me}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: builder, namespace: app}
`);
    c.settle();
    c.step(5000);
    expect(c.kubectl('get cm,secret,sa -n app')).toBe(
      [
        'NAME                         DATA   AGE',
        'configmap/kube-root-ca.crt   1      5s',
        'configmap/settings           2      5s',
        '',
        'NAME           TYPE     DATA   AGE',
        'secret/creds   Opaque   1      5s',
        '',
        'NAME                     SECRETS   AGE',
        'serviceaccount/builder   0         5s',
        'serviceaccount/default   0         5s',
        '',
      ].join('\n'),
    );
    expect(c.kubectl('get configmaps -n app')).toBe('NAME               DATA   AGE\nkube-root-ca.crt   1      5s\nsettings           2      5s\n');
  });
});
