// The header: product name, cluster size (rebuild after confirmation), the clock, language and help.

import { useState } from 'react';
import { engineClient } from '../bridge/engine-client';
import { useT } from '../i18n/use-t';
import { useClusterStore } from '../stores/cluster-store';
import { uiStore, useUiStore, type Lang } from '../stores/ui-store';
import { ClockControls } from './ClockControls';

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
  const chosen = workers ?? current;
  const reset = async () => {
    if (!window.confirm(t('app.resetConfirm', { workers: chosen }))) return;
    const reply = await engineClient.request({ kind: 'reset', settings: { seed: settings?.seed ?? 1, workerNodes: chosen } });
    uiStore.getState().select(null);
    uiStore.getState().pushToast(reply.kind === 'error' ? { kind: 'error', text: reply.message } : { kind: 'info', text: t('app.resetDone') });
    setWorkers(null);
  };
  return (
    <div className="cluster-size" title={t('app.cluster', { workers: current })}>
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
      <button type="button" className="btn" data-testid="cluster-reset" title={t('app.resetTitle')} onClick={() => void reset()} disabled={!settings}>
        {t('app.reset')}
      </button>
    </div>
  );
}

function Help() {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <div className="help">
      <button type="button" className="btn btn-icon" aria-expanded={open} aria-label={t('app.help')} title={t('app.help')} onClick={() => setOpen(!open)}>
        ?
      </button>
      {open && (
        <div className="help-pop" role="dialog" aria-label={t('app.help')}>
          <p>{t('app.helpText')}</p>
          <button type="button" className="btn" onClick={() => setOpen(false)}>
            {t('app.dismiss')}
          </button>
        </div>
      )}
    </div>
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
        <label className="lang">
          <span className="visually-hidden">{t('app.lang')}</span>
          <select data-testid="lang-switch" value={lang} title={t('app.lang')} onChange={(e) => setLang(e.target.value as Lang)}>
            <option value="en">English</option>
            <option value="zh">简体中文</option>
          </select>
        </label>
        <Help />
      </div>
    </header>
  );
}
