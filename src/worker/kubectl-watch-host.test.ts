import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, EngineHost } from './engine.worker';
import type { WorkerMessage } from './protocol';

/** A host over a real World, its messages collected; `wall` is the wall clock the host reads. */
function host() {
  const messages: WorkerMessage[] = [];
  const h = new EngineHost((m) => messages.push(m), () => 0);
  h.boot(DEFAULT_SETTINGS);
  let requestId = 1;
  const kubectl = (command: string) => {
    const id = requestId++;
    h.handle({ kind: 'kubectl', requestId: id, command });
    const reply = messages.find((m) => m.kind === 'reply' && m.requestId === id);
    if (reply?.kind !== 'reply' || reply.body.kind !== 'kubectl') throw new Error(`no kubectl reply to ${command}`);
    return reply.body;
  };
  return { h, messages, kubectl };
}

const watchOutputs = (messages: WorkerMessage[]) => messages.filter((m): m is Extract<WorkerMessage, { kind: 'watchOutput' }> => m.kind === 'watchOutput');

describe('EngineHost and kubectl get -w', () => {
  it('replies with a watchId, then streams rows after each delta until stopWatch', () => {
    const { h, messages, kubectl } = host();
    const started = kubectl('get pods -w');
    expect(started.watchId).toBeDefined();
    expect(started.output).not.toHaveProperty('watch'); // the spec stays in the worker

    messages.length = 0;
    kubectl('run web --image=nginx');
    const rows = watchOutputs(messages);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ watchId: started.watchId });
    // An empty list printed nothing: the first event brings the headers, aligned with its row.
    expect(rows[0].stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb\s+0\/1\s+Pending\s+0\s+0s\n$/);
    // the frame's delta first, then the rows, then the reply
    const order = messages.map((m) => m.kind);
    expect(order.indexOf('delta')).toBeLessThan(order.indexOf('watchOutput'));
    expect(order.indexOf('watchOutput')).toBeLessThan(order.indexOf('reply'));

    h.handle({ kind: 'stopWatch', watchId: started.watchId! });
    messages.length = 0;
    kubectl('delete pod web');
    h.handle({ kind: 'control', action: 'step', stepMs: 30_000 });
    expect(watchOutputs(messages)).toEqual([]);
  });

  it('a new cluster (reset) ends a running watch with one ended message', () => {
    const { h, messages, kubectl } = host();
    const { watchId } = kubectl('get pods -A -w');
    messages.length = 0;
    h.handle({ kind: 'reset', requestId: 99, settings: DEFAULT_SETTINGS });
    h.handle({ kind: 'control', action: 'step', stepMs: 1_000 });
    expect(watchOutputs(messages)).toEqual([{ kind: 'watchOutput', watchId, stdout: '', ended: true }]);
  });
});
