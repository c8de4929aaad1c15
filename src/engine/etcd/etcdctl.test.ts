import { describe, expect, it } from 'vitest';
import { World } from '../sim/world';
import { webApp } from '../testing/manifests';
import { etcdKey } from './keys';

function cluster(): World {
  const w = World.create({ coreDNS: false });
  w.apply(webApp({ name: 'web', replicas: 2 }));
  w.settle(60_000);
  return w;
}

describe('etcd keys', () => {
  it('follow the registry prefixes the API server uses', () => {
    expect(etcdKey('pods', 'default', 'web')).toBe('/registry/pods/default/web');
    expect(etcdKey('nodes', undefined, 'node-1')).toBe('/registry/minions/node-1');
    expect(etcdKey('services', 'default', 'kubernetes')).toBe('/registry/services/specs/default/kubernetes');
    expect(etcdKey('replicationcontrollers', 'default', 'rc')).toBe('/registry/controllers/default/rc');
    expect(etcdKey('shirts.stable.example.com', 'default', 'a')).toBe('/registry/stable.example.com/shirts/default/a');
  });

  it('carry create and mod revisions and a version that counts writes', () => {
    const w = cluster();
    const { revision, keys } = w.etcdKeys('/registry/deployments/');
    expect(keys.map((k) => k.key)).toEqual(['/registry/deployments/default/web']);
    const d = w.getObject({ kind: 'Deployment', namespace: 'default', name: 'web' })!;
    const k = keys[0];
    expect(k.modRevision).toBe(Number(d.metadata.resourceVersion));
    // created by kubectl, then its status written by the deployment controller several times
    expect(k.createRevision).toBeLessThan(k.modRevision);
    expect(k.version).toBeGreaterThan(1);
    expect(revision).toBeGreaterThanOrEqual(k.modRevision);
    w.kubectl('scale deployment web --replicas=3');
    w.settle(60_000);
    const after = w.etcdKeys('/registry/deployments/').keys[0];
    expect(after.createRevision).toBe(k.createRevision);
    expect(after.version).toBeGreaterThan(k.version);
  });

  it('survive a snapshot and restore', () => {
    const w = cluster();
    const r = World.restore(JSON.parse(JSON.stringify(w.snapshot())));
    expect(r.etcdKeys()).toEqual(w.etcdKeys());
  });
});

describe('etcdctl on the control-plane node', () => {
  it('lists keys with --prefix --keys-only, each followed by an empty line', () => {
    const w = cluster();
    const out = w.nodeShell('control-plane', 'etcdctl get /registry/deployments --prefix --keys-only');
    expect(out.stdout).toBe('/registry/deployments/default/web\n\n');
    expect(out.exitCode).toBe(0);
  });

  it('prints a value as the stored object and -w fields with revisions', () => {
    const w = cluster();
    const pod = w.list('Pod', 'default')[0];
    const key = `/registry/pods/default/${pod.metadata.name}`;
    const get = w.nodeShell('control-plane', `sudo ETCDCTL_API=3 etcdctl --cacert /etc/kubernetes/pki/etcd/ca.crt get ${key}`);
    const [k, v] = get.stdout.split('\n');
    expect(k).toBe(key);
    expect(JSON.parse(v).metadata.uid).toBe(pod.metadata.uid);
    const fields = w.nodeShell('control-plane', `etcdctl get ${key} -w fields`).stdout;
    expect(fields).toContain(`"Key" : "${key}"`);
    expect(fields).toContain(`"ModRevision" : ${pod.metadata.resourceVersion}`);
    expect(fields).toContain('"Count" : 1');
  });

  it('counts, limits and writes JSON with base64 keys', () => {
    const w = cluster();
    const pods = w.list('Pod').length;
    expect(w.nodeShell('control-plane', 'etcdctl get /registry/pods/ --prefix --count-only').stdout).toBe(`${pods}\n`);
    const json = JSON.parse(w.nodeShell('control-plane', 'etcdctl get /registry/pods/ --prefix --keys-only --limit 1 -w json').stdout);
    expect(json.count).toBe(pods);
    expect(json.more).toBe(true);
    expect(json.kvs).toHaveLength(1);
    expect(atob(json.kvs[0].key)).toMatch(/^\/registry\/pods\//);
    expect(json.header.revision).toBe(w.etcdKeys().revision);
  });

  it('is not on worker nodes, and refuses writes with the reason', () => {
    const w = cluster();
    expect(w.nodeShell('node-1', 'etcdctl get / --prefix').stderr).toBe('bash: etcdctl: command not found\n');
    const del = w.nodeShell('control-plane', 'etcdctl del /registry/pods/default/x');
    expect(del.exitCode).toBe(1);
    expect(del.stderr).toMatch(/only kube-apiserver writes to etcd/);
  });

  it('shows the member and the endpoint status as tables', () => {
    const w = cluster();
    const members = w.nodeShell('control-plane', 'etcdctl member list -w table').stdout;
    expect(members).toMatch(/\| +ID +\| +STATUS +\| +NAME +\|/);
    expect(members).toContain('https://192.168.49.2:2380');
    const status = w.nodeShell('control-plane', 'etcdctl endpoint status -w table').stdout;
    expect(status).toContain('IS LEADER');
    expect(w.nodeShell('control-plane', 'etcdctl endpoint health').stdout).toMatch(/is healthy/);
  });
});
