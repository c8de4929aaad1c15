// kube-scheduler's two loops, live. Left, the informer path: watch events feed the scheduling queue
// (activeQ, backoffQ, unschedulablePods as lanes of pod chips) and the cache. Right, the scheduling
// path: the pod on stage walks PreFilter → Filter → PreScore → Score → Reserve → Bind, or drops to
// PostFilter (preemption) when no node fits, and ends bound or back in the queue.
// UPSTREAM: pkg/scheduler/schedule_one.go (ScheduleOne), pkg/scheduler/framework/interface.go.

import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import type { AttemptSummary, SchedulingQueueView } from '../../worker/protocol';
import { shortName } from '../canvas/format';
import { useT } from '../i18n/use-t';
import { UNSCHEDULED, useClusterStore } from '../stores/cluster-store';
import { destinationQueue, QUEUES, queueLanes, splitFailedScheduling, type LaneChip, type QueueName } from './scheduler-model';
import { MAIN_STAGES, progressAt, STAGES_SHARE, stagesFor, type Playing, type Stage, type StageProgress } from './scheduler-playback';
import { showAttempt, useSchedulerStore } from './scheduler-store';

/** The chip's slide from box to box, at most; shorter when a stage lasts less (high clock speeds). */
const MOVE_MS = 200;
/** Chips drawn per lane; the rest are counted. */
const MAX_CHIPS = 8;
/** Grid cells of the scheduling path: six main stages and the node at the end (row 0), PostFilter and the queue below Filter (row 1). */
const END_COL = MAIN_STAGES.length;
const POSTFILTER_CELL = { col: 1, row: 1 };
const QUEUE_CELL = { col: 2, row: 1 };

