// The header: product name, cluster settings (worker nodes, CNI back end, node network layout,
// kube-proxy mode: rebuild after confirmation),
// the clock, language and help.

import { useState } from 'react';
import { CNI_NAMES, DEFAULT_CNI, DEFAULT_PROXY_MODE, NODE_SUBNET_CHOICES, PROXY_MODE_NAMES, type ClusterSettings } from '../../worker/protocol';
import { engineClient } from '../bridge/engine-client';
import { kubectlEquivalent } from './kubectl-equivalent';
import { useT } from '../i18n/use-t';
import { useClusterStore } from '../stores/cluster-store';
import { uiStore, useUiStore, type Lang } from '../stores/ui-store';
import { ClockControls } from './ClockControls';
import { ScenarioMenu } from '../persistence/ScenarioMenu';
import { openOverlay } from './overlay-store';
import { usePolishT } from './polish-messages';
import { toggleTheme, useTheme } from './theme-store';
import { startTour } from './Tour';

const WORKER_CHOICES = [1, 2, 3, 4, 5];

function Logo() {
  return (
    <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden>
      <polygon points="16,2 28,9 28,23 16,30 4,23 4,9" fill="#326ce5" />
      <circle cx="16" cy="16" r="6" fill="none" stroke="#fff" strokeWidth="2.4" />
      <circle cx="16" cy="16" r="1.8" fill="#fff" />
    </svg>
  );
}

