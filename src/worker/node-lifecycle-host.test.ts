// The worker's nodeLifecycle and clusterAutoscaler commands on the real engine: replies, views,
// the settings `ready` carries, and a saved state that restores and continues identically.
import { describe, expect, it } from 'vitest';
import { EngineHost } from './engine.worker';
import type { ObjectView, ReplyBody, SavedClusterState, WorkerMessage } from './protocol';
import { userAction } from './timeline-host';

function host(): { host: EngineHost; messages: WorkerMessage[]; reply: (i: number) => ReplyBody } {
  const messages: WorkerMessage[] = [];
  const h = new EngineHost((m) => messages.push(m), () => 0);
  h.boot({ seed: 5, workerNodes: 2 });
  return {
    host: h,
    messages,
    reply: (requestId) => {
      const m = messages.filter((x) => x.kind === 'reply' && x.requestId === requestId).at(-1);
      if (!m || m.kind !== 'reply') throw new Error(`no reply ${requestId}`);
      return m.body;
    },
  };
}

function lastReady(messages: WorkerMessage[]) {
  const ready = messages.filter((m) => m.kind === 'ready').at(-1);
  if (!ready || ready.kind !== 'ready') throw new Error('no ready');
  return ready.snapshot;
}

const nodeNames = (views: ObjectView[]) => views.filter((v) => v.kind === 'Node').map((v) => (v.kind === 'Node' ? v.name : '')).sort();

describe('nodeLifecycle and clusterAutoscaler commands', () => {
  it('add and remove nodes, turn the autoscaler on; a saved state restores all of it', () => {
    const a = host();
    a.host.handle({ kind: 'nodeLifecycle', requestId: 1, action: 'add' });
    expect(a.reply(1)).toEqual({ kind: 'nodeLifecycle', ok: true, message: 'node/node-3 added', nodeName: 'node-3' });
    a.host.handle({ kind: 'nodeLifecycle', requestId: 2, action: 'remove', nodeName: 'node-1' });
    expect(a.reply(2)).toEqual({ kind: 'nodeLifecycle', ok: true, message: 'node/node-1 removed', nodeName: 'node-1' });
    a.host.handle({ kind: 'nodeLifecycle', requestId: 3, action: 'remove', nodeName: 'control-plane' });
    expect(a.reply(3)).toMatchObject({ kind: 'nodeLifecycle', ok: false });
    a.host.handle({ kind: 'clusterAutoscaler', requestId: 4, settings: { minNodes: 1, maxNodes: 5 } });
    expect(a.reply(4)).toEqual({ kind: 'clusterAutoscaler', ok: true, message: 'cluster-autoscaler enabled (--nodes=1:5:workers)', settings: { minNodes: 1, maxNodes: 5 } });
    a.host.handle({ kind: 'clusterAutoscaler', requestId: 5, settings: { minNodes: 4, maxNodes: 2 } });
    expect(a.reply(5)).toMatchObject({ kind: 'clusterAutoscaler', ok: false });
    a.host.handle({ kind: 'control', action: 'step', stepMs: 20_000 });
    a.host.handle({ kind: 'resync' });
    const snap = lastReady(a.messages);
    expect(nodeNames(snap.views)).toEqual(['control-plane', 'node-2', 'node-3']);
    expect(snap.settings.clusterAutoscaler).toEqual({ minNodes: 1, maxNodes: 5 });

    a.host.handle({ kind: 'saveState', requestId: 6 });
    const saved = a.reply(6);
    if (saved.kind !== 'saveState') throw new Error(saved.kind);
    const state = JSON.parse(JSON.stringify(saved.state)) as SavedClusterState;
    const b = host();
    b.host.handle({ kind: 'restoreState', requestId: 1, state });
    const restored = lastReady(b.messages);
    expect(nodeNames(restored.views)).toEqual(['control-plane', 'node-2', 'node-3']);
    expect(restored.settings.clusterAutoscaler).toEqual({ minNodes: 1, maxNodes: 5 });
    for (const h of [a, b]) {
      h.host.handle({ kind: 'control', action: 'step', stepMs: 60_000 });
      h.host.handle({ kind: 'kubectl', requestId: 10, command: 'get pods -A -o wide' });
    }
    expect(b.reply(10)).toEqual(a.reply(10));

    // Off again: the next ready says so.
    a.host.handle({ kind: 'clusterAutoscaler', requestId: 7 });
    expect(a.reply(7)).toEqual({ kind: 'clusterAutoscaler', ok: true, message: 'cluster-autoscaler disabled' });
    a.host.handle({ kind: 'resync' });
    expect(lastReady(a.messages).settings.clusterAutoscaler).toBeUndefined();
  });

  it('time travel records them as user actions', () => {
    expect(userAction({ kind: 'nodeLifecycle', requestId: 1, action: 'add' })).toEqual({ verb: 'add node', detail: '' });
    expect(userAction({ kind: 'nodeLifecycle', requestId: 1, action: 'remove', nodeName: 'node-2' })).toEqual({ verb: 'remove', detail: '', object: { kind: 'Node', name: 'node-2' } });
    expect(userAction({ kind: 'clusterAutoscaler', requestId: 1, settings: { minNodes: 1, maxNodes: 6 } })).toEqual({ verb: 'autoscaler', detail: '--nodes=1:6' });
  });

  it('boots with the autoscaler when the settings carry it', () => {
    const messages: WorkerMessage[] = [];
    const h = new EngineHost((m) => messages.push(m), () => 0);
    h.boot({ seed: 5, workerNodes: 1, clusterAutoscaler: { minNodes: 1, maxNodes: 3 } });
    expect(lastReady(messages).settings.clusterAutoscaler).toEqual({ minNodes: 1, maxNodes: 3 });
  });
});
