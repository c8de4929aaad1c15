// The inspector's History tab: every recorded version of the selected object, newest first, with
// who wrote it (writer, verb) and which fields changed, grouped as metadata, spec and status. A
// version is a button: it shows the cluster at that moment (time travel).

import { useEffect, useState } from 'react';
import type { ObjectRef } from '../../engine/api/meta';
import type { FieldChange, ObjectVersion } from '../../worker/protocol';
import { engineClient } from '../bridge/engine-client';
import { formatSimTime } from '../canvas/format';
import { useT } from '../i18n/use-t';
import { gotoTime } from './timeline-store';

const SECTIONS: Array<FieldChange['section']> = ['spec', 'status', 'metadata', 'other'];

function Change({ c }: { c: FieldChange }) {
  return (
    <li className={`hist-change op-${c.op}`}>
      <span className="hist-op" aria-hidden="true">
        {c.op === 'added' ? '+' : c.op === 'removed' ? '−' : '~'}
      </span>
      <span className="mono hist-path">{c.path}</span>
      {c.op === 'changed' && (
        <span className="mono hist-val">
          <del>{c.from}</del> → <ins>{c.to}</ins>
        </span>
      )}
      {c.op === 'added' && <span className="mono hist-val"><ins>{c.to}</ins></span>}
      {c.op === 'removed' && <span className="mono hist-val"><del>{c.from}</del></span>}
    </li>
  );
}

function Version({ v }: { v: ObjectVersion }) {
  const t = useT();
  return (
    <li className="hist-version" data-testid="hist-version" data-writer={v.writer} data-verb={v.verb}>
      <button type="button" className="hist-head" title={t('hist.jump')} aria-label={`${t('hist.jump')}: ${formatSimTime(v.atMs)} ${v.writer} ${v.verb}`} onClick={() => void gotoTime(v.atMs)}>
        <span className="mono">{formatSimTime(v.atMs)}</span>
        <span className="hist-writer mono">{v.writer}</span>
        <span className="hist-verb">{v.verb === 'create' ? t('hist.created') : v.verb === 'delete' ? t('hist.deleted') : v.verb}</span>
        <span className="muted mono">rv {v.rv}</span>
      </button>
      {v.verb !== 'create' && v.verb !== 'delete' && v.changes.length === 0 && <div className="muted hist-none">{t('hist.noFields')}</div>}
      {SECTIONS.map((sec) => {
        const list = v.changes.filter((c) => c.section === sec);
        if (list.length === 0) return null;
        return (
          <div key={sec} className={`hist-section sec-${sec}`}>
            <span className="hist-sec-name">{sec}</span>
            <ul>
              {list.map((c, i) => (
                <Change key={i} c={c} />
              ))}
            </ul>
          </div>
        );
      })}
      {v.truncated && <div className="muted">{t('hist.more')}</div>}
    </li>
  );
}

export function InspectorHistory({ objectRef, rv }: { objectRef: ObjectRef; rv: string | undefined }) {
  const t = useT();
  const [versions, setVersions] = useState<ObjectVersion[] | null>(null);
  const key = `${objectRef.kind}/${objectRef.namespace ?? ''}/${objectRef.name}`;
  useEffect(() => {
    let live = true;
    engineClient.request({ kind: 'timeline', op: { op: 'history', ref: objectRef } }).then(
      (reply) => {
        if (live) setVersions(reply.kind === 'timeline' ? (reply.history ?? []) : []);
      },
      () => live && setVersions([]),
    );
    return () => {
      live = false;
    };
    // a new rv means a new version to show
  }, [key, rv]);
  if (versions === null) return <div className="inspector-note">{t('inspector.loading')}</div>;
  if (versions.length === 0) return <div className="inspector-note">{t('hist.empty')}</div>;
  return (
    <div className="hist" data-testid="inspector-history">
      <p className="muted hist-title">{t('hist.title')}</p>
      <ol className="hist-list">
        {[...versions].reverse().map((v) => (
          <Version key={`${v.seq}`} v={v} />
        ))}
      </ol>
    </div>
  );
}