function ClusterSize() {
  const t = useT();
  const settings = useClusterStore((s) => s.settings);
  const [workers, setWorkers] = useState<number | null>(null);
  const current = settings?.workerNodes ?? 3;
  const cni = settings?.cni ?? DEFAULT_CNI;
  const proxyMode = settings?.proxyMode ?? DEFAULT_PROXY_MODE;
  const nodeSubnets = settings?.nodeSubnets ?? 1;
  // Only a routed node network is passed on: one subnet is the engine's default.
  const subnetsSetting = nodeSubnets > 1 ? { nodeSubnets } : {};
  const layoutName = (n: number) => t(n > 1 ? 'app.nodeNet2' : 'app.nodeNet1');
  const chosen = workers ?? current;
  const rebuild = async (next: ClusterSettings) => {
    const reply = await engineClient.request({ kind: 'reset', settings: next });
    uiStore.getState().select(null);
    uiStore.getState().pushToast(reply.kind === 'error' ? { kind: 'error', text: reply.message } : { kind: 'info', text: t('app.resetDone'), kubectl: kubectlEquivalent({ type: 'rebuild' }) });
    setWorkers(null);
  };
  const reset = async () => {
    if (!window.confirm(t('app.resetConfirm', { workers: chosen }))) return;
    await rebuild({ seed: settings?.seed ?? 1, workerNodes: chosen, cni, proxyMode, ...subnetsSetting });
  };
  // The select always shows the running cluster's CNI: a cancelled change leaves it as it was.
  const changeCni = async (next: ClusterSettings['cni']) => {
    if (!next || next === cni) return;
    if (!window.confirm(t('app.cniConfirm', { cni: next, workers: chosen }))) return;
    await rebuild({ seed: settings?.seed ?? 1, workerNodes: chosen, cni: next, proxyMode, ...subnetsSetting });
  };
  const changeProxyMode = async (next: ClusterSettings['proxyMode']) => {
    if (!next || next === proxyMode) return;
    if (!window.confirm(t('app.proxyModeConfirm', { mode: next, workers: chosen }))) return;
    await rebuild({ seed: settings?.seed ?? 1, workerNodes: chosen, cni, proxyMode: next, ...subnetsSetting });
  };
  const changeNodeSubnets = async (next: number) => {
    if (next === nodeSubnets) return;
    if (!window.confirm(t('app.nodeNetConfirm', { layout: layoutName(next), workers: chosen }))) return;
    await rebuild({ seed: settings?.seed ?? 1, workerNodes: chosen, cni, proxyMode, ...(next > 1 ? { nodeSubnets: next } : {}) });
  };
  return (
    <div className="cluster-size" title={t('app.clusterCni', { workers: current, cni, mode: proxyMode })}>
      <label>
        <span className="cluster-label">{t('app.workers')}</span>
        <select data-testid="cluster-workers" value={chosen} onChange={(e) => setWorkers(Number(e.target.value))}>
          {WORKER_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label title={t('app.cniTitle', { cni })}>
        <span className="cluster-label optional">{t('app.cni')}</span>
        <select data-testid="cluster-cni" aria-label={t('app.cni')} className="mono" value={cni} disabled={!settings} onChange={(e) => void changeCni(e.target.value as ClusterSettings['cni'])}>
          {CNI_NAMES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label title={t('app.nodeNetTitle')}>
        <span className="cluster-label optional">{t('app.nodeNet')}</span>
        <select data-testid="cluster-node-subnets" aria-label={t('app.nodeNet')} value={nodeSubnets} disabled={!settings} onChange={(e) => void changeNodeSubnets(Number(e.target.value))}>
          {NODE_SUBNET_CHOICES.map((n) => (
            <option key={n} value={n}>
              {layoutName(n)}
            </option>
          ))}
        </select>
      </label>
      <label title={t('app.proxyModeTitle', { mode: proxyMode })}>
        <span className="cluster-label optional">{t('app.proxyMode')}</span>
        <select data-testid="cluster-proxy-mode" aria-label={t('app.proxyMode')} className="mono" value={proxyMode} disabled={!settings} onChange={(e) => void changeProxyMode(e.target.value as ClusterSettings['proxyMode'])}>
          {PROXY_MODE_NAMES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn" data-testid="cluster-reset" title={t('app.resetTitle')} onClick={() => void reset()} disabled={!settings}>
        {t('app.reset')}
      </button>
    </div>
  );
}

function Help() {
  const t = useT();
  const pt = usePolishT();
  const [open, setOpen] = useState(false);
  const run = (action: () => void) => {
    setOpen(false);
    action();
  };
  return (
    <div className="help">
      <button type="button" className="btn btn-icon" data-testid="help-button" aria-expanded={open} aria-label={t('app.help')} title={t('app.help')} onClick={() => setOpen(!open)}>
        ?
      </button>
      {open && (
        <div className="help-pop" role="dialog" aria-label={t('app.help')}>
          <p>{t('app.helpText')}</p>
          <div className="help-actions">
            <button type="button" className="btn" data-testid="help-shortcuts" onClick={() => run(() => openOverlay('shortcuts'))}>
              {pt('help.shortcuts')} <kbd>?</kbd>
            </button>
            <button type="button" className="btn" data-testid="help-tour" onClick={() => run(startTour)}>
              {pt('help.tour')}
            </button>
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              {t('app.dismiss')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function ThemeToggle() {
  const t = usePolishT();
  const theme = useTheme();
  const label = theme === 'dark' ? t('theme.toLight') : t('theme.toDark');
  return (
    <button type="button" className="btn btn-icon theme-toggle" data-testid="theme-toggle" data-theme-now={theme} aria-label={label} title={label} onClick={toggleTheme}>
      {theme === 'dark' ? (
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round">
          <circle cx="8" cy="8" r="3" />
          <path d="M8 1.5v1.6M8 12.9v1.6M1.5 8h1.6M12.9 8h1.6M3.4 3.4l1.1 1.1M11.5 11.5l1.1 1.1M3.4 12.6l1.1-1.1M11.5 4.5l1.1-1.1" />
        </svg>
      ) : (
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round">
          <path d="M13.5 9.6A5.6 5.6 0 0 1 6.4 2.5a5.6 5.6 0 1 0 7.1 7.1Z" />
        </svg>
      )}
    </button>
  );
}

function GalleryButton() {
  const t = usePolishT();
  const connected = useClusterStore((s) => s.connected);
  return (
    <button type="button" className="btn" data-testid="gallery-open" title={t('gallery.openTitle')} disabled={!connected} onClick={() => openOverlay('gallery')}>
      <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.5">
        <rect x="1.5" y="1.5" width="5.5" height="5.5" rx="1" />
        <rect x="9" y="1.5" width="5.5" height="5.5" rx="1" />
        <rect x="1.5" y="9" width="5.5" height="5.5" rx="1" />
        <rect x="9" y="9" width="5.5" height="5.5" rx="1" />
      </svg>
      {t('gallery.open')}
    </button>
  );
}

export function Header() {
  const t = useT();
  const lang = useUiStore((s) => s.lang);
  const setLang = useUiStore((s) => s.setLang);
  return (
    <header className="app-header">
      <div className="brand">
        <Logo />
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tag">{t('app.tagline')}</span>
      </div>
      <ClockControls />
      <div className="header-right">
        <ClusterSize />
        <GalleryButton />
        <ScenarioMenu />
        <label className="lang">
          <span className="visually-hidden">{t('app.lang')}</span>
          <select data-testid="lang-switch" value={lang} title={t('app.lang')} onChange={(e) => setLang(e.target.value as Lang)}>
            <option value="en">English</option>
            <option value="zh">简体中文</option>
          </select>
        </label>
        <ThemeToggle />
        <Help />
      </div>
    </header>
  );
}
