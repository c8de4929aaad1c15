// Time travel inside the worker: which commands are user actions (recorded, checkpointed), going to
// a past instant (a separate World, shown in place of the live one, which pauses), back to live,
// and forking when the learner edits the past. EngineHost (engine.worker.ts) calls in at a few
// points; the state and rules live here and in timeline.ts.

import type { World } from '../engine/index';
import type { ClockState, Command, PacketTrace, ReplyBody, TimelineEntry, TimelineOp } from './protocol';
import { Timeline } from './timeline';

/** What the host lets time travel do. */
export interface TimeTravelHost {
  /** the world the host runs and shows now (the live one, or a past one while viewing the past) */
  world(): World;
  /** show `world` in place of the current one: rebuild the views and send `ready` */
  show(world: World): void;
  isRunning(): boolean;
  setRunning(running: boolean): void;
}

/** kubectl verbs that only read: they run on the past world without forking and take no checkpoint. */
const READ_VERBS = new Set([
  'get', 'describe', 'logs', 'top', 'explain', 'api-resources', 'api-versions', 'version', 'cluster-info', 'config', 'diff', 'auth', 'events', 'wait', 'help', 'completion', 'options',
]);

function kubectlVerb(line: string): string {
  const words = line.trim().split(/\s+/);
  const i = words[0] === 'kubectl' ? 1 : 0;
  return words.slice(i).find((w) => !w.startsWith('-')) ?? '';
}

/** A user action's verb and object, or undefined for a command that changes nothing. */
export function userAction(cmd: Command): { verb: string; detail: string; object?: TimelineEntry['object']; kind?: TimelineEntry['kind'] } | undefined {
  switch (cmd.kind) {
    case 'apply':
      return { verb: 'apply', detail: '' };
    case 'delete':
      return { verb: 'delete', detail: '', object: { kind: cmd.ref.kind, ...(cmd.ref.namespace ? { namespace: cmd.ref.namespace } : {}), name: cmd.ref.name } };
    case 'createPodOnNode':
      return { verb: 'drop', detail: `${cmd.template} → ${cmd.nodeName}` };
    case 'bindPod': {
      const [namespace, name] = cmd.podKey.includes('/') ? cmd.podKey.split('/') : ['default', cmd.podKey];
      return { verb: 'bind', detail: `→ ${cmd.nodeName}`, object: { kind: 'Pod', namespace, name } };
    }
    case 'nodePower':
      return { verb: cmd.action, detail: '', object: { kind: 'Node', name: cmd.nodeName } };
    case 'nodeLifecycle':
      return cmd.action === 'add' ? { verb: 'add node', detail: '' } : { verb: 'remove', detail: '', object: { kind: 'Node', name: cmd.nodeName } };
    case 'clusterAutoscaler':
      return { verb: 'autoscaler', detail: cmd.settings ? `--nodes=${cmd.settings.minNodes}:${cmd.settings.maxNodes}` : 'off' };
    case 'setLoad':
      return { verb: 'load', detail: `${cmd.rps} req/s`, object: { kind: cmd.workload.kind, ...(cmd.workload.namespace ? { namespace: cmd.workload.namespace } : {}), name: cmd.workload.name } };
    case 'kubectl':
      return READ_VERBS.has(kubectlVerb(cmd.command)) ? undefined : { verb: 'kubectl', detail: `kubectl ${cmd.command.replace(/^\s*kubectl\s+/, '')}` };
    case 'trace':
      // A what-if trace leaves nothing behind; a real one fills conntrack and draws from the datapath's RNG.
      return cmd.whatIf?.cni || cmd.whatIf?.proxyMode ? undefined : { verb: 'trace', detail: '', kind: 'packet' };
    default:
      // Reads, clock control, and commands that replace the whole world (reset, restore: the timeline starts over).
      return undefined;
  }
}

function traceLine(trace: PacketTrace): string {
  const r = trace.request;
  const from = 'pod' in r.from ? r.from.pod : 'node' in r.from ? `node ${r.from.node}` : 'external';
  return `${from} → ${r.to}${r.port ? `:${r.port}` : ''} ${trace.outcome.delivered ? 'delivered' : 'dropped'}`;
}

/** The outcome of a user action in one line (kubectl's words; language-neutral). */
export function outcomeLine(body: ReplyBody, fallback: string): string {
  switch (body.kind) {
    case 'apply':
      return body.result.documents.map((d) => d.message).join('; ');
    case 'delete':
    case 'createPodOnNode':
    case 'bindPod':
    case 'nodePower':
    case 'nodeLifecycle':
    case 'clusterAutoscaler':
    case 'setLoad':
      return body.message;
    case 'kubectl': {
      const first = (body.output.exitCode === 0 ? body.output.stdout : body.output.stderr).split('\n').find((l) => l.trim()) ?? '';
      return first ? `${fallback}: ${first}` : fallback;
    }
    case 'trace':
      return body.trace ? traceLine(body.trace) : (body.error ?? fallback);
    case 'error':
      return `error: ${body.message}`;
    default:
      return fallback;
  }
}

