// Over the canvas while the past is on show: which moment, that the live cluster is paused, and the
// two ways out. The page gets `data-time-travel="past"` so the canvas can look different (Timeline.css).

import { useEffect } from 'react';
import { formatSimTime } from '../canvas/format';
import { useT } from '../i18n/use-t';
import { useClusterStore } from '../stores/cluster-store';
import { backToLive, continueFromHere, refreshTimeline, useTimelineStore } from './timeline-store';
import './Timeline.css';

export function TimeTravelBanner() {
  const t = useT();
  const liveMs = useClusterStore((s) => s.clock.liveMs);
  const viewingMs = useClusterStore((s) => s.clock.simTimeMs);
  const busy = useTimelineStore((s) => s.busy);
  const past = liveMs !== undefined;
  useEffect(() => {
    if (past) document.documentElement.dataset.timeTravel = 'past';
    else delete document.documentElement.dataset.timeTravel;
    // The timeline's status (branches, markers) changes on each travel: fetch it once per travel
    // (while live, the clock moves every frame: no poll per frame).
    void refreshTimeline();
  }, [past, past ? viewingMs : -1]);
  if (!past) return null;
  return (
    <div className="time-banner" role="status" aria-live="polite" data-testid="time-banner">
      <span className="time-banner-icon" aria-hidden="true">
        ⟲
      </span>
      <div className="time-banner-text">
        <strong>{t('tl.viewing', { time: formatSimTime(viewingMs) })}</strong>
        <span className="time-banner-hint">{t('tl.viewingHint', { live: formatSimTime(liveMs) })}</span>
      </div>
      <button type="button" className="btn btn-primary" disabled={busy} data-testid="time-banner-live" onClick={() => void backToLive()}>
        {t('tl.backToLive')}
      </button>
      <button type="button" className="btn" disabled={busy} data-testid="time-banner-continue" onClick={() => void continueFromHere()}>
        {t('tl.continue')}
      </button>
    </div>
  );
}
