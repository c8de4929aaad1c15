// The persistence's notices over the canvas: the engine crashed and is restarting, it recovered, or
// an imported scenario was refused (with what is wrong where). Details from imported files are
// rendered as text, never as markup.

import { usePersistT } from './persist-messages';
import { showNotice, usePersistStore } from './persist-store';
import './persistence.css';

export function PersistBanner() {
  const t = usePersistT();
  const notice = usePersistStore((s) => s.notice);
  if (!notice) return null;
  return (
    <div className={`persist-banner persist-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="persist-banner" data-topic={notice.topic} data-kind={notice.kind}>
      <div className="persist-text">{notice.text}</div>
      {notice.lines && notice.lines.length > 0 && (
        <ul className="persist-lines mono" data-testid="persist-issues">
          {notice.lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      {notice.kind !== 'busy' && (
        <button type="button" className="btn" data-testid="persist-dismiss" onClick={() => showNotice(null)}>
          {t('ps.dismiss')}
        </button>
      )}
    </div>
  );
}
