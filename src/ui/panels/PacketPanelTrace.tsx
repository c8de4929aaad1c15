// The selected trace in the Packets tab: playback controls (keyboard: ← → step, Space play/pause,
// Home/End), the DNS lookups, the hops grouped by node and namespace with request and reply apart,
// and at the current hop its headers layer by layer (fields this hop changed: before → after) beside
// the table entry that acted on it. Quiet netfilter hops (no rule acted, policy ACCEPT) fold into the
// hop before them by default: the list shows "+N quiet" there, and stepping and playback skip them.
// Under the header: what-if replay and the comparison with another trace of the same request.

import { memo, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { DnsLookup, TraceHop } from '../../worker/protocol';
import { useT } from '../i18n/use-t';
import { isQuietHop, selectedEntry, SPEEDS, traceActions, useTraceStore, type TraceEntry, type TraceSource } from '../stores/trace-store';
import { CompareTable, TraceTools, usePlaneLabel } from './PacketPanelCompare';
import { dataplaneLabel, endpointLabel, foldQuietHops, headerLayers, hopGroups, isDropHop, outcomeKind, placeLabel, traceTitle, type HeaderLayer, type HopGroup, type TraceOutcomeKind } from './packet-model';

/** Small inline icons: the font may lack the media-control glyphs (⏮ ⏭ render as boxes on Linux). */
function Icon({ name }: { name: 'back' | 'forward' | 'play' | 'pause' }) {
  const paths = {
    back: 'M3 2h2v12H3zM14 2v12L6 8z',
    forward: 'M11 2h2v12h-2zM2 2v12l8-6z',
    play: 'M4 2v12l10-6z',
    pause: 'M3 2h4v12H3zM9 2h4v12H9z',
  };
  return (
    <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden focusable="false">
      <path d={paths[name]} fill="currentColor" />
    </svg>
  );
}

const OUTCOME_ICON: Record<TraceOutcomeKind, string> = { delivered: '✓', refused: '⊘', dropped: '✗' };

/** delivered / refused / dropped: a colour and a word (never colour alone). */
export function OutcomeBadge({ kind }: { kind: TraceOutcomeKind }) {
  const t = useT();
  return (
    <span className={`pk-badge pk-badge-${kind}`} data-testid="pk-outcome" data-outcome={kind}>
      <span aria-hidden>{OUTCOME_ICON[kind]}</span> {t(`pk.outcome.${kind}`)}
    </span>
  );
}

function Controls({ hop, total }: { hop: number; total: number }) {
  const t = useT();
  const playing = useTraceStore((s) => s.playing);
  const speed = useTraceStore((s) => s.speed);
  return (
    <div className="pk-controls" role="toolbar" aria-label={t('pk.list')}>
      <button type="button" className="btn btn-icon" data-testid="pk-step-back" aria-label={t('pk.stepBack')} title={`${t('pk.stepBack')} (←)`} disabled={hop <= 0} onClick={traceActions.stepBack}>
        <Icon name="back" />
      </button>
      <button
        type="button"
        className="btn btn-icon pk-play"
        data-testid="pk-play"
        aria-label={playing ? t('pk.pause') : t('pk.play')}
        title={`${playing ? t('pk.pause') : t('pk.play')} (Space)`}
        disabled={total < 2}
        onClick={traceActions.toggle}
      >
        <Icon name={playing ? 'pause' : 'play'} />
      </button>
      <button type="button" className="btn btn-icon" data-testid="pk-step-forward" aria-label={t('pk.stepForward')} title={`${t('pk.stepForward')} (→)`} disabled={hop >= total - 1} onClick={traceActions.stepForward}>
        <Icon name="forward" />
      </button>
      <select className="pk-speed mono" data-testid="pk-speed" aria-label={t('pk.speed')} title={t('pk.speed')} value={speed} onChange={(e) => traceActions.setSpeed(Number(e.target.value))}>
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}x
          </option>
        ))}
      </select>
      <span className="pk-hop-of mono" data-testid="pk-hop-of">
        {t('pk.hopOf', { n: hop + 1, total })}
      </span>
    </div>
  );
}

