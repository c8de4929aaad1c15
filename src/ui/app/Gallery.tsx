// The scenario gallery: cards for ready-made scenarios, filterable by topic. Loading one goes through
// the scenario import path (loadScenario): the cluster is rebuilt with the scenario's settings and
// its manifests applied; when the learner has work in the cluster, they are asked first.

import { useState } from 'react';
import { currentPersistence } from '../persistence/session';
import { loadScenario } from '../persistence/scenario-actions';
import { useUiStore } from '../stores/ui-store';
import { GALLERY, galleryScenario, manifestsOf, type GalleryEntry, type GalleryTag } from './gallery-scenarios';
import { closeOverlay, useOverlay } from './overlay-store';
import { OverlayDialog } from './OverlayDialog';
import { usePolishT } from './polish-messages';

const TAGS: readonly GalleryTag[] = [...new Set(GALLERY.flatMap((e) => e.tags))];

function Card({ entry, busy, onLoad }: { entry: GalleryEntry; busy: boolean; onLoad: () => void }) {
  const t = usePolishT();
  const lang = useUiStore((s) => s.lang);
  const count = manifestsOf(entry.yaml).length;
  return (
    <li className="gallery-card" data-testid={`gallery-card-${entry.id}`}>
      <h3 className="gallery-card-title">{entry.title[lang]}</h3>
      <p className="gallery-card-desc">{entry.description[lang]}</p>
      <div className="gallery-card-foot">
        <span className="gallery-tags">
          {entry.tags.map((tag) => (
            <span key={tag} className="gallery-tag">
              {t(`gallery.tag.${tag}`)}
            </span>
          ))}
        </span>
        <span className="gallery-meta">
          {t(count === 1 ? 'gallery.object' : 'gallery.objects', { count })} · {t('gallery.workers', { workers: entry.settings.workerNodes })}
          {entry.settings.cni && entry.settings.cni !== 'flannel-vxlan' ? <> · <span className="mono">{entry.settings.cni}</span></> : null}
        </span>
        <button type="button" className="btn btn-primary" data-testid={`gallery-load-${entry.id}`} disabled={busy} onClick={onLoad} aria-label={`${t('gallery.load')}: ${entry.title[lang]}`}>
          {busy ? t('gallery.loading') : t('gallery.load')}
        </button>
      </div>
    </li>
  );
}

function GalleryDialog() {
  const t = usePolishT();
  const lang = useUiStore((s) => s.lang);
  const [tag, setTag] = useState<GalleryTag | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const load = async (entry: GalleryEntry) => {
    setBusy(entry.id);
    const hasWork = (currentPersistence()?.actionCount ?? 0) > 0;
    try {
      if (await loadScenario(galleryScenario(entry, lang), hasWork ? 'file' : false)) closeOverlay('gallery');
    } finally {
      setBusy(null);
    }
  };
  const shown = GALLERY.filter((e) => tag === null || e.tags.includes(tag));
  return (
    <OverlayDialog title={t('gallery.title')} closeLabel={t('gallery.close')} onClose={() => closeOverlay('gallery')} testId="gallery" className="gallery-dialog">
      <p className="overlay-intro">{t('gallery.intro')}</p>
      <div className="gallery-filter" role="group" aria-label={t('gallery.title')}>
        {[null, ...TAGS].map((x) => (
          <button key={x ?? 'all'} type="button" className={`chip-btn ${tag === x ? 'is-on' : ''}`} aria-pressed={tag === x} data-testid={`gallery-tag-${x ?? 'all'}`} onClick={() => setTag(x)}>
            {x ? t(`gallery.tag.${x}`) : t('gallery.all')}
          </button>
        ))}
      </div>
      <ul className="gallery-grid">
        {shown.map((e) => (
          <Card key={e.id} entry={e} busy={busy !== null} onLoad={() => void load(e)} />
        ))}
      </ul>
    </OverlayDialog>
  );
}

export function Gallery() {
  const open = useOverlay() === 'gallery';
  return open ? <GalleryDialog /> : null;
}
