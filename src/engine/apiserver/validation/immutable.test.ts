import { describe, expect, it } from 'vitest';
import { World } from '../../sim/world';
import { webApp } from '../../testing/manifests';

function world(): World {
  const w = World.create({ coreDNS: false });
  w.apply(webApp({ name: 'web', replicas: 1 }));
  w.settle(60_000);
  return w;
}

describe('immutable fields on update', () => {
  it("refuse a Deployment's new selector and keep the Deployment", () => {
    const w = world();
    const before = w.getObject({ kind: 'Deployment', namespace: 'default', name: 'web' });
    const out = w.kubectl(`patch deploy web -p '{"spec":{"selector":{"matchLabels":{"app":"x"}},"template":{"metadata":{"labels":{"app":"x"}}}}}'`);
    expect(out.stderr).toBe('The Deployment "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"x"}}: field is immutable\n');
    expect(w.getObject({ kind: 'Deployment', namespace: 'default', name: 'web' })).toEqual(before);
    // a change the strategy allows still goes through
    expect(w.kubectl('set image deployment/web nginx=nginx:1.28').exitCode).toBe(0);
  });

  it("refuse a Pod spec change other than images, naming what may change", () => {
    const w = world();
    const pod = w.list('Pod', 'default')[0];
    const name = pod.metadata.name!;
    const out = w.kubectl(`patch pod ${name} -p '{"spec":{"nodeSelector":{"disktype":"ssd"}}}'`);
    expect(out.stderr).toMatch(new RegExp(`^The Pod "${name}" is invalid: spec: Forbidden: pod updates may not change fields other than \`spec.containers\\[\\*\\].image\``));
    // ...then the go-cmp diff of the stored spec (-) and the sent one (+), with two fields of context.
    const diff = out.stderr.split('negative)\n')[1];
    expect(diff).toMatch(/^ {2}core\.PodSpec\{\n/);
    // Keys align to the longest in the run (AutomountServiceAccountToken, two records below).
    const key = (k: string) => `${k}:${' '.repeat('AutomountServiceAccountToken'.length - k.length + 1)}`;
    expect(diff).toContain(
      `\n  \t${key('DNSPolicy')}"ClusterFirst",\n- \t${key('NodeSelector')}nil,\n+ \t${key('NodeSelector')}{"disktype": "ssd"},\n` +
        `  \t${key('ServiceAccountName')}"default",\n  \t${key('AutomountServiceAccountToken')}nil,\n`,
    );
    // the diff ends with a newline, and kubectl adds its own after the message
    expect(diff).toMatch(/\n {2}\t\.\.\. \/\/ \d+ identical fields\n {2}\}\n\n$/);
    const container = (pod.spec as { containers: Array<{ name: string }> }).containers[0].name;
    const set = w.kubectl(`set image pod/${name} ${container}=nginx:1.28`);
    expect(set.stderr).toBe('');
    expect(set.stdout).toBe(`pod/${name} image updated\n`);
  });

  it('let a replace that omits defaulted fields through, and refuse a changed Job template', () => {
    const w = World.create({ coreDNS: false });
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n        command: ["sleep", "600"]\n';
    w.apply(job);
    w.step(2_000);
    const changed = job.replace('"600"', '"601"');
    const out = w.apply(changed);
    expect(out.documents[0].message).toMatch(/^The Job "j" is invalid: spec.template: Invalid value: .*: field is immutable/);
  });

  it('compare selectors as values: a replace listing the same labels in another order goes through', () => {
    const w = World.create({ coreDNS: false });
    const dep = (labels: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n  selector:\n    matchLabels: ${labels}\n  template:\n    metadata: {labels: ${labels}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
    w.apply(dep('{a: p, b: q}'));
    const out = w.kubectl('replace -f web.yaml', () => dep('{b: q, a: p}'));
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe('deployment.apps/web replaced\n');
    expect(w.kubectl('replace -f web.yaml', () => dep('{b: q, a: r}')).stderr).toMatch(/spec.selector: Invalid value: .*: field is immutable/);
  });

  it('refuse StatefulSet changes outside the mutable fields', () => {
    const w = World.create({ coreDNS: false });
    const sts = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  replicas: 1\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n';
    w.apply(sts);
    expect(w.kubectl(`patch sts db -p '{"spec":{"serviceName":"other"}}'`).stderr).toBe(
      "The StatefulSet \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\n",
    );
    expect(w.kubectl('scale sts db --replicas=2').exitCode).toBe(0);
  });

  it('refuse data changes of an immutable ConfigMap', () => {
    const w = World.create({ coreDNS: false });
    w.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nimmutable: true\ndata:\n  a: "1"\n');
    const out = w.apply('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nimmutable: true\ndata:\n  a: "2"\n');
    expect(out.documents[0].message).toBe('The ConfigMap "c" is invalid: data: Forbidden: field is immutable when `immutable` is set');
  });
});
