// The Timeline dock tab: a scrubber over simulated time (markers at your actions), the branches,
// and a filterable list of every change; a click on a change shows the cluster at that moment.
// Polls the worker while visible (the timeline lives there; only the newest entries travel).

import { memo, useEffect, useMemo, useRef, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TimelineEntry, TimelineEntryKind } from '../../worker/protocol';
import { formatSimTime } from '../canvas/format';
import { useT, type MessageId } from '../i18n/use-t';
import { useClusterStore } from '../stores/cluster-store';
import { ENTRY_KINDS, facets, fractionOf, matches, nudge, objectLabel } from './timeline-model';
import { backToLive, continueFromHere, gotoTime, refreshTimeline, setFilter, switchBranch, useTimelineStore } from './timeline-store';
import './Timeline.css';

const POLL_MS = 700;
/** Rows drawn at most (the newest matching ones). */
const MAX_ROWS = 400;

function Scrubber() {
  const t = useT();
  const status = useTimelineStore((s) => s.status);
  const busy = useTimelineStore((s) => s.busy);
  const track = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);
  if (!status) return null;
  const shown = status.viewingMs ?? status.liveMs;
  const timeAt = (clientX: number) => {
    const r = track.current!.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - r.left) / Math.max(1, r.width)));
    return Math.round(status.startMs + f * (status.liveMs - status.startMs));
  };
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    (e.target as HTMLElement).setPointerCapture?.(e.pointerId);
    dragging.current = true;
  };
  const onPointerUp = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return;
    dragging.current = false;
    void gotoTime(timeAt(e.clientX));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = nudge(status, shown, e.key, e.shiftKey);
    if (next === undefined) return;
    e.preventDefault();
    void gotoTime(next);
  };
  return (
    <div className="tl-scrub">
      <span className="tl-time mono">{formatSimTime(status.startMs)}</span>
      <div
        ref={track}
        className={`tl-track ${status.viewingMs !== undefined ? 'is-past' : ''}`}
        role="slider"
        tabIndex={0}
        aria-label={t('tl.scrubber')}
        title={t('tl.scrubber')}
        aria-valuemin={status.startMs}
        aria-valuemax={status.liveMs}
        aria-valuenow={shown}
        aria-valuetext={formatSimTime(shown)}
        aria-busy={busy}
        data-testid="tl-scrubber"
        onPointerDown={onPointerDown}
        onPointerUp={onPointerUp}
        onKeyDown={onKeyDown}
      >
        <div className="tl-fill" style={{ width: `${fractionOf(status, shown) * 100}%` }} />
        {status.markers.map((m) => (
          <span key={m.seq} className="tl-marker" style={{ left: `${fractionOf(status, m.atMs) * 100}%` }} title={`${formatSimTime(m.atMs)} ${m.verb}`} data-testid="tl-marker" />
        ))}
        <span className="tl-thumb" style={{ left: `${fractionOf(status, shown) * 100}%` }} />
      </div>
      <span className="tl-time mono">{formatSimTime(status.liveMs)}</span>
      {status.viewingMs !== undefined ? (
        <button type="button" className="btn" data-testid="tl-live" onClick={() => void backToLive()}>
          {t('tl.backToLive')}
        </button>
      ) : (
        <span className="tl-live-badge" data-testid="tl-live-badge">
          ● {t('tl.live')}
        </span>
      )}
    </div>
  );
}

function Branches() {
  const t = useT();
  const status = useTimelineStore((s) => s.status);
  if (!status || status.branches.length < 2) return null;
  return (
    <div className="tl-branches" data-testid="tl-branches">
      <span className="muted">{t('tl.branches')}:</span>
      {status.branches.map((b) => {
        const current = b.id === status.branchId;
        const info = b.forkedAtMs !== undefined
          ? t('tl.branchInfo', { time: formatSimTime(b.forkedAtMs), end: formatSimTime(current ? status.liveMs : b.endMs), actions: b.actions })
          : t('tl.branchRoot', { end: formatSimTime(current ? status.liveMs : b.endMs), actions: b.actions });
        return (
          <span key={b.id} className={`tl-branch ${current ? 'is-current' : ''}`} data-testid={`tl-branch-${b.id}`} data-current={current}>
            <strong>{t('tl.branch', { id: b.id })}</strong> <span className="muted">{info}</span>
            {current ? (
              <span className="tl-branch-tag">{t('tl.branchCurrent')}</span>
            ) : (
              <button type="button" className="btn btn-small" data-testid={`tl-switch-${b.id}`} onClick={() => void switchBranch(b.id)}>
                {t('tl.switch')}
              </button>
            )}
          </span>
        );
      })}
    </div>
  );
}

