// The right-hand inspector for the selected object: Summary (from the view in the store), YAML
// (the live object, fetched with `inspect` on selection and again whenever the view's rv moves),
// Events (that object's, live from the store) and Related (refs that select on click).

import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import type { ObjectRef } from '../../engine/api/meta';
import type { EventView, InspectResult } from '../../worker/protocol';
import { kubectlEquivalent } from '../app/kubectl-equivalent';
import { engineClient } from '../bridge/engine-client';
import { useT } from '../i18n/use-t';
import { useClusterStore } from '../stores/cluster-store';
import { uiStore, useUiStore } from '../stores/ui-store';
import { eventsFor, humanDuration } from './events-table';
import { isDeletable, refLabel, viewIdOfRef } from './inspector-model';
import { InspectorSummary } from './InspectorSummary';
import { InspectorHistory } from './InspectorHistory';
import { InspectorCreationChain } from './InspectorCreationChain';
import { OpenPodButton } from './OpenPodButton';
import { NodeRemoveButton } from './NodeRemoveButton';
import { EtcdView } from './EtcdView';
import { highlightYamlLine } from './yaml-highlight';
import './Inspector.css';

const TABS = ['summary', 'yaml', 'events', 'related', 'history'] as const;
type Tab = (typeof TABS)[number];

const EMPTY_EVENTS: EventView[] = [];

/** Fetches the live object whenever the selection or its resourceVersion changes. */
function useInspect(ref: ObjectRef | null, rv: string | undefined) {
  const [state, setState] = useState<{ key: string; result: InspectResult | null; error: string | null } | null>(null);
  const seq = useRef(0);
  const key = ref ? `${ref.kind}/${ref.namespace ?? ''}/${ref.name}` : '';
  useEffect(() => {
    if (!ref) {
      setState(null);
      return;
    }
    const mine = ++seq.current;
    engineClient.request({ kind: 'inspect', ref }).then(
      (reply) => {
        if (mine !== seq.current) return; // a newer request is in flight
        if (reply.kind === 'inspect') setState({ key, result: reply.result, error: null });
        else setState({ key, result: null, error: reply.message });
      },
      (err: unknown) => {
        if (mine === seq.current) setState({ key, result: null, error: String(err) });
      },
    );
    // `ref` is identified by `key`; a new `rv` re-fetches the YAML when the object changes
  }, [key, rv]);
  return state && state.key === key ? state : null;
}

/** Long lines wrap under their value, past the key's indent and list dash (a hanging indent). */
function hangingIndent(line: string): CSSProperties {
  const lead = /^(\s*(?:- )*)/.exec(line)?.[1].length ?? 0;
  const ch = lead + 2;
  return { paddingLeft: `${ch}ch`, textIndent: `-${ch}ch` };
}

function YamlView({ yaml }: { yaml: string }) {
  const lines = useMemo(() => yaml.replace(/\n$/, '').split('\n'), [yaml]);
  return (
    <pre className="inspector-yaml mono" data-testid="inspector-yaml" tabIndex={0}>
      {lines.map((line, i) => (
        <div key={i} className="yaml-line" style={hangingIndent(line)}>
          {highlightYamlLine(line).map((tok, j) => (
            <span key={j} className={`y-${tok.kind}`}>
              {tok.text}
            </span>
          ))}
          {line === '' ? '\n' : null}
        </div>
      ))}
    </pre>
  );
}

function EventsList({ events, nowMs }: { events: EventView[]; nowMs: number }) {
  const t = useT();
  if (events.length === 0) return <div className="inspector-note">{t('inspector.noEvents')}</div>;
  const sorted = [...events].sort((a, b) => a.lastMs - b.lastMs);
  return (
    <ul className="inspector-events">
      {sorted.map((e) => (
        <li key={e.id} className={e.type === 'Warning' ? 'warning' : undefined}>
          <div className="event-head mono">
            <span className={`event-type ${e.type === 'Warning' ? 'tone-failed' : 'tone-normal'}`}>{e.type}</span>
            <span className="event-reason">{e.reason}</span>
            <span className="muted">
              {humanDuration(nowMs - e.lastMs)}
              {e.count > 1 ? ` (x${e.count})` : ''} · {e.source}
            </span>
          </div>
          <div className="event-message">{e.message}</div>
        </li>
      ))}
    </ul>
  );
}

