import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import { apiKubectlContext, WEB } from '../../testing/api-kubectl-context';

const deployments = resourceForKind('Deployment')!;
const out = (stdout: string, stderr = '', exitCode = stderr ? 1 : 0) => ({ stdout, stderr, exitCode });

type Template = { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: { containers: Array<{ name: string; image: string }> } };
const dep = (k: ReturnType<typeof apiKubectlContext>) => k.api.get(deployments, 'default', 'web')! as KubeObject & { spec: { paused?: boolean; template: Template } };

/** web with two ReplicaSets as the controller would leave them: revision 1 (nginx:1.24) and 2 (nginx:1.25, current). */
function withHistory() {
  const k = apiKubectlContext({ 'web.yaml': WEB });
  expect(k.run('kubectl create -f web.yaml').exitCode).toBe(0);
  const d = dep(k);
  const rs = (hash: string, revision: string, image: string, cause?: string) => {
    const template = structuredClone(d.spec.template);
    template.metadata.labels['pod-template-hash'] = hash;
    template.spec.containers[0].image = image;
    const r = k.api.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `web-${hash}`,
        namespace: 'default',
        labels: { app: 'web', 'pod-template-hash': hash },
        annotations: { 'deployment.kubernetes.io/revision': revision, ...(cause ? { 'kubernetes.io/change-cause': cause } : {}) },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid!, controller: true }],
      },
      spec: { replicas: 0, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template },
    }, 'test');
    if (!r.ok) throw new Error(r.status.message);
  };
  rs('aaa', '1', 'nginx:1.24', 'first');
  rs('bbb', '2', 'nginx:1.25');
  return k;
}

function setStatus(k: ReturnType<typeof apiKubectlContext>, status: Record<string, unknown>) {
  const d = dep(k);
  k.api.updateStatus({ ...d, status: { observedGeneration: d.metadata.generation, ...status } } as KubeObject, 'test');
}

describe('kubectl rollout status', () => {
  const cases: Array<[string, Record<string, unknown>, ReturnType<typeof out>]> = [
    ['not observed yet', { observedGeneration: 0 }, out('Waiting for deployment spec update to be observed...\n')],
    ['updating', { replicas: 2, updatedReplicas: 1 }, out('Waiting for deployment "web" rollout to finish: 1 out of 2 new replicas have been updated...\n')],
    ['old pods left', { replicas: 3, updatedReplicas: 2 }, out('Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n')],
    ['not available', { replicas: 2, updatedReplicas: 2, availableReplicas: 1 }, out('Waiting for deployment "web" rollout to finish: 1 of 2 updated replicas are available...\n')],
    ['done', { replicas: 2, updatedReplicas: 2, availableReplicas: 2 }, out('deployment "web" successfully rolled out\n')],
    [
      'deadline exceeded',
      { replicas: 2, updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] },
      out('', 'error: deployment "web" exceeded its progress deadline\n'),
    ],
  ];
  it.each(cases)('%s', (_name, status, want) => {
    const k = withHistory();
    setStatus(k, status);
    expect(k.run('kubectl rollout status deployment/web')).toEqual(want);
  });

  it('has no status viewer for a pod', () => {
    const k = withHistory();
    k.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }] } }, 'test');
    expect(k.run('kubectl rollout status pod/p')).toEqual(out('', 'error: no status viewer has been implemented for Pod\n'));
  });
});

describe('kubectl rollout history', () => {
  it('lists the revisions of the ReplicaSets', () => {
    const k = withHistory();
    expect(k.run('kubectl rollout history deployment web')).toEqual(out('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         first\n2         <none>\n\n'));
  });

  it('shows one revision\'s pod template, and refuses an unknown one', () => {
    const k = withHistory();
    const r = k.run('kubectl rollout history deployment/web --revision=1');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith('deployment.apps/web with revision #1\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=aaa\n  Containers:\n   nginx:\n    Image:\tnginx:1.24\n')).toBe(true);
    expect(k.run('kubectl rollout history deployment/web --revision=7')).toEqual(out('', 'error: unable to find the specified revision\n'));
  });
});

