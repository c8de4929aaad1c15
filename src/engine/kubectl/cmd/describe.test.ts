import { describe, expect, it } from 'vitest';
import { ago, makeEvent, makeNamespace, makeRunningPod } from '../../testing/builders';
import { fakeKubectlContext } from '../../testing/fake-kubectl-context';
import { TestCluster } from '../../testing/test-cluster';
import { runKubectl } from '../kubectl';

const web = makeRunningPod({ name: 'web-1', labels: { app: 'web' } });
const web2 = makeRunningPod({ name: 'web-2', labels: { app: 'web' } });
const db = makeRunningPod({ name: 'db', labels: { app: 'db' }, namespace: 'data' });

function names(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith('Name:')).map((l) => l.replace(/^Name:\s+/, ''));
}

describe('kubectl describe', () => {
  it.each([
    ['describe pod web-1', ['web-1']],
    ['describe pods', ['web-1', 'web-2']],
    ['describe pod web', ['web-1', 'web-2']],
    ['describe pods -l app=web', ['web-1', 'web-2']],
    ['describe pods -A', ['db', 'web-1', 'web-2']],
    ['describe pods -n data', ['db']],
    ['describe pod/web-2 pod/web-1', ['web-2', 'web-1']],
  ])('%s describes %j', (command, expected) => {
    const out = runKubectl(fakeKubectlContext([web, web2, db]), command);
    expect(out.stderr).toBe('');
    expect(names(out.stdout)).toEqual(expected);
  });

  it('separates objects as kubectl does: the next "Name:" follows two newlines after the previous output', () => {
    const out = runKubectl(fakeKubectlContext([web, web2]), 'describe pods');
    expect(out.stdout).toContain('Events:                       <none>\n\n\nName:         web-2\n');
  });

  it('answers NotFound for a name that matches nothing, and still prints what it found', () => {
    const out = runKubectl(fakeKubectlContext([web]), 'describe pod web-1 nope');
    expect(names(out.stdout)).toEqual(['web-1']);
    expect(out.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(out.exitCode).toBe(1);
  });

  it.each([
    ['describe pods', 'No resources found in default namespace.\n'],
    ['describe nodes', 'No resources found\n'],
  ])('%s with nothing to show says %j', (command, stderr) => {
    expect(runKubectl(fakeKubectlContext([]), command)).toEqual({ stdout: '', stderr, exitCode: 0 });
  });

  it('fails without a resource type, and on an unknown one', () => {
    expect(runKubectl(fakeKubectlContext([]), 'describe').stderr).toBe(
      'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
    );
    expect(runKubectl(fakeKubectlContext([]), 'describe widgets').stderr).toBe('error: the server doesn\'t have a resource type "widgets"\n');
  });

  it('hides events with --show-events=false', () => {
    const ev = makeEvent({ involvedName: 'web-1', created: ago(30) });
    ev.involvedObject.uid = web.metadata!.uid;
    const ctx = fakeKubectlContext([web, ev]);
    expect(runKubectl(ctx, 'describe pod web-1').stdout).toContain('Scheduled  30s   default-scheduler');
    expect(runKubectl(ctx, 'describe pod web-1 --show-events=false').stdout).not.toContain('Events:');
  });

  it('ignores events of an earlier object with the same name (different uid)', () => {
    const ev = makeEvent({ involvedName: 'web-1', created: ago(30) });
    ev.involvedObject.uid = 'some-older-uid';
    expect(runKubectl(fakeKubectlContext([web, ev]), 'describe pod web-1').stdout).toContain('Events:                       <none>\n');
  });

  it('describes a namespace with its resource quotas and limit ranges', () => {
    const quota = {
      apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute', namespace: 'dev', uid: 'q1' },
      spec: { hard: { pods: '4', 'requests.cpu': '1' } },
      status: { hard: { pods: '4', 'requests.cpu': '1' }, used: { pods: '1', 'requests.cpu': '100m' } },
    };
    const limits = {
      apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'mem', namespace: 'dev', uid: 'l1' },
      spec: { limits: [{ type: 'Container', default: { memory: '512Mi' }, defaultRequest: { memory: '256Mi' } }] },
    };
    const out = runKubectl(fakeKubectlContext([makeNamespace({ name: 'dev' }), quota, limits] as never), 'describe ns dev').stdout;
    expect(out).toBe(
      'Name:         dev\nLabels:       kubernetes.io/metadata.name=dev\nAnnotations:  <none>\nStatus:       Active\n\n' +
        'Resource Quotas\n  Name:         compute\n  Resource      Used  Hard\n  --------      ---   ---\n  pods          1     4\n  requests.cpu  100m  1\n\n' +
        'Resource Limits\n Type       Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio\n' +
        ' ----       --------  ---  ---  ---------------  -------------  -----------------------\n' +
        ' Container  memory    -    -    256Mi            512Mi          -\n',
    );
  });

  it('describes a namespace with the quota and limit-range lines', () => {
    expect(runKubectl(fakeKubectlContext([makeNamespace({ name: 'dev' })]), 'describe ns dev').stdout).toBe(
      'Name:         dev\nLabels:       kubernetes.io/metadata.name=dev\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n',
    );
  });
});

describe('kubectl describe in a running World', () => {
  const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

  it("shows a Deployment pod's Scheduled, Pulling, Pulled, Created and Started events in order", () => {
    const c = new TestCluster();
    c.applyOk(DEPLOYMENT);
    c.settle();
    const [pod] = c.pods({ app: 'web' });
    const out = c.kubectl(`describe pod ${pod.metadata.name}`);
    expect(out).toMatch(new RegExp(`^Name:\\s+${pod.metadata.name}\\n`));
    expect(out).toContain(`Controlled By:  ReplicaSet/${pod.metadata.ownerReferences![0].name}\n`);
    const events = out.slice(out.indexOf('Events:\n')).split('\n').slice(3).filter((l) => l.trim() !== '');
    expect(events.map((l) => l.trim().split(/\s+/)[1])).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
    expect(events[0]).toContain(`default-scheduler  Successfully assigned default/${pod.metadata.name} to ${pod.spec!.nodeName}`);
    expect(events[1]).toContain('kubelet            spec.containers{nginx}: Pulling image "nginx:1.27"');
    expect(events[4]).toContain('spec.containers{nginx}: Container started');
  });

  it('describes the Deployment with its new ReplicaSet and scaling event', () => {
    const c = new TestCluster();
    c.applyOk(DEPLOYMENT);
    c.settle();
    const rs = c.pods({ app: 'web' })[0].metadata.ownerReferences![0].name;
    const out = c.kubectl('describe deployment web');
    expect(out).toContain('Replicas:               1 desired | 1 updated | 1 total | 1 available | 0 unavailable\n');
    expect(out).toContain(`OldReplicaSets:  <none>\nNewReplicaSet:   ${rs} (1/1 replicas created)\n`);
    expect(out).toMatch(/Normal {2}ScalingReplicaSet {2}\S+ +deployment-controller {2}Scaled up replica set \S+ from 0 to 1\n$/);
  });

  it("lists a node's pods with their share of allocatable", () => {
    const c = new TestCluster();
    c.applyOk(DEPLOYMENT);
    c.settle();
    const pod = c.pods({ app: 'web' })[0];
    const out = c.kubectl(`describe node ${pod.spec!.nodeName}`);
    expect(out).toMatch(new RegExp(`\\n  default +${pod.metadata.name} +0 \\(0%\\) +0 \\(0%\\) +0 \\(0%\\) +0 \\(0%\\) +\\S+\\n`));
    expect(out).toContain('Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  });
});
