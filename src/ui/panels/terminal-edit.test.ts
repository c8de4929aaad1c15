import { describe, expect, it } from 'vitest';
import { createMergePatch, editResult, isEditCommand, parseEditTarget, patchCommand, planEdit, servedKinds } from './terminal-edit';

const LIVE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  resourceVersion: "42"
  labels:
    app: web
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
status:
  replicas: 2
`;

describe('parseEditTarget', () => {
  it('reads TYPE/NAME and TYPE NAME with short names and -n', () => {
    const a = parseEditTarget('edit deploy/web');
    expect(a.ok && a.target).toEqual({ ref: { kind: 'Deployment', namespace: 'default', name: 'web' }, singular: 'deployment.apps', plural: 'deployments.apps' });
    const b = parseEditTarget('edit svc web -n shop');
    expect(b.ok && b.target.ref).toEqual({ kind: 'Service', namespace: 'shop', name: 'web' });
    const c = parseEditTarget('-n kube-system edit no node-1');
    expect(c.ok && c.target.ref).toEqual({ kind: 'Node', name: 'node-1' });
  });

  it('gives kubectl-like errors', () => {
    const none = parseEditTarget('edit');
    expect(!none.ok && none.error).toMatch(/must provide one or more resources/);
    const kind = parseEditTarget('edit widgets/x');
    expect(!kind.ok && kind.error).toBe(`error: the server doesn't have a resource type "widgets"`);
    const noName = parseEditTarget('edit deploy');
    expect(!noName.ok && noName.error).toMatch(/no name was specified/);
  });

  it('recognises an edit command', () => {
    expect(isEditCommand('edit deploy/web')).toBe(true);
    expect(isEditCommand('-n shop edit deploy/web')).toBe(true);
    expect(isEditCommand('get deploy edit')).toBe(false);
  });
});

describe('createMergePatch', () => {
  it('keeps only the changes, nulls removed keys, replaces lists whole', () => {
    expect(createMergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1] }, { a: 1, b: { c: 5 }, l: [1, 2] })).toEqual({ b: { c: 5, d: null }, l: [1, 2] });
    expect(createMergePatch({ a: 1 }, { a: 1 })).toEqual({});
  });
});

describe('planEdit', () => {
  it('says the edit was cancelled when nothing changed (even re-indented)', () => {
    expect(planEdit(LIVE, LIVE)).toEqual({ kind: 'cancelled', stdout: 'Edit cancelled, no changes made.' });
    expect(planEdit(LIVE, LIVE.replace('  replicas: 2\n  template', '  replicas:   2\n  template'))).toMatchObject({ kind: 'cancelled' });
  });

  it('patches the change with the edited resourceVersion as a precondition', () => {
    const plan = planEdit(LIVE, LIVE.replace('  replicas: 2\n  template', '  replicas: 4\n  template'));
    expect(plan).toEqual({ kind: 'patch', patch: { spec: { replicas: 4 }, metadata: { resourceVersion: '42' } } });
  });

  it('refuses a renamed object and unreadable YAML', () => {
    expect(planEdit(LIVE, LIVE.replace('name: web', 'name: other'))).toMatchObject({ kind: 'invalid' });
    expect(planEdit(LIVE, 'spec: [')).toMatchObject({ kind: 'invalid' });
  });
});

describe('patchCommand and editResult', () => {
  const parsed = parseEditTarget('edit deploy/web');
  if (!parsed.ok) throw new Error('parse');
  const target = parsed.target;

  it('builds a merge patch command the terminal tokenizer reads back', () => {
    expect(patchCommand(target, { spec: { replicas: 4 } })).toBe(`patch deployments.apps web -n default --type=merge -p '{"spec":{"replicas":4}}'`);
  });

  it('prints edited, or the Conflict as kubectl edit does', () => {
    expect(editResult(target, { stdout: 'deployment.apps/web patched\n', stderr: '' })).toEqual({ stdout: 'deployment.apps/web edited\n', stderr: '' });
    const conflict = editResult(target, {
      stdout: '',
      stderr: 'Error from server (Conflict): Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again\n',
    });
    expect(conflict.stderr).toBe(
      'error: deployments.apps "web" could not be patched: Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again\n',
    );
  });
});

describe('kubectl edit of a custom kind', () => {
  const website = { group: 'learn.kube-sandbox.dev', kind: 'Website', plural: 'websites', singular: 'website', shortNames: ['ws'], namespaced: true, versions: [{ name: 'v1' }] };

  it('resolves the kinds established CRDs serve, by kind, short name or <plural>.<group>', () => {
    const kinds = servedKinds([website]);
    const expected = { ref: { apiVersion: 'learn.kube-sandbox.dev/v1', kind: 'Website', namespace: 'default', name: 'blog' }, singular: 'website.learn.kube-sandbox.dev', plural: 'websites.learn.kube-sandbox.dev' };
    for (const cmd of ['edit website/blog', 'edit ws blog', 'edit websites.learn.kube-sandbox.dev/blog']) {
      const parsed = parseEditTarget(cmd, kinds);
      expect(parsed.ok && parsed.target, cmd).toEqual(expected);
    }
    expect(patchCommand(expected, { spec: { replicas: 3 } })).toBe(`patch websites.learn.kube-sandbox.dev blog -n default --type=merge -p '{"spec":{"replicas":3}}'`);
  });

  it('does not know a custom kind once its CRD is gone', () => {
    const gone = parseEditTarget('edit website/blog', servedKinds([]));
    expect(!gone.ok && gone.error).toBe(`error: the server doesn't have a resource type "website"`);
  });
});