describe('kubectl rollout undo', () => {
  it('rolls the template back to the previous revision, then to a chosen one', () => {
    const k = withHistory();
    k.run('kubectl set image deployment/web nginx=nginx:1.26');
    expect(k.run('kubectl rollout undo deployment/web')).toEqual(out('deployment.apps/web rolled back\n'));
    expect(dep(k).spec.template.spec.containers[0].image).toBe('nginx:1.24');
    expect(dep(k).spec.template.metadata.labels).toEqual({ app: 'web' });
    expect(dep(k).metadata.annotations).toEqual({ 'kubernetes.io/change-cause': 'first' });
    expect(k.run('kubectl rollout undo deployment/web --to-revision=1')).toEqual(out('deployment.apps/web skipped rollback (current template already matches revision 1)\n'));
    expect(k.run('kubectl rollout undo deployment/web --to-revision=2')).toEqual(out('deployment.apps/web rolled back\n'));
    expect(dep(k).spec.template.spec.containers[0].image).toBe('nginx:1.25');
    expect(k.run('kubectl rollout undo deployment/web --to-revision=9')).toEqual(out('', 'error: unable to find specified revision 9 in history\n'));
  });

  it('refuses a paused deployment', () => {
    const k = withHistory();
    k.run('kubectl rollout pause deployment/web');
    expect(k.run('kubectl rollout undo deployment/web')).toEqual(
      out('', "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n"),
    );
  });
});

describe('kubectl rollout pause / resume / restart', () => {
  it('pauses and resumes spec.paused', () => {
    const k = withHistory();
    expect(k.run('kubectl rollout pause deployment/web')).toEqual(out('deployment.apps/web paused\n'));
    expect(dep(k).spec.paused).toBe(true);
    expect(k.run('kubectl rollout pause deployment/web')).toEqual(out('deployment.apps/web already paused\n'));
    expect(k.run('kubectl rollout restart deployment/web')).toEqual(
      out('', 'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n'),
    );
    expect(k.run('kubectl rollout resume deployment/web')).toEqual(out('deployment.apps/web resumed\n'));
    expect(dep(k).spec.paused).toBeUndefined();
    expect(k.run('kubectl rollout resume deployment/web')).toEqual(out('deployment.apps/web already resumed\n'));
  });

  it('restarts by stamping the template with restartedAt', () => {
    const k = withHistory();
    expect(k.run('kubectl rollout restart deployment/web')).toEqual(out('deployment.apps/web restarted\n'));
    expect(dep(k).spec.template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' });
  });

  it('names unknown subcommands and missing objects', () => {
    const k = withHistory();
    expect(k.run('kubectl rollout frobnicate deployment/web')).toEqual(out('', 'error: unknown command "frobnicate" for "kubectl rollout"\nSee \'kubectl rollout -h\' for help and examples\n'));
    expect(k.run('kubectl rollout status deployment/nope')).toEqual(out('', 'Error from server (NotFound): deployments.apps "nope" not found\n'));
    expect(k.run('kubectl rollout status')).toEqual(out('', 'error: required resource not specified\n'));
    expect(k.run('kubectl rollout pause deployments')).toEqual(out('deployment.apps/web paused\n'));
  });
});

describe('kubectl rollout for DaemonSets and StatefulSets', () => {
  const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'img:1' }] } };
  function create(k: ReturnType<typeof apiKubectlContext>, kind: 'DaemonSet' | 'StatefulSet') {
    const r = k.api.create({ apiVersion: 'apps/v1', kind, metadata: { name: 'x', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'x' } }, template, ...(kind === 'StatefulSet' ? { serviceName: 'x', replicas: 2 } : {}) } }, 'test');
    if (!r.ok) throw new Error(r.status.message);
    return r.object;
  }

  it('reports a DaemonSet rollout from its status', () => {
    const k = apiKubectlContext();
    const ds = create(k, 'DaemonSet');
    k.api.updateStatus({ ...ds, status: { observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 2 } } as KubeObject, 'test');
    expect(k.run('kubectl rollout status ds/x')).toEqual(out('Waiting for daemon set "x" rollout to finish: 2 of 3 updated pods are available...\n'));
  });

  it('lists a StatefulSet\'s ControllerRevisions as its history and restarts it', () => {
    const k = apiKubectlContext();
    const sts = create(k, 'StatefulSet');
    for (const revision of [1, 2]) {
      const r = k.api.create({
        apiVersion: 'apps/v1', kind: 'ControllerRevision',
        metadata: { name: `x-${revision}`, namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'x', uid: sts.metadata.uid!, controller: true }] },
        revision, data: { spec: { template: { ...template, $patch: 'replace' } } },
      } as KubeObject, 'test');
      if (!r.ok) throw new Error(r.status.message);
    }
    expect(k.run('kubectl rollout history statefulset/x')).toEqual(out('statefulset.apps/x \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n'));
    expect(k.run('kubectl rollout history sts/x --revision=2').stdout).toMatch(/^statefulset.apps\/x with revision #2\nPod Template:\n  Labels:\tapp=x\n  Containers:\n   c:\n    Image:\timg:1\n/);
    expect(k.run('kubectl rollout restart sts/x')).toEqual(out('statefulset.apps/x restarted\n'));
    expect(k.run('kubectl rollout pause sts/x')).toEqual(out('', 'error: statefulsets.apps "x" pausing is not supported\n'));
  });
});
