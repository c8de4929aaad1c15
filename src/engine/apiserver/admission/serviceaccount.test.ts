import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import { TestCluster } from '../../testing/test-cluster';
import { admitServiceAccount, DEFAULT_API_TOKEN_MOUNT_PATH, type ServiceAccountAdmissionContext } from './serviceaccount';

const PODS = resourceForKind('Pod')!;

function ctx(sas: Record<string, { automountServiceAccountToken?: boolean; imagePullSecrets?: Array<{ name: string }> }> = { 'default/default': {} }): ServiceAccountAdmissionContext {
  let n = 0;
  return {
    serviceAccount: (ns, name) => (sas[`${ns}/${name}`] ? ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns }, ...sas[`${ns}/${name}`] } as KubeObject) : undefined),
    randomSuffix: () => ['abcde', 'fghij'][n++],
  };
}

function pod(spec: Pod['spec']): KubeObject & Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec } as KubeObject & Pod;
}

describe('ServiceAccount admission', () => {
  it('defaults the ServiceAccount and adds the kube-api-access volume, mounted read-only in every container', () => {
    const p = pod({ initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'a', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data' }] }], volumes: [{ name: 'data', emptyDir: {} }] });
    expect(admitServiceAccount(ctx(), PODS, p, undefined, 'p')).toBeUndefined();
    expect(p.spec!.serviceAccountName).toBe('default');
    expect(p.spec!.serviceAccount).toBe('default');
    const mount = { mountPath: DEFAULT_API_TOKEN_MOUNT_PATH, name: 'kube-api-access-abcde', readOnly: true };
    expect(p.spec!.initContainers![0].volumeMounts).toEqual([mount]);
    expect(p.spec!.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }, mount]);
    expect(p.spec!.volumes).toEqual([
      { name: 'data', emptyDir: {} },
      {
        name: 'kube-api-access-abcde',
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
            { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
          ],
        },
      },
    ]);
  });

  it('refuses a pod whose ServiceAccount does not exist with the API server message (403 Forbidden)', () => {
    const st = admitServiceAccount(ctx(), PODS, pod({ serviceAccountName: 'robot', containers: [{ name: 'a' }] }), undefined, 'p');
    expect(st).toMatchObject({ reason: 'Forbidden', code: 403, message: 'pods "p" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found' });
    // The deprecated field names the account when serviceAccountName is empty.
    expect(admitServiceAccount(ctx(), PODS, pod({ serviceAccount: 'robot', containers: [{ name: 'a' }] }), undefined, 'p')?.message).toContain('default/robot');
  });

  it("automountServiceAccountToken: the pod's setting wins over the ServiceAccount's", () => {
    const sas = { 'default/default': {}, 'default/quiet': { automountServiceAccountToken: false } };
    const off = pod({ automountServiceAccountToken: false, containers: [{ name: 'a' }] });
    admitServiceAccount(ctx(sas), PODS, off, undefined, 'p');
    expect(off.spec!.volumes).toBeUndefined();
    expect(off.spec!.containers[0].volumeMounts).toBeUndefined();
    const quiet = pod({ serviceAccountName: 'quiet', containers: [{ name: 'a' }] });
    admitServiceAccount(ctx(sas), PODS, quiet, undefined, 'p');
    expect(quiet.spec!.volumes).toBeUndefined();
    const overridden = pod({ serviceAccountName: 'quiet', automountServiceAccountToken: true, containers: [{ name: 'a' }] });
    admitServiceAccount(ctx(sas), PODS, overridden, undefined, 'p');
    expect(overridden.spec!.volumes?.map((v) => v.name)).toEqual(['kube-api-access-abcde']);
  });

  it('leaves a container that mounts something at the token path alone; no volume when none needs it', () => {
    const p = pod({ containers: [{ name: 'a', volumeMounts: [{ name: 'own', mountPath: DEFAULT_API_TOKEN_MOUNT_PATH }] }], volumes: [{ name: 'own', emptyDir: {} }] });
    admitServiceAccount(ctx(), PODS, p, undefined, 'p');
    expect(p.spec!.containers[0].volumeMounts).toEqual([{ name: 'own', mountPath: DEFAULT_API_TOKEN_MOUNT_PATH }]);
    expect(p.spec!.volumes?.map((v) => v.name)).toEqual(['own']);
  });

  it("copies the ServiceAccount's imagePullSecrets when the pod has none; updates are not touched", () => {
    const p = pod({ serviceAccountName: 'builder', containers: [{ name: 'a' }] });
    admitServiceAccount(ctx({ 'default/builder': { imagePullSecrets: [{ name: 'regcred' }] } }), PODS, p, undefined, 'p');
    expect(p.spec!.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    const updated = pod({ containers: [{ name: 'a' }] });
    expect(admitServiceAccount(ctx({}), PODS, updated, p, 'p')).toBeUndefined();
    expect(updated.spec!.serviceAccountName).toBeUndefined();
  });
});

describe('ServiceAccount admission in a cluster', () => {
  it('kubectl shows the refusal, and an admitted pod reads its token, CA and namespace from the volume', () => {
    const c = new TestCluster();
    const out = c.world.kubectl(`run p --image=nginx --overrides='{"spec":{"serviceAccountName":"robot"}}'`);
    expect(out.stderr).toBe('Error from server (Forbidden): pods "p" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found\n');
    c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: nginx}]\n');
    c.settle();
    const web = c.pod('web');
    const volume = web.spec!.volumes!.find((v) => v.name.startsWith('kube-api-access-'))!;
    expect(volume.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(c.kubectl('describe pod web')).toContain(`/var/run/secrets/kubernetes.io/serviceaccount from ${volume.name} (ro)`);
    const exec = (cmd: string) => c.world.kubectl(`exec web -- ${cmd}`).stdout;
    expect(exec('cat /var/run/secrets/kubernetes.io/serviceaccount/namespace')).toBe('default');
    expect(exec('cat /var/run/secrets/kubernetes.io/serviceaccount/ca.crt')).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(exec('cat /var/run/secrets/kubernetes.io/serviceaccount/token')).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  });

  it('the same seed and commands give the same volume name (replays are exact)', () => {
    const names = [1, 2].map(() => {
      const c = new TestCluster();
      c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: nginx}]\n');
      return c.pod('web').spec!.volumes![0].name;
    });
    expect(names[0]).toBe(names[1]);
  });
});
