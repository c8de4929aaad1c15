import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import { apiKubectlContext } from '../../testing/api-kubectl-context';
import { runKubectl } from '../kubectl';

const nodes = resourceForKind('Node')!;
const pods = resourceForKind('Pod')!;
const out = (stdout: string, stderr = '', exitCode = stderr ? 1 : 0) => ({ stdout, stderr, exitCode });

interface PodOpts {
  ns?: string;
  owner?: string;
  emptyDir?: boolean;
  labels?: Record<string, string>;
  node?: string;
}

/** A cluster with node-1 and node-2 and an eviction-capable kubectl. */
function cluster() {
  const k = apiKubectlContext();
  k.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } }, 'test');
  for (const name of ['node-1', 'node-2']) k.api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name } }, 'test');
  const ctx = { ...k.ctx, evict: (ns: string, name: string) => k.api.evict(ns, name, 'kubectl') };
  const addPod = (name: string, o: PodOpts = {}) => {
    const created = k.api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: o.ns ?? 'default',
        labels: o.labels,
        ownerReferences: o.owner ? [{ apiVersion: 'apps/v1', kind: o.owner, name: 'owner', uid: `uid-${o.owner}`, controller: true }] : undefined,
      },
      spec: {
        nodeName: o.node ?? 'node-1',
        containers: [{ name: 'c', image: 'nginx' }],
        ...(o.emptyDir ? { volumes: [{ name: 'scratch', emptyDir: {} }] } : {}),
      },
    }, 'test');
    if (!created.ok) throw new Error(created.status.message);
    const running = { ...created.object, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } } as KubeObject;
    k.api.updateStatus(running, 'kubelet');
  };
  return { k, addPod, run: (line: string) => runKubectl(ctx, line) };
}
const unschedulable = (k: ReturnType<typeof apiKubectlContext>, name: string) => (k.api.get(nodes, undefined, name)!.spec as { unschedulable?: boolean } | undefined)?.unschedulable;
const podNames = (k: ReturnType<typeof apiKubectlContext>) => k.api.list(pods).filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort();

describe('kubectl cordon / uncordon', () => {
  it('cordons, says so again, and uncordons', () => {
    const { k, run } = cluster();
    expect(run('kubectl cordon node-1')).toEqual(out('node/node-1 cordoned\n'));
    expect(unschedulable(k, 'node-1')).toBe(true);
    expect(run('kubectl cordon node-1')).toEqual(out('node/node-1 already cordoned\n'));
    expect(run('kubectl uncordon node-1')).toEqual(out('node/node-1 uncordoned\n'));
    expect(unschedulable(k, 'node-1')).toBeUndefined();
    expect(run('kubectl uncordon node-1')).toEqual(out('node/node-1 already uncordoned\n'));
  });

  it('names a missing node and asks for one', () => {
    const { run } = cluster();
    expect(run('kubectl cordon node-9')).toEqual(out('', 'Error from server (NotFound): nodes "node-9" not found\n'));
    expect(run('kubectl cordon')).toEqual(out('', "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n"));
  });
});