export class TimeTravel {
  readonly timeline = new Timeline();
  private past: { world: World; wasRunning: boolean } | undefined;

  constructor(private readonly host: TimeTravelHost) {}

  /** Follow the host's world when it changed under us (boot, reset, a restored save). */
  private sync(): void {
    const w = this.host.world();
    if (this.past) {
      if (w === this.past.world) return;
      // The host replaced the world under a past view (reset, import): that view and its live world are gone.
      this.past = undefined;
    }
    if (w && w !== this.timeline.liveWorld) this.timeline.attach(w);
  }

  get viewingMs(): number | undefined {
    return this.past?.world.now();
  }

  /** The live world (not the past one on show): what persistence should save. */
  liveWorld(): World {
    this.sync();
    return this.timeline.liveWorld ?? this.host.world();
  }

  /** Extra clock fields: while viewing the past, the live world's time. */
  clockExtra(): Pick<ClockState, 'liveMs'> {
    this.sync();
    return this.past && this.timeline.liveWorld ? { liveMs: this.timeline.liveWorld.now() } : {};
  }

  /** After the live clock moved: a periodic checkpoint when one is due. */
  afterStep(): void {
    this.sync();
    if (!this.past) this.timeline.afterStep();
  }

  /**
   * Before a command runs. A user action in the past forks first (the past becomes the live world),
   * then is recorded; the returned function takes its reply and checkpoints.
   */
  beforeCommand(cmd: Command): ((body: ReplyBody) => void) | undefined {
    this.sync();
    const action = userAction(cmd);
    if (!action || !this.timeline.enabled) return undefined;
    if (this.past) this.fork();
    const entry = this.timeline.beginAction(action.verb, action.detail, action.object, action.kind);
    return (body) => this.timeline.endAction(entry, outcomeLine(body, action.detail));
  }

  /** Clock control while viewing the past: step moves through the past, play returns to live. True when handled here. */
  interceptControl(cmd: Extract<Command, { kind: 'control' }>): boolean {
    if (!this.past) return false;
    switch (cmd.action) {
      case 'step':
        this.goto(this.past.world.now() + Math.max(0, Math.round(cmd.stepMs)));
        return true;
      case 'play':
        this.past.wasRunning = true;
        this.live();
        return false;
      case 'pause':
        this.past.wasRunning = false;
        return true;
      default:
        return false;
    }
  }

  handle(op: TimelineOp): ReplyBody {
    this.sync();
    let message: string | undefined;
    if (!this.timeline.enabled && op.op !== 'status') message = 'Time travel is not available for this cluster.';
    else {
      switch (op.op) {
        case 'status':
          break;
        case 'goto':
          this.goto(op.atMs);
          break;
        case 'live':
          this.live();
          break;
        case 'continue':
          if (this.past) this.fork();
          break;
        case 'switchBranch':
          this.switchBranch(op.branchId);
          break;
        case 'history':
          return { kind: 'timeline', status: this.timeline.status(this.viewingMs), history: this.timeline.history(op.ref) };
        default:
          message = 'unknown timeline operation';
      }
    }
    const status = this.timeline.status(this.viewingMs);
    const since = op.op === 'status' && op.generation === status.generation ? (op.sinceSeq ?? 0) : 0;
    return { kind: 'timeline', status, entries: this.timeline.entriesSince(since), ...(message ? { message } : {}) };
  }

  private goto(atMs: number): void {
    const live = this.timeline.liveWorld;
    if (!live) return;
    const t = this.timeline.clamp(atMs);
    if (t >= live.now()) {
      this.live();
      return;
    }
    const wasRunning = this.past ? this.past.wasRunning : this.host.isRunning();
    this.host.setRunning(false);
    const world = this.timeline.worldAt(t);
    this.past = { world, wasRunning };
    this.host.show(world);
  }

  private live(): void {
    if (!this.past) return;
    const { wasRunning } = this.past;
    this.past = undefined;
    this.host.show(this.timeline.liveWorld!);
    this.host.setRunning(wasRunning);
  }

  /** The past on show becomes the live world; the old future is kept as a branch. */
  private fork(): void {
    const { world, wasRunning } = this.past!;
    this.timeline.fork(world);
    this.past = undefined;
    // The views already show this world; a fresh `ready` drops the "past" clock and rebuilds nothing new.
    this.host.show(world);
    this.host.setRunning(wasRunning);
  }

  private switchBranch(branchId: number): void {
    const wasRunning = this.past ? this.past.wasRunning : this.host.isRunning();
    this.past = undefined;
    const world = this.timeline.switchTo(branchId);
    this.host.show(world);
    this.host.setRunning(wasRunning);
  }
}
