import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import * as s from '../../testing/kubectl-samples';
import {
  ago, makeDeployment, makeEndpointSlice, makeEvent, makeNamespace, makeNode, makePod, makeReplicaSet,
  makeRunningPod, makeService, running, terminated, waiting,
} from '../../testing/builders';
import { fakeKubectlContext } from '../../testing/fake-kubectl-context';
import { runKubectl } from '../kubectl';

function kubectl(objects: object[], command: string) {
  return runKubectl(fakeKubectlContext(objects), command);
}

/** stdout of a command that must succeed quietly. */
function table(objects: object[], command: string): string {
  const out = kubectl(objects, command);
  expect(out.stderr).toBe('');
  expect(out.exitCode).toBe(0);
  return out.stdout;
}

const m = 60;
const h = 60 * m;
const d = 24 * h;

describe('kubectl get reproduces real kubectl tables', () => {
  it('pods', () => {
    const labels = { app: 'nginx' };
    const pods = ['cx2nz', 'w6kd7'].map((x) => makeRunningPod({ name: `nginx-deployment-67d4bdd6f5-${x}`, created: ago(13), labels }));
    expect(table(pods, 'kubectl get pods')).toBe(s.podsTable);
  });

  it('pods -o wide', () => {
    const pod = makeRunningPod({ name: 'nginx', created: ago(7 * m + 15), nodeName: 'docker-desktop', podIP: '10.1.0.6' });
    expect(table([pod], 'kubectl get pods -o wide')).toBe(s.podsWide);
  });

  it('Job pods that completed and failed', () => {
    const pods = [
      makePod({ name: 'pi-5b9q4', created: ago(4), phase: 'Succeeded', containerStatuses: [terminated('pi', 0, 'Completed')] }),
      makePod({ name: 'pi-9xlsk', created: ago(4), phase: 'Failed', containerStatuses: [terminated('pi', 1, 'Error')] }),
    ];
    expect(table(pods, 'kubectl get pods')).toBe(s.jobPods);
  });

  it.each([
    ['a new Deployment', s.deploymentZero, 1, {}],
    ['a ready Deployment', s.deploymentReady, 18, { readyReplicas: 3, updatedReplicas: 3, availableReplicas: 3 }],
  ])('deployments: %s', (_name, sample, age, status) => {
    const dep = makeDeployment({ name: 'nginx-deployment', replicas: 3, created: ago(age), status });
    expect(table([dep], 'kubectl get deployments')).toBe(sample);
  });

  it('replicasets', () => {
    const rss = [
      makeReplicaSet({ name: 'nginx-deployment-1564180365', replicas: 3, created: ago(6), status: { replicas: 3, readyReplicas: 3 } }),
      makeReplicaSet({ name: 'nginx-deployment-2035384211', replicas: 0, created: ago(36) }),
    ];
    expect(table(rss, 'kubectl get rs')).toBe(s.replicaSets);
  });

  it.each([
    ['ClusterIP', s.serviceClusterIP, [makeService({ name: 'my-nginx', clusterIP: '10.0.162.149', created: ago(21) })]],
    ['two ports', s.serviceKubeDns, [makeService({
      name: 'kube-dns', clusterIP: '10.0.0.10', created: ago(8 * m),
      ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }],
    })]],
    ['NodePort', s.serviceNodePort, [makeService({
      name: 'redis-nodeport', type: 'NodePort', clusterIP: '10.0.118.143', created: ago(107),
      ports: [{ port: 6379, nodePort: 30001, protocol: 'TCP' }],
    })]],
    ['LoadBalancer', s.serviceLoadBalancer, [makeService({
      name: 'web-svc-lb', type: 'LoadBalancer', clusterIP: '10.110.192.195', created: ago(7 * m + 24),
      ports: [{ port: 80, nodePort: 30853, protocol: 'TCP' }], loadBalancerIngress: [{ ip: '172.17.255.1' }],
    })]],
    ['pending LB, ClusterIP and ExternalName', s.serviceMixed, [
      makeService({ name: 'deploy1', type: 'LoadBalancer', clusterIP: '10.111.52.75', created: ago(9 * m + 9), ports: [{ port: 80, nodePort: 32000, protocol: 'TCP' }] }),
      makeService({ name: 'kubernetes', clusterIP: '10.96.0.1', created: ago(3 * h + 22 * m), ports: [{ name: 'https', port: 443, protocol: 'TCP' }] }),
      makeService({ name: 'my-ext-svc', type: 'ExternalName', externalName: 'www.mozilla.org', created: ago(4 * m + 19), ports: [] }),
    ]],
    ['ExternalName with a port', s.serviceExternalNameWithPort, [
      makeService({ name: 'my-httpbin', type: 'ExternalName', externalName: 'httpbin.org', created: ago(4) }),
    ]],
    ['headless', s.serviceHeadless, [makeService({ name: 'web-svc', clusterIP: 'None', created: ago(43) })]],
    ['four kinds of service', s.serviceFour, [
      makeService({ name: 'myweb', clusterIP: '10.97.70.147', created: ago(4 * h + 12 * m) }),
      makeService({ name: 'myweb-externalip', clusterIP: '10.99.149.3', externalIPs: ['192.168.241.130'], created: ago(3 * m) }),
      makeService({ name: 'myweb-externalname', type: 'ExternalName', externalName: 'myweb.mytest.svc.example.com', ports: [], created: ago(44 * m) }),
      makeService({ name: 'myweb-nodeport', type: 'NodePort', clusterIP: '10.110.40.185', ports: [{ port: 80, nodePort: 30568, protocol: 'TCP' }], created: ago(57 * m) }),
    ]],
  ])('services: %s', (_name, sample, services) => {
    expect(table(services, 'kubectl get svc')).toBe(sample);
  });

  it('endpointslices', () => {
    const slice = makeEndpointSlice({ name: 'my-nginx-7vzhx', addresses: ['10.244.2.5', '10.244.3.4'], ports: [80], created: ago(21) });
    expect(table([slice], 'kubectl get endpointslices')).toBe(s.endpointSlices);
  });

  it('nodes -o wide', () => {
    const node = makeNode({
      name: 'minikube', created: ago(12 * d), internalIP: '192.168.49.2', kubeletVersion: 'v1.26.1',
      labels: { 'kubernetes.io/hostname': 'minikube', 'node-role.kubernetes.io/control-plane': '' },
    });
    node.status!.nodeInfo = { ...node.status!.nodeInfo!, osImage: 'Ubuntu 20.04.5 LTS', kernelVersion: '6.10.4-linuxkit', containerRuntimeVersion: 'docker://20.10.23' };
    expect(table([node], 'kubectl get nodes -o wide')).toBe(s.nodeWide);
  });

  it('namespaces', () => {
    const nss = ['kube-system', 'default', 'kube-public', 'kube-node-lease'].map((name) => makeNamespace({ name, created: ago(6 * m + 56) }));
    expect(table(nss, 'kubectl get ns')).toBe(s.namespaces);
  });

  it('events (rows in name order, as the API server lists them)', () => {
    const pod = 'hello-node-85dffbd7bb-mr4bw';
    const events = [
      makeEvent({ name: `${pod}.a1`, type: 'Warning', reason: 'Failed', involvedName: pod, message: 'Error: ErrImagePull', created: ago(5 * m + 49) }),
      makeEvent({ name: `${pod}.a2`, reason: 'BackOff', involvedName: pod, message: 'Back-off pulling image "127.0.0.1:5000/tiny_home:latest"', created: ago(7 * m), last: ago(2 * m + 8), count: 9 }),
      makeEvent({ name: `${pod}.a3`, type: 'Warning', reason: 'Failed', involvedName: pod, message: 'Error: ImagePullBackOff', created: ago(5 * m + 38) }),
      makeEvent({ name: 'hello-node-85dffbd7bb.b1', reason: 'SuccessfulCreate', involvedKind: 'ReplicaSet', involvedName: 'hello-node-85dffbd7bb', message: `Created pod: ${pod}`, created: ago(7 * m + 17) }),
      makeEvent({ name: 'hello-node.c1', reason: 'ScalingReplicaSet', involvedKind: 'Deployment', involvedName: 'hello-node', message: 'Scaled up replica set hello-node-85dffbd7bb to 1', created: ago(7 * m + 17) }),
    ];
    const out = table([...events].reverse(), 'kubectl get events');
    const [header, ...rows] = out.split('\n');
    expect(header).toBe('LAST SEEN   TYPE      REASON              OBJECT                             MESSAGE');
    expect(rows.join('\n')).toBe(s.eventRows);
  });

  it('get all: one table per kind, names prefixed with kind.group/', () => {
    const ns = 'kube-system';
    const pod = (name: string, age: number, restarts = 0, lastRestartAgo?: number): Pod => {
      const status = running('c', true, restarts);
      if (lastRestartAgo !== undefined) status.lastState = { terminated: { exitCode: 1, finishedAt: ago(lastRestartAgo) } };
      return makeRunningPod({ name, namespace: ns, created: ago(age), containerStatuses: [status], containers: ['c'] });
    };
    const objects = [
      pod('calico-kube-controllers-558d465845-5j2sk', 5 * m + 10, 1, 4 * m + 39),
      pod('calico-node-f8f7x', 5 * m + 10),
      pod('calico-node-kftmb', 5 * m + 11),
      pod('calico-node-l6qvn', 4 * m + 59),
      pod('coredns-5dd5756b68-7xqc6', 5 * m + 10, 2, 4 * m + 44),
      pod('etcd-netrix-k8s-workshop', 5 * m + 24),
      pod('kube-apiserver-netrix-k8s-workshop', 5 * m + 24),
      pod('kube-controller-manager-netrix-k8s-workshop', 5 * m + 24),
      pod('kube-proxy-9lnmx', 5 * m + 11),
      pod('kube-proxy-jqdc9', 5 * m + 10),
      pod('kube-proxy-pqgvg', 4 * m + 59),
      pod('kube-scheduler-netrix-k8s-workshop', 5 * m + 24),
      pod('storage-provisioner', 5 * m + 23, 1, 4 * m + 40),
      makeService({
        name: 'kube-dns', namespace: ns, clusterIP: '10.96.0.10', created: ago(5 * m + 24),
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }, { port: 9153, protocol: 'TCP' }],
      }),
      makeDeployment({ name: 'calico-kube-controllers', namespace: ns, created: ago(5 * m + 23), status: { readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 } }),
      makeDeployment({ name: 'coredns', namespace: ns, created: ago(5 * m + 24), status: { readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 } }),
      makeReplicaSet({ name: 'calico-kube-controllers-558d465845', namespace: ns, created: ago(5 * m + 11), status: { replicas: 1, readyReplicas: 1 } }),
      makeReplicaSet({ name: 'coredns-5dd5756b68', namespace: ns, created: ago(5 * m + 11), status: { replicas: 1, readyReplicas: 1 } }),
      // Not part of `all`, and other namespaces are not listed:
      makeNode({ name: 'netrix-k8s-workshop' }),
      makeRunningPod({ name: 'elsewhere', namespace: 'default' }),
    ];
    expect(table(objects, 'kubectl get all -n kube-system')).toBe(s.getAllKubeSystem);
  });
});