function Filters({ entries }: { entries: readonly TimelineEntry[] }) {
  const t = useT();
  const filter = useTimelineStore((s) => s.filter);
  const { writers, namespaces } = useMemo(() => facets(entries), [entries]);
  const toggle = (k: TimelineEntryKind) => {
    const next = new Set(filter.kinds);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    setFilter({ kinds: next });
  };
  return (
    <div className="tl-filters">
      <span className="muted">{t('tl.filter.kind')}:</span>
      {ENTRY_KINDS.map((k) => (
        <button key={k} type="button" className={`tl-chip kind-${k}`} aria-pressed={filter.kinds.has(k)} data-testid={`tl-kind-${k}`} onClick={() => toggle(k)}>
          {t(`tl.kind.${k}` as MessageId)}
        </button>
      ))}
      <label className="tl-select">
        <span className="muted">{t('tl.filter.writer')}</span>
        <select value={filter.writer} onChange={(e) => setFilter({ writer: e.target.value })} data-testid="tl-writer">
          <option value="">{t('tl.filter.all')}</option>
          {writers.map((w) => (
            <option key={w} value={w}>
              {w === 'you' ? t('tl.you') : w}
            </option>
          ))}
        </select>
      </label>
      <label className="tl-select">
        <span className="muted">{t('tl.filter.namespace')}</span>
        <select value={filter.namespace} onChange={(e) => setFilter({ namespace: e.target.value })} data-testid="tl-namespace">
          <option value="">{t('tl.filter.all')}</option>
          {namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
          <option value="-">(cluster)</option>
        </select>
      </label>
      <input className="tl-search" type="search" value={filter.text} placeholder={t('tl.filter.search')} aria-label={t('tl.filter.search')} onChange={(e) => setFilter({ text: e.target.value })} data-testid="tl-search" />
    </div>
  );
}

const Row = memo(function Row({ e, future, current }: { e: TimelineEntry; future: boolean; current: boolean }) {
  const t = useT();
  const label = objectLabel(e);
  return (
    <li className={`tl-row kind-${e.kind} ${e.action ? 'is-action' : ''} ${future ? 'is-future' : ''} ${current ? 'is-current' : ''}`} data-testid="tl-entry" data-verb={e.verb} data-kind={e.kind}>
      <button type="button" className="tl-row-btn" title={t('tl.goto', { time: formatSimTime(e.atMs) })} aria-label={`${t('tl.goto', { time: formatSimTime(e.atMs) })}: ${e.writer} ${e.verb} ${label}${future ? ` (${t('tl.future')})` : ''}`} onClick={() => void gotoTime(e.atMs)}>
        <span className="tl-row-time mono">{formatSimTime(e.atMs)}</span>
        <span className="tl-row-writer mono">{e.writer === 'you' ? t('tl.you') : e.writer}</span>
        <span className="tl-row-verb">{e.verb}</span>
        <span className="tl-row-obj mono">
          {label}
          {e.object?.namespace && e.object.namespace !== 'default' ? <span className="muted"> -n {e.object.namespace}</span> : null}
        </span>
        <span className="tl-row-detail mono">{e.detail}</span>
      </button>
    </li>
  );
});

export function TimelinePanel({ active }: { active: boolean }) {
  const t = useT();
  const status = useTimelineStore((s) => s.status);
  const entries = useTimelineStore((s) => s.entries);
  const filter = useTimelineStore((s) => s.filter);
  const message = useTimelineStore((s) => s.message);
  const past = useClusterStore((s) => s.clock.liveMs !== undefined);
  const { viewing } = useTimelineStore(useShallow((s) => ({ viewing: s.status?.viewingMs })));

  useEffect(() => {
    if (!active && !past) return;
    void refreshTimeline();
    const id = setInterval(() => void refreshTimeline(), POLL_MS);
    return () => clearInterval(id);
  }, [active, past]);

  const rows = useMemo(() => {
    const out: TimelineEntry[] = [];
    for (let i = entries.length - 1; i >= 0 && out.length < MAX_ROWS; i--) if (matches(entries[i], filter)) out.push(entries[i]);
    return out;
  }, [entries, filter]);
  // The newest entry at or before the time shown: where "now" is in the list.
  const currentSeq = useMemo(() => {
    if (viewing === undefined) return undefined;
    return rows.find((e) => e.atMs <= viewing)?.seq;
  }, [rows, viewing]);

  // Keep "now" in sight: the current row while the past is on show, the newest rows when live
  // (again when the tab is shown: a hidden tab's list cannot scroll).
  const listWrap = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const wrap = listWrap.current;
    if (!wrap || !active) return;
    if (viewing === undefined) wrap.scrollTop = 0;
    else wrap.querySelector('.tl-row.is-current')?.scrollIntoView({ block: 'nearest' });
  }, [viewing, currentSeq, active, rows.length > 0]);

  return (
    <div className="timeline-panel" data-testid="timeline-panel">
      <Scrubber />
      <Branches />
      <Filters entries={entries} />
      {message && <div className="tl-note warning">{message}</div>}
      <div className="tl-list-wrap" ref={listWrap}>
        {entries.length === 0 ? (
          <div className="tl-note">{status ? t('tl.empty') : t('editor.loading' as MessageId)}</div>
        ) : rows.length === 0 ? (
          <div className="tl-note">{t('tl.noMatch')}</div>
        ) : (
          <ol className="tl-list" data-testid="tl-list">
            {rows.map((e) => (
              <Row key={e.seq} e={e} future={viewing !== undefined && e.atMs > viewing} current={e.seq === currentSeq} />
            ))}
          </ol>
        )}
      </div>
      {status && (
        <div className="tl-foot muted">
          {t('tl.reach', { start: formatSimTime(status.startMs) })} · {t('tl.memory', { count: status.checkpoints.count, mb: (status.checkpoints.approxBytes / 1e6).toFixed(1) })} ·{' '}
          {t('tl.entries', { shown: rows.length, total: entries.length })}
          {status.viewingMs !== undefined && (
            <button type="button" className="btn btn-small" data-testid="tl-continue" onClick={() => void continueFromHere()}>
              {t('tl.continue')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
