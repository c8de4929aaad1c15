// The editor's Diff through the worker: a `diff` command answers kubectl diff's output and one entry
// per document, and posts no change of the cluster (it is a dry run on a copy).
import { describe, expect, it } from 'vitest';
import { EngineHost } from './engine.worker';
import type { ReplyBody, WorkerMessage } from './protocol';

const web = (replicas: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: { app: web }\n` +
  `  template:\n    metadata:\n      labels: { app: web }\n    spec:\n      containers:\n        - name: nginx\n          image: nginx\n`;

function request(h: EngineHost, posted: WorkerMessage[], requestId: number, cmd: { kind: 'apply' | 'diff'; yaml: string } | { kind: 'kubectl'; command: string }): ReplyBody {
  h.handle({ ...cmd, requestId });
  const reply = posted.find((m) => m.kind === 'reply' && m.requestId === requestId);
  if (reply?.kind !== 'reply') throw new Error(`no reply to ${requestId}`);
  return reply.body;
}

describe('the diff command', () => {
  it('answers the would-be change per document and changes nothing', () => {
    const posted: WorkerMessage[] = [];
    const h = new EngineHost((m) => posted.push(m), () => 0);
    h.boot({ seed: 1, workerNodes: 2 });
    expect(request(h, posted, 1, { kind: 'apply', yaml: web(3) })).toMatchObject({ kind: 'apply', result: { ok: true } });
    let id = 10;
    const kubectl = (command: string) => {
      const b = request(h, posted, id++, { kind: 'kubectl', command });
      return b.kind === 'kubectl' ? b.output : undefined;
    };
    const before = kubectl('get deploy web -o yaml');

    const body = request(h, posted, 2, { kind: 'diff', yaml: `${web(5)}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n` });
    if (body.kind !== 'diff') throw new Error(JSON.stringify(body));
    expect(body.output.exitCode).toBe(1);
    expect(body.documents?.map((d) => [d.ref.kind, d.ref.name, d.change])).toEqual([
      ['Deployment', 'web', 'update'],
      ['Namespace', 'dev', 'create'],
    ]);
    expect(body.documents?.[0].diff).toContain('\n-  replicas: 3\n+  replicas: 5\n');
    expect(JSON.parse(JSON.stringify(body))).toEqual(body); // plain JSON across postMessage
    expect(kubectl('get deploy web -o yaml')).toEqual(before);
    expect(kubectl('get ns dev')?.exitCode).toBe(1);
  });
});
