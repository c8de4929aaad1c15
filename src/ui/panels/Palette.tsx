// The narrow left palette: things to drag onto the canvas. For now one template, a bare Pod, which
// the engine creates with spec.nodeName set to the node it is dropped on (manual scheduling).

import { useT } from '../i18n/use-t';
import { finishDrag, startDrag } from '../canvas/drag-drop';
import { LessonPicker } from '../lessons/LessonPicker';
import { AddNodeCard, AutoscalerCard } from '../app/NodeControls';

function PodGlyph() {
  return (
    <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden>
      <rect x="3" y="3" width="22" height="22" rx="6" fill="#dcfce7" stroke="#16a34a" strokeWidth="1.5" />
      <rect x="8" y="9" width="5" height="10" rx="1.5" fill="#94a3b8" />
      <rect x="15" y="9" width="5" height="10" rx="1.5" fill="#16a34a" />
    </svg>
  );
}

export function Palette() {
  const t = useT();
  return (
    <nav className="palette" aria-label={t('palette.title')}>
      <div className="palette-title">{t('palette.title')}</div>
      <div
        className="palette-card"
        data-testid="palette-pod"
        draggable
        role="button"
        tabIndex={0}
        aria-roledescription="draggable"
        title={t('palette.podHint')}
        onDragStart={(e) => startDrag(e, { type: 'template', template: 'pod' })}
        onDragEnd={finishDrag}
      >
        <PodGlyph />
        <span className="palette-label">{t('palette.pod')}</span>
        <span className="palette-hint">{t('palette.dragHint')}</span>
      </div>
      <AddNodeCard />
      <AutoscalerCard />
      <LessonPicker />
    </nav>
  );
}
