import { describe, expect, it } from 'vitest';
import type { ConfigMap } from 'kubernetes-types/core/v1';
import { TestCluster } from '../../../testing/test-cluster';
import { DESCRIPTION_ANNOTATION, ROOT_CA_CERT_CONFIG_MAP_NAME, ROOT_CA_PEM } from './publisher';

const rootCA = (c: TestCluster, namespace: string) => c.world.getObject({ kind: 'ConfigMap', namespace, name: ROOT_CA_CERT_CONFIG_MAP_NAME }) as (ConfigMap & { metadata: { uid?: string } }) | undefined;

describe('root-ca-cert-publisher', () => {
  it('publishes kube-root-ca.crt in every namespace, including a new one', () => {
    const c = new TestCluster();
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
      expect(rootCA(c, ns)?.data).toEqual({ 'ca.crt': ROOT_CA_PEM });
    }
    expect(rootCA(c, 'default')?.metadata?.annotations?.[DESCRIPTION_ANNOTATION]).toMatch(/^Contains a CA bundle that can be used to verify the kube-apiserver/);
    c.applyOk('apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n');
    c.settle();
    expect(rootCA(c, 'team-a')?.data).toEqual({ 'ca.crt': ROOT_CA_PEM });
    expect(c.kubectl('get cm -n team-a --no-headers')).toMatch(/^kube-root-ca\.crt\s+1\s+/);
  });

  it('re-creates it when deleted and restores it when edited', () => {
    const c = new TestCluster();
    const before = rootCA(c, 'default')!;
    expect(c.kubectl('delete cm kube-root-ca.crt')).toMatch(/^configmap "kube-root-ca.crt" deleted/);
    c.settle();
    const after = rootCA(c, 'default')!;
    expect(after.metadata?.uid).not.toBe(before.metadata?.uid);
    expect(after.data).toEqual({ 'ca.crt': ROOT_CA_PEM });
    expect(c.kubectl(`patch cm kube-root-ca.crt --type=merge -p '{"data":{"ca.crt":"forged","extra":"x"}}'`)).toBe('configmap/kube-root-ca.crt patched\n');
    expect(rootCA(c, 'default')!.data?.['ca.crt']).toBe('forged');
    c.settle();
    expect(rootCA(c, 'default')!.data).toEqual({ 'ca.crt': ROOT_CA_PEM });
  });
});
