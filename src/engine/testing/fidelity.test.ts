// The fidelity corpus (fidelity/: official Kubernetes examples with the steady state a real cluster
// reaches) run through the engine. Every row of expected.tsv is either checked here or listed as a
// named skip with the reason and the issue that will build it; a row with neither fails the suite.

// This suite runs in Node only and reads the corpus from disk; engine code itself never may.
/* eslint-disable no-restricted-imports */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
/* eslint-enable no-restricted-imports */
import { describe, expect, it } from 'vitest';
import type { ConfigMap, Namespace, Node, Pod, Secret } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/meta';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import { networkPolicyCheck } from '../cni/policy/evaluate';
import type { PolicyQuery } from '../linux/trace-types';
import type { PacketTrace } from '../api/trace';
import { TestCluster } from './test-cluster';

const ROOT = join(__dirname, '../../../fidelity');
const rows = readFileSync(join(ROOT, 'expected.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0]);
const read = (path: string) => readFileSync(join(ROOT, 'examples', path), 'utf8');

function cluster(...paths: string[]): TestCluster {
  const c = new TestCluster();
  for (const p of paths) c.applyOk(read(p));
  return c;
}
/** The same on a CNI that enforces NetworkPolicy (Calico, BGP mode). */
function calicoCluster(...paths: string[]): TestCluster {
  const c = new TestCluster({ cni: 'calico-bgp' });
  for (const p of paths) c.applyOk(read(p));
  return c;
}
/** One TCP packet (and its reply) from a pod to `to`:`port`, walked through the nodes. */
const tcpTrace = (c: TestCluster, from: string, to: string, port: number) => c.world.trace({ from: { kind: 'pod', pod: from }, to, port, protocol: 'TCP' });
/** The hop where a trace was dropped. */
const dropHop = (t: PacketTrace) => t.hops[t.outcome.dropHop ?? -1];
const ns = (c: TestCluster, name: string) => c.applyOk(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`);
const running = (pods: Pod[]) => pods.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);
const deployment = (c: TestCluster, name: string) => c.world.getObject({ kind: 'Deployment', namespace: 'default', name }) as KubeObject & { status: Record<string, number> };
function labelNode(c: TestCluster, node: string, labels: Record<string, string>) {
  const n = c.world.getObject({ kind: 'Node', name: node }) as Node & KubeObject;
  const r = c.world.api.update({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, ...labels } } }, 'kubectl');
  if (!r.ok) throw new Error(r.status.message);
}

/** policy/quota.yaml as the ResourceQuota docs page shows it (the corpus does not hold the file). */
const QUOTA_BY_PRIORITY = ['high', 'medium', 'low'].map((pc, i) => `apiVersion: v1
kind: ResourceQuota
metadata: {name: pods-${pc}}
spec:
  hard: {cpu: "${['1000', '10', '5'][i]}", memory: ${['200Gi', '20Gi', '10Gi'][i]}, pods: "10"}
  scopeSelector: {matchExpressions: [{operator: In, scopeName: PriorityClass, values: [${pc}]}]}
`).join('---\n');

/** A running pod with labels (and, optionally, one named container port) in a namespace. */
const labelledPod = (name: string, namespace: string, labels: string, port = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${namespace}, labels: {${labels}}}\nspec: {containers: [{name: c, image: nginx${port ? `, ports: [${port}]` : ''}}]}\n`;
/**
 * The NetworkPolicy decision a policy-enforcing CNI makes, over the cluster's stored objects (the
 * packet walk that consults it at Calico's enforcement points is checked with traces separately).
 */
function policyVerdict(c: TestCluster, direction: PolicyQuery['direction'], pod: string, peer: string, protocol: PolicyQuery['protocol'], port: number) {
  const check = networkPolicyCheck({
    policies: c.world.list('NetworkPolicy') as unknown as NetworkPolicy[],
    pods: c.world.list('Pod') as unknown as Pod[],
    namespaces: c.world.list('Namespace') as unknown as Namespace[],
  });
  const peerPod = peer.includes('/') ? peer : undefined;
  const peerIP = peerPod ? c.pod(peerPod.split('/')[1], peerPod.split('/')[0]).status!.podIP! : peer;
  return check({ direction, pod, peerIP, peerPod, protocol, port });
}

/** Rows checked against the engine. */
const CHECKS: Record<string, () => void> = {
  'pods/two-container-pod.yaml': () => {
    const c = cluster('pods/two-container-pod.yaml').settle();
    const p = c.pod('two-containers');
    expect(p.status?.phase).toBe('Running');
    const byName = Object.fromEntries((p.status?.containerStatuses ?? []).map((s) => [s.name, s]));
    expect(byName['debian-container'].state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(byName['debian-container'].restartCount).toBe(0);
    expect(byName['nginx-container'].state?.running).toBeDefined();
    expect(c.kubectl('get pod two-containers --no-headers')).toMatch(/^two-containers\s+1\/2\s+NotReady\s+0\s/);
    // The debian container wrote index.html into the shared emptyDir; nginx serves it.
    expect(c.world.kubectl('exec two-containers -c nginx-container -- cat /usr/share/nginx/html/index.html').stdout).toBe('Hello from the debian container\n');
    expect(c.world.kubectl('exec two-containers -c nginx-container -- curl -s localhost').stdout).toBe('Hello from the debian container\n');
  },
  'application/deployment-sidecar.yaml': () => {
    const c = cluster('application/deployment-sidecar.yaml').settle();
    expect(deployment(c, 'myapp').status).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1 });
    const [p] = running(c.pods({ 'app.kubernetes.io/name': 'myapp' }));
    expect(p.status?.initContainerStatuses?.[0]).toMatchObject({ name: 'logshipper', ready: true, started: true, restartCount: 0 });
    expect(p.status?.initContainerStatuses?.[0].state?.running).toBeDefined();
    expect(p.status?.containerStatuses?.[0].state?.running).toBeDefined();
    expect(c.kubectl(`get pod ${p.metadata!.name} --no-headers`)).toMatch(/\s2\/2\s+Running\s+0\s/);
  },
  'application/deployment.yaml': () => {
    const c = cluster('application/deployment.yaml').settle();
    expect(deployment(c, 'nginx-deployment').status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 });
    expect(c.world.list('ReplicaSet', 'default')).toHaveLength(1);
    expect(running(c.pods({ app: 'nginx' }))).toHaveLength(2);
  },
  'application/deployment-update.yaml': () => {
    const c = cluster('application/deployment.yaml').settle();
    c.applyOk(read('application/deployment-update.yaml'));
    c.settle();
    const rss = c.world.list('ReplicaSet', 'default') as Array<KubeObject & { spec: { replicas: number }; status: { readyReplicas?: number } }>;
    expect(rss).toHaveLength(2);
    const [newRs, oldRs] = [...rss].sort((a, b) => b.spec.replicas - a.spec.replicas);
    expect(newRs.spec.replicas).toBe(2);
    expect(newRs.status.readyReplicas).toBe(2);
    expect(oldRs.spec.replicas).toBe(0);
    const pods = running(c.pods({ app: 'nginx' }));
    expect(pods.map((p) => p.spec!.containers[0].image)).toEqual(['nginx:1.16.1', 'nginx:1.16.1']);
  },
  'pods/topology-spread-constraints/one-constraint.yaml': () => {
    // The docs' scenario: zoneA (node-1, node-2) holds 2 foo=bar pods, zoneB (node-3, node-4) 1;
    // maxSkew 1 lets mypod only into zoneB (zoneA would make it 3 vs 1). The requests make resource
    // scoring prefer zoneA (100m each) over node-3 (600m) over node-4 (a 1-CPU pod without the label),
    // so node-3 is where the constraint alone sends it.
    const c = new TestCluster({ workerNodes: 4 });
    for (const [node, zone] of [['node-1', 'zoneA'], ['node-2', 'zoneA'], ['node-3', 'zoneB'], ['node-4', 'zoneB']]) labelNode(c, node, { zone });
    const placed = (name: string, node: string, labels: string, cpu: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, labels: {${labels}}}\nspec: {nodeName: ${node}, containers: [{name: pause, image: registry.k8s.io/pause:3.1, resources: {requests: {cpu: ${cpu}}}}]}\n`;
    for (const [name, node, cpu] of [['foo-1', 'node-1', '100m'], ['foo-2', 'node-2', '100m'], ['foo-3', 'node-3', '600m']]) c.applyOk(placed(name, node, 'foo: bar', cpu));
    c.applyOk(placed('busy', 'node-4', 'app: busy', '1'));
    c.settle();
    c.applyOk(read('pods/topology-spread-constraints/one-constraint.yaml'));
    c.settle();
    expect(c.pod('mypod').spec?.nodeName).toBe('node-3');
    expect(c.pod('mypod').status?.phase).toBe('Running');
    // Nodes without the 'zone' label are no domain: with none labelled the pod stays Pending.
    const bare = cluster('pods/topology-spread-constraints/one-constraint.yaml').settle();
    expect(bare.pod('mypod').status?.phase).toBe('Pending');
    expect(bare.pod('mypod').status?.conditions?.find((x) => x.type === 'PodScheduled')?.message).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 node(s) didn't match pod topology spread constraints (missing required label). " +
      'preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.');
  },
  'application/nginx-app.yaml': () => {
    // The row's cluster has no load-balancer controller: the simulated cloud is turned off.
    const c = new TestCluster({ loadBalancer: false });
    c.applyOk(read('application/nginx-app.yaml'));
    c.settle();
    const svc = c.service('my-nginx-svc');
    expect(svc.spec?.type).toBe('LoadBalancer');
    expect(svc.spec?.clusterIP).toMatch(/^10\./);
    expect(svc.spec?.ports?.[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(c.readyEndpoints('my-nginx-svc')).toHaveLength(3);
    expect(deployment(c, 'my-nginx').status).toMatchObject({ readyReplicas: 3, availableReplicas: 3 });
    expect(c.kubectl('get svc my-nginx-svc')).toMatch(/LoadBalancer\s+10\.\S+\s+<pending>\s+80:3\d{4}\/TCP/);
    // With the simulated cloud (the default) the Service gets an address from its pool.
    const lb = cluster('application/nginx-app.yaml').settle();
    expect(lb.kubectl('get svc my-nginx-svc')).toMatch(/LoadBalancer\s+10\.\S+\s+192\.168\.49\.240\s+80:3\d{4}\/TCP/);
  },
  'service/networking/default-ingressclass.yaml': () => {
    const c = cluster('service/networking/default-ingressclass.yaml');
    expect(c.kubectl('get ingressclass example-class --no-headers')).toMatch(/^example-class\s+k8s\.io\/example-class\s+<none>\s+\d+s$/m);
    // Ingresses created afterwards without a class get it at admission (DefaultIngressClass).
    c.applyOk(read('service/networking/simple-fanout-example.yaml'));
    const ing = c.world.getObject({ kind: 'Ingress', namespace: 'default', name: 'simple-fanout-example' }) as KubeObject & { spec: { ingressClassName?: string } };
    expect(ing.spec.ingressClassName).toBe('example-class');
  },
  'service/networking/simple-fanout-example.yaml': () => {
    const c = cluster('service/networking/simple-fanout-example.yaml').settle();
    expect(c.kubectl('get ingress simple-fanout-example --no-headers')).toMatch(/^simple-fanout-example\s+<none>\s+foo\.bar\.com\s+80\s+\d+s$/m);
    expect(c.kubectl('describe ingress simple-fanout-example')).toMatch(/\/foo\s+service1:4200 \(<error: services "service1" not found>\)\n\s+\/bar\s+service2:8080 /);
  },
  'service/networking/tls-example-ingress.yaml': () => {
    const c = cluster('service/networking/tls-example-ingress.yaml').settle();
    expect(c.kubectl('get ingress tls-example-ingress --no-headers')).toMatch(/^tls-example-ingress\s+<none>\s+https-example\.foo\.com\s+80, 443\s+\d+s$/m);
    expect(c.kubectl('describe ingress tls-example-ingress')).toContain('testsecret-tls terminates https-example.foo.com');
  },
  'application/job/cronjob.yaml': () => {
    const c = new TestCluster();
    const r = c.apply(read('application/job/cronjob.yaml'));
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toContain('no matches for kind "CronJob" in version "batch/v1beta1"');
  },
  'controllers/job.yaml': () => {
    const c = cluster('controllers/job.yaml').settle();
    const job = c.world.getObject({ kind: 'Job', namespace: 'default', name: 'pi' }) as KubeObject & { status: { succeeded?: number; conditions?: Array<{ type: string; status: string }> } };
    expect(job.status.succeeded).toBe(1);
    expect(job.status.conditions?.filter((x) => x.status === 'True').map((x) => x.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    const pods = c.pods({ 'job-name': 'pi' });
    expect(pods).toHaveLength(1); // the pod is kept
    expect(pods[0].status?.phase).toBe('Succeeded');
    expect(c.kubectl('get job pi --no-headers')).toMatch(/^pi\s+Complete\s+1\/1\s+\d+s\s+\d+s$/m);
    expect(c.kubectl(`get pod ${pods[0].metadata!.name} --no-headers`)).toMatch(/\s0\/1\s+Completed\s+0\s/);
  },
  'controllers/job-backoff-limit-per-index-example.yaml': () => {
    const c = cluster('controllers/job-backoff-limit-per-index-example.yaml').settle(30 * 60_000);
    const job = c.world.getObject({ kind: 'Job', namespace: 'default', name: 'job-backoff-limit-per-index-example' }) as KubeObject & { status: { succeeded?: number; failed?: number; completedIndexes?: string; failedIndexes?: string; conditions?: Array<{ type: string; status: string; reason?: string }> } };
    expect(job.status).toMatchObject({ completedIndexes: '1,3,5,7,9', failedIndexes: '0,2,4,6,8', succeeded: 5, failed: 10 });
    expect(job.status.conditions?.find((x) => x.type === 'Failed')).toMatchObject({ status: 'True', reason: 'FailedIndexes' });
    // every index ran; each even one twice (backoffLimitPerIndex 1), each odd one once
    const pods = c.pods({ 'job-name': 'job-backoff-limit-per-index-example' });
    const perIndex = new Map<string, number>();
    for (const p of pods) {
      const ix = p.metadata!.annotations!['batch.kubernetes.io/job-completion-index'];
      perIndex.set(ix, (perIndex.get(ix) ?? 0) + 1);
    }
    expect([...perIndex.entries()].sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([...Array(10).keys()].map((i) => [String(i), i % 2 === 0 ? 2 : 1]));
    expect(c.kubectl(`logs ${pods[0].metadata!.name}`)).toBe('Hello world\n');
  },
  'application/job/job-sidecar.yaml': () => {
    const c = cluster('application/job/job-sidecar.yaml').settle();
    const job = c.world.getObject({ kind: 'Job', namespace: 'default', name: 'myjob' }) as KubeObject & { status: { succeeded?: number; conditions?: Array<{ type: string; status: string }> } };
    expect(job.status.conditions?.some((x) => x.type === 'Complete' && x.status === 'True')).toBe(true);
    expect(c.kubectl('get job myjob --no-headers')).toMatch(/^myjob\s+Complete\s+1\/1\s/);
    const [p] = c.pods({ 'job-name': 'myjob' });
    expect(p.status?.phase).toBe('Succeeded');
    expect(p.status?.containerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(p.status?.initContainerStatuses?.[0].state?.terminated).toBeDefined(); // the sidecar was stopped
  },
  'controllers/frontend.yaml': () => {
    const c = cluster('controllers/frontend.yaml').settle();
    const pods = running(c.pods({ tier: 'frontend' }));
    expect(pods).toHaveLength(3);
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: pods[0].metadata!.name! });
    c.settle();
    const after = running(c.pods({ tier: 'frontend' }));
    expect(after).toHaveLength(3);
    expect(after.map((p) => p.metadata!.name)).not.toContain(pods[0].metadata!.name);
  },
  'pods/init-containers.yaml': () => {
    const c = new TestCluster();
    const statuses: string[] = [];
    c.world.onWatch((rec) => {
      if (rec.resource !== 'pods') return;
      const line = c.kubectl('get pod init-demo --no-headers').split(/\s+/)[2];
      if (line && statuses[statuses.length - 1] !== line) statuses.push(line);
    });
    c.applyOk(read('pods/init-containers.yaml'));
    c.settle();
    expect(statuses).toContain('Init:0/1');
    expect(statuses.indexOf('Init:0/1')).toBeLessThan(statuses.indexOf('Running'));
    expect(c.pod('init-demo').status?.initContainerStatuses?.[0].state?.terminated?.reason).toBe('Completed');
    expect(c.kubectl('get pod init-demo --no-headers')).toMatch(/^init-demo\s+1\/1\s+Running/);
    // The init container's wget -O /work-dir/index.html is what nginx serves from the shared emptyDir.
    expect(c.world.kubectl('exec init-demo -- curl -s localhost').stdout).toContain('<title>http://info.cern.ch</title>');
  },
  'pods/pod-nginx.yaml': () => {
    const c = new TestCluster();
    c.applyOk(read('pods/pod-nginx.yaml'));
    c.settle();
    expect(c.pod('nginx').status?.phase).toBe('Pending');
    expect(c.pod('nginx').status?.conditions?.find((x) => x.type === 'PodScheduled')?.message).toContain("didn't match Pod's node affinity/selector");
    labelNode(c, 'node-2', { disktype: 'ssd' });
    c.settle();
    expect(c.pod('nginx').spec?.nodeName).toBe('node-2');
    expect(c.pod('nginx').status?.phase).toBe('Running');
  },
  'pods/pod-nginx-specific-node.yaml': () => {
    const c = cluster('pods/pod-nginx-specific-node.yaml').settle();
    expect(c.pod('nginx').status?.phase).toBe('Pending');
    expect(c.world.list('Event', 'default').filter((e) => (e as { reason?: string }).reason === 'FailedScheduling')).toHaveLength(0);
  },
  'pods/pod-with-toleration.yaml': () => {
    const c = cluster('pods/pod-with-toleration.yaml').settle();
    const pods = running(c.pods());
    expect(pods).toHaveLength(1);
  },
  'pods/pod-with-scheduling-gates.yaml': () => {
    const c = cluster('pods/pod-with-scheduling-gates.yaml').settle();
    expect(c.kubectl('get pod test-pod --no-headers')).toMatch(/^test-pod\s+0\/1\s+SchedulingGated/);
    expect(c.world.list('Event', 'default').filter((e) => (e as { reason?: string }).reason === 'FailedScheduling')).toHaveLength(0);
  },
  'pods/qos/qos-pod-3.yaml': () => {
    const c = new TestCluster();
    ns(c, 'qos-example');
    c.applyOk(read('pods/qos/qos-pod-3.yaml'));
    c.settle();
    const p = c.pod('qos-demo-3', 'qos-example');
    expect(p.status).toMatchObject({ phase: 'Running', qosClass: 'BestEffort' });
  },
  'pods/resource/memory-request-limit-2.yaml': () => {
    const c = new TestCluster();
    ns(c, 'mem-example');
    c.applyOk(read('pods/resource/memory-request-limit-2.yaml'));
    c.settle();
    c.step(60_000);
    const cs = c.pod('memory-demo-2', 'mem-example').status!.containerStatuses![0];
    expect(cs.lastState?.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(cs.restartCount).toBeGreaterThanOrEqual(3);
    expect(cs.state?.waiting?.reason ?? cs.state?.terminated?.reason ?? 'running').toMatch(/^(CrashLoopBackOff|OOMKilled|running)$/);
    // Between restarts the STATUS column alternates OOMKilled and CrashLoopBackOff.
    expect(c.kubectl('get pod memory-demo-2 -n mem-example --no-headers')).toMatch(/^memory-demo-2\s+0\/1\s+(CrashLoopBackOff|OOMKilled)\s+\d+ \(\S+ ago\)\s/);
  },
  'pods/resource/memory-request-limit.yaml': () => {
    const c = new TestCluster();
    ns(c, 'mem-example');
    c.applyOk(read('pods/resource/memory-request-limit.yaml'));
    c.settle();
    c.step(120_000);
    const p = c.pod('memory-demo', 'mem-example');
    // stress holds 150M (157286400 bytes): above the 100Mi request, within the 200Mi limit, so never killed.
    expect(p.status?.phase).toBe('Running');
    expect(p.status!.containerStatuses![0]).toMatchObject({ restartCount: 0, ready: true });
    // the metrics server reads the program's working set: about 150Mi
    const top = c.kubectl('top pod memory-demo -n mem-example --no-headers');
    const mi = Number(/(\d+)Mi/.exec(top)?.[1] ?? 'NaN');
    expect(mi).toBeGreaterThanOrEqual(145);
    expect(mi).toBeLessThanOrEqual(165);
  },
  'pods/resource/memory-request-limit-3.yaml': () => {
    const c = new TestCluster();
    ns(c, 'mem-example');
    c.applyOk(read('pods/resource/memory-request-limit-3.yaml'));
    c.settle();
    const p = c.pod('memory-demo-3', 'mem-example');
    expect(p.status?.phase).toBe('Pending');
    expect(p.status?.conditions?.find((x) => x.type === 'PodScheduled')?.message).toMatch(/^0\/4 nodes are available: 1 node\(s\) had untolerated taint\(s\), 3 Insufficient memory\./);
  },
  'service/access/backend-deployment.yaml': () => {
    const c = cluster('service/access/backend-deployment.yaml').settle();
    expect(running(c.pods({ 'app.kubernetes.io/name': 'hello', tier: 'backend', track: 'stable' }))).toHaveLength(3);
  },
  'service/access/backend-service.yaml': () => {
    const c = cluster('service/access/backend-deployment.yaml', 'service/access/backend-service.yaml').settle();
    expect(c.readyEndpoints('hello')).toHaveLength(3);
    const slice = c.world.list('EndpointSlice', 'default').find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'hello') as unknown as { ports: Array<{ port: number }> };
    expect(slice.ports[0].port).toBe(80); // targetPort 'http' resolved through the pods' named port
    // From a pod in default the name resolves through CoreDNS (search list) and reaches a hello pod.
    c.applyOk(labelledPod('client', 'default', 'app: client'));
    c.settle();
    const t = tcpTrace(c, 'default/client', 'hello.default.svc', 80);
    expect(t.dns?.at(-1)).toMatchObject({ name: 'hello.default.svc.cluster.local.', rcode: 'NOERROR', answers: [c.service('hello').spec?.clusterIP] });
    expect(t.outcome).toMatchObject({ delivered: true, replied: true });
    expect((t.outcome.servedBy as { pod: string }).pod).toMatch(/^default\/backend-/);
  },
  'service/networking/run-my-nginx.yaml': () => {
    const c = cluster('service/networking/run-my-nginx.yaml').settle();
    const pods = running(c.pods({ run: 'my-nginx' }));
    expect(pods).toHaveLength(2);
    expect(new Set(pods.map((p) => p.status?.podIP)).size).toBe(2);
  },
  'service/pod-with-graceful-termination.yaml': () => {
    const c = cluster('service/pod-with-graceful-termination.yaml').settle();
    expect(deployment(c, 'nginx-deployment').status).toMatchObject({ readyReplicas: 1 });
    expect(c.readyEndpoints('nginx-service')).toHaveLength(1);
    const old = c.pods({ app: 'nginx' })[0];
    const oldName = old.metadata.name!;
    const oldIP = old.status!.podIP!;
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: oldName });
    const endpoint = (ip: string) => c.world.list('EndpointSlice', 'default')
      .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'nginx-service')
      .flatMap((s) => (s as { endpoints?: Array<{ addresses: string[]; conditions?: Record<string, boolean> }> }).endpoints ?? [])
      .find((e) => e.addresses.includes(ip));
    // preStop `sleep 180` runs; the pod stays Terminating, its endpoint serving but not ready.
    c.step(60_000);
    expect(c.kubectl(`get pod ${oldName} --no-headers`)).toMatch(/\s1\/1\s+Terminating\s/);
    expect(endpoint(oldIP)?.conditions).toEqual({ ready: false, serving: true, terminating: true });
    // The replacement is in the slice, ready, while the old pod terminates.
    expect(c.readyEndpoints('nginx-service')).toHaveLength(1);
    expect(c.readyEndpoints('nginx-service')).not.toContain(oldIP);
    // Still there just before the 120 s grace period ends (the hook is cut there), gone soon after.
    c.step(58_000);
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: oldName })).toBeDefined();
    c.step(4_500);
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: oldName })).toBeUndefined();
    expect(endpoint(oldIP)).toBeUndefined();
  },
  'pods/lifecycle-events.yaml': () => {
    const c = new TestCluster();
    const states: string[] = [];
    c.world.onWatch((rec) => {
      if (rec.resource !== 'pods' || rec.object.metadata.name !== 'lifecycle-demo') return;
      const s = (rec.object as Pod).status?.containerStatuses?.[0]?.state;
      if (s) states.push(Object.keys(s)[0]);
    });
    c.applyOk(read('pods/lifecycle-events.yaml'));
    c.settle();
    expect(c.pod('lifecycle-demo').status?.phase).toBe('Running');
    // Started (the event) comes before the postStart handler returns; running is reported after it.
    expect(states[states.length - 1]).toBe('running');
    expect(states.filter((s) => s !== 'waiting')).toEqual(states.slice(states.indexOf('running')));
    expect(c.world.kubectl('exec lifecycle-demo -- cat /usr/share/message').stdout).toBe('Hello from the postStart handler\n');
    // On deletion preStop (`nginx -s quit` and a wait for nginx to go) ends in about a second, well within 30 s.
    c.world.deleteObject({ kind: 'Pod', namespace: 'default', name: 'lifecycle-demo' });
    c.step(1_000);
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: 'lifecycle-demo' })).toBeDefined();
    c.step(3_000);
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: 'lifecycle-demo' })).toBeUndefined();
  },
  'admin/sched/my-scheduler.yaml': () => {
    const c = cluster('admin/sched/my-scheduler.yaml').settle();
    // The two ClusterRoleBindings give the ServiceAccount the bootstrap scheduler roles.
    const sa = '--as system:serviceaccount:kube-system:my-scheduler';
    expect(c.kubectl('get clusterrolebinding my-scheduler-as-kube-scheduler my-scheduler-as-volume-scheduler --no-headers').split('\n').filter(Boolean).map((l) => l.split(/\s+/).slice(0, 2).join(' ')))
      .toEqual(['my-scheduler-as-kube-scheduler ClusterRole/system:kube-scheduler', 'my-scheduler-as-volume-scheduler ClusterRole/system:volume-scheduler']);
    expect(c.world.kubectl(`auth can-i create bindings ${sa} -n default`).stdout).toBe('yes\n');
    expect(c.world.kubectl(`auth can-i update persistentvolumes ${sa}`).stdout).toBe('yes\n');
    expect(c.world.kubectl(`auth can-i delete secrets ${sa} -n default`).exitCode).toBe(1);
    const pods = c.pods({ component: 'scheduler', tier: 'control-plane' }, 'kube-system');
    expect(pods).toHaveLength(1);
    const waiting = pods[0].status?.containerStatuses?.[0].state?.waiting;
    expect(waiting?.reason).toBe('ImagePullBackOff');
    expect(waiting?.message).toBe('Back-off pulling image "gcr.io/my-gcp-project/my-kube-scheduler:1.0": ErrImagePull: failed to pull and unpack image "gcr.io/my-gcp-project/my-kube-scheduler:1.0": failed to resolve reference "gcr.io/my-gcp-project/my-kube-scheduler:1.0": gcr.io/my-gcp-project/my-kube-scheduler:1.0: not found');
    expect(c.kubectl('get pods -n kube-system -l component=scheduler --no-headers')).toMatch(/\s0\/1\s+ImagePullBackOff\s+0\s/);
  },
  'access/simple-clusterrole.yaml': () => {
    const c = cluster('access/simple-clusterrole.yaml').settle();
    expect(c.kubectl('get clusterrole secret-reader --no-headers')).toMatch(/^secret-reader\s+\S+/);
    const cr = c.world.getObject({ kind: 'ClusterRole', name: 'secret-reader' }) as KubeObject & { rules: unknown };
    expect(cr.metadata.namespace).toBeUndefined();
    expect(cr.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'watch', 'list'] }]);
    // No workload effect; a subject bound to it may read Secrets, and only read them.
    expect(c.world.list('Pod', 'default')).toHaveLength(0);
    ns(c, 'development');
    expect(c.world.kubectl('auth can-i get secrets --as dave -n development').exitCode).toBe(1);
    c.applyOk('apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: read-secrets, namespace: development}\nsubjects: [{kind: User, name: dave, apiGroup: rbac.authorization.k8s.io}]\nroleRef: {kind: ClusterRole, name: secret-reader, apiGroup: rbac.authorization.k8s.io}\n');
    for (const verb of ['get', 'list', 'watch']) expect(c.world.kubectl(`auth can-i ${verb} secrets --as dave -n development`).stdout).toBe('yes\n');
    expect(c.world.kubectl('auth can-i delete secrets --as dave -n development').stdout).toBe('no\n');
    expect(c.world.kubectl('auth can-i get secrets --as dave -n default').stdout).toBe('no\n');
    c.applyOk('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: read-secrets-global}\nsubjects: [{kind: Group, name: manager, apiGroup: rbac.authorization.k8s.io}]\nroleRef: {kind: ClusterRole, name: secret-reader, apiGroup: rbac.authorization.k8s.io}\n');
    expect(c.world.kubectl('auth can-i list secrets --as erin --as-group manager -A').stdout).toBe('yes\n');
    expect(c.world.kubectl('get secrets -A --as erin --as-group manager').exitCode).toBe(0);
    expect(c.world.kubectl('get pods --as erin --as-group manager').exitCode).toBe(1);
  },
  'access/simple-rolebinding-with-role.yaml': () => {
    const c = new TestCluster();
    const can = () => c.world.kubectl('auth can-i list pods --as jane -n default');
    expect(can()).toMatchObject({ stdout: 'no\n', exitCode: 1 });
    // The binding is accepted before its Role exists: roleRef is resolved when authorizing.
    c.applyOk(read('access/simple-rolebinding-with-role.yaml'));
    expect(c.kubectl('get rolebinding read-pods --no-headers')).toMatch(/^read-pods\s+Role\/pod-reader\s/);
    // The RBAC authorizer reports the unresolved roleRef as the denial's reason.
    expect(can()).toMatchObject({ stdout: 'no - RBAC: role.rbac.authorization.k8s.io "pod-reader" not found\n', exitCode: 1 });
    // access/simple-role.yaml as the RBAC docs page shows it (the corpus does not hold the file).
    c.applyOk('apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {namespace: default, name: pod-reader}\nrules: [{apiGroups: [""], resources: ["pods"], verbs: ["get", "watch", "list"]}]\n');
    expect(can()).toMatchObject({ stdout: 'yes\n', exitCode: 0 });
    expect(c.world.kubectl('auth can-i list pods --as jane -n kube-system')).toMatchObject({ stdout: 'no\n', exitCode: 1 });
    expect(c.world.kubectl('auth can-i delete pods --as jane -n default')).toMatchObject({ stdout: 'no\n', exitCode: 1 });
    expect(c.world.kubectl('auth can-i list pods --as bob -n default').exitCode).toBe(1);
    expect(c.world.kubectl('get pods --as jane -n default').exitCode).toBe(0);
  },
  'service/simple-service.yaml': () => {
    const c = cluster('service/simple-service.yaml').settle();
    const slices = c.world.list('EndpointSlice', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'my-service');
    expect(slices).toHaveLength(1);
    expect((slices[0] as { endpoints?: unknown[] }).endpoints ?? []).toHaveLength(0);
  },
  'configmap/configmaps.yaml': () => {
    const c = cluster('configmap/configmaps.yaml');
    const data = (name: string) => (c.world.getObject({ kind: 'ConfigMap', namespace: 'default', name }) as ConfigMap | undefined)?.data;
    expect(data('special-config')).toEqual({ 'special.how': 'very' });
    expect(data('env-config')).toEqual({ log_level: 'INFO' });
    expect(c.kubectl('get cm --no-headers').split('\n').filter(Boolean).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['env-config 1', 'kube-root-ca.crt 1', 'special-config 1']);
  },
  'pods/inject/secret.yaml': () => {
    const c = cluster('pods/inject/secret.yaml');
    const s = c.world.getObject({ kind: 'Secret', namespace: 'default', name: 'test-secret' }) as Secret & KubeObject;
    expect(s.type).toBe('Opaque');
    const decoded = Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
    expect(decoded).toEqual({ username: 'my-app', password: '39528$vdg7Jb' });
    expect(c.kubectl('get secret test-secret --no-headers')).toMatch(/^test-secret\s+Opaque\s+2\s/);
  },
  'application/cassandra/cassandra-service.yaml': () => {
    const c = cluster('application/cassandra/cassandra-service.yaml').settle();
    expect(c.service('cassandra').spec?.clusterIP).toBe('None');
  },
  'application/web/web.yaml': () => {
    const c = cluster('application/web/web.yaml').settle();
    const sts = c.world.getObject({ kind: 'StatefulSet', namespace: 'default', name: 'web' }) as KubeObject & { status: Record<string, number> };
    expect(sts.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2 });
    const pods = c.pods({ app: 'nginx' });
    expect(pods.map((p) => [p.metadata!.name, p.spec?.hostname, p.spec?.subdomain, p.status?.phase])).toEqual([
      ['web-0', 'web-0', 'nginx', 'Running'], ['web-1', 'web-1', 'nginx', 'Running'],
    ]);
    // Strict ordering is asserted against the watch stream in controller/statefulset/stateful-set.test.ts.
    expect(Date.parse(pods[1].metadata!.creationTimestamp!)).toBeGreaterThan(Date.parse(pods[0].status!.conditions!.find((x) => x.type === 'Ready')!.lastTransitionTime!) - 1);
    const pvcs = c.world.list('PersistentVolumeClaim', 'default') as Array<KubeObject & { spec: { storageClassName?: string; resources: { requests: Record<string, string> } }; status: { phase: string } }>;
    expect(pvcs.map((p) => [p.metadata.name, p.status.phase, p.spec.storageClassName, p.spec.resources.requests.storage])).toEqual([
      ['www-web-0', 'Bound', 'standard', '1Gi'], ['www-web-1', 'Bound', 'standard', '1Gi'],
    ]);
    expect(c.readyEndpoints('nginx')).toHaveLength(2);
    // The headless Service gives each pod a name: web-0.nginx resolves from a pod in default, to web-0 itself.
    c.applyOk(labelledPod('client', 'default', 'app: client'));
    c.settle();
    const t = tcpTrace(c, 'default/client', 'web-0.nginx', 80);
    expect(t.dns?.at(-1)).toMatchObject({ name: 'web-0.nginx.default.svc.cluster.local.', rcode: 'NOERROR', answers: [c.pod('web-0').status?.podIP] });
    expect(t.outcome).toMatchObject({ delivered: true, replied: true, servedBy: { kind: 'pod', pod: 'default/web-0' } });
  },
  'application/cassandra/cassandra-statefulset.yaml': () => {
    // No provisioner named k8s.io/minikube-hostpath runs here: the claim stays Pending, so cassandra-0
    // stays Pending and OrderedReady never creates cassandra-1 and -2.
    const c = cluster('application/cassandra/cassandra-service.yaml', 'application/cassandra/cassandra-statefulset.yaml').settle();
    const pods = c.pods({ 'app.kubernetes.io/name': 'cassandra' });
    expect(pods.map((p) => [p.metadata!.name, p.status?.phase])).toEqual([['cassandra-0', 'Pending']]);
    expect(pods[0].spec?.containers[0].resources?.requests).toMatchObject({ cpu: '500m', memory: '1Gi' });
    const pvcs = c.world.list('PersistentVolumeClaim', 'default') as Array<KubeObject & { spec: { storageClassName?: string }; status: { phase: string } }>;
    expect(pvcs.map((p) => [p.metadata.name, p.status.phase, p.spec.storageClassName])).toEqual([['cassandra-data-cassandra-0', 'Pending', 'fast']]);
    expect(c.kubectl('get sts cassandra --no-headers')).toMatch(/^cassandra\s+0\/3\s/);
    // With minikube's storage-provisioner running, each claim gets a hostPath volume and the pods come up in order.
    const m = new TestCluster({ minikubeHostPath: true });
    for (const p of ['application/cassandra/cassandra-service.yaml', 'application/cassandra/cassandra-statefulset.yaml']) m.applyOk(read(p));
    const created: string[] = [];
    m.world.onWatch((rec) => {
      const o = rec.object as KubeObject | undefined;
      if (rec.type === 'ADDED' && o?.kind === 'Pod' && o.metadata.labels?.['app.kubernetes.io/name'] === 'cassandra') created.push(o.metadata.name ?? '');
    });
    m.settle();
    expect(created).toEqual(['cassandra-0', 'cassandra-1', 'cassandra-2']);
    const bound = m.world.list('PersistentVolumeClaim', 'default') as Array<KubeObject & { spec: { volumeName?: string }; status: { phase: string; capacity?: { storage?: string } } }>;
    expect(bound.map((p) => [p.metadata.name, p.status.phase, p.status.capacity?.storage])).toEqual([0, 1, 2].map((i) => [`cassandra-data-cassandra-${i}`, 'Bound', '1Gi']));
    const pv = m.world.getObject({ kind: 'PersistentVolume', name: bound[0].spec.volumeName ?? '' }) as KubeObject & { spec: { hostPath?: { path: string } } };
    expect(pv.spec.hostPath?.path).toBe('/tmp/hostpath-provisioner/default/cassandra-data-cassandra-0');
    expect(m.kubectl('get sts cassandra --no-headers')).toMatch(/^cassandra\s+3\/3\s/);
  },
  'controllers/daemonset.yaml': () => {
    // The stored copy tolerates only the old master taint: the control plane (tainted control-plane) gets no pod.
    const c = cluster('controllers/daemonset.yaml').settle();
    const pods = running(c.pods({ name: 'fluentd-elasticsearch' }, 'kube-system'));
    expect(pods.map((p) => p.spec!.nodeName).sort()).toEqual(['node-1', 'node-2', 'node-3']);
    expect(pods[0].spec!.containers[0].resources?.requests).toEqual({ cpu: '100m', memory: '200Mi' });
    const ds = c.world.getObject({ kind: 'DaemonSet', namespace: 'kube-system', name: 'fluentd-elasticsearch' }) as KubeObject & { status: Record<string, number> };
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, numberAvailable: 3, numberMisscheduled: 0 });
    expect(c.kubectl('get ds -n kube-system')).toMatch(/^fluentd-elasticsearch\s+3\s+3\s+3\s+3\s+3\s+<none>\s+\d+s$/m);
  },
  'controllers/daemonset-label-selector.yaml': () => {
    const c = cluster('controllers/daemonset-label-selector.yaml').settle();
    expect(c.pods({ app: 'web-server' })).toHaveLength(0);
    labelNode(c, 'node-1', { ssd: 'true' });
    c.settle();
    expect(running(c.pods({ app: 'web-server' })).map((p) => p.spec!.nodeName)).toEqual(['node-1']);
    labelNode(c, 'node-3', { ssd: 'true' });
    c.settle();
    expect(running(c.pods({ app: 'web-server' })).map((p) => p.spec!.nodeName).sort()).toEqual(['node-1', 'node-3']);
    const n = c.world.getObject({ kind: 'Node', name: 'node-1' }) as Node & KubeObject;
    const labels = { ...n.metadata.labels };
    delete labels.ssd;
    const r = c.world.api.update({ ...n, metadata: { ...n.metadata, labels } }, 'kubectl');
    expect(r.ok).toBe(true);
    c.settle();
    expect(c.pods({ app: 'web-server' }).map((p) => p.spec!.nodeName)).toEqual(['node-3']);
  },
  'policy/high-priority-pod.yaml': () => {
    // Without the class the docs define inline, Priority admission refuses the pod.
    const c = new TestCluster();
    const refused = c.apply(read('policy/high-priority-pod.yaml'));
    expect(refused.ok).toBe(false);
    expect(refused.documents[0].message).toBe('Error from server (Forbidden): error when creating "STDIN": pods "high-priority" is forbidden: no PriorityClass with name high was found');
    c.applyOk('apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: high}\nvalue: 1000000\n');
    c.applyOk(read('policy/high-priority-pod.yaml'));
    c.settle();
    const p = c.pod('high-priority');
    expect(p.spec).toMatchObject({ priorityClassName: 'high', priority: 1000000, preemptionPolicy: 'PreemptLowerPriority' });
    // 10Gi of memory fits on no 4Gi node, and evicting lower-priority pods cannot make room.
    expect(p.status?.phase).toBe('Pending');
    expect(p.status?.conditions?.find((x) => x.type === 'PodScheduled')?.message).toMatch(/3 Insufficient memory\. preemption: 0\/4 nodes are available: 4 Preemption is not helpful for scheduling\.$/);
    // policy/quota.yaml (inline on the docs page): the pod counts against pods-high only.
    c.applyOk(QUOTA_BY_PRIORITY);
    c.settle();
    const quotaUsed = (name: string) => (c.world.getObject({ kind: 'ResourceQuota', namespace: 'default', name }) as KubeObject & { status: { used: Record<string, string> } }).status.used;
    expect(quotaUsed('pods-high')).toEqual({ cpu: '500m', memory: '10Gi', pods: '1' });
    expect(quotaUsed('pods-low')).toEqual({ cpu: '0', memory: '0', pods: '0' });
  },
  'admin/resource/memory-defaults.yaml': () => {
    const c = new TestCluster();
    ns(c, 'default-mem-example');
    c.applyOk(read('admin/resource/memory-defaults.yaml').replace('name: "mem-limit-range",', 'name: "mem-limit-range", namespace: "default-mem-example",'));
    c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: before, namespace: default}\nspec: {containers: [{name: c, image: nginx}]}\n');
    const lr = c.world.getObject({ kind: 'LimitRange', namespace: 'default-mem-example', name: 'mem-limit-range' }) as KubeObject & { spec: { limits: Array<Record<string, unknown>> } };
    expect(lr.spec.limits[0]).toMatchObject({ type: 'Container', default: { memory: '512Mi' }, defaultRequest: { memory: '256Mi' } });
    expect(c.pod('before').spec?.containers[0].resources ?? {}).toEqual({});
    expect(c.kubectl('describe limits mem-limit-range -n default-mem-example')).toContain('Container   memory    -    -    256Mi            512Mi          -\n');
  },
  'admin/resource/memory-defaults-pod.yaml': () => {
    const c = new TestCluster();
    ns(c, 'default-mem-example');
    c.applyOk(read('admin/resource/memory-defaults.yaml').replace('name: "mem-limit-range",', 'name: "mem-limit-range", namespace: "default-mem-example",'));
    c.applyOk(read('admin/resource/memory-defaults-pod.yaml').replace('name: "default-mem-demo",', 'name: "default-mem-demo", namespace: "default-mem-example",'));
    c.settle();
    const p = c.pod('default-mem-demo', 'default-mem-example');
    expect(p.spec?.containers[0].resources).toEqual({ limits: { memory: '512Mi' }, requests: { memory: '256Mi' } });
    expect(p.status?.phase).toBe('Running');
  },
  'admin/resource/storagelimits.yaml': () => {
    const c = cluster('admin/resource/storagelimits.yaml');
    const claim = (name: string, size: string) => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: ${name}}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: ${size}}}}\n`;
    expect(c.apply(claim('too-big', '3Gi')).documents[0].message).toMatch(/persistentvolumeclaims "too-big" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 3Gi$/);
    c.applyOk(claim('fits', '1Gi'));
    expect(c.kubectl('get limitrange --no-headers')).toMatch(/^storagelimits +\d{4}-\d\d-\d\dT/);
  },
  'admin/resource/pvc-limit-lower.yaml': () => {
    const c = cluster('admin/resource/storagelimits.yaml');
    const r = c.apply(read('admin/resource/pvc-limit-lower.yaml'));
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toBe('Error from server (Forbidden): error when creating "STDIN": persistentvolumeclaims "pvc-limit-lower" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi');
    expect(c.world.list('PersistentVolumeClaim', 'default')).toHaveLength(0);
  },
  'admin/resource/quota-mem-cpu.yaml': () => {
    const c = cluster('admin/resource/quota-mem-cpu.yaml').settle();
    const q = c.world.getObject({ kind: 'ResourceQuota', namespace: 'default', name: 'mem-cpu-demo' }) as KubeObject & { status: Record<string, Record<string, string>> };
    expect(q.status.hard).toEqual({ 'requests.cpu': '1', 'requests.memory': '1Gi', 'limits.cpu': '2', 'limits.memory': '2Gi' });
    expect(q.status.used).toEqual({ 'limits.cpu': '0', 'limits.memory': '0', 'requests.cpu': '0', 'requests.memory': '0' });
    const r = c.apply('apiVersion: v1\nkind: Pod\nmetadata: {name: bare}\nspec: {containers: [{name: bare, image: nginx}]}\n');
    expect(r.documents[0].message).toMatch(/pods "bare" is forbidden: failed quota: mem-cpu-demo: must specify limits.cpu for: bare; limits.memory for: bare; requests.cpu for: bare; requests.memory for: bare$/);
  },
  'admin/resource/quota-mem-cpu-pod.yaml': () => {
    const c = cluster('admin/resource/quota-mem-cpu.yaml').settle();
    c.applyOk(read('admin/resource/quota-mem-cpu-pod.yaml'));
    c.settle();
    expect(c.pod('quota-mem-cpu-demo').status?.phase).toBe('Running');
    const q = c.world.getObject({ kind: 'ResourceQuota', namespace: 'default', name: 'mem-cpu-demo' }) as KubeObject & { status: Record<string, Record<string, string>> };
    expect(q.status.used).toEqual({ 'limits.cpu': '800m', 'limits.memory': '800Mi', 'requests.cpu': '400m', 'requests.memory': '600Mi' });
    expect(c.kubectl('get resourcequota mem-cpu-demo --no-headers')).toMatch(/^mem-cpu-demo +\d+s +requests\.cpu: 400m\/1, requests\.memory: 600Mi\/1Gi +limits\.cpu: 800m\/2, limits\.memory: 800Mi\/2Gi\n$/);
  },
  'pods/storage/pv-claim.yaml': () => {
    // The prerequisite pods/storage/pv-volume.yaml, as the docs page shows it.
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: task-pv-volume, labels: {type: local}}\nspec:\n  storageClassName: manual\n  capacity: {storage: 10Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt/data}\n');
    c.applyOk(read('pods/storage/pv-claim.yaml'));
    c.settle();
    expect(c.kubectl('get pvc task-pv-claim --no-headers')).toMatch(/^task-pv-claim +Bound +task-pv-volume +10Gi +RWO +manual +<unset> +\d+s\n$/);
    expect(c.kubectl('get pv task-pv-volume --no-headers')).toMatch(/^task-pv-volume +10Gi +RWO +Retain +Bound +default\/task-pv-claim +manual +<unset> +\d+s\n$/);
  },
  'storage/storageclass-low-latency.yaml': () => {
    const c = cluster('storage/storageclass-low-latency.yaml');
    expect(c.kubectl('get sc low-latency --no-headers')).toMatch(/^low-latency +csi-driver\.example-vendor\.example +Retain +WaitForFirstConsumer +true +\d+s\n$/);
    expect(c.kubectl('get sc --no-headers').split('\n').filter((l) => l.includes('(default)'))).toHaveLength(1);
    c.applyOk('apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: fast-data}\nspec: {storageClassName: low-latency, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n');
    c.settle();
    const pvc = () => c.world.getObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'fast-data' }) as KubeObject & { status: { phase: string } };
    expect(pvc().status.phase).toBe('Pending');
    const events = () => c.world.list('Event', 'default') as Array<KubeObject & { reason: string; message: string }>;
    expect(events().filter((e) => e.reason === 'WaitForFirstConsumer')).toHaveLength(1);
    c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: user}\nspec: {containers: [{name: c, image: nginx, volumeMounts: [{name: d, mountPath: /d}]}], volumes: [{name: d, persistentVolumeClaim: {claimName: fast-data}}]}\n');
    c.step(60_000);
    // A pod uses it: the scheduler picks a node, but nothing provisions for the example driver.
    expect(pvc().metadata.annotations?.['volume.kubernetes.io/selected-node']).toMatch(/^node-\d$/);
    expect(pvc().status.phase).toBe('Pending');
    expect(events().find((e) => e.reason === 'ExternalProvisioning')?.message).toContain("external provisioner 'csi-driver.example-vendor.example'");
    expect(c.pod('user').status?.phase).toBe('Pending');
  },
  'pods/inject/secret-pod.yaml': () => {
    const without = cluster('pods/inject/secret-pod.yaml').step(30_000);
    expect(without.kubectl('get pod secret-test-pod --no-headers')).toMatch(/^secret-test-pod +0\/1 +ContainerCreating /);
    expect(without.kubectl('describe pod secret-test-pod')).toMatch(/Warning +FailedMount +.*kubelet +MountVolume\.SetUp failed for volume "secret-volume" : secret "test-secret" not found/);
    const c = cluster('pods/inject/secret.yaml', 'pods/inject/secret-pod.yaml').settle();
    expect(c.pod('secret-test-pod').status?.phase).toBe('Running');
    // The tutorial's `ls /etc/secret-volume` and `echo "$( cat username )"`: the keys are files, decoded.
    expect(c.world.kubectl('exec secret-test-pod -- ls /etc/secret-volume').stdout).toBe('password\nusername\n');
    expect(c.world.kubectl('exec secret-test-pod -- cat /etc/secret-volume/username').stdout).toBe('my-app');
    expect(c.world.kubectl('exec secret-test-pod -- cat /etc/secret-volume/password').stdout).toBe('39528$vdg7Jb');
    expect(c.world.kubectl('exec secret-test-pod -- touch /etc/secret-volume/x').stderr).toContain("touch: cannot touch '/etc/secret-volume/x': Read-only file system");
  },
  'pods/pod-configmap-envFrom.yaml': () => {
    const c = cluster('configmap/configmaps.yaml', 'pods/pod-configmap-envFrom.yaml').settle();
    expect(c.kubectl('get pod dapi-test-pod --no-headers')).toMatch(/^dapi-test-pod\s+0\/1\s+Completed\s+0\s/);
    // `env` printed the ConfigMap's keys as variables (envFrom), among the service links.
    const logs = c.world.kubectl('logs dapi-test-pod').stdout.split('\n');
    expect(logs).toContain('special.how=very');
    expect(logs).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1');
    // without the ConfigMap: CreateContainerConfigError with the kubelet's message, until it exists
    const bare = cluster('pods/pod-configmap-envFrom.yaml');
    bare.step(20_000);
    expect(bare.kubectl('get pod dapi-test-pod --no-headers')).toMatch(/^dapi-test-pod\s+0\/1\s+CreateContainerConfigError\s+0\s/);
    expect(bare.pod('dapi-test-pod').status!.containerStatuses![0].state?.waiting).toMatchObject({ reason: 'CreateContainerConfigError', message: 'configmap "special-config" not found' });
  },
  'pods/config/redis-pod.yaml': () => {
    // The prerequisite pods/config/example-redis-config.yaml, as the tutorial creates it.
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: example-redis-config}\ndata: {redis-config: ""}\n');
    c.applyOk(read('pods/config/redis-pod.yaml'));
    c.settle();
    const p = c.pod('redis');
    expect(p.status?.phase).toBe('Running');
    expect(p.spec?.containers[0].resources?.limits).toEqual({ cpu: '0.1' });
    const conf = () => c.world.kubectl('exec redis -- cat /usr/local/etc/redis/redis.conf').stdout;
    expect(conf()).toBe('');
    // The tutorial's edit reaches the mounted file after the kubelet's sync (60-90 s), not at once.
    c.applyOk('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: example-redis-config}\ndata:\n  redis-config: |\n    maxmemory 2mb\n    maxmemory-policy allkeys-lru\n');
    c.step(30_000);
    expect(conf()).toBe('');
    c.step(60_000);
    expect(conf()).toBe('maxmemory 2mb\nmaxmemory-policy allkeys-lru\n');
  },
  'policy/zookeeper-pod-disruption-budget-minavailable.yaml': () => {
    const c = cluster('policy/zookeeper-pod-disruption-budget-minavailable.yaml').settle();
    const pdb = () => c.world.getObject({ kind: 'PodDisruptionBudget', namespace: 'default', name: 'zk-pdb' }) as KubeObject & { status: Record<string, number> };
    expect(pdb().status).toMatchObject({ expectedPods: 0, currentHealthy: 0, desiredHealthy: 2, disruptionsAllowed: 0 });
    c.applyOk(`apiVersion: apps/v1
kind: Deployment
metadata: {name: zk}
spec:
  replicas: 3
  selector: {matchLabels: {app.kubernetes.io/name: zookeeper}}
  template:
    metadata: {labels: {app.kubernetes.io/name: zookeeper}}
    spec: {containers: [{name: zk, image: registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10}]}
`);
    c.settle();
    expect(pdb().status).toMatchObject({ expectedPods: 3, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
    expect(c.kubectl('get pdb zk-pdb --no-headers')).toMatch(/^zk-pdb\s+2\s+N\/A\s+1\s+\d+s$/m);
  },
  'pods/probe/exec-liveness.yaml': () => {
    // Not settle(): the container is killed and restarted for ever. Healthy for ~30 s, then 3 failed
    // probes 5 s apart, Killing; sh as PID 1 ignores SIGTERM, so the restart follows the 30 s grace period.
    const c = cluster('pods/probe/exec-liveness.yaml');
    const unhealthy = () => (c.world.list('Event', 'default') as Array<KubeObject & { reason?: string; message?: string; count?: number }>).filter((e) => e.reason === 'Unhealthy');
    c.step(30_000);
    expect(c.kubectl('get pod liveness-exec --no-headers')).toMatch(/^liveness-exec\s+1\/1\s+Running\s+0\s/);
    expect(unhealthy()).toEqual([]);
    c.step(20_000);
    expect(unhealthy()).toHaveLength(1);
    expect(unhealthy()[0]).toMatchObject({ count: 3, message: "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n" });
    expect(c.kubectl('describe pod liveness-exec')).toMatch(/Normal\s+Killing\s+.*Container liveness failed liveness probe, will be restarted/);
    c.step(30_000);
    expect(c.kubectl('get pod liveness-exec --no-headers')).toMatch(/^liveness-exec\s+1\/1\s+Running\s+1 \(\d+s ago\)\s/);
    expect(c.pod('liveness-exec').status?.containerStatuses?.[0].lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    c.step(240_000);
    expect(c.pod('liveness-exec').status?.containerStatuses?.[0].restartCount).toBeGreaterThanOrEqual(3);
  },
  'service/networking/network-policy-default-deny-all.yaml': () => {
    const c = calicoCluster('service/networking/network-policy-default-deny-all.yaml');
    c.applyOk(labelledPod('web', 'default', 'app: web', '{name: http, containerPort: 80}'));
    c.applyOk(labelledPod('client', 'default', 'app: client'));
    c.applyOk(labelledPod('dns', 'kube-system', 'k8s-app: kube-dns'));
    c.settle();
    expect(c.kubectl('get netpol --no-headers')).toMatch(/^default-deny-all\s+<none>\s+\S+\n$/);
    const described = c.kubectl('describe netpol default-deny-all');
    expect(described).toContain('  Allowing ingress traffic:\n    <none> (Selected pods are isolated for ingress connectivity)\n');
    expect(described).toContain('  Allowing egress traffic:\n    <none> (Selected pods are isolated for egress connectivity)\n  Policy Types: Ingress, Egress\n');
    expect(policyVerdict(c, 'ingress', 'default/web', 'default/client', 'TCP', 80)).toMatchObject({ allowed: false, isolatedBy: ['default/default-deny-all'] });
    expect(policyVerdict(c, 'egress', 'default/client', 'kube-system/dns', 'UDP', 53)).toMatchObject({ allowed: false, isolatedBy: ['default/default-deny-all'] });
    expect(policyVerdict(c, 'egress', 'default/client', '93.184.216.34', 'TCP', 443).allowed).toBe(false);
    // Other namespaces are untouched: the DNS pod still answers and sends.
    expect(policyVerdict(c, 'ingress', 'kube-system/dns', '10.0.0.9', 'UDP', 53)).toMatchObject({ allowed: true, isolatedBy: [] });
    // Enforced by Calico, in a packet trace: a client outside "default" (its egress is free) is dropped
    // at web's ingress policy hop, on the host side of web's cali veth.
    ns(c, 'other');
    c.applyOk(labelledPod('outsider', 'other', 'app: client'));
    c.settle();
    const toWeb = tcpTrace(c, 'other/outsider', c.pod('web').status!.podIP!, 80);
    expect(toWeb.outcome).toMatchObject({ delivered: false, replied: false });
    expect(toWeb.outcome.reason).toMatch(/^Failed to connect to .* port 80: Connection timed out - NetworkPolicy: .*default\/default-deny-all/);
    expect(dropHop(toWeb).kind).toBe('drop');
    const denied = toWeb.hops.filter((h) => h.kind === 'policy');
    expect(denied.at(-1)).toMatchObject({ verdict: 'DROP', location: { node: c.pod('web').spec?.nodeName } });
    expect(denied.at(-1)!.summary).toMatch(/^NetworkPolicy ingress for pod default\/web: denied/);
    expect(denied.at(-1)!.location.device).toMatch(/^cali/);
    // A client inside "default" cannot even ask CoreDNS: its DNS query is dropped at its own egress.
    const byName = tcpTrace(c, 'default/client', 'web', 80);
    expect(byName.outcome.reason).toContain('Could not resolve host: web');
    const query = byName.dns?.[0].trace;
    expect(byName.dns?.[0].rcode).toBe('TIMEOUT');
    expect(query?.request).toMatchObject({ protocol: 'UDP', port: 53 });
    expect(dropHop(query!).summary).toContain('default/default-deny-all');
    expect(query!.hops.find((h) => h.kind === 'policy')?.summary).toMatch(/^NetworkPolicy egress for pod default\/client: denied/);
  },
  'service/networking/networkpolicy.yaml': () => {
    const c = calicoCluster('service/networking/networkpolicy.yaml');
    c.applyOk('apiVersion: v1\nkind: Namespace\nmetadata: {name: myproject, labels: {project: myproject}}\n');
    ns(c, 'other');
    c.applyOk(labelledPod('db', 'default', 'role: db', '{name: redis, containerPort: 6379}'));
    c.applyOk(labelledPod('frontend', 'default', 'role: frontend'));
    c.applyOk(labelledPod('web', 'default', 'role: web'));
    c.applyOk(labelledPod('anything', 'myproject', 'app: x'));
    c.applyOk(labelledPod('frontend', 'other', 'role: frontend'));
    c.settle();
    expect(c.kubectl('get networkpolicy --no-headers')).toMatch(/^test-network-policy\s+role=db\s+\S+\n$/);
    expect(c.kubectl('describe networkpolicy test-network-policy')).toContain('    To Port: 6379/TCP\n    From:\n      IPBlock:\n        CIDR: 172.17.0.0/16\n        Except: 172.17.1.0/24\n');
    const ingress = (peer: string, port = 6379) => policyVerdict(c, 'ingress', 'default/db', peer, 'TCP', port).allowed;
    expect(ingress('172.17.0.7')).toBe(true);
    expect(ingress('172.17.1.7')).toBe(false);
    expect(ingress('myproject/anything')).toBe(true);
    expect(ingress('default/frontend')).toBe(true);
    expect(ingress('default/frontend', 5432)).toBe(false);
    expect(ingress('default/web')).toBe(false);
    expect(ingress('other/frontend')).toBe(false);
    expect(policyVerdict(c, 'egress', 'default/db', '10.0.0.20', 'TCP', 5978).allowed).toBe(true);
    expect(policyVerdict(c, 'egress', 'default/db', '10.0.1.20', 'TCP', 5978).allowed).toBe(false);
    expect(policyVerdict(c, 'egress', 'default/db', '10.0.0.20', 'UDP', 53).allowed).toBe(false);
    // Pods without role=db are not selected at all.
    expect(policyVerdict(c, 'ingress', 'default/web', 'other/frontend', 'TCP', 80)).toMatchObject({ allowed: true, isolatedBy: [] });
    // Enforced by Calico, in packet traces to db's address.
    const db = c.pod('db').status!.podIP!;
    const ok = tcpTrace(c, 'default/frontend', db, 6379);
    expect(ok.outcome).toMatchObject({ delivered: true, replied: true, servedBy: { kind: 'pod', pod: 'default/db' } });
    // frontend's egress is not isolated; db's ingress hop names the policy that allowed it.
    const admitted = ok.hops.filter((h) => h.kind === 'policy').at(-1)!;
    expect(admitted).toMatchObject({ verdict: 'ACCEPT' });
    expect(admitted.summary).toMatch(/^NetworkPolicy ingress for pod default\/db: allowed - .*default\/test-network-policy/);
    for (const [from, port] of [['default/frontend', 5432], ['default/web', 6379], ['other/frontend', 6379]] as const) {
      const t = tcpTrace(c, from, db, port);
      expect(t.outcome.delivered, `${from} -> db:${port}`).toBe(false);
      expect(dropHop(t).summary, `${from} -> db:${port}`).toMatch(/NetworkPolicy: .*default\/test-network-policy/);
      expect(t.hops.filter((h) => h.kind === 'policy').at(-1)!.summary).toMatch(/^NetworkPolicy ingress for pod default\/db: denied/);
    }
  },
  'application/hpa/php-apache.yaml': () => {
    // The walkthrough's php-apache Deployment (application/php-apache.yaml, not in the corpus).
    const c = new TestCluster();
    c.applyOk(`apiVersion: apps/v1
kind: Deployment
metadata: {name: php-apache}
spec:
  selector: {matchLabels: {run: php-apache}}
  template:
    metadata: {labels: {run: php-apache}}
    spec:
      containers:
      - name: php-apache
        image: registry.k8s.io/hpa-example
        ports: [{containerPort: 80}]
        resources: {limits: {cpu: 500m}, requests: {cpu: 200m}}
`);
    c.applyOk(read('application/hpa/php-apache.yaml'));
    c.settle();
    // Before metrics-server has scraped the new pod twice: <unknown>, no scaling.
    expect(c.kubectl('get hpa php-apache')).toMatch(/php-apache {3}Deployment\/php-apache {3}cpu: <unknown>\/50% {3}1 {9}10 {8}[01] /);
    c.step(60_000);
    expect(c.kubectl('get hpa php-apache')).toMatch(/php-apache {3}Deployment\/php-apache {3}cpu: 0%\/50% {3}1 {9}10 {8}1 /);
    const replicas = () => (deployment(c, 'php-apache') as unknown as { spec: { replicas: number } }).spec.replicas;
    // The load generator: a busy loop of requests (here 100 requests/s through the Service).
    c.world.setLoad({ kind: 'Deployment', name: 'php-apache' }, 100);
    c.step(3 * 60_000);
    expect(replicas()).toBeGreaterThan(1);
    expect(c.kubectl('describe hpa php-apache')).toContain('New size: 4; reason: cpu resource utilization (percentage of request) above target');
    c.world.setLoad({ kind: 'Deployment', name: 'php-apache' }, 0);
    c.step(4 * 60_000);
    expect(replicas()).toBeGreaterThan(1);
    c.step(90_000);
    expect(replicas()).toBe(1);
  },
  'service/networking/nginx-policy.yaml': () => {
    const c = calicoCluster('service/networking/nginx-policy.yaml');
    c.applyOk(labelledPod('nginx', 'default', 'app.kubernetes.io/name: nginx', '{name: http, containerPort: 80}'));
    c.applyOk(labelledPod('allowed', 'default', 'access: "true"'));
    c.applyOk(labelledPod('plain', 'default', 'run: plain'));
    c.applyOk(labelledPod('created-by-kubectl', 'default', 'app: nginx'));
    c.settle();
    // The API server defaults policyTypes to [Ingress]: egress is not affected.
    expect(c.kubectl('describe networkpolicy access-nginx')).toContain('  PodSelector:     app.kubernetes.io/name=nginx\n  Allowing ingress traffic:\n    To Port: <any> (traffic allowed to all ports)\n    From:\n      PodSelector: access=true\n  Not affecting egress traffic\n  Policy Types: Ingress\n');
    expect(policyVerdict(c, 'ingress', 'default/nginx', 'default/allowed', 'TCP', 80)).toMatchObject({ allowed: true, allowedBy: 'default/access-nginx' });
    expect(policyVerdict(c, 'ingress', 'default/nginx', 'default/plain', 'TCP', 80)).toMatchObject({ allowed: false, isolatedBy: ['default/access-nginx'] });
    expect(policyVerdict(c, 'egress', 'default/nginx', '93.184.216.34', 'TCP', 443).allowed).toBe(true);
    // A pod labelled app=nginx (as `kubectl create deployment nginx` labels them) is not selected.
    expect(policyVerdict(c, 'ingress', 'default/created-by-kubectl', 'default/plain', 'TCP', 80)).toMatchObject({ allowed: true, isolatedBy: [] });
    // Enforced by Calico: curl from a pod labelled access=true connects, from an unlabelled one it times out.
    const nginx = c.pod('nginx').status!.podIP!;
    const allowed = c.world.kubectl(`exec allowed -- curl -s -m 3 http://${nginx}`);
    expect(allowed.exitCode, allowed.stderr).toBe(0);
    expect(allowed.trace?.outcome).toMatchObject({ delivered: true, servedBy: { kind: 'pod', pod: 'default/nginx' } });
    const plain = c.world.kubectl(`exec plain -- curl -sS -m 3 http://${nginx}`);
    expect(plain.exitCode).toBe(28);
    expect(plain.stderr).toMatch(/^curl: \(28\) Failed to connect to [\d.]+ port 80 after \d+ ms/);
    expect(plain.trace?.outcome.reason).toMatch(/Connection timed out - NetworkPolicy: .*default\/access-nginx/);
  },
  'customresourcedefinition/shirt-resource-definition.yaml': () => {
    const c = cluster('customresourcedefinition/shirt-resource-definition.yaml');
    const crd = c.world.getObject({ kind: 'CustomResourceDefinition', name: 'shirts.stable.example.com' }) as KubeObject & { status: { conditions: Array<{ type: string; status: string }> } };
    expect(crd.status.conditions.map((x) => `${x.type}=${x.status}`)).toEqual(['NamesAccepted=True', 'Established=True']);
    expect(c.kubectl('api-resources --api-group=stable.example.com')).toMatch(/^shirts\s+stable\.example\.com\/v1\s+true\s+Shirt\n$/m);
    c.applyOk('apiVersion: stable.example.com/v1\nkind: Shirt\nmetadata: {name: example1}\nspec: {color: blue, size: S}\n---\napiVersion: stable.example.com/v1\nkind: Shirt\nmetadata: {name: example2}\nspec: {color: blue, size: M}\n---\napiVersion: stable.example.com/v1\nkind: Shirt\nmetadata: {name: example3}\nspec: {color: green, size: M}\n');
    expect(c.kubectl('get shirts')).toBe('NAME       COLOR   SIZE\nexample1   blue    S\nexample2   blue    M\nexample3   green   M\n');
    expect(c.kubectl('get shirts --field-selector spec.color=blue,spec.size=M')).toBe('NAME       COLOR   SIZE\nexample2   blue    M\n');
  },
};

/** Parts of checked rows the engine does not model yet: the reason and the issue that builds it. */
const PARTIAL_SKIPS: Record<string, string> = {
};

/** Rows the engine does not model yet: the reason and the issue that builds it. */
const SKIPS: Record<string, string> = {
};

describe('fidelity corpus', () => {
  it('every row of expected.tsv is checked or skipped by name', () => {
    const unaccounted = rows.filter((r) => !(r in CHECKS) && !(r in SKIPS));
    expect(unaccounted).toEqual([]);
  });
  for (const path of rows) {
    if (CHECKS[path]) it(path, CHECKS[path]);
    else it.skip(`${path} — not modelled yet: ${SKIPS[path] ?? 'unaccounted'}`, () => {});
    if (PARTIAL_SKIPS[path]) it.skip(`${path} — partly not modelled yet: ${PARTIAL_SKIPS[path]}`, () => {});
  }
});
