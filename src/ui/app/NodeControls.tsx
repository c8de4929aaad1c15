// Palette cards for the cluster's machines at run time: "Node" (a click adds a worker; no rebuild)
// and the simulated cluster-autoscaler (on/off with its node group's min and max). Both are worker
// commands (nodeLifecycle, clusterAutoscaler), journaled by persistence and recorded by time travel;
// each answers with a toast carrying the equivalent command (kubectl-equivalent.ts).

import { useState } from 'react';
import { MAX_AUTOSCALER_NODES, type ClusterAutoscalerSettings } from '../../worker/protocol';
import { engineClient } from '../bridge/engine-client';
import { useT } from '../i18n/use-t';
import { clusterStore, useClusterStore } from '../stores/cluster-store';
import { uiStore } from '../stores/ui-store';
import { kubectlEquivalent } from './kubectl-equivalent';
import './NodeControls.css';

/** How many worker nodes the store shows (every Node but the control plane's). */
function useWorkerCount(): number {
  return useClusterStore((s) => {
    let n = 0;
    for (const id of s.nodeIds) {
      const v = s.objects.get(id);
      if (v?.kind === 'Node' && !v.roles.includes('control-plane')) n++;
    }
    return n;
  });
}

async function addNode(): Promise<void> {
  const { pushToast } = uiStore.getState();
  try {
    const reply = await engineClient.request({ kind: 'nodeLifecycle', action: 'add' });
    if (reply.kind === 'nodeLifecycle') {
      pushToast({ kind: reply.ok ? 'info' : 'error', text: reply.message, ...(reply.ok && reply.nodeName ? { kubectl: kubectlEquivalent({ type: 'addNode', nodeName: reply.nodeName }) } : {}) });
    } else if (reply.kind === 'error') pushToast({ kind: 'error', text: reply.message });
  } catch (err) {
    pushToast({ kind: 'error', text: String(err) });
  }
}

function NodeGlyph() {
  return (
    <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden>
      <rect x="3" y="5" width="22" height="18" rx="4" fill="none" stroke="#64748b" strokeWidth="1.5" />
      <rect x="6" y="17" width="16" height="3" rx="1" fill="#cbd5e1" />
      <path d="M14 8.5v6M11 11.5h6" stroke="#326ce5" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

function AutoscalerGlyph({ on }: { on: boolean }) {
  return (
    <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden>
      <rect x="3" y="9" width="9" height="10" rx="2" fill="none" stroke="#64748b" strokeWidth="1.5" />
      <rect x="16" y="9" width="9" height="10" rx="2" fill="none" stroke="#64748b" strokeWidth="1.5" strokeDasharray="2 2" />
      <circle cx="22" cy="6" r="3.5" fill={on ? '#16a34a' : 'none'} stroke={on ? '#16a34a' : '#94a3b8'} strokeWidth="1.5" />
    </svg>
  );
}

/** The palette's "Node" card: a click adds a worker (no drag: a machine has no place to be dropped). */
export function AddNodeCard() {
  const t = useT();
  const connected = useClusterStore((s) => s.connected);
  const workers = useWorkerCount();
  const full = workers >= MAX_AUTOSCALER_NODES;
  return (
    <button
      type="button"
      className="palette-card palette-action"
      data-testid="node-add"
      disabled={!connected || full}
      title={full ? t('nodes.addMax', { max: MAX_AUTOSCALER_NODES }) : t('nodes.addTitle')}
      onClick={() => void addNode()}
    >
      <NodeGlyph />
      <span className="palette-label">{t('nodes.add')}</span>
      <span className="palette-hint">{t('nodes.addHint')}</span>
    </button>
  );
}

/** The palette's cluster-autoscaler card: shows on/off and the bounds; a click opens its settings. */
export function AutoscalerCard() {
  const t = useT();
  const connected = useClusterStore((s) => s.connected);
  const ca = useClusterStore((s) => s.settings?.clusterAutoscaler);
  const workers = useWorkerCount();
  const [anchor, setAnchor] = useState<{ top: number; left: number } | null>(null);
  return (
    <>
      <button
        type="button"
        className={`palette-card palette-action ${ca ? 'ca-on' : ''}`}
        data-testid="ca-open"
        data-enabled={ca ? 'true' : 'false'}
        aria-expanded={anchor !== null}
        disabled={!connected}
        title={t('ca.title')}
        onClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          setAnchor(anchor ? null : { top: r.top, left: r.right + 8 });
        }}
      >
        <AutoscalerGlyph on={ca !== undefined} />
        <span className="palette-label">{t('ca.button')}</span>
        <span className="palette-hint">{ca ? t('ca.hintOn', { min: ca.minNodes, max: ca.maxNodes }) : t('ca.hintOff')}</span>
      </button>
      {anchor && <AutoscalerPopover workers={workers} anchor={anchor} onClose={() => setAnchor(null)} />}
    </>
  );
}

