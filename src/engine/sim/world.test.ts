import { describe, expect, it } from 'vitest';
import { TestCluster } from '../testing/test-cluster';
import { World } from './world';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        resources:
          requests: {cpu: 100m, memory: 64Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
`;

describe('World bootstrap', () => {
  it('starts a control plane node and N ready workers with podCIDRs, and the default namespaces', () => {
    const w = World.create({ workerNodes: 3 });
    const nodes = w.nodes();
    expect(nodes.map((n) => n.metadata.name)).toEqual(['control-plane', 'node-1', 'node-2', 'node-3']);
    expect(nodes.map((n) => n.spec?.podCIDR)).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24', '10.244.3.0/24']);
    for (const n of nodes) expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(nodes[0].spec?.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(nodes.slice(1).every((n) => !n.spec?.taints)).toBe(true);
    expect(w.list('Namespace').map((n) => n.metadata.name).sort()).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect((w.getObject({ kind: 'Service', namespace: 'default', name: 'kubernetes' })?.spec as { clusterIP: string }).clusterIP).toBe('10.96.0.1');
  });
});

describe('a Deployment and a Service, end to end', () => {
  it('reconciles to three Running pods on worker nodes with IPs from their podCIDRs, and three ready endpoints', () => {
    const c = new TestCluster();
    const r = c.applyOk(WEB);
    expect(r.documents.map((d) => d.message)).toEqual(['deployment.apps/web created', 'service/web created']);
    c.settle();
    const pods = c.pods({ app: 'web' });
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.status?.phase).toBe('Running');
      expect(p.spec?.nodeName).toMatch(/^node-\d$/);
      const node = c.world.getObject({ kind: 'Node', name: p.spec!.nodeName! })!;
      const cidr = (node.spec as { podCIDR: string }).podCIDR;
      expect(p.status?.podIP?.startsWith(cidr.split('.').slice(0, 3).join('.') + '.')).toBe(true);
    }
    expect(c.readyEndpoints('web')).toEqual(pods.map((p) => p.status!.podIP!).sort());
    // LeastAllocated spreads three equal pods over three equal nodes.
    expect(new Set(pods.map((p) => p.spec!.nodeName)).size).toBe(3);
  });

  it('passes through Pending, ContainerCreating and Running, in that order, in simulated time', () => {
    const c = new TestCluster();
    const seen: string[] = [];
    c.world.onWatch((rec) => {
      if (rec.resource !== 'pods') return;
      const p = rec.object as { spec?: { nodeName?: string }; status?: { phase?: string; containerStatuses?: Array<{ state?: { waiting?: { reason: string } } }> } };
      const waiting = p.status?.containerStatuses?.[0]?.state?.waiting?.reason;
      const label = !p.spec?.nodeName ? 'Pending' : waiting ?? p.status?.phase ?? '?';
      if (seen[seen.length - 1] !== label) seen.push(label);
    });
    c.applyOk(WEB);
    c.step(200);
    expect(c.pods({ app: 'web' }).every((p) => !p.spec?.nodeName)).toBe(true);
    c.settle();
    const firstRunning = seen.indexOf('Running');
    expect(seen.indexOf('Pending')).toBeLessThan(seen.indexOf('ContainerCreating'));
    expect(seen.indexOf('ContainerCreating')).toBeLessThan(firstRunning);
  });

  it('replaces a deleted pod (the ReplicaSet reconciles to its count)', () => {
    const c = new TestCluster();
    c.applyOk(WEB);
    c.settle();
    const victim = c.pods({ app: 'web' })[0].metadata.name!;
    expect(c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: victim })).toEqual({ ok: true, message: `pod "${victim}" deleted from default namespace` });
    c.step(100);
    expect(c.pod(victim).metadata.deletionTimestamp).toBeDefined();
    c.settle();
    const names = c.pods({ app: 'web' }).map((p) => p.metadata.name);
    expect(names).toHaveLength(3);
    expect(names).not.toContain(victim);
  });
});

describe('manual scheduling', () => {
  it('a pod created with spec.nodeName runs there without the scheduler', () => {
    const c = new TestCluster();
    const r = c.world.createPodOnNode('pod', 'node-2');
    expect(r.ok).toBe(true);
    c.settle();
    const p = c.pod(r.podKey!.split('/')[1]);
    expect(p.spec?.nodeName).toBe('node-2');
    expect(p.status?.phase).toBe('Running');
  });

  it('explains why a Pending pod cannot be bound to a node', () => {
    const c = new TestCluster();
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  containers:
  - name: c
    image: busybox:1.36
    resources: {requests: {cpu: "3"}}
`);
    c.settle();
    const r = c.world.bindPod('default/big', 'node-1');
    expect(r.ok).toBe(false);
    expect(r.verdict.plugins.find((p) => p.plugin === 'NodeResourcesFit')?.reasons).toContain('Insufficient cpu');
    expect(c.pod('big').spec?.nodeName).toBeUndefined();
  });

  it('reports every node for a dragged pod: the tainted control plane refused, workers scored, the best named', () => {
    // Empty workers but node-1: the CoreDNS pods would load two of them and blur the comparison.
    const c = new TestCluster({ coreDNS: false });
    // node-1 is busy: LeastAllocated and BalancedAllocation favour the emptier nodes.
    c.world.createPodOnNode('pod', 'node-1');
    // A pod no scheduler serves stays Pending: the learner is its scheduler.
    c.applyOk(`apiVersion: v1
kind: Pod
metadata: {name: mine}
spec:
  schedulerName: by-hand
  containers:
  - name: c
    image: nginx:1.27
    resources: {requests: {cpu: 100m}}
`);
    c.settle();
    // The palette's template is placed with spec.nodeName: only the kubelet's admission applies, and
    // the control plane's NoSchedule taint does not stop it (no scheduler involved), but it gets no score.
    const tmpl = c.world.placementReport({ template: 'pod' }).nodes.find((n) => n.verdict.nodeName === 'control-plane')!;
    expect(tmpl.verdict.fits).toBe(true);
    expect(tmpl.totalScore).toBeUndefined();

    const report = c.world.placementReport({ podKey: 'default/mine' });
    expect(report.nodes.map((n) => n.verdict.nodeName).sort()).toEqual(['control-plane', 'node-1', 'node-2', 'node-3']);
    const cp = report.nodes.find((n) => n.verdict.nodeName === 'control-plane')!;
    expect(cp.verdict.fits).toBe(false);
    expect(cp.totalScore).toBeUndefined();
    const workers = report.nodes.filter((n) => n.verdict.nodeName !== 'control-plane');
    for (const w of workers) {
      expect(w.verdict.fits).toBe(true);
      expect(w.totalScore).toBe(w.scores!.reduce((t, s) => t + s.weighted, 0));
    }
    const score = (n: string) => workers.find((w) => w.verdict.nodeName === n)!.totalScore!;
    expect(score('node-1')).toBeLessThan(score('node-2'));
    expect(report.best.sort()).toEqual(['node-2', 'node-3']);
  });

  it('keeps each scheduling attempt for the scheduler panel', () => {
    const c = new TestCluster();
    c.applyOk(WEB);
    c.settle();
    const attempts = c.world.schedulingAttempts();
    expect(attempts.filter((a) => a.pod.name.startsWith('web-'))).toHaveLength(3);
    for (const a of attempts.filter((x) => x.pod.name.startsWith('web-'))) {
      expect(a.result).toBe('Scheduled');
      expect(c.pod(a.pod.name).spec?.nodeName).toBe(a.node);
      const d = c.world.schedulingAttempt(a.id)!;
      expect(d.nodes.find((n) => n.selected)?.node).toBe(a.node);
    }
    expect(c.world.schedulingQueue()).toEqual([]);
  });

  it('refuses to move a bound pod', () => {
    const c = new TestCluster();
    const r = c.world.createPodOnNode('pod', 'node-1');
    c.settle();
    const v = c.world.bindPod(r.podKey!, 'node-2');
    expect(v.ok).toBe(false);
    expect(v.message).toMatch(/Pods never move/);
  });
});

