import { describe, expect, it } from 'vitest';
import { resourceForKind } from '../../api/resources';
import { apiKubectlContext } from '../../testing/api-kubectl-context';

const pods = resourceForKind('Pod')!;
const out = (stdout: string, stderr = '', exitCode = stderr ? 1 : 0) => ({ stdout, stderr, exitCode });
type PodLike = { metadata: { labels?: Record<string, string> }; spec: { restartPolicy: string; containers: Array<Record<string, unknown>> } };

describe('kubectl run', () => {
  it('creates a pod labelled run=NAME with one container named after the pod', () => {
    const k = apiKubectlContext();
    expect(k.run('kubectl run web --image=nginx:1.27 --port=80 --env=MODE=prod')).toEqual(out('pod/web created\n'));
    const pod = k.api.get(pods, 'default', 'web') as unknown as PodLike;
    expect(pod.metadata.labels).toEqual({ run: 'web' });
    expect(pod.spec.restartPolicy).toBe('Always');
    expect(pod.spec.containers[0]).toMatchObject({ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'MODE', value: 'prod' }] });
    expect(k.run('kubectl run web --image=nginx')).toEqual(out('', 'Error from server (AlreadyExists): pods "web" already exists\n'));
  });

  it('passes args, or a command with --command, and honours --labels, --restart and -n', () => {
    const k = apiKubectlContext();
    k.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } }, 'test');
    expect(k.run('kubectl run once -n dev --image=busybox --restart=Never --labels=app=once,tier=job --command -- sleep 3600')).toEqual(out('pod/once created\n'));
    const once = k.api.get(pods, 'dev', 'once') as unknown as PodLike;
    expect(once.metadata.labels).toEqual({ app: 'once', tier: 'job' });
    expect(once.spec.restartPolicy).toBe('Never');
    expect(once.spec.containers[0].command).toEqual(['sleep', '3600']);
    expect(k.run('kubectl run echo --image=busybox -- echo hi')).toEqual(out('pod/echo created\n'));
    expect((k.api.get(pods, 'default', 'echo') as unknown as PodLike).spec.containers[0].args).toEqual(['echo', 'hi']);
  });

  it('prints the generated pod with --dry-run=client -o yaml and creates nothing', () => {
    const k = apiKubectlContext();
    expect(k.run('kubectl run web --image=nginx --dry-run=client -o yaml')).toEqual(
      out('apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    run: web\n  name: web\nspec:\n  containers:\n  - image: nginx\n    name: web\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n'),
    );
    expect(k.run('kubectl run web --image=nginx --dry-run=client')).toEqual(out('pod/web created (dry run)\n'));
    expect(k.api.get(pods, 'default', 'web')).toBeUndefined();
  });

  const errors: Array<[string, string, string]> = [
    ['no image', 'kubectl run web', 'error: required flag(s) "image" not set\n'],
    ['no name', 'kubectl run --image=nginx', "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n"],
    ['bad restart', 'kubectl run web --image=nginx --restart=Sometimes', 'error: invalid restart policy: Sometimes\n'],
    ['bad dry-run', 'kubectl run web --image=nginx --dry-run=maybe', 'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n'],
  ];
  it.each(errors)('%s', (_name, line, stderr) => {
    const k = apiKubectlContext();
    expect(k.run(line)).toEqual(out('', stderr));
    expect(k.api.list(pods)).toEqual([]);
  });

  it('reports an invalid name as the API server does', () => {
    const r = apiKubectlContext().run('kubectl run Web_1 --image=nginx');
    expect(r.exitCode).toBe(1);
    // the container is named after the pod, so both names are refused
    expect(r.stderr).toMatch(/^The Pod "Web_1" is invalid: \n\* metadata.name: Invalid value: "Web_1": .*\n\* spec.containers\[0\].name: Invalid value: "Web_1": /);
  });

  it('--overrides merges inline JSON into the generated pod (merge by default; strategic and json too)', () => {
    const k = apiKubectlContext();
    expect(k.run(`kubectl run pinned --image=nginx:1.27 --overrides='{"apiVersion":"v1","spec":{"nodeName":"node-2"}}'`).stdout).toBe('pod/pinned created\n');
    const pinned = k.api.get(pods, 'default', 'pinned') as unknown as { spec: { nodeName?: string; containers: Array<{ image: string }> } };
    expect(pinned.spec.nodeName).toBe('node-2');
    expect(pinned.spec.containers[0].image).toBe('nginx:1.27');
    k.run(`kubectl run sized --image=nginx --override-type=strategic --overrides='{"spec":{"containers":[{"name":"sized","resources":{"requests":{"cpu":"250m"}}}]}}'`);
    const sized = k.api.get(pods, 'default', 'sized') as unknown as { spec: { containers: Array<{ name: string; image: string; resources?: { requests?: Record<string, string> } }> } };
    expect(sized.spec.containers).toHaveLength(1);
    expect(sized.spec.containers[0].resources?.requests?.cpu).toBe('250m');
    expect(sized.spec.containers[0].image).toBe('nginx');
    k.run(`kubectl run patched --image=nginx --override-type=json --overrides='[{"op":"add","path":"/metadata/labels/tier","value":"front"}]'`);
    expect((k.api.get(pods, 'default', 'patched') as unknown as { metadata: { labels: Record<string, string> } }).metadata.labels).toEqual({ run: 'patched', tier: 'front' });
    const bad = k.run(`kubectl run broken --image=nginx --overrides='{not json'`);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/^error: unable to parse --overrides: /);
    expect(k.api.get(pods, 'default', 'broken')).toBeUndefined();
    for (const v of ['null', '[]', '"x"', '{"kind":"Service"}']) {
      const r = k.run(`kubectl run odd --image=nginx --overrides='${v}'`);
      expect(r.exitCode, v).toBe(1);
      expect(r.stderr, v).toMatch(/^error: unable to parse --overrides: /);
    }
    expect(k.api.get(pods, 'default', 'odd')).toBeUndefined();
  });
});