function useReducedMotion(): boolean {
  const query = '(prefers-reduced-motion: reduce)';
  const [reduced, setReduced] = useState(() => typeof matchMedia === 'function' && matchMedia(query).matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const mq = matchMedia(query);
    const onChange = () => setReduced(mq.matches);
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  return reduced;
}

function Lane({ name, chips }: { name: QueueName; chips: readonly LaneChip[] }) {
  const t = useT();
  const shown = chips.slice(0, MAX_CHIPS);
  return (
    <div className={`sched-lane lane-${name}`} data-testid={`sched-lane-${name}`} data-count={chips.length} title={t(`sched.lane.${name}`)}>
      <span className="sched-lane-name mono">{name}</span>
      <span className="sched-lane-count">{chips.length}</span>
      <span className="sched-lane-chips">
        {chips.length === 0 && <span className="sched-lane-empty">{t('sched.laneEmpty')}</span>}
        {shown.map((c) => (
          <span
            key={c.podKey}
            className={`sched-chip mono ${c.replay ? 'is-replay' : ''}`}
            data-pod={c.name}
            title={`${t('sched.chipTitle', { pod: c.podKey, attempts: c.attempts })}${c.unschedulablePlugins.length ? `\n${c.unschedulablePlugins.join(', ')}` : ''}${c.replay ? `\n${t('sched.replayChip')}` : ''}`}
          >
            {shortName(c.name, 16)}
          </span>
        ))}
        {chips.length > shown.length && <span className="sched-lane-more">{t('sched.laneMore', { count: chips.length - shown.length })}</span>}
      </span>
    </div>
  );
}

function InformerPath({ queue, waiting, onStage }: { queue: SchedulingQueueView; waiting: readonly AttemptSummary[]; onStage?: AttemptSummary }) {
  const t = useT();
  const lanes = useMemo(() => queueLanes(queue, { waiting, ...(onStage ? { onStage } : {}) }), [queue, waiting, onStage]);
  const nodes = useClusterStore((s) => s.nodeIds.length);
  const pods = useClusterStore((s) => {
    let n = 0;
    for (const [node, ids] of s.podIdsByNode) if (node !== UNSCHEDULED) n += ids.length;
    return n;
  });
  return (
    <div className="sched-informer">
      <div className="sched-loop-head">
        <span className="sched-h">{t('sched.informer')}</span>
        <span className="sched-sub">{t('sched.informerHint')}</span>
      </div>
      <div className="sched-watch" title={t('sched.watchTitle')}>
        <span className="mono">kube-apiserver</span> ⇢ {t('sched.watch')}
      </div>
      <div className="sched-queue" data-testid="sched-queue">
        <div className="sched-queue-head">{t('sched.queue')}</div>
        {QUEUES.map((q) => (
          <Lane key={q} name={q} chips={lanes[q]} />
        ))}
      </div>
      <div className="sched-cache" title={t('sched.cacheTitle')}>
        <strong>{t('sched.cache')}</strong> {t('sched.cacheText', { nodes, pods })}
      </div>
    </div>
  );
}

type StageState = 'idle' | 'passed' | 'active' | 'unused';

function stageState(stage: Stage, current: Playing | null, progress: StageProgress | null): StageState {
  if (!current || !progress) return 'idle';
  if (progress.stage === stage) return 'active';
  if (progress.passed.includes(stage)) return 'passed';
  return progress.done || !stagesFor(current.attempt).includes(stage) ? 'unused' : 'idle';
}

/** A box's place in the path grid: rows 1 and 3 are the chip lanes above each row of boxes. */
function cellStyle(col: number, row: number): CSSProperties {
  return { gridColumn: col + 1, gridRow: row === 0 ? 2 : 4 };
}

/** The pod chip is positioned absolutely over the grid (CSS computes left/top from these). */
function chipStyle(col: number, row: number): CSSProperties {
  return { '--col': col, '--row': row } as CSSProperties;
}

function StageBox({ stage, col, row, state, stat }: { stage: Stage; col: number; row: number; state: StageState; stat?: string }) {
  const t = useT();
  return (
    <div className={`sched-stage stage-${state} ${stage === 'PostFilter' ? 'is-branch' : ''}`} style={cellStyle(col, row)} data-stage={stage} data-state={state} title={t(`sched.stage.${stage}`)}>
      <span className="sched-stage-name">{stage}</span>
      {stat && <span className="sched-stage-stat">{stat}</span>}
    </div>
  );
}

/** Where the pod chip is on the path grid. */
function chipCell(a: AttemptSummary, progress: StageProgress): { col: number; row: number } {
  if (!progress.done && progress.stage) {
    return progress.stage === 'PostFilter' ? POSTFILTER_CELL : { col: MAIN_STAGES.indexOf(progress.stage), row: 0 };
  }
  return a.result === 'Scheduled' ? { col: END_COL, row: 0 } : QUEUE_CELL;
}

function SchedulingPath({ current, progress, waiting }: { current: Playing | null; progress: StageProgress | null; waiting: number }) {
  const t = useT();
  const queue = useClusterStore((s) => s.schedulingQueue);
  const a = current?.attempt;
  const done = !!progress?.done;
  const stat = (stage: Stage): string | undefined => {
    if (!a || !progress) return stage === 'Reserve' ? t('sched.assume') : undefined;
    const reached = progress.passed.includes(stage) || progress.stage === stage || (done && stagesFor(a).includes(stage));
    if (stage === 'Reserve') return t('sched.assume');
    if (!reached) return undefined;
    if (stage === 'Filter') return a.feasibleNodes === 0 ? t('sched.noFit') : t('sched.filterStat', { feasible: a.feasibleNodes, all: a.numAllNodes });
    if (stage === 'Score') return t('sched.scoreStat', { count: a.feasibleNodes });
    if (stage === 'Bind' && a.node) return a.node;
    if (stage === 'PostFilter') return a.nominatedNode ? `→ ${a.nominatedNode}` : undefined;
    return undefined;
  };
  const dest = a && a.result !== 'Scheduled' ? (a.result === 'Error' ? 'backoffQ' : destinationQueue(queue, a)) : 'unschedulablePods';
  const cell = a && progress ? chipCell(a, progress) : null;
  const tone = !a ? '' : !done ? 'walking' : a.result === 'Scheduled' ? 'bound' : a.result === 'Unschedulable' ? 'unschedulable' : 'error';
  // The slide must end before the next stage starts, or the chip lags behind the highlighted box.
  const stepMs = current ? (current.durationMs * STAGES_SHARE) / stagesFor(current.attempt).length : MOVE_MS;
  const trackStyle = { '--move-ms': `${Math.round(Math.min(MOVE_MS, stepMs * 0.75))}ms` } as CSSProperties;
  return (
    <div className="sched-path">
      <div className="sched-loop-head">
        <span className="sched-h">{t('sched.path')}</span>
        <span className="sched-sub">{t('sched.pathHint')}</span>
        <span className="sched-spacer" />
        {waiting > 0 && (
          <span className="sched-waiting" data-testid="sched-waiting">
            {t('sched.waiting', { count: waiting })}
          </span>
        )}
      </div>
      <div className="sched-track" data-testid="sched-track" style={trackStyle}>
        {MAIN_STAGES.map((s, i) => (
          <StageBox key={s} stage={s} col={i} row={0} state={stageState(s, current, progress)} stat={stat(s)} />
        ))}
        <div className={`sched-end ${a && done && a.result === 'Scheduled' ? 'is-bound' : ''}`} style={cellStyle(END_COL, 0)}>
          <span className="sched-stage-name">{a && done && a.node ? <span className="mono">{a.node}</span> : t('sched.node')}</span>
        </div>
        <StageBox stage="PostFilter" col={POSTFILTER_CELL.col} row={1} state={stageState('PostFilter', current, progress)} stat={stat('PostFilter')} />
        <div className={`sched-end sched-end-queue ${a && done && a.result !== 'Scheduled' ? 'is-back' : ''}`} style={cellStyle(QUEUE_CELL.col, 1)}>
          <span className="sched-stage-name mono">{dest}</span>
        </div>
        {a && cell && (
          <span className={`sched-pod tone-${tone}`} style={chipStyle(cell.col, cell.row)} data-testid="sched-pod" title={`${a.pod.namespace}/${a.pod.name}`}>
            {shortName(a.pod.name, 13)}
          </span>
        )}
      </div>
      <ResultLine current={current} progress={progress} dest={dest} />
    </div>
  );
}

function ResultLine({ current, progress, dest }: { current: Playing | null; progress: StageProgress | null; dest: string }) {
  const t = useT();
  if (!current || !progress) {
    return (
      <div className="sched-result is-empty" data-testid="sched-result" data-result="none">
        {t('sched.empty')}
      </div>
    );
  }
  const a = current.attempt;
  const who = (
    <span className="sched-result-who">
      <span className="mono">{a.pod.name}</span> · {t('sched.attemptN', { n: a.attempt })} · {t('sched.cycle', { cycle: a.cycle })}
    </span>
  );
  const skipped = current.skipped > 0 && <div className="sched-skipped" data-testid="sched-skipped">{t('sched.skipped', { count: current.skipped })}</div>;
  const details = (
    <button type="button" className="btn sched-details" data-testid="sched-details" onClick={() => showAttempt(a)}>
      {t('sched.details')}
    </button>
  );
  if (!progress.done) {
    return (
      <div className="sched-result is-walking" data-testid="sched-result" data-result="walking">
        <div className="sched-result-line">
          {who}
          {details}
        </div>
        {progress.stage && (
          <div className="sched-result-msg">
            <strong className="mono">{progress.stage}</strong>: {t(`sched.stage.${progress.stage}`)}
          </div>
        )}
        {skipped}
      </div>
    );
  }
  const headline =
    a.result === 'Scheduled'
      ? `✓ ${t('sched.bound', { node: a.node ?? '' })}`
      : a.result === 'Unschedulable'
        ? `✗ ${t('sched.unschedulableTo', { queue: dest })}`
        : `! ${t('sched.errorResult')}`;
  const failed = a.result === 'Unschedulable' ? splitFailedScheduling(a.message) : null;
  return (
    <div className={`sched-result is-${a.result}`} data-testid="sched-result" data-result={a.result}>
      <div className="sched-result-line">
        <strong className="sched-headline" data-testid="sched-headline">
          {headline}
        </strong>
        {who}
        {details}
      </div>
      <div className="sched-result-msg mono" data-testid="sched-message">
        {failed ? (
          <>
            <span className="sched-reason-tag">FailedScheduling</span> {failed.filters}
            {failed.preemption && <span className="sched-preemption-msg"> {failed.preemption}</span>}
          </>
        ) : (
          a.message
        )}
      </div>
      {skipped}
    </div>
  );
}

export function SchedulerLoops() {
  const playback = useSchedulerStore((s) => s.playback);
  const nowMs = useSchedulerStore((s) => s.nowMs);
  const queue = useClusterStore((s) => s.schedulingQueue);
  const reduced = useReducedMotion();
  const current = playback.current;
  const progress = current ? progressAt(current, nowMs, reduced) : null;
  const onStage = current && progress && !progress.done ? current.attempt : undefined;
  const waiting = useMemo(() => playback.waiting.map((w) => w.attempt), [playback.waiting]);
  return (
    <div className={`sched-loops ${reduced ? 'reduced-motion' : ''}`} data-testid="sched-loops">
      <InformerPath queue={queue} waiting={waiting} {...(onStage ? { onStage } : {})} />
      <SchedulingPath current={current} progress={progress} waiting={waiting.length} />
    </div>
  );
}