describe('determinism and snapshots', () => {
  const run = (seed: number) => {
    const w = World.create({ seed });
    w.apply(WEB);
    w.step(1500);
    w.createPodOnNode('pod', 'node-3');
    w.settle();
    return w;
  };

  it('the same seed and commands give the identical state', () => {
    expect(JSON.stringify(run(7).snapshot())).toBe(JSON.stringify(run(7).snapshot()));
  });

  it('a different seed gives different names and IPs', () => {
    const a = run(1).list('Pod').map((p) => p.metadata.name).sort();
    const b = run(2).list('Pod').map((p) => p.metadata.name).sort();
    expect(a).not.toEqual(b);
  });

  it('a restored snapshot taken mid-reconciliation continues exactly as the original', () => {
    const a = World.create({ seed: 3 });
    a.apply(WEB);
    a.step(650); // mid-flight: pods created, some bound, watch events in transit, timers pending
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    const b = World.restore(snap);
    a.step(20_000);
    b.step(20_000);
    expect(JSON.stringify(b.snapshot())).toBe(JSON.stringify(a.snapshot()));
    expect(a.list('Pod', 'default').filter((p) => (p.status as { phase: string }).phase === 'Running')).toHaveLength(3);
  });

  it('restores mid-way through ordered StatefulSet creation, volume provisioning, quota and preemption', () => {
    const MIXED = `apiVersion: v1
kind: ResourceQuota
metadata: {name: q}
spec: {hard: {pods: "20"}}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: pg, image: postgres:17, resources: {requests: {cpu: 500m, memory: 64Mi}}}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;
    // Applied once the db pods hold 500m on every worker: no room for 1800m, so it preempts one.
    const VIP = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: high}
value: 1000
---
apiVersion: v1
kind: Pod
metadata: {name: vip}
spec:
  priorityClassName: high
  containers: [{name: c, image: nginx:1.27, resources: {requests: {cpu: 1800m}}}]
`;
    for (const at of [900, 2500, 6000]) {
      const a = World.create({ seed: 5 });
      a.apply(MIXED);
      a.step(at);
      const b = World.restore(JSON.parse(JSON.stringify(a.snapshot())));
      for (const w of [a, b]) {
        w.step(30_000);
        w.apply(VIP);
        w.step(60_000);
      }
      expect(JSON.stringify(b.snapshot())).toBe(JSON.stringify(a.snapshot()));
      // The run went through what it is meant to exercise.
      const phase = (kind: string, name: string, ns = 'default') => (a.getObject({ kind, namespace: ns, name })?.status as { phase?: string } | undefined)?.phase;
      expect(['data-db-0', 'data-db-1', 'data-db-2'].map((n) => phase('PersistentVolumeClaim', n))).toEqual(['Bound', 'Bound', 'Bound']);
      expect(phase('Pod', 'vip')).toBe('Running');
      expect(a.list('Event', 'default').some((e) => (e as { reason?: string }).reason === 'Preempted')).toBe(true);
    }
  });
});
