import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command, ReplyBody, SavedClusterState } from '../../worker/protocol';
import { ClusterPersistence, isJournaled, journalForm } from './cluster-persistence';
import { memoryDb, type JournaledCommand, type SandboxDb } from './db';

/**
 * A stand-in worker: its "world" is the list of commands that changed it, which is exactly what a
 * restore must bring back. saveState copies the list; restoreState replaces it.
 */
class FakeEngine {
  log: string[] = [];
  constructor(private readonly onRequest?: (cmd: JournaledCommand) => void) {}
  exec(cmd: JournaledCommand): ReplyBody {
    this.onRequest?.(cmd);
    switch (cmd.kind) {
      case 'saveState':
        return { kind: 'saveState', state: { settings: { seed: 1, workerNodes: 3 }, running: true, speed: 1, world: { log: [...this.log] } as unknown as SavedClusterState['world'] } };
      case 'restoreState': {
        const world = (cmd.state as SavedClusterState).world as unknown as { log?: string[] };
        if (!world.log) return { kind: 'error', message: 'unsupported snapshot version 9' };
        this.log = [...world.log];
        return { kind: 'restoreState', ok: true, message: 'restored' };
      }
      case 'reset':
        this.log = [];
        return { kind: 'reset', ok: true };
      default:
        if (isJournaled(cmd as Command)) this.log.push(label(cmd));
        return { kind: 'kubectl', output: { stdout: '', stderr: '', exitCode: 0 } };
    }
  }
  port() {
    return { request: async (cmd: JournaledCommand) => this.exec(cmd) };
  }
}

function label(cmd: JournaledCommand): string {
  return cmd.kind === 'apply' ? `apply:${String(cmd.yaml)}` : cmd.kind === 'kubectl' ? `kubectl:${String(cmd.command)}` : cmd.kind;
}

let nextRequestId = 1;

/** What EngineClient does with a user command: journal, post, reply. */
async function send(p: ClusterPersistence, engine: FakeEngine, partial: JournaledCommand): Promise<void> {
  const cmd = { ...partial, requestId: nextRequestId++ } as unknown as Command;
  await p.beforePost(cmd);
  engine.exec(journalForm(cmd));
  p.posted(cmd);
  p.afterReply(cmd);
}

/** A new tab on the same database: a fresh worker, restored. */
async function reopen(db: SandboxDb): Promise<{ engine: FakeEngine; persistence: ClusterPersistence; replayed: number }> {
  const engine = new FakeEngine();
  const persistence = new ClusterPersistence(db, engine.port(), () => 0);
  const r = await persistence.restore();
  return { engine, persistence, replayed: r.replayed };
}

describe('which commands are journaled', () => {
  it.each([
    [{ kind: 'apply', yaml: 'x' }, true],
    [{ kind: 'bindPod', podKey: 'default/a', nodeName: 'n1' }, true],
    [{ kind: 'nodePower', nodeName: 'n1', action: 'stop' }, true],
    [{ kind: 'nodeLifecycle', action: 'add' }, true],
    [{ kind: 'nodeLifecycle', action: 'remove', nodeName: 'node-2' }, true],
    [{ kind: 'clusterAutoscaler', settings: { minNodes: 1, maxNodes: 6 } }, true],
    [{ kind: 'setLoad', rps: 5 }, true],
    [{ kind: 'reset' }, true],
    [{ kind: 'kubectl', command: 'scale deployment web --replicas=5' }, true],
    [{ kind: 'kubectl', command: 'kubectl delete pod a' }, true],
    [{ kind: 'kubectl', command: 'get pods -A' }, false],
    [{ kind: 'kubectl', command: 'kubectl describe node node-1' }, false],
    [{ kind: 'trace', request: {} }, true],
    [{ kind: 'lessonChecks', checks: [] }, false],
    [{ kind: 'creationChain', podKey: 'default/a' }, false],
    [{ kind: 'podInside', podKey: 'default/a' }, false],
    [{ kind: 'inspect' }, false],
    [{ kind: 'checkPlacement' }, false],
    [{ kind: 'diff', yaml: 'x' }, false],
    [{ kind: 'control', action: 'play' }, false],
    [{ kind: 'saveState' }, false],
  ])('%o -> %s', (cmd, expected) => {
    expect(isJournaled(cmd as unknown as Command)).toBe(expected);
  });
});

