// Keeps the cluster in IndexedDB: a write-ahead journal of the user's commands plus a periodic
// snapshot (World.snapshot via the worker's `saveState`). A command that changes the cluster is
// journaled durably before the worker sees it; a snapshot records the last journal id it includes
// and drops those entries in the same transaction. After a reload or a worker crash, `restore` loads
// the snapshot and replays the newer entries, so nothing the learner did is lost.
// SIMPLIFICATION: replayed commands run at the snapshot's simulated time, not at the instant they
// first ran, so what the controllers did between the snapshot and the crash is computed again.

import type { Command, ReplyBody } from '../../worker/protocol';
import type { JournaledCommand, SandboxDb } from './db';

/** How the persistence reaches the worker: straight to it, never through the journal again. */
export interface EnginePort {
  request(cmd: JournaledCommand): Promise<ReplyBody>;
}

/**
 * Commands that change nothing worth saving (questions, previews, persistence itself). A packet
 * trace is not one: it leaves conntrack entries and moves the datapath's random stream, so it is
 * journaled and replayed (lesson checks trace with World.probeTrace, which leaves nothing).
 */
export const READ_ONLY_COMMANDS: ReadonlySet<Command['kind']> = new Set<Command['kind']>([
  'diff', 'checkPlacement', 'placementReport', 'schedulingAttempt', 'nodeShell', 'inspect', 'etcdKeys', 'resync', 'saveState', 'restoreState', 'exportManifests', 'testCrash', 'lessonChecks', 'stopWatch', 'creationChain', 'podInside',
  // the timeline only shows the past; a fork or branch switch replaces the live world: afterReply saves it
  'timeline',
]);

/** A timeline fork or branch switch: the live world is another one now, saved at once (a paused clock saves nothing). */
function replacesLiveWorld(cmd: Command): boolean {
  return cmd.kind === 'timeline' && (cmd.op.op === 'continue' || cmd.op.op === 'switchBranch');
}

/** kubectl verbs that only read. Anything else (apply, scale, edit, exec, an unknown verb) is journaled. */
const KUBECTL_READS = new Set(['get', 'describe', 'logs', 'explain', 'diff', 'top', 'api-resources', 'api-versions', 'version', 'cluster-info', 'config', 'auth', 'events', 'wait', 'help', '']);

function kubectlVerb(command: string): string {
  const words = command.trim().split(/\s+/);
  if (words[0] === 'kubectl') words.shift();
  return words[0] ?? '';
}

/** Whether the worker must have `cmd` journaled before running it (it may change the cluster). */
export function isJournaled(cmd: Pick<Command, 'kind'> & Partial<{ command: string }>): boolean {
  if (cmd.kind === 'control') return false; // clock only: the next snapshot has it
  if (READ_ONLY_COMMANDS.has(cmd.kind)) return false;
  if (cmd.kind === 'kubectl') return !KUBECTL_READS.has(kubectlVerb(cmd.command ?? ''));
  return true;
}

/** A command as the journal keeps it: plain data, without the requestId a replay replaces. */
export function journalForm(cmd: Command): JournaledCommand {
  const copy = { ...cmd } as Record<string, unknown>;
  delete copy.requestId;
  return copy as JournaledCommand;
}

export interface RestoreResult {
  /** a saved cluster was loaded */
  restored: boolean;
  /** journal entries run again on top of it */
  replayed: number;
  /** why the saved cluster could not be used (it was discarded) */
  error?: string;
}

export class ClusterPersistence {
  private readonly ids = new WeakMap<object, number>();
  /** the newest journal id whose command reached the worker: a snapshot taken now includes it */
  private lastPosted = 0;
  private actions = 0;
  private saving: Promise<void> | null = null;
  private dirty = false;

  constructor(
    private readonly db: SandboxDb,
    private readonly engine: EnginePort,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Commands since the last reset or import that changed the cluster (unsaved work when > 0). */
  get actionCount(): number {
    return this.actions;
  }

  /**
   * Before `cmd` is posted: journal it when it may change the cluster. The promise resolves once the
   * entry is durable (or the database failed: the command still runs, it just is not protected).
   */
  beforePost(cmd: Command): Promise<void> | undefined {
    if (!isJournaled(cmd)) return undefined;
    return this.db.appendJournal(journalForm(cmd)).then(
      (id) => void this.ids.set(cmd, id),
      () => undefined,
    );
  }

  /** `cmd` (the same object beforePost saw) was handed to the worker. */
  posted(cmd: Command): void {
    const id = this.ids.get(cmd);
    if (id !== undefined) this.lastPosted = Math.max(this.lastPosted, id);
    if (cmd.kind === 'reset') this.actions = 0;
    else if (isJournaled(cmd)) this.actions += 1;
    // play, pause, speed and step change the clock: keep it (no journal needed, nothing is lost but time)
    if (cmd.kind === 'control') void this.save().catch(() => undefined);
  }

  /** The reply to `cmd` came back: save the new state if it may have changed. */
  afterReply(cmd: Command): void {
    if (isJournaled(cmd) || replacesLiveWorld(cmd)) void this.save().catch(() => undefined);
  }

  /**
   * Snapshot the cluster and commit it with the journal ids it includes. Calls while a save runs
   * coalesce into one more save after it, so a burst of actions costs at most two snapshots.
   */
  save(): Promise<void> {
    if (this.saving) {
      this.dirty = true;
      return this.saving;
    }
    this.saving = (async () => {
      do {
        this.dirty = false;
        const upTo = this.lastPosted;
        const reply = await this.engine.request({ kind: 'saveState' });
        if (reply.kind !== 'saveState') throw new Error(reply.kind === 'error' ? reply.message : `unexpected reply ${reply.kind}`);
        await this.db.commitCluster({ state: reply.state, actions: this.actions, savedAtMs: this.now() }, upTo);
      } while (this.dirty);
    })().finally(() => {
      this.saving = null;
    });
    return this.saving;
  }

  /**
   * Bring the worker back to the saved cluster: restore the snapshot, then run the journal entries
   * newer than it, in order. `replay: false` drops the journal (after a command crashed the worker
   * twice, replaying it again would crash again). The result is saved at once.
   */
  async restore({ replay = true }: { replay?: boolean } = {}): Promise<RestoreResult> {
    const { saved, journal } = await this.db.loadCluster();
    let restored = false;
    let error: string | undefined;
    if (saved) {
      const reply = await this.engine.request({ kind: 'restoreState', state: saved.state });
      if (reply.kind === 'restoreState' && reply.ok) {
        restored = true;
        this.actions = saved.actions;
      } else {
        error = reply.kind === 'error' ? reply.message : 'the saved cluster could not be restored';
      }
    }
    const lastId = journal.length ? journal[journal.length - 1].id : 0;
    let replayed = 0;
    // Entries only make sense on top of the snapshot they follow.
    if (replay && error === undefined) {
      for (const entry of journal) {
        await this.engine.request(entry.cmd);
        replayed += 1;
        this.actions = entry.cmd.kind === 'reset' ? 0 : this.actions + 1;
      }
    }
    this.lastPosted = Math.max(this.lastPosted, lastId);
    if (error !== undefined) await this.db.clearCluster();
    else if (restored || replayed > 0 || lastId > 0) await this.save();
    return { restored, replayed, ...(error !== undefined ? { error } : {}) };
  }

  /** Forget the saved cluster (the "Start over" path); the caller resets the worker. */
  async clear(): Promise<void> {
    this.actions = 0;
    await this.db.clearCluster();
  }
}
