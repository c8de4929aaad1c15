import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../api/resources';
import { apiKubectlContext } from '../../testing/api-kubectl-context';

describe('kubectl version', () => {
  it('prints client, kustomize and server versions', () => {
    const k = apiKubectlContext();
    expect(k.run('kubectl version')).toEqual({ stdout: 'Client Version: v1.35.0\nKustomize Version: v5.7.1\nServer Version: v1.35.0\n', stderr: '', exitCode: 0 });
    expect(k.run('kubectl version --client').stdout).toBe('Client Version: v1.35.0\nKustomize Version: v5.7.1\n');
  });

  it('prints the version structs as JSON or YAML', () => {
    const k = apiKubectlContext();
    const doc = JSON.parse(k.run('kubectl version -o json').stdout) as { clientVersion: { gitVersion: string; minor: string }; serverVersion: { gitVersion: string } };
    expect(doc.clientVersion).toMatchObject({ gitVersion: 'v1.35.0', minor: '35' });
    expect(doc.serverVersion.gitVersion).toBe('v1.35.0');
    expect(k.run('kubectl version -o yaml --client').stdout).toMatch(/^clientVersion:\n  buildDate: .*\n[\s\S]*kustomizeVersion: v5.7.1\n$/);
    expect(k.run('kubectl version -o wide')).toEqual({ stdout: '', stderr: "error: --output must be 'yaml' or 'json'\n", exitCode: 1 });
  });
});

describe('kubectl api-resources', () => {
  it('lists every served resource, core group first, then by group and name', () => {
    const lines = apiKubectlContext().run('kubectl api-resources').stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/);
    expect(lines.length - 1).toBe(RESOURCES.length);
    const rows = lines.slice(1).map((l) => l.split(/\s+/));
    expect(rows[0]).toEqual(['configmaps', 'cm', 'v1', 'true', 'ConfigMap']);
    expect(lines.find((l) => l.startsWith('deployments '))!.split(/\s+/)).toEqual(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    const groups = lines.slice(1).map((l) => {
      const r = RESOURCES.find((x) => x.resource === l.split(' ')[0])!;
      return r.group;
    });
    expect(groups).toEqual([...groups].sort());
    // the header's columns line up with the cells
    const at = lines[0].indexOf('APIVERSION');
    expect(lines.find((l) => l.startsWith('pods '))!.slice(at, at + 2)).toBe('v1');
  });

  it('filters by --namespaced and --api-group, and names resources with -o name', () => {
    const k = apiKubectlContext();
    const clusterScoped = k.run('kubectl api-resources --namespaced=false --no-headers').stdout.trimEnd().split('\n').map((l) => l.split(/\s+/)[0]);
    expect(clusterScoped).toEqual(RESOURCES.filter((r) => !r.namespaced).sort((a, b) => (a.group === b.group ? (a.resource < b.resource ? -1 : 1) : a.group < b.group ? -1 : 1)).map((r) => r.resource));
    expect(k.run('kubectl api-resources --api-group=batch -o name').stdout).toBe('cronjobs.batch\njobs.batch\n');
    const wide = k.run('kubectl api-resources -o wide --api-group=apps').stdout.split('\n');
    expect(wide[0]).toMatch(/KIND\s+VERBS\s+CATEGORIES$/);
    expect(wide.find((l) => l.startsWith('deployments'))).toMatch(/\[create delete deletecollection get list patch update watch\]\s+all$/);
  });
});
