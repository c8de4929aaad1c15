import { describe, expect, it } from 'vitest';
import { polishTranslate, type PolishMessageId } from './polish-messages';
import { nextStep, parseTourSaved, placeCard, previousStep, savedOnClose, shouldShowTour, TOUR_STEPS } from './tour-state';

describe('tour state', () => {
  it('shows on a first visit, not after "Don’t show again"', () => {
    expect(shouldShowTour(parseTourSaved(undefined), '')).toBe(true);
    expect(shouldShowTour(savedOnClose(true), '')).toBe(false);
    expect(shouldShowTour(savedOnClose(false), '')).toBe(true);
  });

  it('stays off under the test hooks unless asked for', () => {
    expect(shouldShowTour(parseTourSaved(undefined), '?test')).toBe(false);
    expect(shouldShowTour(parseTourSaved(undefined), '?test&tour')).toBe(true);
    expect(shouldShowTour(savedOnClose(true), '?tour')).toBe(true);
  });

  it('reads only a well-formed saved value as dismissed', () => {
    expect(parseTourSaved({ dismissed: true })).toEqual({ dismissed: true });
    expect(parseTourSaved({ dismissed: 'yes' })).toEqual({ dismissed: false });
    expect(parseTourSaved(null)).toEqual({ dismissed: false });
  });

  it('walks 3 to 5 steps forward and back, ending after the last', () => {
    expect(TOUR_STEPS.length).toBeGreaterThanOrEqual(3);
    expect(TOUR_STEPS.length).toBeLessThanOrEqual(5);
    expect(nextStep(0)).toBe(1);
    expect(nextStep(TOUR_STEPS.length - 1)).toBeNull();
    expect(previousStep(0)).toBe(0);
    expect(previousStep(2)).toBe(1);
  });

  it('has a title and a body for every step in both languages', () => {
    for (const s of TOUR_STEPS) {
      for (const part of ['title', 'body'] as const) {
        const id = `tour.${s.id}.${part}` as PolishMessageId;
        expect(polishTranslate('en', id)).not.toBe(id);
        expect(polishTranslate('zh', id)).not.toBe(polishTranslate('en', id));
      }
    }
  });
});

describe('placeCard', () => {
  const view = { width: 1280, height: 800 };
  const card = { width: 320, height: 160 };

  it('puts the card inside a large target near its top centre', () => {
    const p = placeCard({ left: 92, top: 48, width: 860, height: 500 }, card, view);
    expect(p.side).toBe('inside');
    expect(p.left).toBeCloseTo(92 + 430 - 160);
  });

  it('puts it above a target near the bottom, below one near the top', () => {
    expect(placeCard({ left: 100, top: 700, width: 80, height: 30 }, card, view).side).toBe('above');
    expect(placeCard({ left: 100, top: 60, width: 80, height: 30 }, card, view).side).toBe('below');
  });

  it('keeps the card inside the view', () => {
    const p = placeCard({ left: 1250, top: 780, width: 20, height: 10 }, card, view);
    expect(p.left + card.width).toBeLessThanOrEqual(view.width - 8);
    expect(p.top).toBeGreaterThanOrEqual(8);
  });
});