function AutoscalerPopover({ workers, anchor, onClose }: { workers: number; anchor: { top: number; left: number }; onClose: () => void }) {
  const t = useT();
  const ca = useClusterStore((s) => s.settings?.clusterAutoscaler);
  const [enabled, setEnabled] = useState(ca !== undefined);
  const [min, setMin] = useState(ca?.minNodes ?? 1);
  const [max, setMax] = useState(ca?.maxNodes ?? Math.min(MAX_AUTOSCALER_NODES, Math.max(workers + 3, 6)));
  const [busy, setBusy] = useState(false);
  const invalid = enabled && min > max;
  const apply = async () => {
    const { pushToast } = uiStore.getState();
    setBusy(true);
    try {
      const settings = enabled ? { minNodes: min, maxNodes: max } : undefined;
      const reply = await engineClient.request({ kind: 'clusterAutoscaler', ...(settings ? { settings } : {}) });
      if (reply.kind === 'clusterAutoscaler') {
        if (reply.ok) {
          showAutoscaler(reply.settings);
          onClose();
        }
        pushToast({ kind: reply.ok ? 'info' : 'error', text: reply.message, ...(reply.ok ? { kubectl: kubectlEquivalent({ type: 'clusterAutoscaler', ...(settings ?? {}) }) } : {}) });
      } else if (reply.kind === 'error') pushToast({ kind: 'error', text: reply.message });
    } catch (err) {
      pushToast({ kind: 'error', text: String(err) });
    } finally {
      setBusy(false);
    }
  };
  const choices = Array.from({ length: MAX_AUTOSCALER_NODES + 1 }, (_, i) => i);
  return (
    // Fixed beside the card: the palette scrolls and would clip an absolutely placed popover.
    <div className="ca-pop" role="dialog" aria-label={t('ca.heading')} data-testid="ca-popover" style={{ top: anchor.top, left: anchor.left }}>
      <div className="ca-heading mono">{t('ca.heading')}</div>
      <p className="ca-intro">{t('ca.intro')}</p>
      <label className="ca-row">
        <input type="checkbox" data-testid="ca-enable" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        {t('ca.enable')}
      </label>
      <div className="ca-row">
        <label>
          <span className="cluster-label">{t('ca.min')}</span>
          <select data-testid="ca-min" value={min} disabled={!enabled} onChange={(e) => setMin(Number(e.target.value))}>
            {choices.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="cluster-label">{t('ca.max')}</span>
          <select data-testid="ca-max" value={max} disabled={!enabled} onChange={(e) => setMax(Number(e.target.value))}>
            {choices.slice(1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      {invalid && <p className="ca-error">{t('ca.invalid')}</p>}
      <p className="ca-note muted">{t('ca.simplification')}</p>
      <div className="ca-actions">
        <button type="button" className="btn btn-primary" data-testid="ca-apply" disabled={busy || invalid} onClick={() => void apply()}>
          {t('ca.apply')}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          {t('ca.close')}
        </button>
      </div>
    </div>
  );
}

/**
 * The reply carries the autoscaler as it now runs: the header shows it at once (the next `ready`
 * carries it too, from the world's options).
 */
function showAutoscaler(ca: ClusterAutoscalerSettings | undefined): void {
  const settings = clusterStore.getState().settings;
  if (!settings) return;
  const { clusterAutoscaler: _old, ...rest } = settings;
  clusterStore.setState({ settings: ca ? { ...rest, clusterAutoscaler: ca } : rest });
}
