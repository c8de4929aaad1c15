// The Packets dock tab: a "Send a packet" form and the recent traces on the left; the selected trace
// on the right (PacketPanelTrace: playback, DNS lookups, hops by node and namespace, headers at the
// current hop). Traces come from the form, the terminal (`kubectl exec … -- curl`) and what-if
// replays; the inspector's "Send a packet from / to this pod" buttons prefill the form.

import { memo, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { L4Proto, PodView, ServiceView } from '../../worker/protocol';
import { engineClient } from '../bridge/engine-client';
import { shortName } from '../canvas/format';
import { useT } from '../i18n/use-t';
import { useClusterStore, type ClusterState } from '../stores/cluster-store';
import { traceActions, useTraceStore, type TraceEntry } from '../stores/trace-store';
import { usePlaneLabel } from './PacketPanelCompare';
import { OutcomeBadge, TraceView } from './PacketPanelTrace';
import { buildRequest, dataplaneLabel, EXTERNAL_CLIENT_IP, endpointLabel, outcomeKind, servicePort, traceTitle, type FormError } from './packet-model';
import './PacketPanel.css';

interface Choices {
  pods: Array<{ key: string; name: string; ip?: string; node?: string }>;
  nodes: string[];
  services: Array<{ name: string; namespace: string; ip: string; ports: string }>;
}

/** Pods (with an IP first), nodes and Services for the form's pickers, as a stable string-keyed list. */
function selectChoices(s: ClusterState): string {
  const pods: Choices['pods'] = [];
  const services: Choices['services'] = [];
  for (const ids of s.podIdsByNode.values()) {
    for (const id of ids) {
      const p = s.objects.get(id) as PodView | undefined;
      if (p?.kind === 'Pod' && !p.deleting) pods.push({ key: p.key, name: p.name, ...(p.podIP ? { ip: p.podIP } : {}), ...(p.nodeName ? { node: p.nodeName } : {}) });
    }
  }
  for (const id of s.serviceIds) {
    const v = s.objects.get(id) as ServiceView | undefined;
    if (v?.kind === 'Service') services.push({ name: v.name, namespace: v.namespace, ip: v.clusterIP, ports: v.ports });
  }
  const nodes = s.nodeIds.map((id) => id.slice(id.indexOf(':') + 1));
  pods.sort((a, b) => a.key.localeCompare(b.key));
  return JSON.stringify({ pods, nodes, services } satisfies Choices);
}

function useChoices(): Choices {
  // a string: equal choices compare equal, so the form re-renders only when they change
  const json = useClusterStore(selectChoices);
  return useMemo(() => JSON.parse(json) as Choices, [json]);
}

/** A pod named like a client is the natural source; else the first pod with an IP; else a node. */
function defaultSource(c: Choices): string {
  const client = c.pods.find((p) => p.ip && /client|curl|netshoot|busybox|debug/.test(p.name)) ?? c.pods.find((p) => p.ip);
  if (client) return `pod:${client.key}`;
  return c.nodes.length ? `node:${c.nodes[c.nodes.length - 1]}` : '';
}

const serviceTarget = (s: Choices['services'][number]) => (s.namespace === 'default' ? s.name : `${s.name}.${s.namespace}`);

function SendForm() {
  const t = useT();
  const choices = useChoices();
  const [source, setSource] = useState('');
  const [destination, setDestination] = useState('');
  const [port, setPort] = useState('80');
  const [protocol, setProtocol] = useState<L4Proto>('TCP');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const draft = useTraceStore((s) => s.draft);
  // The inspector's buttons leave a draft; apply it once, then clear it (the form owns its fields).
  useEffect(() => {
    if (!draft) return;
    if (draft.source !== undefined) setSource(draft.source);
    if (draft.destination !== undefined) setDestination(draft.destination);
    if (draft.port !== undefined) setPort(draft.port);
    if (draft.protocol !== undefined) setProtocol(draft.protocol);
    setError(null);
    traceActions.clearDraft();
  }, [draft]);
  const effectiveSource = source || defaultSource(choices);
  const quick = choices.services.filter((s) => !(s.namespace === 'default' && s.name === 'kubernetes')).slice(0, 4);

  const pick = (s: Choices['services'][number]) => {
    setDestination(serviceTarget(s));
    const p = servicePort(s.ports);
    if (p) {
      setPort(p.port);
      setProtocol(p.protocol);
    }
    setError(null);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const built = buildRequest({ source: effectiveSource, destination, port, protocol });
    if ('error' in built) {
      setError(t(`pk.err.${built.error satisfies FormError}`));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await engineClient.trace(built.request);
      if ('trace' in r) traceActions.add(r.trace, 'form');
      else setError(t('pk.err.engine', { message: r.error }));
    } catch (err) {
      setError(t('pk.err.engine', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="pk-form" data-testid="pk-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <div className="pk-h">{t('pk.send')}</div>
      <label className="pk-row">
        <span className="pk-label">{t('pk.from')}</span>
        <select className="pk-input mono" data-testid="pk-source" value={effectiveSource} onChange={(e) => setSource(e.target.value)}>
          {effectiveSource === '' && <option value="">—</option>}
          {choices.pods.length > 0 && (
            <optgroup label={t('pk.pods')}>
              {choices.pods.map((p) => (
                <option key={p.key} value={`pod:${p.key}`}>
                  {p.key.startsWith('default/') ? p.name : p.key}
                  {p.ip ? ` (${p.ip})` : ''}
                </option>
              ))}
            </optgroup>
          )}
          <optgroup label={t('pk.nodes')}>
            {choices.nodes.map((n) => (
              <option key={n} value={`node:${n}`}>
                {n}
              </option>
            ))}
          </optgroup>
          <option value="external">{t('pk.external', { ip: EXTERNAL_CLIENT_IP })}</option>
        </select>
      </label>
      <label className="pk-row">
        <span className="pk-label">{t('pk.to')}</span>
        <input
          className="pk-input mono"
          data-testid="pk-destination"
          list="pk-destinations"
          value={destination}
          placeholder={t('pk.toPlaceholder')}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => {
            setDestination(e.target.value);
            setError(null);
          }}
        />
        <datalist id="pk-destinations">
          {choices.services.map((s) => (
            <option key={`${s.namespace}/${s.name}`} value={serviceTarget(s)}>
              {t('pk.quickService', { name: s.name, ip: s.ip, ports: s.ports })}
            </option>
          ))}
          {choices.pods
            .filter((p) => p.ip)
            .map((p) => (
              <option key={p.key} value={p.ip}>
                {t('pk.quickPod', { name: p.name, ip: p.ip ?? '' })}
              </option>
            ))}
        </datalist>
      </label>
      {quick.length > 0 && (
        <div className="pk-quick">
          <span className="pk-label">{t('pk.quick')}</span>
          {quick.map((s) => (
            <button
              key={`${s.namespace}/${s.name}`}
              type="button"
              className={`pk-chip mono ${destination === serviceTarget(s) ? 'is-on' : ''}`}
              data-testid={`pk-pick-${s.name}`}
              title={t('pk.quickService', { name: s.name, ip: s.ip, ports: s.ports })}
              onClick={() => pick(s)}
            >
              {shortName(s.name, 18)}
            </button>
          ))}
        </div>
      )}
      <div className="pk-row pk-row-last">
        <label className="pk-inline">
          <span className="pk-label">{t('pk.port')}</span>
          <input
            className="pk-input pk-port mono"
            data-testid="pk-port"
            inputMode="numeric"
            value={protocol === 'ICMP' ? '' : port}
            disabled={protocol === 'ICMP'}
            onChange={(e) => {
              setPort(e.target.value);
              setError(null);
            }}
          />
        </label>
        <label className="pk-inline">
          <span className="visually-hidden">{t('pk.protocol')}</span>
          <select className="pk-input mono" data-testid="pk-protocol" aria-label={t('pk.protocol')} value={protocol} onChange={(e) => setProtocol(e.target.value as L4Proto)}>
            <option value="TCP">TCP</option>
            <option value="UDP">UDP</option>
            <option value="ICMP">ICMP</option>
          </select>
        </label>
        <button type="submit" className="btn btn-primary pk-send" data-testid="pk-send" disabled={busy}>
          {busy ? t('pk.sending') : t('pk.sendButton')}
        </button>
      </div>
      {error && (
        <div className="pk-error" role="alert" data-testid="pk-error">
          {error}
        </div>
      )}
    </form>
  );
}

const TraceRow = memo(function TraceRow({ entry, selected, showPlane }: { entry: TraceEntry; selected: boolean; showPlane: boolean }) {
  const t = useT();
  const tr = entry.trace;
  const kind = outcomeKind(tr);
  const plane = usePlaneLabel(entry);
  return (
    <li>
      <button
        type="button"
        className={`pk-trace-row ${selected ? 'is-selected' : ''}`}
        data-testid={`pk-trace-${entry.uid}`}
        data-outcome={kind}
        aria-current={selected ? 'true' : undefined}
        onClick={() => traceActions.select(entry.uid)}
        title={tr.outcome.reason ?? traceTitle(tr)}
      >
        <span className="pk-trace-top">
          <span className="pk-trace-title mono">{traceTitle(tr)}</span>
          <OutcomeBadge kind={kind} />
        </span>
        <span className="pk-trace-sub">
          <span className="mono">
            {endpointLabel(tr.request.from)} → {tr.request.to}
            {tr.request.port !== undefined && tr.request.protocol !== 'ICMP' ? `:${tr.request.port}` : ''}/{tr.request.protocol}
          </span>
          {entry.source === 'terminal' && <span className="pk-trace-src">· {t('pk.fromTerminal')}</span>}
        </span>
        {plane && (plane.whatIf || showPlane) && (
          <span className={`pk-plane mono ${plane.whatIf ? 'is-whatif' : ''}`} data-testid={plane.whatIf ? 'pk-row-whatif' : 'pk-row-plane'}>
            {plane.text}
          </span>
        )}
      </button>
    </li>
  );
});

function TraceList() {
  const t = useT();
  const entries = useTraceStore((s) => s.entries);
  const selected = useTraceStore((s) => s.selected);
  const playAll = useTraceStore((s) => s.playAll);
  // Traces taken under different CNIs or proxy modes (the cluster was rebuilt) say which is which.
  const mixed = useMemo(() => new Set(entries.map((e) => (e.dataplane ? dataplaneLabel(e.dataplane) : ''))).size > 1, [entries]);
  return (
    <section className="pk-list" aria-label={t('pk.traces')}>
      <div className="pk-list-head">
        <span className="pk-h">{t('pk.traces')}</span>
        <span className="pk-count">{entries.length}</span>
        {entries.length > 0 && (
          <button
            type="button"
            className={`pk-chip ${playAll ? 'is-on' : ''}`}
            style={{ marginLeft: 'auto' }}
            data-testid="pk-play-all"
            aria-pressed={playAll}
            title={t('pk.playAllTitle')}
            onClick={traceActions.togglePlayAll}
          >
            {playAll ? t('pk.playAllStop') : t('pk.playAll')}
          </button>
        )}
      </div>
      {entries.length === 0 ? (
        <div className="pk-list-empty">{t('pk.noTraces')}</div>
      ) : (
        <ul className="pk-trace-rows" data-testid="pk-traces">
          {entries.map((e) => (
            <TraceRow key={e.uid} entry={e} selected={e.uid === selected} showPlane={mixed} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EmptyState() {
  const t = useT();
  const [before, after] = t('pk.emptyBody').split('{command}');
  return (
    <div className="pk-empty" data-testid="pk-empty">
      <div className="pk-empty-title">{t('pk.emptyTitle')}</div>
      <p>
        {before}
        <code className="mono">{t('pk.emptyExample')}</code>
        {after}
      </p>
    </div>
  );
}

export function PacketPanel() {
  const hasSelection = useTraceStore((s) => s.selected !== null);
  return (
    <div className="pk-panel" data-testid="packet-panel">
      <aside className="pk-side">
        <SendForm />
        <TraceList />
      </aside>
      <section className="pk-main">{hasSelection ? <TraceView /> : <EmptyState />}</section>
    </div>
  );
}