describe('ClusterPersistence', () => {
  it('a reload brings back what was saved, and replays what was journaled after it', async () => {
    const db = memoryDb();
    const engine = new FakeEngine();
    const p = new ClusterPersistence(db, engine.port(), () => 0);
    await send(p, engine, { kind: 'apply', yaml: 'a' });
    await p.save();
    expect(db.journalIds(), 'the snapshot includes the apply: its entry is gone').toEqual([]);
    // The tab dies after journaling and running a command, before any snapshot took it in.
    const cmd = { kind: 'kubectl', command: 'scale deploy web --replicas=2', requestId: 99 } as unknown as Command;
    await p.beforePost(cmd);
    engine.exec(journalForm(cmd));
    expect(db.journalIds()).toHaveLength(1);

    const next = await reopen(db);
    expect(next.engine.log).toEqual(['apply:a', 'kubectl:scale deploy web --replicas=2']);
    expect(next.replayed).toBe(1);
    expect(db.journalIds(), 'the restore saved at once: the journal is empty again').toEqual([]);
    expect(next.persistence.actionCount).toBe(2);
  });

  it('read-only commands leave no journal entry and trigger no save', async () => {
    const db = memoryDb();
    const saves: string[] = [];
    const engine = new FakeEngine((c) => c.kind === 'saveState' && saves.push('save'));
    const p = new ClusterPersistence(db, engine.port(), () => 0);
    await send(p, engine, { kind: 'kubectl', command: 'get pods' });
    await send(p, engine, { kind: 'inspect' });
    expect(db.journalIds()).toEqual([]);
    expect(saves).toEqual([]);
    expect(p.actionCount).toBe(0);
  });

  it('a timeline fork or branch switch is saved at once; viewing the past is not', async () => {
    const db = memoryDb();
    const saves: string[] = [];
    const engine = new FakeEngine((c) => c.kind === 'saveState' && saves.push('save'));
    const p = new ClusterPersistence(db, engine.port(), () => 0);
    await send(p, engine, { kind: 'timeline', op: { op: 'goto', atMs: 5 } });
    expect(saves).toEqual([]);
    await send(p, engine, { kind: 'timeline', op: { op: 'continue' } });
    await send(p, engine, { kind: 'timeline', op: { op: 'switchBranch', branchId: 1 } });
    await Promise.resolve();
    expect(saves.length).toBeGreaterThanOrEqual(1);
    expect(db.journalIds()).toEqual([]);
    expect(p.actionCount).toBe(0);
  });

  it('a snapshot taken before a command was posted keeps that command in the journal', async () => {
    const db = memoryDb();
    const engine = new FakeEngine();
    const p = new ClusterPersistence(db, engine.port(), () => 0);
    const cmd = { kind: 'apply', yaml: 'late', requestId: 1 } as unknown as Command;
    await p.beforePost(cmd); // journaled, still waiting in the client's queue
    await p.save(); // the worker has not seen it: the snapshot must not claim it
    expect(db.journalIds()).toHaveLength(1);
    const next = await reopen(db);
    expect(next.engine.log).toEqual(['apply:late']);
  });

  it('saves asked for while one runs coalesce into one more', async () => {
    const db = memoryDb();
    let snapshots = 0;
    const engine = new FakeEngine((c) => c.kind === 'saveState' && snapshots++);
    const p = new ClusterPersistence(db, engine.port(), () => 0);
    await Promise.all([p.save(), p.save(), p.save(), p.save()]);
    expect(snapshots).toBe(2);
  });

  it('a reset zeroes the work counter; a restore that fails forgets the saved cluster', async () => {
    const db = memoryDb();
    const engine = new FakeEngine();
    const p = new ClusterPersistence(db, engine.port(), () => 0);
    await send(p, engine, { kind: 'apply', yaml: 'a' });
    await send(p, engine, { kind: 'reset', settings: { seed: 1, workerNodes: 2 } });
    expect(p.actionCount).toBe(0);
    await p.save();
    const saved = (await db.loadCluster()).saved!;
    await db.commitCluster({ ...saved, state: { ...saved.state, world: {} as SavedClusterState['world'] } }, 0);
    const next = new ClusterPersistence(db, new FakeEngine().port(), () => 0);
    const r = await next.restore();
    expect(r).toEqual({ restored: false, replayed: 0, error: 'unsupported snapshot version 9' });
    expect((await db.loadCluster()).saved).toBeUndefined();
  });

  it('restore without replay drops the journal (a command that crashed the worker twice)', async () => {
    const db = memoryDb();
    const engine = new FakeEngine();
    const p = new ClusterPersistence(db, engine.port(), () => 0);
    await send(p, engine, { kind: 'apply', yaml: 'a' });
    await p.save();
    await p.beforePost({ kind: 'apply', yaml: 'poison', requestId: 5 } as unknown as Command);
    const fresh = new FakeEngine();
    const r = await new ClusterPersistence(db, fresh.port(), () => 0).restore({ replay: false });
    expect(r.replayed).toBe(0);
    expect(fresh.log).toEqual(['apply:a']);
    expect(db.journalIds()).toEqual([]);
  });

  // Property: wherever the tab is killed in a run of commands and saves, a reload brings back every
  // command that reached the worker, in order, and nothing else.
  it('no journaled command that reached the worker is lost, wherever the tab dies', async () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant('apply' as const), yaml: fc.string({ maxLength: 4 }) }),
      fc.record({ t: fc.constant('get' as const) }),
      fc.record({ t: fc.constant('save' as const) }),
      fc.record({ t: fc.constant('reset' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const db = memoryDb();
        const engine = new FakeEngine();
        const p = new ClusterPersistence(db, engine.port(), () => 0);
        for (const o of ops) {
          if (o.t === 'apply') await send(p, engine, { kind: 'apply', yaml: o.yaml });
          else if (o.t === 'get') await send(p, engine, { kind: 'kubectl', command: 'get pods' });
          else if (o.t === 'reset') await send(p, engine, { kind: 'reset', settings: { seed: 1, workerNodes: 3 } });
          else await p.save();
        }
        const next = await reopen(db);
        expect(next.engine.log).toEqual(engine.log);
      }),
      { numRuns: 150 },
    );
  });
});
