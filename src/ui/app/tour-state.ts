// The first-visit tour's rules, kept pure: when it shows, its steps and how they advance.
// It shows once per browser unless "Don't show again" was left unticked; never under the e2e test
// hooks (`?test`) unless the URL asks for it (`?test&tour`), so journeys see the page as before.

export const TOUR_KV_KEY = 'ui.tour';

/** What the kv store keeps: whether the learner asked not to see the tour again. */
export interface TourSaved {
  dismissed: boolean;
}

export type TourStepId = 'canvas' | 'editor' | 'terminal' | 'lessons' | 'timeline';

export interface TourStep {
  id: TourStepId;
  /** CSS selector of what the step points at */
  target: string;
}

export const TOUR_STEPS: readonly TourStep[] = [
  { id: 'canvas', target: '[data-testid="canvas"]' },
  { id: 'editor', target: '[data-testid="dock-tab-editor"]' },
  { id: 'terminal', target: '[data-testid="dock-tab-terminal"]' },
  { id: 'lessons', target: '[data-testid="palette-lessons"]' },
  { id: 'timeline', target: '[data-testid="dock-tab-timeline"]' },
];

export function parseTourSaved(v: unknown): TourSaved {
  return { dismissed: typeof v === 'object' && v !== null && (v as { dismissed?: unknown }).dismissed === true };
}

/** Whether to open the tour on load: `search` is location.search. */
export function shouldShowTour(saved: TourSaved, search: string): boolean {
  const params = new URLSearchParams(search);
  if (params.has('tour')) return true;
  if (params.has('test')) return false;
  return !saved.dismissed;
}

/** The step after `i`, or null when the tour is over. */
export function nextStep(i: number, total = TOUR_STEPS.length): number | null {
  return i + 1 < total ? i + 1 : null;
}

export function previousStep(i: number): number {
  return Math.max(0, i - 1);
}

/** What closing the tour saves: dismissed when "Don't show again" is ticked. */
export function savedOnClose(dontShowAgain: boolean): TourSaved {
  return { dismissed: dontShowAgain };
}

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Where the step's card goes (its top-left), for a card of `card` size pointing at `target`, inside
 * a `view` of the page: inside a large target (the canvas) near its top centre, else below it when
 * there is room, else above; always clamped 8 px inside the view.
 */
export function placeCard(target: Rect, card: { width: number; height: number }, view: { width: number; height: number }): { left: number; top: number; side: 'inside' | 'below' | 'above' } {
  const gap = 12;
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
  let side: 'inside' | 'below' | 'above';
  let top: number;
  let left = target.left + target.width / 2 - card.width / 2;
  if (target.height > card.height * 2 && target.width > card.width * 1.5) {
    side = 'inside';
    top = target.top + Math.min(target.height / 3, 140);
  } else if (target.top + target.height + gap + card.height <= view.height - 8) {
    side = 'below';
    top = target.top + target.height + gap;
  } else {
    side = 'above';
    top = target.top - gap - card.height;
  }
  if (side !== 'inside' && target.width < 140) left = target.left; // small targets: the card starts at them
  left = clamp(left, 8, view.width - card.width - 8);
  top = clamp(top, 8, view.height - card.height - 8);
  return { left, top, side };
}
