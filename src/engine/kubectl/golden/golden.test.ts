// Golden tests of `kubectl get` / `get -o wide` / `describe` for every kind the API server serves
// (src/engine/api/resources.ts) plus a custom resource with additionalPrinterColumns.
// Each case runs a small scenario in a fresh simulated cluster (TestCluster: controllers, scheduler,
// kubelets all real), moves the clock to a known age, and compares the commands' output with
// golden/<kind>.txt. The golden text is what kubectl v1.35 prints for such an object; each file's
// header names the upstream functions whose format it follows:
//   tables:   pkg/printers/internalversion/printers.go (AddHandlers, print<Kind>)
//   describe: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describerMap, <Kind>Describer;
//             kinds without one use GenericDescriberFor -> printUnstructuredContent)
// UPDATE_GOLDEN=1 npx vitest run src/engine/kubectl/golden rewrites the files; review every changed
// line against upstream before keeping it.

// Test-only: the golden files are read (and in update mode written) from disk.
/* eslint-disable no-restricted-imports */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
/* eslint-enable no-restricted-imports */
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';
import { GOLDEN_CASES, type GoldenCase } from './cases';

const DIR = join(__dirname);
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** The golden file's text: a header naming the upstream functions, then each command and its output. */
export function renderGolden(c: GoldenCase, run: (cmd: string) => string): string {
  const header = [`# kubectl v1.35 golden output: ${c.kind}`, ...c.upstream.map((u) => `# upstream: ${u}`), `# scenario: ${c.scenario}`];
  const blocks = c.commands.map((cmd) => {
    const out = run(cmd);
    return `$ kubectl ${cmd}\n${out.endsWith('\n') || out === '' ? out : `${out}\n`}`;
  });
  return `${header.join('\n')}\n\n${blocks.join('\n')}`;
}

function runCase(c: GoldenCase): string {
  const cluster = new TestCluster();
  for (const yaml of c.setup) {
    if (yaml.text) cluster.applyOk(yaml.text);
    cluster.step(yaml.thenMs ?? 0);
  }
  return renderGolden(c, (cmd) => cluster.kubectl(cmd));
}

describe('kubectl golden output', () => {
  it('covers every served kind', async () => {
    const { RESOURCES } = await import('../../api/resources');
    const covered = new Set(GOLDEN_CASES.map((c) => c.kind));
    expect(RESOURCES.map((r) => r.kind).filter((k) => !covered.has(k))).toEqual([]);
  });

  it.each(GOLDEN_CASES.map((c) => [c.file, c] as const))('%s', (file, c) => {
    const path = join(DIR, file);
    const actual = runCase(c);
    if (UPDATE || !existsSync(path)) {
      if (!UPDATE) throw new Error(`${file} is missing; run with UPDATE_GOLDEN=1 and review it`);
      writeFileSync(path, actual);
      return;
    }
    expect(actual).toBe(readFileSync(path, 'utf8'));
  });
});
