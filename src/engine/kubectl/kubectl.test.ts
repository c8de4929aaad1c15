import { describe, expect, it } from 'vitest';
import { ago, makeRunningPod } from '../testing/builders';
import { fakeKubectlContext } from '../testing/fake-kubectl-context';
import { runKubectl } from './kubectl';
import type { ApplyResult } from './results';

const pod = makeRunningPod({ name: 'web', namespace: 'kube-system', created: ago(5) });
const podTable = 'NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          5s\n';

describe('runKubectl', () => {
  it.each([
    'kubectl get pods -n kube-system',
    'get pods -n kube-system',
    'kubectl -n kube-system get pods',
    'kubectl --namespace=kube-system get pods',
    'kubectl get -n kube-system pods',
    '  kubectl   get  pods   --namespace kube-system ',
  ])('accepts %j', (command) => {
    expect(runKubectl(fakeKubectlContext([pod]), command)).toEqual({ stdout: podTable, stderr: '', exitCode: 0 });
  });

  it.each([
    ['kubectl frobnicate', 'error: unknown command "frobnicate" for "kubectl"\n'],
    ['kubectl gt pods', 'error: unknown command "gt" for "kubectl"\n\nDid you mean this?\n\tcp\n\tget\n\tset\n'],
    ['kubectl delet pod x', 'error: unknown command "delet" for "kubectl"\n\nDid you mean this?\n\tdelete\n'],
    ['kubectl get pods --foo', "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n"],
    ['kubectl get pods -n', "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n"],
    ['kubectl --bogus', "error: unknown flag: --bogus\nSee 'kubectl --help' for usage.\n"],
    [`kubectl get pods -l 'app`, "error: unexpected EOF while looking for matching `''\n"],
  ])('%s fails as kubectl does', (command, stderr) => {
    expect(runKubectl(fakeKubectlContext([pod]), command)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });

  it('says which real kubectl commands are not simulated yet', () => {
    const out = runKubectl(fakeKubectlContext([]), 'kubectl certificate approve csr-1');
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toBe('error: "kubectl certificate" is not available in this sandbox yet; try kubectl get, describe, delete or apply\n');
  });

  it('prints help for kubectl alone and for --help', () => {
    expect(runKubectl(fakeKubectlContext([]), 'kubectl').stdout).toContain('Commands available here:');
    const help = runKubectl(fakeKubectlContext([]), 'kubectl get --help');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage:\n  kubectl get');
  });
});

describe('kubectl apply -f', () => {
  const result: ApplyResult = {
    ok: false,
    documents: [
      { index: 0, startLine: 1, ok: true, message: 'deployment.apps/web created', diagnostics: [] },
      { index: 1, startLine: 20, ok: false, message: 'The Service "Web" is invalid: metadata.name: Invalid value: "Web": a DNS-1035 label ...', diagnostics: [] },
    ],
  };

  it('reads the file through the context and prints each document line on its stream', () => {
    const ctx = fakeKubectlContext([], { files: { 'web.yaml': 'kind: Deployment' }, applyResult: result });
    expect(runKubectl(ctx, 'kubectl apply -f web.yaml')).toEqual({
      stdout: 'deployment.apps/web created\n',
      stderr: 'The Service "Web" is invalid: metadata.name: Invalid value: "Web": a DNS-1035 label ...\n',
      exitCode: 1,
    });
    expect(ctx.applied).toEqual([{ text: 'kind: Deployment', source: 'web.yaml' }]);
  });

  it.each([
    ['kubectl apply', "error: must specify one of -f and -k\nSee 'kubectl apply -h' for help and examples\n"],
    ['kubectl apply -f missing.yaml', 'error: the path "missing.yaml" does not exist\n'],
  ])('%s', (command, stderr) => {
    const ctx = fakeKubectlContext([], { files: {} });
    expect(runKubectl(ctx, command)).toEqual({ stdout: '', stderr, exitCode: 1 });
  });

  it('explains that a terminal without files cannot apply -f', () => {
    const out = runKubectl(fakeKubectlContext([]), 'kubectl apply -f web.yaml');
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(/^error: this terminal cannot read files/);
  });
});
