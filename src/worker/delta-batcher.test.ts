import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeltaBatcher, squash, type BatchedChange } from './delta-batcher';
import type { DeploymentView, EventView, ObjectView, ViewChange } from './protocol';
import { viewId } from './protocol';

function deployment(name: string, replicas: number, rv: number): DeploymentView {
  return { kind: 'Deployment', key: `default/${name}`, namespace: 'default', name, replicas, readyReplicas: 0, updatedReplicas: 0, availableReplicas: 0, rv: String(rv) };
}

/** What the UI store does with a change, reduced to the map of views. */
function applyChange(state: Map<string, ObjectView>, c: ViewChange): void {
  if (c.type === 'upsert') state.set(viewId(c.view.kind, c.view.key), c.view);
  else state.delete(viewId(c.kind, c.key));
}

const NAMES = ['a', 'b', 'c', 'd'];

/** An initial state and a sequence of ops that is valid for it (creates are flagged as such). */
const scenario = fc
  .record({
    initial: fc.subarray(NAMES),
    ops: fc.array(fc.record({ name: fc.constantFrom(...NAMES), del: fc.boolean(), replicas: fc.nat(5) }), { maxLength: 30 }),
  })
  .map(({ initial, ops }) => {
    const start = new Map<string, ObjectView>();
    for (const n of initial) start.set(viewId('Deployment', `default/${n}`), deployment(n, 1, 1));
    const present = new Set(initial);
    let rv = 10;
    const changes: BatchedChange[] = ops.map((op) => {
      rv += 1;
      const existed = present.has(op.name);
      if (op.del) {
        present.delete(op.name);
        return { change: { type: 'delete', kind: 'Deployment', key: `default/${op.name}`, rv: String(rv) }, created: false };
      }
      present.add(op.name);
      return { change: { type: 'upsert', view: deployment(op.name, op.replicas, rv) }, created: !existed };
    });
    return { start, changes };
  });

describe('squash', () => {
  it('applying squash(d1..dn) equals applying d1..dn one by one', () => {
    fc.assert(
      fc.property(scenario, ({ start, changes }) => {
        const oneByOne = new Map(start);
        for (const c of changes) applyChange(oneByOne, c.change);
        const squashed = new Map(start);
        for (const c of squash(changes)) applyChange(squashed, c);
        expect(squashed).toEqual(oneByOne);
      }),
      { numRuns: 500 },
    );
  });

  it('emits at most one change per view', () => {
    fc.assert(
      fc.property(scenario, ({ changes }) => {
        const ids = squash(changes).map((c) => (c.type === 'upsert' ? c.view.key : c.key));
        expect(new Set(ids).size).toBe(ids.length);
      }),
    );
  });

  it('drops a view that is created and deleted within one batch', () => {
    const out = squash([
      { change: { type: 'upsert', view: deployment('x', 1, 5) }, created: true },
      { change: { type: 'upsert', view: deployment('x', 2, 6) }, created: false },
      { change: { type: 'delete', kind: 'Deployment', key: 'default/x', rv: '7' }, created: false },
    ]);
    expect(out).toEqual([]);
  });

  it('keeps the delete of a view that existed before the batch', () => {
    const out = squash([
      { change: { type: 'upsert', view: deployment('x', 2, 6) }, created: false },
      { change: { type: 'delete', kind: 'Deployment', key: 'default/x', rv: '7' }, created: false },
    ]);
    expect(out).toEqual([{ type: 'delete', kind: 'Deployment', key: 'default/x', rv: '7' }]);
  });

  it('lets the last upsert win', () => {
    const out = squash([
      { change: { type: 'upsert', view: deployment('x', 1, 5) }, created: true },
      { change: { type: 'upsert', view: deployment('x', 3, 6) }, created: false },
    ]);
    expect(out).toEqual([{ type: 'upsert', view: deployment('x', 3, 6) }]);
  });
});

describe('DeltaBatcher', () => {
  const clock = { simTimeMs: 100, running: true, speed: 1 };
  const event = (id: string, count: number): EventView => ({
    id, type: 'Normal', reason: 'Scheduled', message: 'm', involved: { kind: 'Pod', name: 'p' }, source: 'default-scheduler', count, lastMs: count,
  });

  it('raises seq by one per message, ready and delta alike', () => {
    const b = new DeltaBatcher(4);
    b.add({ type: 'upsert', view: deployment('a', 1, 1) }, true);
    expect(b.flush(clock)?.seq).toBe(5);
    expect(b.takeSeq()).toBe(6);
    expect(b.flush(clock, true)?.seq).toBe(7);
  });

  it('sends nothing when nothing happened unless forced', () => {
    const b = new DeltaBatcher();
    expect(b.flush(clock)).toBeNull();
    const forced = b.flush(clock, true);
    expect(forced).toMatchObject({ kind: 'delta', changes: [], events: [], writes: [], clock });
  });

  it('keeps only the latest version of an event and resets after a flush', () => {
    const b = new DeltaBatcher();
    b.addEvent(event('default/e1', 1));
    b.addEvent(event('default/e2', 1));
    b.addEvent(event('default/e1', 2));
    const msg = b.flush(clock);
    expect(msg?.events.map((e) => [e.id, e.count])).toEqual([['default/e2', 1], ['default/e1', 2]]);
    expect(b.hasContent).toBe(false);
  });

  it('caps the writes it forwards to the latest ones', () => {
    const b = new DeltaBatcher();
    for (let i = 0; i < 1000; i++) b.addWrite({ component: 'kubelet/node-1', verb: 'patch', kind: 'Pod', key: `default/p${i}` });
    const writes = b.flush(clock)?.writes ?? [];
    expect(writes.length).toBeLessThanOrEqual(200);
    expect(writes.at(-1)?.key).toBe('default/p999');
  });
});
