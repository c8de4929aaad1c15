// The Events dock tab: `kubectl get events` as a live table (LAST SEEN, TYPE, REASON, OBJECT,
// MESSAGE), newest last, Warnings highlighted, a filter box; clicking an object selects it.
// SIMPLIFICATION: only the newest MAX_ROWS matching rows are drawn.

import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { EventView } from '../../worker/protocol';
import { useT } from '../i18n/use-t';
import { useClusterStore } from '../stores/cluster-store';
import { useUiStore } from '../stores/ui-store';
import { eventRows } from './events-table';
import './EventsPanel.css';

const MAX_ROWS = 500;
const EMPTY: EventView[] = [];

export function EventsPanel() {
  const t = useT();
  const events = useClusterStore((s) => s.events) ?? EMPTY;
  const nowMs = useClusterStore((s) => s.clock.simTimeMs);
  const select = useUiStore((s) => s.select);
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => eventRows(events, nowMs, filter), [events, nowMs, filter]);
  const shown = rows.length > MAX_ROWS ? rows.slice(rows.length - MAX_ROWS) : rows;

  // Follow new events like `kubectl get events -w`, unless the learner scrolled up to read.
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [shown.length, shown[shown.length - 1]?.id]);

  return (
    <div className="events-panel" data-testid="events-panel">
      <div className="events-toolbar">
        <input
          type="search"
          className="events-filter"
          data-testid="events-filter"
          placeholder={t('events.filter')}
          aria-label={t('events.filter')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="events-count muted">{t('events.count', { shown: rows.length, total: events.length })}</span>
      </div>
      <div
        className="events-scroll"
        ref={scrollRef}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {events.length === 0 ? (
          <div className="events-empty">{t('events.empty')}</div>
        ) : rows.length === 0 ? (
          <div className="events-empty">{t('events.noMatch')}</div>
        ) : (
          <table className="events-table">
            <thead>
              <tr>
                <th>{t('events.col.lastSeen')}</th>
                <th>{t('events.col.type')}</th>
                <th>{t('events.col.reason')}</th>
                <th>{t('events.col.object')}</th>
                <th>{t('events.col.message')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.id} className={r.type === 'Warning' ? 'warning' : undefined} data-type={r.type}>
                  <td className="nowrap" title={r.count > 1 ? `x${r.count}` : undefined}>
                    {r.lastSeen}
                  </td>
                  <td className="nowrap event-type">{r.type}</td>
                  <td className="nowrap">{r.reason}</td>
                  <td className="nowrap">
                    <button
                      type="button"
                      className="events-object"
                      onClick={() =>
                        select({ kind: r.event.involved.kind, namespace: r.event.involved.namespace, name: r.event.involved.name })
                      }
                    >
                      {r.object}
                    </button>
                  </td>
                  <td className="events-message">{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
