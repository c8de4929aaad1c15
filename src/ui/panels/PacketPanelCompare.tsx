// The selected trace's tools strip and its comparison: "Replay as if…" (the same request traced as if
// the cluster ran another CNI back end or kube-proxy mode; the cluster does not change), "Compare
// with" another trace of the same request, and the side-by-side table (hops, tunnel devices, node
// crossings, routes, NAT steps, NetworkPolicy) that replaces the hop list while comparing.

import { useMemo, useState } from 'react';
import { CNI_NAMES, DEFAULT_CNI, DEFAULT_PROXY_MODE, PROXY_MODE_NAMES, type ClusterSettings } from '../../worker/protocol';
import { engineClient } from '../bridge/engine-client';
import { useT } from '../i18n/use-t';
import { useClusterStore } from '../stores/cluster-store';
import { traceActions, useTraceStore, type TraceEntry } from '../stores/trace-store';
import { dataplaneLabel, requestKey, traceFacts, type TraceFacts } from './packet-model';

type CniBackendName = NonNullable<ClusterSettings['cni']>;
type ProxyMode = NonNullable<ClusterSettings['proxyMode']>;

/** 'what-if: calico-ipip · ipvs' for a what-if entry, else its dataplane ('flannel-vxlan · iptables'). */
export function usePlaneLabel(entry: TraceEntry): { text: string; whatIf: boolean } | undefined {
  const t = useT();
  if (!entry.dataplane) return undefined;
  const plane = dataplaneLabel(entry.dataplane);
  return entry.trace.whatIf ? { text: t('pk.whatIf.label', { plane }), whatIf: true } : { text: plane, whatIf: false };
}

/** The other entries that trace the same request, newest first. */
function sameRequest(entries: readonly TraceEntry[], entry: TraceEntry): TraceEntry[] {
  const key = requestKey(entry.trace.request);
  return entries.filter((e) => e.uid !== entry.uid && requestKey(e.trace.request) === key);
}

