import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';

const POD_READER = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {namespace: default, name: pod-reader}\nrules: [{apiGroups: [""], resources: ["pods"], verbs: ["get", "watch", "list"]}]\n';

function cluster(): TestCluster {
  const c = new TestCluster();
  c.applyOk(POD_READER);
  return c;
}

describe('kubectl auth can-i', () => {
  it('answers yes (exit 0) for the admin and no (exit 1) for a user with no binding', () => {
    const c = cluster();
    expect(c.world.kubectl('auth can-i list pods')).toEqual({ stdout: 'yes\n', stderr: '', exitCode: 0 });
    expect(c.world.kubectl('auth can-i delete nodes')).toMatchObject({ stdout: 'yes\n', exitCode: 0 });
    expect(c.world.kubectl('auth can-i list pods --as jane')).toEqual({ stdout: 'no\n', stderr: '', exitCode: 1 });
  });

  it('-q prints nothing and answers with the exit code', () => {
    const c = cluster();
    expect(c.world.kubectl('auth can-i -q list pods')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(c.world.kubectl('auth can-i -q list pods --as jane')).toEqual({ stdout: '', stderr: '', exitCode: 1 });
  });

  it('warns about unknown types and verbs and cluster-scoped resources in a namespace', () => {
    const c = cluster();
    expect(c.world.kubectl('auth can-i get widgets').stderr).toBe("Warning: the server doesn't have a resource type 'widgets'\n");
    expect(c.world.kubectl('auth can-i frobnicate pods').stderr).toBe("Warning: verb 'frobnicate' is not a known verb\n");
    expect(c.world.kubectl('auth can-i list nodes --as jane').stderr).toBe("Warning: resource 'nodes' is not namespace scoped\n");
    expect(c.world.kubectl('auth can-i list clusterroles --as jane').stderr).toBe("Warning: resource 'clusterroles' is not namespace scoped in group 'rbac.authorization.k8s.io'\n");
  });

  it('rejects a wrong number of arguments', () => {
    const out = cluster().world.kubectl('auth can-i list');
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain('you must specify two or three arguments: verb, resource, and optional resourceName');
  });

  it('checks a ServiceAccount before and after a RoleBinding, only in its namespace', () => {
    const c = cluster();
    const sa = '--as system:serviceaccount:default:app';
    expect(c.world.kubectl(`auth can-i list pods ${sa}`)).toMatchObject({ stdout: 'no\n', exitCode: 1 });
    expect(c.world.kubectl(`get pods ${sa}`)).toMatchObject({
      exitCode: 1,
      stderr: 'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:app" cannot list resource "pods" in API group "" in the namespace "default"\n',
    });
    expect(c.kubectl('create rolebinding app-reads-pods --role=pod-reader --serviceaccount=default:app')).toBe('rolebinding.rbac.authorization.k8s.io/app-reads-pods created\n');
    expect(c.world.kubectl(`auth can-i list pods ${sa}`)).toMatchObject({ stdout: 'yes\n', exitCode: 0 });
    expect(c.world.kubectl(`auth can-i get pods/web ${sa}`)).toMatchObject({ stdout: 'yes\n', exitCode: 0 });
    expect(c.world.kubectl(`auth can-i delete pods ${sa}`)).toMatchObject({ stdout: 'no\n', exitCode: 1 });
    expect(c.world.kubectl(`auth can-i list pods ${sa} -n kube-system`)).toMatchObject({ stdout: 'no\n', exitCode: 1 });
    expect(c.world.kubectl(`get pods ${sa}`)).toMatchObject({ exitCode: 0, stderr: 'No resources found in default namespace.\n' });
  });

  it('--list prints the rules table, sorted as kubectl sorts them', () => {
    const c = cluster();
    c.kubectl('create rolebinding jane-reads --role=pod-reader --user=jane');
    const lines = c.world.kubectl('auth can-i --list --as jane').stdout.split('\n').filter(Boolean);
    expect(lines[0].split(/\s{2,}/)).toEqual(['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']);
    const cells = lines.slice(1).map((l) => l.split(/\s{2,}/).filter(Boolean));
    expect(cells.slice(0, 4)).toEqual([
      ['selfsubjectreviews.authentication.k8s.io', '[]', '[]', '[create]'],
      ['selfsubjectaccessreviews.authorization.k8s.io', '[]', '[]', '[create]'],
      ['selfsubjectrulesreviews.authorization.k8s.io', '[]', '[]', '[create]'],
      ['pods', '[]', '[]', '[get watch list]'],
    ]);
    expect(cells).toContainEqual(['[/healthz]', '[]', '[get]']);
    // Another namespace has only the cluster-wide discovery rules.
    expect(c.world.kubectl('auth can-i --list --as jane -n kube-system').stdout).not.toMatch(/^pods\s/m);
    expect(c.world.kubectl('auth can-i --list --no-headers --as jane').stdout).not.toContain('Resources');
    expect(c.world.kubectl('auth can-i --list -q').exitCode).toBe(1);
  });
});

describe('kubectl auth whoami', () => {
  it('prints the kubeconfig user and an impersonated ServiceAccount with its groups', () => {
    const c = cluster();
    expect(c.kubectl('auth whoami')).toBe('ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n');
    expect(c.kubectl('auth whoami --as system:serviceaccount:default:app')).toBe(
      'ATTRIBUTE   VALUE\nUsername    system:serviceaccount:default:app\nGroups      [system:serviceaccounts system:serviceaccounts:default system:authenticated]\n',
    );
    expect(c.kubectl('auth whoami --as jane --as-group dev')).toBe('ATTRIBUTE   VALUE\nUsername    jane\nGroups      [dev system:authenticated]\n');
  });

  it('prints help and rejects unknown subcommands', () => {
    const c = cluster();
    expect(c.world.kubectl('auth').stdout).toContain('can-i         Check whether an action is allowed');
    expect(c.world.kubectl('auth frob')).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('unknown command "frob" for "kubectl auth"') });
  });
});