export function Inspector() {
  const t = useT();
  const selected = useUiStore((s) => s.selected);
  const etcdOpen = useUiStore((s) => s.etcdOpen);
  const select = useUiStore((s) => s.select);
  const pushToast = useUiStore((s) => s.pushToast);
  const id = selected ? viewIdOfRef(selected) : undefined;
  const view = useClusterStore((s) => (id ? s.objects.get(id) : undefined));
  const allEvents = useClusterStore((s) => s.events) ?? EMPTY_EVENTS;
  const nowMs = useClusterStore((s) => s.clock.simTimeMs);
  const [tab, setTab] = useState<Tab>('summary');
  const [deleting, setDeleting] = useState(false);
  const [powering, setPowering] = useState(false);
  const inspect = useInspect(selected, view?.rv);

  const storeEvents = useMemo(() => (selected ? eventsFor(allEvents, selected) : EMPTY_EVENTS), [allEvents, selected]);

  if (!selected && etcdOpen) return <EtcdView />;
  if (!selected) {
    return (
      <aside className="inspector inspector-empty" data-testid="inspector">
        <svg className="inspector-empty-icon" viewBox="0 0 24 24" width="32" height="32" aria-hidden="true">
          <path d="M5 3l14 8-6.5 1.5L9 19z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
        </svg>
        <p className="inspector-empty-title">{t('inspector.empty')}</p>
        <p className="muted">{t('inspector.emptyHint')}</p>
      </aside>
    );
  }

  const result = inspect?.result ?? null;
  const gone = (id !== undefined && !view && result !== null && !result.found) || (id === undefined && result?.found === false);
  const events = storeEvents.length > 0 ? storeEvents : (result?.events ?? EMPTY_EVENTS);

  const onDelete = async () => {
    setDeleting(true);
    try {
      const reply = await engineClient.request({ kind: 'delete', ref: selected });
      if (reply.kind === 'delete') pushToast({ kind: reply.ok ? 'info' : 'error', text: reply.message, ...(reply.ok ? { kubectl: kubectlEquivalent({ type: 'delete', ref: selected }) } : {}) });
      else if (reply.kind === 'error') pushToast({ kind: 'error', text: reply.message });
    } catch (err) {
      pushToast({ kind: 'error', text: String(err) });
    } finally {
      setDeleting(false);
    }
  };

  const nodeView = view?.kind === 'Node' ? view : undefined;
  const onPower = async (nodeName: string, action: 'stop' | 'start') => {
    setPowering(true);
    try {
      const reply = await engineClient.request({ kind: 'nodePower', nodeName, action });
      if (reply.kind === 'nodePower') pushToast({ kind: reply.ok ? 'info' : 'error', text: reply.message, ...(reply.ok ? { kubectl: kubectlEquivalent({ type: 'nodePower', nodeName, action }) } : {}) });
      else if (reply.kind === 'error') pushToast({ kind: 'error', text: reply.message });
    } catch (err) {
      pushToast({ kind: 'error', text: String(err) });
    } finally {
      setPowering(false);
    }
  };

  return (
    <aside className="inspector" data-testid="inspector" aria-label={t('inspector.title')}>
      <header className="inspector-header">
        <div className="inspector-title">
          <span className="kind-badge">{selected.kind}</span>
          <span className="mono inspector-name" title={selected.name}>
            {selected.name}
          </span>
          {selected.namespace && <span className="muted mono inspector-ns">{selected.namespace}</span>}
        </div>
        {nodeView && (
          <button
            type="button"
            className="inspector-power"
            data-testid="node-power"
            data-action={nodeView.stopped ? 'start' : 'stop'}
            disabled={powering}
            onClick={() => void onPower(nodeView.name, nodeView.stopped ? 'start' : 'stop')}
            title={nodeView.stopped ? t('node.startTitle') : t('node.stopTitle')}
          >
            {nodeView.stopped ? t('node.start') : t('node.stop')}
          </button>
        )}
        {nodeView && !nodeView.roles.includes('control-plane') && <NodeRemoveButton nodeName={nodeView.name} />}
        {nodeView && (
          <button
            type="button"
            className="inspector-power"
            data-testid="node-shell"
            onClick={() => uiStore.getState().setShellNode(nodeView.name)}
            title={t('node.shellTitle')}
          >
            {t('node.shell')}
          </button>
        )}
        {isDeletable(selected) && !gone && (
          <button
            type="button"
            className="inspector-delete"
            data-testid="inspector-delete"
            disabled={deleting || (view?.kind === 'Pod' && view.deleting)}
            onClick={() => void onDelete()}
            title={`kubectl delete ${refLabel(selected)}`}
          >
            {t('inspector.delete')}
          </button>
        )}
      </header>
      <div className="inspector-tabs" role="tablist">
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={tab === name ? 'active' : undefined}
            data-testid={`inspector-tab-${name}`}
            onClick={() => setTab(name)}
          >
            {t(`inspector.tab.${name}`)}
            {name === 'events' && events.length > 0 ? <span className="tab-count">{events.length}</span> : null}
          </button>
        ))}
      </div>
      <div className="inspector-content" role="tabpanel">
        {gone && <div className="inspector-note warning">{t('inspector.gone')}</div>}
        {tab === 'summary' &&
          (view ? (
            <>
              <InspectorSummary view={view} onSelect={select} />
              {view.kind === 'Pod' && <OpenPodButton podKey={view.key} />}
              {view.kind === 'Pod' && <InspectorCreationChain podKey={view.key} rv={view.rv} />}
            </>
          ) : (
            !gone && <div className="inspector-note mono">{refLabel(selected)}</div>
          ))}
        {tab === 'yaml' &&
          (result?.found ? (
            <YamlView yaml={result.yaml} />
          ) : inspect?.error ? (
            <div className="inspector-note error mono">{inspect.error}</div>
          ) : gone ? null : (
            <div className="inspector-note">{t('inspector.loading')}</div>
          ))}
        {tab === 'events' && <EventsList events={events} nowMs={nowMs} />}
        {tab === 'history' && <InspectorHistory objectRef={selected} rv={view?.rv} />}
        {tab === 'related' &&
          (result === null ? (
            <div className="inspector-note">{t('inspector.loading')}</div>
          ) : result.related.length === 0 ? (
            <div className="inspector-note">{t('inspector.noRelated')}</div>
          ) : (
            <ul className="inspector-related">
              {result.related.map((r, i) => (
                <li key={`${r.relation}:${refLabel(r.ref)}:${i}`}>
                  <span className="muted relation">{r.relation}</span>
                  <button type="button" className="ref-link mono" onClick={() => select(r.ref)}>
                    {refLabel(r.ref)}
                  </button>
                </li>
              ))}
            </ul>
          ))}
      </div>
    </aside>
  );
}
