// You against the scheduler: after a manual drop of a Pending pod, the toast says where the
// scheduler would have put it (with a Compare button), and the panel compares the two nodes plugin
// by plugin, from the placement report taken when the drag started.

import { useT, type TFunction } from '../i18n/use-t';
import { uiStore } from '../stores/ui-store';
import { BackToLive } from './SchedulerPanelDetail';
import { comparisonMessage, type HandPlacement } from './scheduler-compare';
import { showPlacement, useSchedulerStore } from './scheduler-store';

function sentence(placement: HandPlacement, t: TFunction): string {
  return comparisonMessage(placement)
    .map((m) => t(m.id, m.params))
    .join(' ');
}

function openComparison(): void {
  uiStore.getState().setDockTab('scheduler');
  showPlacement();
}

/** The toast after a hand placement: the sentence and a Compare button that opens the panel. */
export function CompareToast({ placement, onOpen }: { placement: HandPlacement; /** e.g. dismiss the toast */ onOpen?: () => void }) {
  const t = useT();
  return (
    <span className="sched-cmp-toast" data-testid="compare-toast">
      <span>{sentence(placement, t)}</span>{' '}
      <button
        type="button"
        className="btn sched-cmp-button"
        data-testid="compare-open"
        onClick={() => {
          openComparison();
          onOpen?.();
        }}
      >
        {t('sched.cmp.compare')}
      </button>
    </span>
  );
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export function HandPlacementView() {
  const t = useT();
  const placement = useSchedulerStore((s) => s.handPlacement);
  if (!placement) {
    return (
      <div className="sched-detail">
        <div className="sched-detail-head">
          <BackToLive />
        </div>
      </div>
    );
  }
  const pick = placement.pick;
  const showPick = pick && !placement.agrees;
  return (
    <div className="sched-detail" data-testid="sched-compare">
      <div className="sched-detail-head">
        <BackToLive />
        <span className="sched-detail-title">{t('sched.cmp.title')}</span>
      </div>
      <div className="sched-detail-body">
        <p className={`sched-detail-result ${placement.agrees ? 'is-Scheduled' : 'is-differs'}`} data-testid="sched-compare-text">
          {sentence(placement, t)}
        </p>
        {placement.rows.length > 0 && (
          <div className="sched-table-wrap">
            <table className="sched-grid sched-cmp-table" data-testid="sched-compare-table">
              <thead>
                <tr>
                  <th className="sched-node-col">{t('sched.cmp.plugin')}</th>
                  <th className="mono">{t('sched.cmp.yours', { node: placement.placed.node })}</th>
                  {showPick && <th className="mono">{t('sched.cmp.pick', { node: pick.node })}</th>}
                  {showPick && <th>{t('sched.cmp.diff')}</th>}
                </tr>
              </thead>
              <tbody>
                {placement.rows.map((r) => {
                  const diff = r.placed !== undefined && r.pick !== undefined ? r.placed - r.pick : undefined;
                  return (
                    <tr key={r.plugin} data-plugin={r.plugin}>
                      <th scope="row" className="mono">
                        {r.plugin}
                      </th>
                      <td className="sched-score">{r.placed ?? '–'}</td>
                      {showPick && <td className="sched-score">{r.pick ?? '–'}</td>}
                      {showPick && <td className={`sched-score ${diff !== undefined && diff < 0 ? 'is-worse' : diff ? 'is-better' : ''}`}>{diff === undefined ? '–' : signed(diff)}</td>}
                    </tr>
                  );
                })}
                <tr className="sched-cmp-total">
                  <th scope="row">{t('sched.total')}</th>
                  <td className="sched-total mono">{placement.placed.total ?? '–'}</td>
                  {showPick && <td className="sched-total mono">{pick.total ?? '–'}</td>}
                  {showPick && (
                    <td className="sched-total mono">
                      {placement.placed.total !== undefined && pick.total !== undefined ? signed(placement.placed.total - pick.total) : '–'}
                    </td>
                  )}
                </tr>
              </tbody>
            </table>
          </div>
        )}
        <p className="sched-hint">{t('sched.cmp.note')}</p>
      </div>
    </div>
  );
}
