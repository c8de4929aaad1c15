import { describe, expect, it } from 'vitest';
import { EngineHost } from './engine.worker';
import type { ObjectView, ReplyBody, SavedClusterState, WorkerMessage } from './protocol';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
  - port: 80
`;

/** A host on the real engine, with its messages collected. */
function host(): { host: EngineHost; messages: WorkerMessage[]; reply: (i: number) => ReplyBody } {
  const messages: WorkerMessage[] = [];
  const h = new EngineHost((m) => messages.push(m), () => 0);
  h.boot({ seed: 7, workerNodes: 2 });
  return {
    host: h,
    messages,
    reply: (requestId) => {
      const m = messages.find((x) => x.kind === 'reply' && x.requestId === requestId);
      if (!m || m.kind !== 'reply') throw new Error(`no reply ${requestId}`);
      return m.body;
    },
  };
}

function lastReadyViews(messages: WorkerMessage[]): ObjectView[] {
  const ready = messages.filter((m) => m.kind === 'ready').at(-1);
  if (!ready || ready.kind !== 'ready') throw new Error('no ready');
  return ready.snapshot.views;
}

function podNames(views: ObjectView[]): string[] {
  return views.filter((v) => v.kind === 'Pod' && v.namespace === 'default').map((v) => v.key).sort();
}

describe('saveState / restoreState', () => {
  it('a restored host shows the same cluster and continues identically', () => {
    const a = host();
    a.host.handle({ kind: 'apply', requestId: 1, yaml: WEB });
    a.host.handle({ kind: 'control', action: 'step', stepMs: 5000 });
    a.host.handle({ kind: 'nodePower', requestId: 2, nodeName: 'node-1', action: 'stop' });
    a.host.handle({ kind: 'saveState', requestId: 3 });
    const saved = a.reply(3);
    if (saved.kind !== 'saveState') throw new Error(saved.kind);
    // through JSON, as IndexedDB and postMessage would carry it
    const state = JSON.parse(JSON.stringify(saved.state)) as SavedClusterState;
    expect(state.settings).toMatchObject({ seed: 7, workerNodes: 2 });

    const b = host();
    b.host.handle({ kind: 'restoreState', requestId: 1, state });
    expect(b.reply(1)).toEqual({ kind: 'restoreState', ok: true, message: 'restored' });
    a.host.handle({ kind: 'resync' });
    const viewsA = lastReadyViews(a.messages);
    const viewsB = lastReadyViews(b.messages);
    expect(podNames(viewsB)).toHaveLength(2);
    expect(podNames(viewsB)).toEqual(podNames(viewsA));
    const node1 = viewsB.find((v) => v.kind === 'Node' && v.name === 'node-1');
    expect(node1 && node1.kind === 'Node' && node1.stopped, 'a stopped kubelet stays stopped').toBe(true);

    // Both continue the same way: the same kubectl answers after the same steps.
    for (const h of [a, b]) {
      h.host.handle({ kind: 'control', action: 'step', stepMs: 60_000 });
      h.host.handle({ kind: 'kubectl', requestId: 10, command: 'get pods -o wide' });
    }
    expect(b.reply(10)).toEqual(a.reply(10));
  });

  it('refuses a snapshot of another version with an error reply and keeps running', () => {
    const a = host();
    a.host.handle({ kind: 'saveState', requestId: 1 });
    const saved = a.reply(1);
    if (saved.kind !== 'saveState') throw new Error(saved.kind);
    const state = { ...saved.state, world: { ...saved.state.world, version: 99 } } as unknown as SavedClusterState;
    const b = host();
    b.host.handle({ kind: 'restoreState', requestId: 1, state });
    expect(b.reply(1)).toEqual({ kind: 'error', message: 'unsupported snapshot version 99' });
    b.host.handle({ kind: 'kubectl', requestId: 2, command: 'get nodes' });
    const out = b.reply(2);
    expect(out.kind === 'kubectl' && out.output.exitCode).toBe(0);
  });
});

describe('exportManifests', () => {
  it("exports the learner's objects only, without status or server-set fields, and they apply again", () => {
    const a = host();
    a.host.handle({ kind: 'apply', requestId: 1, yaml: WEB });
    a.host.handle({ kind: 'control', action: 'step', stepMs: 10_000 });
    a.host.handle({ kind: 'exportManifests', requestId: 2 });
    const r = a.reply(2);
    if (r.kind !== 'exportManifests') throw new Error(r.kind);
    expect(r.manifests.map((m) => `${String(m.kind)}/${String((m.metadata as { name: string }).name)}`)).toEqual(['Service/web', 'Deployment/web']);
    for (const m of r.manifests) {
      expect(m.status).toBeUndefined();
      expect(Object.keys(m.metadata as object)).not.toEqual(expect.arrayContaining(['uid']));
      expect((m.metadata as Record<string, unknown>).resourceVersion).toBeUndefined();
      expect((m.metadata as Record<string, unknown>).creationTimestamp).toBeUndefined();
    }
    expect((r.manifests[0].spec as Record<string, unknown>).clusterIP).toBeUndefined();

    const b = host();
    b.host.handle({ kind: 'apply', requestId: 1, yaml: r.manifests.map((m) => JSON.stringify(m)).join('\n---\n') });
    const applied = b.reply(1);
    expect(applied.kind === 'apply' && applied.result.documents.map((d) => d.message)).toEqual(['service/web created', 'deployment.apps/web created']);
    b.host.handle({ kind: 'exportManifests', requestId: 2 });
    expect(b.reply(2)).toEqual(r);
  });
});
