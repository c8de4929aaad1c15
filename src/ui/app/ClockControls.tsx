// Play / pause / step / speed and the simulated time. The time display re-renders on clock deltas
// only (at most ~10 per second while running).

import { engineClient } from '../bridge/engine-client';
import { formatSimTime } from '../canvas/format';
import { useT } from '../i18n/use-t';
import { useClusterStore } from '../stores/cluster-store';

export const SPEEDS = [0.25, 1, 10, 100] as const;
const STEP_MS = 1000;

function SimTime() {
  const t = useT();
  const ms = useClusterStore((s) => s.clock.simTimeMs);
  return (
    <span className="sim-time mono" data-testid="sim-time" data-ms={Math.floor(ms)} title={t('clock.simTime')} aria-label={t('clock.simTime')}>
      {formatSimTime(ms)}
    </span>
  );
}

export function ClockControls() {
  const t = useT();
  const running = useClusterStore((s) => s.clock.running);
  const speed = useClusterStore((s) => s.clock.speed);
  const connected = useClusterStore((s) => s.connected);
  return (
    <div className="clock" role="group" aria-label={t('clock.simTime')}>
      <button
        type="button"
        className={`btn btn-icon ${running ? 'is-on' : ''}`}
        data-testid="clock-play"
        aria-pressed={running}
        title={t('clock.play')}
        aria-label={t('clock.play')}
        disabled={!connected}
        onClick={() => engineClient.send({ kind: 'control', action: 'play' })}
      >
        ▶
      </button>
      <button
        type="button"
        className={`btn btn-icon ${!running ? 'is-on' : ''}`}
        data-testid="clock-pause"
        aria-pressed={!running}
        title={t('clock.pause')}
        aria-label={t('clock.pause')}
        disabled={!connected}
        onClick={() => engineClient.send({ kind: 'control', action: 'pause' })}
      >
        ❚❚
      </button>
      <button
        type="button"
        className="btn btn-icon"
        data-testid="clock-step"
        title={t('clock.stepTitle')}
        aria-label={t('clock.step')}
        disabled={!connected}
        onClick={() => engineClient.send({ kind: 'control', action: 'step', stepMs: STEP_MS })}
      >
        +1s
      </button>
      <label className="speed">
        <span className="visually-hidden">{t('clock.speed')}</span>
        <select
          data-testid="clock-speed"
          value={String(speed)}
          title={t('clock.speed')}
          disabled={!connected}
          onChange={(e) => engineClient.send({ kind: 'control', action: 'speed', speed: Number(e.target.value) })}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={String(s)}>
              {s}x
            </option>
          ))}
        </select>
      </label>
      <SimTime />
    </div>
  );
}