function DnsList({ lookups, source }: { lookups: readonly DnsLookup[]; source: TraceSource }) {
  const t = useT();
  return (
    <div className="pk-dns" data-testid="pk-dns">
      <div className="pk-group-head">
        <span className="pk-h">{t('pk.dns')}</span>
        <span className="pk-sub mono">{t('pk.dnsBy', { server: lookups[0]?.server ?? '' })}</span>
      </div>
      <ul>
        {lookups.map((l, i) => (
          <li key={i} className={`pk-dns-row ${l.rcode === 'NOERROR' ? '' : 'is-bad'}`} title={l.answeredBy ? `answered by ${l.answeredBy}` : undefined}>
            <span className="mono pk-dns-name" title={l.name}>
              {l.name}
            </span>
            <span className="mono pk-dns-type">{l.type}</span>
            <span className={`mono pk-dns-rcode rcode-${l.rcode === 'NOERROR' ? 'ok' : 'bad'}`}>{l.rcode}</span>
            <span className="mono pk-dns-answers">{l.answers.length ? l.answers.join(', ') : t('pk.noAnswer')}</span>
            {l.trace && (
              <button type="button" className="pk-link" data-testid={`pk-dns-trace-${i}`} title={t('pk.dnsTraceTitle')} onClick={() => traceActions.add(l.trace!, source)}>
                {t('pk.dnsTrace')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

const HopRow = memo(function HopRow({ index, hop, current, drop, folded }: { index: number; hop: TraceHop; current: boolean; drop: boolean; folded: number }) {
  const t = useT();
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (current) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  return (
    <li>
      <button
        ref={ref}
        type="button"
        className={`pk-hop kind-${hop.kind} ${current ? 'is-current' : ''} ${drop ? 'is-drop' : ''}`}
        data-testid={`pk-hop-${index}`}
        data-kind={hop.kind}
        aria-current={current ? 'step' : undefined}
        tabIndex={current ? 0 : -1}
        onClick={() => traceActions.seek(index)}
        title={hop.summary}
      >
        <span className="pk-hop-n mono">{index + 1}</span>
        <span className="pk-hop-k mono">{hop.kind}</span>
        {hop.location.device && !hop.location.wire && <span className="pk-hop-dev mono">{hop.location.device}</span>}
        <span className="pk-hop-summary">{hop.summary}</span>
        {folded > 0 && (
          <span className="pk-hop-quiet mono" data-testid={`pk-quiet-${index}`} title={t('pk.quiet.foldedTitle', { n: folded })}>
            {t('pk.quiet.count', { n: folded })}
          </span>
        )}
      </button>
    </li>
  );
});

function HopGroups({ groups, current, isDrop, shown, folded }: { groups: HopGroup[]; current: number; isDrop: (i: number) => boolean; shown: boolean[]; folded: number[] }) {
  const t = useT();
  // A folded hop on stage (a click on the canvas label, Home/End) lights up the hop it folds into.
  let host = current;
  while (host > 0 && !shown[host]) host--;
  return (
    <div className="pk-groups" data-testid="pk-hops">
      {groups.map((g, gi) => (
        <div key={gi} className={`pk-group dir-${g.direction}`}>
          {(gi === 0 || g.turn) && (
            <div className={`pk-dir pk-dir-${g.direction}`} data-testid={`pk-dir-${g.direction}`}>
              {g.direction === 'request' ? t('pk.request') : t('pk.reply')}
            </div>
          )}
          <div className="pk-group-head">
            <span className="pk-node mono">{g.node === 'external' ? t('pk.external.where') : g.node}</span>
            {g.ns && <span className={`pk-ns mono ${g.ns === 'wire' ? 'is-wire' : ''}`}>{g.ns === 'root netns' ? t('pk.rootNetns') : g.ns}</span>}
          </div>
          <ul className="pk-hop-list">
            {g.hops
              .filter((h) => shown[h.index])
              .map((h) => (
                <HopRow key={h.index} index={h.index} hop={h.hop} current={h.index === host} drop={isDrop(h.index)} folded={folded[h.index]} />
              ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function Field({ name, before, after, changed }: { name: string; before?: string; after?: string; changed: boolean }) {
  return (
    <span className={`pk-field ${changed ? 'is-changed' : ''}`} data-field={name} data-changed={String(changed)}>
      <span className="pk-field-k">{name}</span>{' '}
      {changed ? (
        <span className="pk-field-v mono">
          <span className="pk-before">{before ?? '—'}</span>
          <span aria-hidden> → </span>
          <span className="pk-after">{after ?? '—'}</span>
        </span>
      ) : (
        <span className="pk-field-v mono">{after ?? before}</span>
      )}
    </span>
  );
}

function Layer({ layer }: { layer: HeaderLayer }) {
  const t = useT();
  const any = layer.status !== 'same' || layer.fields.some((f) => f.changed);
  return (
    <div className={`pk-layer layer-${layer.id} status-${layer.status} ${any ? 'has-change' : ''}`} data-testid={`pk-layer-${layer.id}`} data-status={layer.status}>
      <div className="pk-layer-title">
        {layer.title}
        {layer.status === 'added' && <span className="pk-tag is-added">{t('pk.layerAdded')}</span>}
        {layer.status === 'removed' && <span className="pk-tag is-removed">{t('pk.layerRemoved')}</span>}
        {layer.status === 'same' && layer.fields.some((f) => f.changed) && <span className="pk-tag">{t('pk.changed')}</span>}
      </div>
      <div className="pk-layer-fields">
        {layer.fields.map((f) => (
          <Field key={f.name} {...f} changed={layer.status === 'same' && f.changed} />
        ))}
      </div>
    </div>
  );
}

function HopDetail({ hop, drop, reason }: { hop: TraceHop; drop: boolean; reason?: string }) {
  const t = useT();
  const layers = useMemo(() => headerLayers(hop), [hop]);
  const place = placeLabel(hop.location);
  return (
    <div className="pk-detail" data-testid="pk-detail">
      <div className="pk-detail-head">
        <span className={`pk-kind-badge kind-${hop.kind} mono`}>{hop.kind}</span>
        <span className="pk-detail-where mono">
          {place.node === 'external' ? t('pk.external.where') : place.node}
          {place.ns && place.ns !== 'wire' ? ` · ${place.ns === 'root netns' ? t('pk.rootNetns') : place.ns}` : ''}
          {hop.location.device && !hop.location.wire ? ` · ${hop.location.device}` : ''}
        </span>
      </div>
      <div className="pk-detail-summary" data-testid="pk-summary">
        {hop.summary}
      </div>
      {drop && (
        <div className="pk-drop" role="status" data-testid="pk-drop">
          <strong>{t('pk.dropHere')}</strong> {reason}
        </div>
      )}
      <div className="pk-detail-body">
        <div className="pk-rule-box">
          {hop.rule || hop.table || hop.verdict ? (
            <div className="pk-sub">
              {t('pk.rule')}
              {hop.table ? ` · ${hop.table}${hop.chain ? ` ${hop.chain}` : ''}` : ''}
              {hop.verdict ? ` · ${hop.verdict}` : ''}
            </div>
          ) : (
            <div className="pk-sub pk-norule">{t('pk.noRule')}</div>
          )}
          {hop.rule && (
            <pre className="pk-rule mono" data-testid="pk-rule">
              {hop.rule}
            </pre>
          )}
          {hop.chainPath && hop.chainPath.length > 0 && (
            <div className="pk-chainpath">
              <span className="pk-sub">{t('pk.chainPath')}</span>
              <span className="mono">{hop.chainPath.join(' → ')}</span>
            </div>
          )}
        </div>
        <div className="pk-layers" aria-label={t('pk.headers')} data-testid="pk-headers">
          {layers.map((l) => (
            <Layer key={l.id} layer={l} />
          ))}
        </div>
      </div>
    </div>
  );
}

const isTyping = (el: EventTarget) => el instanceof HTMLElement && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA');

function QuietToggle({ count }: { count: number }) {
  const t = useT();
  const hide = useTraceStore((s) => s.hideQuiet);
  return (
    <label className="pk-quiet-toggle" title={t('pk.quiet.title')}>
      <input type="checkbox" data-testid="pk-hide-quiet" checked={hide} onChange={(e) => traceActions.setHideQuiet(e.target.checked)} />
      <span>{t('pk.quiet.toggle', { n: count })}</span>
    </label>
  );
}

/** The trace's dataplane in the header: a plain tag, or the what-if label in its own colour. */
function PlaneTag({ entry }: { entry: TraceEntry }) {
  const t = useT();
  const label = usePlaneLabel(entry);
  if (!label) return null;
  return (
    <span className={`pk-plane mono ${label.whatIf ? 'is-whatif' : ''}`} data-testid="pk-plane" title={label.whatIf ? t('pk.whatIf.note', { plane: label.text }) : t('pk.plane', { plane: label.text })}>
      {label.text}
    </span>
  );
}

/** A name that did not resolve: the DNS query's own trace says what stopped it (a policy, no endpoints). */
function dnsCause(trace: TraceEntry['trace']): { reason: string; index: number } | undefined {
  if (trace.outcome.delivered || !trace.dns) return undefined;
  const index = trace.dns.findIndex((l) => l.trace && !l.trace.outcome.delivered && l.trace.outcome.reason);
  return index < 0 ? undefined : { reason: trace.dns[index].trace!.outcome.reason!, index };
}

export function TraceView() {
  const t = useT();
  const entry = useTraceStore(selectedEntry);
  const hop = useTraceStore((s) => s.hop);
  const hideQuiet = useTraceStore((s) => s.hideQuiet);
  const compareUid = useTraceStore((s) => s.compare);
  const other = useTraceStore((s) => (s.compare === null ? undefined : s.entries.find((e) => e.uid === s.compare)));
  const trace = entry?.trace;
  const groups = useMemo(() => (trace ? hopGroups(trace.hops) : []), [trace]);
  const fold = useMemo(() => foldQuietHops(trace?.hops ?? [], hideQuiet, isQuietHop), [trace, hideQuiet]);
  const quietCount = useMemo(() => (trace ? trace.hops.filter(isQuietHop).length : 0), [trace]);
  if (!trace || !entry) return null;
  const total = trace.hops.length;
  const current = trace.hops[Math.min(hop, total - 1)];
  const kind = outcomeKind(trace);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
    const keys: Record<string, () => void> = {
      ArrowLeft: traceActions.stepBack,
      ArrowUp: traceActions.stepBack,
      ArrowRight: traceActions.stepForward,
      ArrowDown: traceActions.stepForward,
      ' ': traceActions.toggle,
      Home: () => traceActions.seek(0),
      End: () => traceActions.seek(total - 1),
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  };
  const served = trace.outcome.servedBy ? endpointLabel(trace.outcome.servedBy) : undefined;
  const cause = dnsCause(trace);
  const plane = entry.dataplane ? dataplaneLabel(entry.dataplane) : undefined;
  return (
    <div className="pk-trace" data-testid="pk-trace" data-hop={hop} onKeyDown={onKeyDown}>
      <div className="pk-trace-head">
        <span className="pk-trace-name mono" title={traceTitle(trace)}>
          {traceTitle(trace)}
        </span>
        <OutcomeBadge kind={kind} />
        <PlaneTag entry={entry} />
        <span className="pk-sub pk-served">
          {kind === 'delivered' && `${served ? t('pk.servedBy', { who: served }) : ''}${trace.outcome.replied ? '' : ` · ${t('pk.noReply')}`}`}
        </span>
        <Controls hop={hop} total={total} />
        <button type="button" className="btn btn-icon pk-close" data-testid="pk-close" aria-label={t('pk.close')} title={t('pk.close')} onClick={traceActions.deselect}>
          ✕
        </button>
      </div>
      <TraceTools entry={entry} />
      {trace.whatIf && (
        <div className="pk-whatif-note" data-testid="pk-whatif-note">
          {t('pk.whatIf.note', { plane: plane ?? '' })}
        </div>
      )}
      {kind !== 'delivered' && trace.outcome.reason && (
        <div className={`pk-reason is-${kind}`} data-testid="pk-reason">
          {trace.outcome.reason}
          {cause && (
            <div className="pk-reason-cause" data-testid="pk-dns-cause">
              {t('pk.dnsCause', { reason: cause.reason })}{' '}
              <button type="button" className="pk-link" onClick={() => traceActions.add(trace.dns![cause.index].trace!, entry.source)}>
                {t('pk.dnsTrace')}
              </button>
            </div>
          )}
        </div>
      )}
      {compareUid !== null && other ? (
        <CompareTable entry={entry} other={other} />
      ) : (
        <div className="pk-trace-body">
          <div className="pk-hops-col" tabIndex={-1}>
            {trace.dns && trace.dns.length > 0 && <DnsList lookups={trace.dns} source={entry.source} />}
            {quietCount > 0 && <QuietToggle count={quietCount} />}
            <HopGroups groups={groups} current={hop} isDrop={(i) => isDropHop(trace, i)} shown={fold.shown} folded={fold.folded} />
            <div className="pk-keys pk-sub">{t('pk.keys')}</div>
          </div>
          {current && <HopDetail hop={current} drop={isDropHop(trace, hop)} reason={trace.outcome.reason} />}
        </div>
      )}
    </div>
  );
}