describe('kubectl drain', () => {
  it('cordons and evicts the pods of the node, leaving other nodes alone', () => {
    const { k, addPod, run } = cluster();
    addPod('web-1', { owner: 'ReplicaSet' });
    addPod('web-2', { owner: 'ReplicaSet' });
    addPod('other', { owner: 'ReplicaSet', node: 'node-2' });
    expect(run('kubectl drain node-1')).toEqual(
      out('node/node-1 cordoned\nevicting pod default/web-1\nevicting pod default/web-2\npod/web-1 evicted\npod/web-2 evicted\nnode/node-1 drained\n'),
    );
    expect(unschedulable(k, 'node-1')).toBe(true);
    expect(podNames(k)).toEqual(['other']);
  });

  it('refuses DaemonSet pods, bare pods and emptyDir pods with kubectl\'s messages, evicting nothing', () => {
    const { k, addPod, run } = cluster();
    const ds = k.api.create({
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'owner', namespace: 'kube-system' },
      spec: { selector: { matchLabels: { k: 'p' } }, template: { metadata: { labels: { k: 'p' } }, spec: { containers: [{ name: 'c', image: 'proxy' }] } } },
    }, 'test');
    expect(ds.ok).toBe(true);
    addPod('kube-proxy-x', { ns: 'kube-system', owner: 'DaemonSet' });
    addPod('bare');
    addPod('cache', { owner: 'ReplicaSet', emptyDir: true });
    addPod('web-1', { owner: 'ReplicaSet' });
    // grouped by message, in the order of the pods (namespace/name) that first raise them
    const errs = [
      'cannot delete Pods that declare no controller (use --force to override): default/bare',
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache',
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/kube-proxy-x',
    ];
    expect(run('kubectl drain node-1')).toEqual(
      out('node/node-1 cordoned\n', `error: unable to drain node "node-1" due to error: [${errs.join(', ')}], continuing command...\nThere are pending nodes to be drained:\n node-1\n${errs.map((e) => `${e}\n`).join('')}`),
    );
    expect(podNames(k)).toEqual(['bare', 'cache', 'kube-proxy-x', 'web-1']);
    expect(unschedulable(k, 'node-1')).toBe(true);

    expect(run('kubectl drain node-1 --ignore-daemonsets --force --delete-emptydir-data')).toEqual(
      out(
        'node/node-1 already cordoned\nevicting pod default/bare\nevicting pod default/cache\nevicting pod default/web-1\npod/bare evicted\npod/cache evicted\npod/web-1 evicted\nnode/node-1 drained\n',
        // the local-storage warning for cache is dropped by the filter after it, as upstream does
        'Warning: deleting Pods that declare no controller: default/bare; ignoring DaemonSet-managed Pods: kube-system/kube-proxy-x\n',
        0,
      ),
    );
    expect(podNames(k)).toEqual(['kube-proxy-x']);
  });

  it('refuses a DaemonSet pod whose DaemonSet is gone unless --force', () => {
    const { k, addPod, run } = cluster();
    addPod('orphan', { ns: 'kube-system', owner: 'DaemonSet' });
    expect(run('kubectl drain node-1')).toEqual(
      out('node/node-1 cordoned\n', 'error: unable to drain node "node-1" due to error: cannot delete daemonsets.apps "owner" not found: kube-system/orphan, continuing command...\nThere are pending nodes to be drained:\n node-1\nerror: cannot delete daemonsets.apps "owner" not found: kube-system/orphan\n'),
    );
    expect(run('kubectl drain node-1 --force')).toEqual(
      // the not-found warning is overwritten by the later filters' Okay, as upstream
      out('node/node-1 already cordoned\nevicting pod kube-system/orphan\npod/orphan evicted\nnode/node-1 drained\n'),
    );
    expect(podNames(k)).toEqual([]);
  });

  it('reports a PodDisruptionBudget that forbids the eviction and stops', () => {
    const { k, addPod, run } = cluster();
    addPod('web-1', { owner: 'ReplicaSet', labels: { app: 'web' } });
    const pdb = k.api.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } }, 'test');
    if (!pdb.ok) throw new Error(pdb.status.message);
    k.api.updateStatus({ ...pdb.object, status: { observedGeneration: pdb.object.metadata.generation, currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0, expectedPods: 1 } } as KubeObject, 'test');
    const r = run('kubectl drain node-1');
    expect(r.stdout).toBe('node/node-1 cordoned\nevicting pod default/web-1\n');
    expect(r.stderr.split('\n')[0]).toBe('error when evicting pods/"web-1" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod\'s disruption budget.');
    expect(r.stderr).toContain('error: unable to drain node "node-1" due to error: error when evicting pods/"web-1" -n "default"');
    expect(r.exitCode).toBe(1);
    expect(podNames(k)).toEqual(['web-1']);
  });

  it('needs the eviction API unless --disable-eviction deletes directly', () => {
    const k = apiKubectlContext();
    delete k.ctx.evict;
    k.api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } }, 'test');
    expect(k.run('kubectl drain node-1')).toEqual(out('', 'error: "kubectl drain" needs the eviction API, which this terminal does not offer\n'));
    expect(k.run('kubectl drain node-1 --disable-eviction')).toEqual(out('node/node-1 cordoned\nnode/node-1 drained\n'));
  });
});
