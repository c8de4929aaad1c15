// The Scheduler dock tab: kube-scheduler's two loops as a live diagram (SchedulerPanelLoops), the
// recent attempts (newest first), one attempt in full (SchedulerPanelDetail) and the learner's hand
// placement against the scheduler's pick (SchedulerPanelCompare). While the tab is visible the
// playback advances with wall time: one attempt every ~1.2 s at 1x (scheduler-playback.ts).

import { memo, useEffect, useMemo } from 'react';
import type { AttemptSummary } from '../../worker/protocol';
import { shortName } from '../canvas/format';
import { useT } from '../i18n/use-t';
import { clusterStore, useClusterStore } from '../stores/cluster-store';
import { HandPlacementView } from './SchedulerPanelCompare';
import { AttemptDetailView } from './SchedulerPanelDetail';
import { SchedulerLoops } from './SchedulerPanelLoops';
import { attemptRows, type AttemptRow } from './scheduler-model';
import { advance, dropStale, nextWakeMs } from './scheduler-playback';
import { schedulerStore, setPlayback, showAttempt, showPlacement, useSchedulerStore } from './scheduler-store';
import './SchedulerPanel.css';

/** Minimum wait between playback timer ticks (one frame). */
const MIN_TICK_MS = 16;

/**
 * Advance the playback while the panel is visible: a timer set to the next stage boundary (not a
 * per-frame loop), so an idle panel costs nothing. New attempts wake it.
 */
function usePlaybackDriver(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = (atMs: number) => {
      clearTimeout(timer);
      timer = setTimeout(tick, Math.max(MIN_TICK_MS, atMs - performance.now()));
    };
    function tick() {
      timer = undefined;
      const now = performance.now();
      const playback = advance(schedulerStore.getState().playback, now, clusterStore.getState().clock.speed);
      setPlayback(playback);
      schedulerStore.setState({ nowMs: now });
      const wake = nextWakeMs(playback, now);
      if (wake !== undefined) schedule(wake);
    }
    // Attempts that piled up while the tab was hidden long ago are history, not news.
    setPlayback(dropStale(schedulerStore.getState().playback, performance.now()));
    tick();
    const unsubscribe = schedulerStore.subscribe((s, prev) => {
      if (timer === undefined && s.playback.waiting.length > prev.playback.waiting.length) schedule(performance.now());
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [active]);
}

const RESULT_ICON: Record<AttemptSummary['result'], string> = { Scheduled: '✓', Unschedulable: '✗', Error: '!' };

const AttemptListRow = memo(function AttemptListRow({ row, isSelected, isPlaying }: { row: AttemptRow; isSelected: boolean; isPlaying: boolean }) {
  const t = useT();
  const onClick = () => {
    const a = clusterStore.getState().attempts.find((x) => x.id === row.id);
    if (a) showAttempt(a);
  };
  return (
    <li>
      <button
        type="button"
        className={`sched-row result-${row.result} ${isSelected ? 'is-selected' : ''} ${isPlaying ? 'is-playing' : ''}`}
        data-testid={`sched-attempt-${row.id}`}
        data-result={row.result}
        aria-current={isSelected ? 'true' : undefined}
        title={`${row.namespace}/${row.pod} · ${t(`sched.result.${row.result}`)} · ${row.outcome}`}
        onClick={onClick}
      >
        <span className="sched-row-top">
          <span className="sched-row-icon" aria-hidden>
            {RESULT_ICON[row.result]}
          </span>
          <span className="sched-row-pod mono">{shortName(row.pod, 26)}</span>
          <span className="sched-row-n mono" title={t('sched.attemptN', { n: row.attempt })}>
            #{row.attempt}
          </span>
        </span>
        <span className="sched-row-bottom">
          <span className="sched-row-time mono">{row.time}</span>
          <span className="sched-row-outcome">
            <span className="visually-hidden">{t(`sched.result.${row.result}`)}: </span>
            {row.result === 'Scheduled' ? <span className="mono">→ {row.outcome}</span> : row.outcome}
          </span>
        </span>
      </button>
    </li>
  );
});

function AttemptList() {
  const t = useT();
  const attempts = useClusterStore((s) => s.attempts);
  const rows = useMemo(() => attemptRows(attempts), [attempts]);
  const selectedId = useSchedulerStore((s) => (s.view.mode === 'attempt' ? s.view.id : null));
  const playingId = useSchedulerStore((s) => s.playback.current?.attempt.id ?? null);
  const hand = useSchedulerStore((s) => s.handPlacement);
  const handOpen = useSchedulerStore((s) => s.view.mode === 'placement');
  return (
    <aside className="sched-list" aria-label={t('sched.attempts')}>
      <div className="sched-list-head">
        <span className="sched-h">{t('sched.attempts')}</span>
        <span className="sched-count">{attempts.length}</span>
      </div>
      {hand && (
        <button type="button" className={`sched-hand ${handOpen ? 'is-selected' : ''}`} data-testid="sched-hand-open" onClick={showPlacement}>
          ⇄ {t('sched.cmp.pinned', { pod: shortName(hand.pod, 22) })}
        </button>
      )}
      {rows.length === 0 ? (
        <div className="sched-list-empty">{t('sched.attemptsEmpty')}</div>
      ) : (
        <ul className="sched-rows" data-testid="sched-attempts">
          {rows.map((r) => (
            <AttemptListRow key={r.id} row={r} isSelected={r.id === selectedId} isPlaying={r.id === playingId} />
          ))}
        </ul>
      )}
    </aside>
  );
}

export function SchedulerPanel({ active }: { active: boolean }) {
  usePlaybackDriver(active);
  const view = useSchedulerStore((s) => s.view);
  return (
    <div className="sched-panel" data-testid="scheduler-panel">
      <section className="sched-main">
        {view.mode === 'live' && <SchedulerLoops />}
        {view.mode === 'attempt' && <AttemptDetailView id={view.id} />}
        {view.mode === 'placement' && <HandPlacementView />}
      </section>
      <AttemptList />
    </div>
  );
}
