// The inspector's etcd view (opened from the etcd chip on the canvas): every key the API server keeps
// under /registry, with its create and mod revisions and version, live. Keys written after the view
// opened are marked; clicking a key inspects its object. The point a learner should take away: only
// kube-apiserver reads and writes etcd; the revision is the resourceVersion everyone else sees.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { EtcdKeyInfo } from '../../engine/api/etcd';
import { engineClient } from '../bridge/engine-client';
import { useT } from '../i18n/use-t';
import { subscribeWrites } from '../stores/activity';
import { uiStore } from '../stores/ui-store';
import { changedSince, etcdctlFor, filterKeys, MAX_ROWS, splitKey } from './etcd-model';
import { pasteIntoNodeShell } from './terminal-bus';
import './EtcdView.css';

/** A burst of writes (a rollout) refreshes the list at most this often. */
const REFRESH_MS = 400;
/** kubeadm's etcd runs on the control-plane node (the sandbox names it so). */
const CONTROL_PLANE_NODE = 'control-plane';

function useEtcdKeys(): { revision: number; keys: EtcdKeyInfo[] } | null {
  const [data, setData] = useState<{ revision: number; keys: EtcdKeyInfo[] } | null>(null);
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    const fetchKeys = () => {
      timer = undefined;
      if (inFlight) return;
      inFlight = true;
      engineClient.request({ kind: 'etcdKeys' }).then(
        (reply) => {
          inFlight = false;
          if (alive && reply.kind === 'etcdKeys') setData({ revision: reply.revision, keys: reply.keys });
        },
        () => {
          inFlight = false;
        },
      );
    };
    fetchKeys();
    const unsubscribe = subscribeWrites(() => {
      timer ??= setTimeout(fetchKeys, REFRESH_MS);
    });
    return () => {
      alive = false;
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return data;
}

/** Long keys wrap after a slash, never inside a name. */
function withBreaks(text: string) {
  return text.split('/').map((part, i, all) => (
    <span key={i}>
      {part}
      {i < all.length - 1 && (
        <>
          /<wbr />
        </>
      )}
    </span>
  ));
}

export function EtcdView() {
  const t = useT();
  const data = useEtcdKeys();
  const [filter, setFilter] = useState('');
  // The revision when the view opened: keys written since are marked.
  const openedAt = useRef<number | null>(null);
  if (openedAt.current === null && data) openedAt.current = data.revision;
  const shown = useMemo(() => (data ? filterKeys(data.keys, filter) : []), [data, filter]);
  const changed = useMemo(() => changedSince(shown, openedAt.current ?? Infinity), [shown]);

  return (
    <aside className="inspector etcd-view" data-testid="etcd-view" aria-label={t('etcd.title')}>
      <header className="inspector-header">
        <div className="inspector-title">
          <span className="kind-badge">etcd</span>
          <span className="inspector-name">{t('etcd.kicker')}</span>
        </div>
      </header>
      <p className="etcd-lead">{t('etcd.lead')}</p>
      <div className="etcd-stats">
        <span>
          {t('etcd.revision')} <strong className="mono" data-testid="etcd-revision">{data?.revision ?? '…'}</strong>
        </span>
        <span className="muted">{t('etcd.keys', { n: shown.length })}</span>
      </div>
      <label className="etcd-filter">
        <span className="visually-hidden">{t('etcd.filter')}</span>
        <input
          type="search"
          className="mono"
          value={filter}
          placeholder={t('etcd.filterPlaceholder')}
          aria-label={t('etcd.filter')}
          data-testid="etcd-filter"
          onChange={(e) => setFilter(e.target.value)}
        />
      </label>
      <div className="etcd-table-wrap">
        <table className="etcd-table" data-testid="etcd-keys">
          <thead>
            <tr>
              <th scope="col">{t('etcd.col.key')}</th>
              <th scope="col" title={t('etcd.tip.create')}>{t('etcd.col.create')}</th>
              <th scope="col" title={t('etcd.tip.mod')}>{t('etcd.col.mod')}</th>
              <th scope="col" title={t('etcd.tip.version')}>{t('etcd.col.version')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, MAX_ROWS).map((k) => {
              const { prefix, path } = splitKey(k);
              const isChanged = changed.has(k.key);
              return (
                <tr key={k.key} className={isChanged ? 'is-changed' : undefined} data-key={k.key}>
                  <td className="mono etcd-key">
                    <button
                      type="button"
                      className="etcd-key-button"
                      title={isChanged ? `${k.key} — ${t('etcd.changed')}` : k.key}
                      onClick={() => uiStore.getState().select({ kind: k.kind, ...(k.namespace ? { namespace: k.namespace } : {}), name: k.name })}
                    >
                      <span className="etcd-key-prefix">{withBreaks(prefix)}</span>
                      <span className="etcd-key-path">{withBreaks(path)}</span>
                    </button>
                  </td>
                  <td className="mono num">{k.createRevision}</td>
                  <td className="mono num">{k.modRevision}</td>
                  <td className="mono num">{k.version}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {data && shown.length === 0 && <p className="inspector-note">{t('etcd.none')}</p>}
        {shown.length > MAX_ROWS && <p className="inspector-note">{t('etcd.more', { n: shown.length - MAX_ROWS })}</p>}
      </div>
      <div className="etcd-shell">
        <span className="muted">{t('etcd.shellHint')}</span>
        <code className="mono">{etcdctlFor(filter)}</code>
        <button type="button" className="btn" data-testid="etcd-open-shell" onClick={() => pasteIntoNodeShell(CONTROL_PLANE_NODE, etcdctlFor(filter))}>
          {t('etcd.openShell')}
        </button>
      </div>
    </aside>
  );
}
