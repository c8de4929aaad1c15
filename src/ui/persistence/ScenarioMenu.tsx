// The header's Scenario menu: export to a file, import from a file, copy a share link, start over.
// One small button so the header stays uncluttered at 1280x800; the items open in a popover.

import { useEffect, useRef, useState } from 'react';
import { useClusterStore } from '../stores/cluster-store';
import { usePersistT } from './persist-messages';
import { exportToFile, importFile, makeShareLink, startOver } from './scenario-actions';
import './persistence.css';

export function ScenarioMenu() {
  const t = usePersistT();
  const connected = useClusterStore((s) => s.connected);
  const [open, setOpen] = useState(false);
  const [link, setLink] = useState<{ url: string; copied: boolean } | { error: string } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!boxRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const run = (action: () => Promise<unknown>) => {
    setOpen(false);
    void action();
  };

  return (
    <div className="scenario-menu" ref={boxRef}>
      <button
        type="button"
        className="btn"
        data-testid="scenario-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        title={t('ps.menuTitle')}
        disabled={!connected}
        onClick={() => {
          setLink(null);
          setOpen(!open);
        }}
      >
        {t('ps.menu')} ▾
      </button>
      {open && (
        <div className="scenario-pop" role="menu" aria-label={t('ps.menu')}>
          <button type="button" role="menuitem" className="scenario-item" data-testid="scenario-export" onClick={() => run(exportToFile)}>
            {t('ps.export')}
          </button>
          <button type="button" role="menuitem" className="scenario-item" data-testid="scenario-import" onClick={() => fileRef.current?.click()}>
            {t('ps.import')}
          </button>
          <button type="button" role="menuitem" className="scenario-item" data-testid="scenario-share" onClick={() => void makeShareLink().then(setLink)}>
            {t('ps.share')}
          </button>
          {link && 'url' in link && (
            <div className="scenario-link">
              <span>{link.copied ? t('ps.shareCopied', { size: link.url.length }) : t('ps.shareShown')}</span>
              <input className="mono" data-testid="share-link" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
            </div>
          )}
          {link && 'error' in link && (
            <div className="scenario-link scenario-error" role="alert">
              {link.error}
            </div>
          )}
          <hr />
          <button type="button" role="menuitem" className="scenario-item scenario-danger" data-testid="scenario-start-over" onClick={() => run(startOver)}>
            {t('ps.startOver')}
          </button>
        </div>
      )}
      <input
        ref={fileRef}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="scenario-file"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          setOpen(false);
          if (file) void importFile(file);
        }}
      />
    </div>
  );
}