describe('kubectl get options', () => {
  const web = makeRunningPod({ name: 'web', created: ago(5), labels: { app: 'web', tier: 'front' } });
  const db = makePod({ name: 'db', created: ago(5), labels: { app: 'db' }, containerStatuses: [waiting('app', 'ContainerCreating')] });
  const other = makeRunningPod({ name: 'api', namespace: 'shop', created: ago(5), labels: { app: 'api' } });
  const objects = [web, db, other];

  it('lists one namespace, sorted by name', () => {
    expect(table(objects, 'get pods')).toBe(
      'NAME   READY   STATUS              RESTARTS   AGE\n' +
      'db     0/1     ContainerCreating   0          5s\n' +
      'web    1/1     Running             0          5s\n',
    );
  });

  it('-A adds NAMESPACE and lists every namespace', () => {
    expect(table(objects, 'get pods -A --no-headers')).toBe(
      'default   db    0/1   ContainerCreating   0     5s\n' +
      'default   web   1/1   Running             0     5s\n' +
      'shop      api   1/1   Running             0     5s\n',
    );
  });

  it.each([
    ['app=web', ['web']],
    ['app==web', ['web']],
    ['app!=web', ['db']],
    ['app in (web,db)', ['db', 'web']],
    ['app notin (web)', ['db']],
    ['tier', ['web']],
    ['!tier', ['db']],
    ['app=web,tier=front', ['web']],
    ['app=nope', []],
  ])('-l %s selects %j', (selector, names) => {
    const out = kubectl(objects, `get pods -o name -l '${selector}'`);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toBe(names.map((n) => `pod/${n}\n`).join(''));
  });

  it('--show-labels appends LABELS', () => {
    expect(table([web], 'get pod web --show-labels')).toBe(
      'NAME   READY   STATUS    RESTARTS   AGE   LABELS\nweb    1/1     Running   0          5s    app=web,tier=front\n',
    );
  });

  it('names and TYPE/NAME forms fetch exactly those objects, in the order given', () => {
    expect(table(objects, 'get pod/web pod/db -o name')).toBe('pod/web\npod/db\n');
    expect(table(objects, 'get pods web db -o name')).toBe('pod/web\npod/db\n');
  });

  it('-o yaml of one named object prints it alone', () => {
    const out = table([web], 'get pod web -o yaml');
    expect(out.startsWith('apiVersion: v1\nkind: Pod\nmetadata:\n')).toBe(true);
    expect(out).toContain('  name: web\n');
  });

  it('-o yaml of a list prints a kind: List', () => {
    const out = table([web], 'get pods -o yaml');
    expect(out.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n')).toBe(true);
    expect(out.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
  });

  it('-o json of an empty list prints an empty List and no message', () => {
    const out = kubectl([], 'get pods -o json');
    expect(out).toEqual({
      stdout: '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('-o yaml hides managedFields', () => {
    const pod = { ...web, metadata: { ...web.metadata, managedFields: [{ manager: 'kubectl' }] } };
    expect(table([pod], 'get pod web -o yaml')).not.toContain('managedFields');
  });

  it('a comma list prints a table per kind with prefixed names', () => {
    const dep = makeDeployment({ name: 'web', created: ago(60), status: { readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 } });
    expect(table([web, dep], 'get deploy,po')).toBe(
      'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment.apps/web   1/1     1            1           60s\n\n' +
      'NAME      READY   STATUS    RESTARTS   AGE\npod/web   1/1     Running   0          5s\n',
    );
  });

  it('a comma list keeps the prefix even when only one kind has objects', () => {
    expect(table([web], 'get svc,pods')).toBe('NAME      READY   STATUS    RESTARTS   AGE\npod/web   1/1     Running   0          5s\n');
  });

  it('wide event columns interleave SUBOBJECT and SOURCE before MESSAGE', () => {
    const ev = makeEvent({ name: 'web.17', involvedName: 'web', created: ago(30), component: 'kubelet' });
    ev.source = { component: 'kubelet', host: 'node-1' };
    ev.involvedObject.fieldPath = 'spec.containers{app}';
    expect(table([ev], 'get events -o wide')).toBe(
      'LAST SEEN   TYPE     REASON      OBJECT    SUBOBJECT              SOURCE            MESSAGE                                       FIRST SEEN   COUNT   NAME\n' +
      '30s         Normal   Scheduled   pod/web   spec.containers{app}   kubelet, node-1   Successfully assigned default/web to node-1   30s          1       web.17\n',
    );
  });
});

describe('kubectl get errors and empty results', () => {
  const web = makeRunningPod({ name: 'web', created: ago(5) });

  it.each([
    ['get pods', [], { stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0 }],
    ['get pods -n shop', [], { stdout: '', stderr: 'No resources found in shop namespace.\n', exitCode: 0 }],
    ['get pods -A', [], { stdout: '', stderr: 'No resources found\n', exitCode: 0 }],
    ['get nodes', [], { stdout: '', stderr: 'No resources found\n', exitCode: 0 }],
    ['get pod x', [], { stdout: '', stderr: 'Error from server (NotFound): pods "x" not found\n', exitCode: 1 }],
    ['get deploy x', [], { stdout: '', stderr: 'Error from server (NotFound): deployments.apps "x" not found\n', exitCode: 1 }],
    ['get pod x -o yaml', [], { stdout: '', stderr: 'Error from server (NotFound): pods "x" not found\n', exitCode: 1 }],
    ['get foo', [], { stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', exitCode: 1 }],
    ['get pods,foo', [web], { stdout: '', stderr: 'error: the server doesn\'t have a resource type "foo"\n', exitCode: 1 }],
    ['get pod web -A', [web], { stdout: '', stderr: 'error: a resource cannot be retrieved by name across all namespaces\n', exitCode: 1 }],
    ['get pod web -l app=web', [web], { stdout: '', stderr: 'error: name cannot be provided when a selector is specified\n', exitCode: 1 }],
    ['get pods -o foo', [web], {
      stdout: '',
      stderr: 'error: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
      exitCode: 1,
    }],
    ['get pods -l "app in (web"', [web], {
      stdout: '',
      stderr: 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "app in (web", field selector "": unable to parse requirement: found \'\', expected: \',\' or \')\'\n',
      exitCode: 1,
    }],
  ])('%s', (command, objects, want) => {
    expect(kubectl(objects, command)).toEqual(want);
  });

  it('prints what it found and reports what it did not', () => {
    expect(kubectl([web], 'get pods web nope')).toEqual({
      stdout: 'NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          5s\n',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    });
  });

  it('explains a missing resource type', () => {
    const out = kubectl([], 'get');
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toBe(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
      'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
      "See 'kubectl get -h' for help and examples\n",
    );
  });
});
