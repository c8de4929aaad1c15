// The bottom dock: Editor / Terminal / Events / Scheduler / Packets tabs, resizable by dragging its top edge, collapsible.
// A panel stays mounted once opened (hidden when another tab is active) so the terminal history and
// the editor's undo stack survive tab switches. The editor is loaded lazily (Monaco is large).

import { lazy, Suspense, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { useT, type MessageId } from '../i18n/use-t';
import { EventsPanel } from '../panels/EventsPanel';
import { PacketPanel } from '../panels/PacketPanel';
import { SchedulerPanel } from '../panels/SchedulerPanel';
import { startAttemptTracking } from '../panels/scheduler-store';
import { TerminalPanel } from '../panels/TerminalPanel';
import { TimelinePanel } from '../panels/TimelinePanel';
import { startTracePlayback } from '../stores/trace-store';
import { uiStore, useUiStore, type DockTab } from '../stores/ui-store';

const EditorPanel = lazy(() => import('../editor/EditorPanel'));

const TABS: Array<{ id: DockTab; label: MessageId; key: string }> = [
  { id: 'editor', label: 'dock.editor', key: 'Alt+1' },
  { id: 'terminal', label: 'dock.terminal', key: 'Alt+2' },
  { id: 'events', label: 'dock.events', key: 'Alt+3' },
  { id: 'scheduler', label: 'dock.scheduler', key: 'Alt+4' },
  { id: 'packets', label: 'dock.packets', key: 'Alt+5' },
  { id: 'timeline', label: 'dock.timeline', key: 'Alt+6' },
];

function ResizeHandle() {
  const t = useT();
  const setDockHeight = useUiStore((s) => s.setDockHeight);
  const start = useRef<{ y: number; h: number } | null>(null);
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    start.current = { y: e.clientY, h: uiStore.getState().dockHeight };
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    const max = window.innerHeight - 200;
    setDockHeight(Math.min(max, start.current.h + (start.current.y - e.clientY)));
  };
  const onPointerUp = () => {
    start.current = null;
  };
  return (
    <div
      className="dock-resize"
      role="separator"
      aria-orientation="horizontal"
      aria-label={t('dock.resize')}
      title={t('dock.resize')}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    />
  );
}

function Panel({ id, active, children }: { id: DockTab; active: boolean; children: ReactNode }) {
  return (
    <div className="dock-panel" id={`dock-panel-${id}`} role="tabpanel" aria-labelledby={`dock-tab-${id}`} hidden={!active} data-testid={`dock-panel-${id}`}>
      {children}
    </div>
  );
}

export function Dock() {
  const t = useT();
  const tab = useUiStore((s) => s.dockTab);
  const setTab = useUiStore((s) => s.setDockTab);
  const open = useUiStore((s) => s.dockOpen);
  const setOpen = useUiStore((s) => s.setDockOpen);
  const height = useUiStore((s) => s.dockHeight);
  // The scheduler's attempts are queued for replay from the start, so opening the tab right after
  // an Apply still plays them.
  useEffect(() => startAttemptTracking(), []);
  // Packet playback runs whichever tab is open: the canvas overlay follows it too.
  useEffect(() => startTracePlayback(), []);
  // Panels mount on first visit, then stay.
  const [visited, setVisited] = useState<ReadonlySet<DockTab>>(() => new Set([tab]));
  if (!visited.has(tab)) setVisited(new Set([...visited, tab]));

  return (
    <section className={`dock ${open ? 'is-open' : 'is-collapsed'}`} aria-label="dock">
      {open && <ResizeHandle />}
      <div className="dock-tabs" role="tablist">
        {TABS.map((d) => (
          <button
            key={d.id}
            type="button"
            role="tab"
            id={`dock-tab-${d.id}`}
            data-testid={`dock-tab-${d.id}`}
            aria-selected={open && tab === d.id}
            aria-controls={`dock-panel-${d.id}`}
            className={`dock-tab ${open && tab === d.id ? 'is-active' : ''}`}
            title={d.key}
            onClick={() => setTab(d.id)}
          >
            {t(d.label)}
            <kbd>{d.key}</kbd>
          </button>
        ))}
        <span className="dock-spacer" />
        <button type="button" className="btn btn-icon" aria-label={open ? t('dock.collapse') : t('dock.expand')} title={open ? t('dock.collapse') : t('dock.expand')} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▴'}
        </button>
      </div>
      <div className="dock-body" style={{ height: open ? height : 0 }}>
        {visited.has('editor') && (
          <Panel id="editor" active={open && tab === 'editor'}>
            <Suspense fallback={<div className="dock-loading">{t('editor.loading')}</div>}>
              <EditorPanel />
            </Suspense>
          </Panel>
        )}
        {visited.has('terminal') && (
          <Panel id="terminal" active={open && tab === 'terminal'}>
            <TerminalPanel />
          </Panel>
        )}
        {visited.has('events') && (
          <Panel id="events" active={open && tab === 'events'}>
            <EventsPanel />
          </Panel>
        )}
        {visited.has('scheduler') && (
          <Panel id="scheduler" active={open && tab === 'scheduler'}>
            <SchedulerPanel active={open && tab === 'scheduler'} />
          </Panel>
        )}
        {visited.has('packets') && (
          <Panel id="packets" active={open && tab === 'packets'}>
            <PacketPanel />
          </Panel>
        )}
        {visited.has('timeline') && (
          <Panel id="timeline" active={open && tab === 'timeline'}>
            <TimelinePanel active={open && tab === 'timeline'} />
          </Panel>
        )}
      </div>
    </section>
  );
}
