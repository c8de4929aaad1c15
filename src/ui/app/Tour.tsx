// The first-visit tour: a few short steps, each a card beside what it describes (canvas, editor,
// terminal, lessons, timeline) with a ring around it. Skippable at every step; "Don't show again"
// (ticked by default) is saved in the kv store when the tour closes. tour-state.ts holds the rules.

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { loadKv, saveKv } from '../persistence/kv';
import { useClusterStore } from '../stores/cluster-store';
import { closeOverlay, openOverlay, overlayStore, useOverlay } from './overlay-store';
import { usePolishT, type PolishMessageId } from './polish-messages';
import { nextStep, parseTourSaved, placeCard, previousStep, savedOnClose, shouldShowTour, TOUR_KV_KEY, TOUR_STEPS, type Rect } from './tour-state';

/** Open the tour from its first step (the Help menu's "Take the tour"). */
export function startTour(): void {
  openOverlay('tour');
}

function rectOf(selector: string): Rect | null {
  const el = document.querySelector(selector);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return { left: r.left, top: r.top, width: r.width, height: r.height };
}

function TourCard() {
  const t = usePolishT();
  const [index, setIndex] = useState(0);
  const [dontShow, setDontShow] = useState(true);
  const [target, setTarget] = useState<Rect | null>(null);
  const [size, setSize] = useState({ width: 320, height: 170 });
  const cardRef = useRef<HTMLDivElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const step = TOUR_STEPS[index];

  const finish = () => {
    void saveKv(TOUR_KV_KEY, savedOnClose(dontShow));
    closeOverlay('tour');
  };
  const finishRef = useRef(finish);
  useEffect(() => {
    finishRef.current = finish;
  });

  useLayoutEffect(() => {
    const measure = () => {
      setTarget(rectOf(step.target));
      const el = cardRef.current;
      if (el) setSize((s) => (s.width === el.offsetWidth && s.height === el.offsetHeight ? s : { width: el.offsetWidth, height: el.offsetHeight }));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [step]);

  useEffect(() => {
    nextRef.current?.focus();
  }, [index]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') finishRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const view = { width: window.innerWidth, height: window.innerHeight };
  const place = target ? placeCard(target, size, view) : { left: view.width / 2 - size.width / 2, top: 120, side: 'inside' as const };
  const next = nextStep(index);
  const titleId = `tour-title-${step.id}`;
  return (
    <div className="tour-layer" data-testid="tour" data-step={step.id}>
      {target && <div className="tour-ring" aria-hidden style={{ left: target.left - 4, top: target.top - 4, width: target.width + 8, height: target.height + 8 }} />}
      <div className={`tour-card tour-${place.side}`} ref={cardRef} role="dialog" aria-modal="false" aria-labelledby={titleId} aria-describedby={`${titleId}-body`} style={{ left: place.left, top: place.top }}>
        <div className="tour-progress">{t('tour.step', { n: index + 1, total: TOUR_STEPS.length })}</div>
        <h2 id={titleId}>{t(`tour.${step.id}.title` as PolishMessageId)}</h2>
        <p id={`${titleId}-body`}>{t(`tour.${step.id}.body` as PolishMessageId)}</p>
        <div className="tour-actions">
          <label className="tour-dont-show">
            <input type="checkbox" data-testid="tour-dont-show" checked={dontShow} onChange={(e) => setDontShow(e.currentTarget.checked)} />
            {t('tour.dontShow')}
          </label>
          <span className="tour-buttons">
            {next !== null && (
              <button type="button" className="btn" data-testid="tour-skip" onClick={finish}>
                {t('tour.skip')}
              </button>
            )}
            {index > 0 && (
              <button type="button" className="btn" data-testid="tour-back" onClick={() => setIndex(previousStep(index))}>
                {t('tour.back')}
              </button>
            )}
            <button type="button" className="btn btn-primary" ref={nextRef} data-testid="tour-next" onClick={() => (next === null ? finish() : setIndex(next))}>
              {next === null ? t('tour.done') : t('tour.next')}
            </button>
          </span>
        </div>
      </div>
    </div>
  );
}

/** Opens the tour once the cluster is on screen, on a first visit; renders it while open. */
export function Tour() {
  const open = useOverlay() === 'tour';
  const connected = useClusterStore((s) => s.connected);
  const decided = useRef(false);
  useEffect(() => {
    if (!connected || decided.current) return;
    decided.current = true;
    void loadKv(TOUR_KV_KEY).then((saved) => {
      if (shouldShowTour(parseTourSaved(saved), location.search) && overlayStore.getState().open === null) openOverlay('tour');
    });
  }, [connected]);
  return open ? <TourCard /> : null;
}