function WhatIfReplay({ entry }: { entry: TraceEntry }) {
  const t = useT();
  const settings = useClusterStore((s) => s.settings);
  const clusterCni = settings?.cni ?? DEFAULT_CNI;
  const clusterMode = settings?.proxyMode ?? DEFAULT_PROXY_MODE;
  const [cni, setCni] = useState<CniBackendName | null>(null);
  const [mode, setMode] = useState<ProxyMode | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosenCni = cni ?? clusterCni;
  const chosenMode = mode ?? clusterMode;
  const same = chosenCni === clusterCni && chosenMode === clusterMode;
  const replay = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await engineClient.trace(entry.trace.request, { cni: chosenCni, proxyMode: chosenMode });
      if ('trace' in r) traceActions.add(r.trace, entry.source, entry.whatIfOf ?? entry.uid);
      else setError(t('pk.err.engine', { message: r.error }));
    } catch (err) {
      setError(t('pk.err.engine', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="pk-whatif" data-testid="pk-whatif" title={t('pk.whatIf.title')}>
      <span className="pk-tool-label">{t('pk.whatIf.replay')}</span>
      <select className="pk-input pk-tool-select mono" data-testid="pk-whatif-cni" aria-label="CNI" value={chosenCni} onChange={(e) => setCni(e.target.value as CniBackendName)}>
        {CNI_NAMES.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <select className="pk-input pk-tool-select mono" data-testid="pk-whatif-proxy" aria-label="kube-proxy" value={chosenMode} onChange={(e) => setMode(e.target.value as ProxyMode)}>
        {PROXY_MODE_NAMES.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn pk-tool-btn"
        data-testid="pk-whatif-go"
        disabled={same || busy || !settings}
        title={same ? t('pk.whatIf.same', { plane: dataplaneLabel({ cni: clusterCni, proxyMode: clusterMode }) }) : t('pk.whatIf.title')}
        onClick={() => void replay()}
      >
        {busy ? t('pk.sending') : t('pk.whatIf.go')}
      </button>
      {error && (
        <span className="pk-error pk-tool-error" role="alert" data-testid="pk-whatif-error">
          {error}
        </span>
      )}
    </div>
  );
}

function CompareSelect({ entry, others }: { entry: TraceEntry; others: TraceEntry[] }) {
  const t = useT();
  const compare = useTraceStore((s) => s.compare);
  if (others.length === 0) return null;
  const option = (e: TraceEntry) =>
    t('pk.compare.option', {
      n: e.uid,
      plane: e.dataplane ? `${e.trace.whatIf ? t('pk.whatIf.label', { plane: dataplaneLabel(e.dataplane) }) : dataplaneLabel(e.dataplane)}` : e.trace.id,
      outcome: t(`pk.outcome.${traceFacts(e.trace).outcome}`),
    });
  return (
    <label className="pk-compare-pick">
      <span className="pk-tool-label">{t('pk.compare')}</span>
      <select
        className="pk-input pk-tool-select mono"
        data-testid="pk-compare"
        value={compare ?? ''}
        onChange={(e) => traceActions.setCompare(e.target.value === '' ? null : Number(e.target.value))}
      >
        <option value="">{t('pk.compare.none')}</option>
        {others.map((o) => (
          <option key={o.uid} value={o.uid}>
            {o.uid === entry.whatIfOf || o.whatIfOf === entry.uid ? '⇄ ' : ''}
            {option(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The strip under the trace header: what-if replay and the compare picker. */
export function TraceTools({ entry }: { entry: TraceEntry }) {
  const entries = useTraceStore((s) => s.entries);
  const others = useMemo(() => sameRequest(entries, entry), [entries, entry]);
  return (
    <div className="pk-tools" data-testid="pk-tools">
      <WhatIfReplay key={entry.uid} entry={entry} />
      <CompareSelect entry={entry} others={others} />
    </div>
  );
}

type Row = { id: string; label: string; a: string; b: string };

function list(items: string[], none: string): string {
  return items.length ? items.join(', ') : none;
}

function rows(t: ReturnType<typeof useT>, a: TraceFacts, b: TraceFacts, pa: string, pb: string): Row[] {
  const none = t('pk.cmp.none');
  const hops = (f: TraceFacts) => t(f.quietHops ? 'pk.cmp.hopsQuiet' : 'pk.cmp.hopsValue', { total: f.hops, request: f.requestHops, reply: f.replyHops, quiet: f.quietHops });
  return [
    { id: 'plane', label: t('pk.cmp.plane'), a: pa, b: pb },
    { id: 'outcome', label: t('pk.cmp.outcome'), a: t(`pk.outcome.${a.outcome}`), b: t(`pk.outcome.${b.outcome}`) },
    { id: 'hops', label: t('pk.cmp.hops'), a: hops(a), b: hops(b) },
    { id: 'tunnel', label: t('pk.cmp.tunnel'), a: list(a.tunnels, t('pk.cmp.noTunnel')), b: list(b.tunnels, t('pk.cmp.noTunnel')) },
    { id: 'crossings', label: t('pk.cmp.crossings'), a: list(a.crossings, t('pk.cmp.sameNode')), b: list(b.crossings, t('pk.cmp.sameNode')) },
    { id: 'route', label: t('pk.cmp.route'), a: list(a.routes, none), b: list(b.routes, none) },
    { id: 'lb', label: t('pk.cmp.lb'), a: a.serviceLb || none, b: b.serviceLb || none },
    { id: 'nat', label: t('pk.cmp.nat'), a: list(a.nat, none), b: list(b.nat, none) },
    { id: 'policy', label: t('pk.cmp.policy'), a: list(a.policy, t('pk.cmp.noPolicy')), b: list(b.policy, t('pk.cmp.noPolicy')) },
  ];
}

/** The side-by-side table: the selected trace (left) and the one it is compared with (right). */
export function CompareTable({ entry, other }: { entry: TraceEntry; other: TraceEntry }) {
  const t = useT();
  const a = useMemo(() => traceFacts(entry.trace), [entry]);
  const b = useMemo(() => traceFacts(other.trace), [other]);
  const plane = (e: TraceEntry) => (e.dataplane ? (e.trace.whatIf ? t('pk.whatIf.label', { plane: dataplaneLabel(e.dataplane) }) : dataplaneLabel(e.dataplane)) : '—');
  const table = rows(t, a, b, plane(entry), plane(other));
  return (
    <div className="pk-cmp" data-testid="pk-compare-table">
      <div className="pk-cmp-head">
        <span className="pk-h">{t('pk.compare.title')}</span>
        <button type="button" className="pk-link" data-testid="pk-compare-back" onClick={() => traceActions.setCompare(null)}>
          {t('pk.compare.back')}
        </button>
      </div>
      <table className="pk-cmp-table">
        <thead>
          <tr>
            <th />
            <th>{t('pk.compare.this', { n: entry.uid })}</th>
            <th>
              <button type="button" className="pk-link" data-testid="pk-compare-open" title={t('pk.compare.open')} onClick={() => traceActions.select(other.uid)}>
                {t('pk.compare.other', { n: other.uid })}
              </button>
            </th>
          </tr>
        </thead>
        <tbody>
          {table.map((r) => (
            <tr key={r.id} data-testid={`pk-cmp-${r.id}`} className={r.a !== r.b ? 'is-diff' : ''}>
              <th scope="row">{r.label}</th>
              <td className="mono" data-side="a">
                {r.a}
              </td>
              <td className="mono" data-side="b">
                {r.b}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
