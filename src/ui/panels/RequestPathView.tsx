// Under a kubectl command in the terminal: the requests kubectl sent and the stages kube-apiserver
// took each through (authentication, impersonation, authorization, admission, validation, storage);
// a refused request shows the stage that stopped it and what it said. Collapsed to one line until
// opened; a refused request opens by itself.

import { useState } from 'react';
import type { RequestPath, RequestStage } from '../../engine/api/request-path';
import { useT, type TFunction } from '../i18n/use-t';

const ORDER = ['authentication', 'impersonation', 'authorization', 'admission', 'validation', 'storage'] as const;

function summary(requests: readonly RequestPath[]): string {
  return requests.map((r) => `${r.method} ${r.code}`).join(' · ');
}

function detail(t: TFunction, s: RequestStage): string {
  switch (s.stage) {
    case 'authentication':
      return `${t('rp.user', { user: s.user.username })}, ${t('rp.groups', { groups: s.user.groups.join(', ') })}`;
    case 'impersonation':
      return s.message ?? t('rp.user', { user: s.user.username });
    case 'authorization':
      return s.outcome === 'allowed' ? t('rp.allowedBy', { bindingKind: s.grant.bindingKind, binding: s.grant.binding, roleKind: s.grant.roleKind, role: s.grant.role }) : s.message;
    case 'admission':
      return s.message ?? t('rp.plugins', { n: s.plugins.length, plugins: s.plugins.join(', ') });
    case 'validation':
      return s.message ?? '';
    case 'storage':
      if (s.outcome === 'stored') return t('rp.stored', { key: s.etcdKey, rv: s.resourceVersion ?? '' });
      if (s.outcome === 'read') return t('rp.read', { key: s.etcdKey });
      return s.message ?? s.etcdKey;
  }
}

const failed = (s: RequestStage) => s.outcome === 'denied' || s.outcome === 'rejected' || s.outcome === 'failed';

function OneRequest({ request }: { request: RequestPath }) {
  const t = useT();
  const reached = new Set(request.stages.map((s) => s.stage));
  const stopped = !request.ok ? request.stages[request.stages.length - 1]?.stage : undefined;
  // Stages after the one that refused the request are listed as not reached (impersonation only when asked for).
  const missing = stopped ? ORDER.slice(ORDER.indexOf(stopped) + 1).filter((st) => st !== 'impersonation' && !reached.has(st)) : [];
  return (
    <li className={`rp-request ${request.ok ? 'is-ok' : 'is-failed'}`} data-testid="rp-request" data-code={request.code}>
      <div className="rp-line mono">
        <span className="rp-method">{request.method}</span> {request.url} <span className="rp-code">{request.code}</span>
      </div>
      <ol className="rp-stages">
        {request.stages.map((s, i) => (
          <li key={i} className={`rp-stage ${failed(s) ? 'is-failed' : 'is-ok'}`} data-stage={s.stage} data-outcome={s.outcome}>
            <span className="rp-mark" aria-hidden>{failed(s) ? '✗' : '✓'}</span>
            <span className="rp-name">{t(`rp.stage.${s.stage}`)}</span>
            <span className="rp-detail mono">{detail(t, s)}</span>
            {failed(s) && <span className="rp-stopped">{t('rp.stoppedHere')}</span>}
          </li>
        ))}
        {missing.map((st) => (
          <li key={st} className="rp-stage is-skipped" data-stage={st} data-outcome="not-reached">
            <span className="rp-mark" aria-hidden>·</span>
            <span className="rp-name">{t(`rp.stage.${st}`)}</span>
            <span className="rp-detail">{t('rp.notReached')}</span>
          </li>
        ))}
      </ol>
    </li>
  );
}

export function RequestPathView({ requests }: { requests: readonly RequestPath[] }) {
  const t = useT();
  const [open, setOpen] = useState(() => requests.some((r) => r.code === 403));
  if (requests.length === 0) return null;
  return (
    <div className="rp" data-testid="request-path">
      <button type="button" className="terminal-hint rp-toggle" aria-expanded={open} title={t('rp.title')} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} {t('rp.toggle', { summary: summary(requests) })}
      </button>
      {open && (
        <ul className="rp-requests">
          {requests.map((r, i) => (
            <OneRequest key={i} request={r} />
          ))}
        </ul>
      )}
    </div>
  );
}
