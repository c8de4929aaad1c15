// One scheduling attempt in full: the result (with the FailedScheduling message), the filter grid
// (nodes x filter plugins in run order: ✓, ✗ with the reason, – not run), the score table for the
// feasible nodes (raw → normalized × weight = weighted, the total, the winner and ties), and
// preemption. Plugin names are API names and stay in English.

import { Fragment } from 'react';
import type { AttemptDetail } from '../../worker/protocol';
import { formatSimTime } from '../canvas/format';
import { useT } from '../i18n/use-t';
import { useClusterStore } from '../stores/cluster-store';
import { filterGrid, pluginWords, scoreTable, splitFailedScheduling, type FilterCell, type FilterGrid, type ScoreTable } from './scheduler-model';
import { detailKey, showLive, useSchedulerStore } from './scheduler-store';

/** A plugin name that can wrap between its words in a narrow column header. */
export function PluginHeader({ plugin }: { plugin: string }) {
  const words = pluginWords(plugin);
  return (
    <span className="sched-plugin mono" title={plugin}>
      {words.map((w, i) => (
        <span key={i}>
          {w}
          {i < words.length - 1 && <wbr />}
        </span>
      ))}
    </span>
  );
}

export function BackToLive() {
  const t = useT();
  return (
    <button type="button" className="btn sched-back" data-testid="sched-live" title={t('sched.backToLive')} onClick={showLive}>
      ← {t('sched.live')}
    </button>
  );
}

const MARK: Record<FilterCell['mark'], string> = { pass: '✓', fail: '✗', notRun: '–', skip: '·', error: '!' };

function FilterMark({ cell }: { cell: FilterCell }) {
  const t = useT();
  const title =
    cell.mark === 'pass'
      ? `${cell.plugin}: ${t('sched.pass')}`
      : cell.mark === 'notRun'
        ? `${cell.plugin}: ${t('sched.notRun')}`
        : cell.mark === 'skip'
          ? `${cell.plugin}: ${t('sched.skip')}`
          : `${cell.plugin} (${cell.code}): ${cell.reasons.join('; ')}`;
  return (
    <td className={`sched-cell mark-${cell.mark}`} title={title} data-plugin={cell.plugin} data-mark={cell.mark}>
      {MARK[cell.mark]}
    </td>
  );
}

function RejectedBy({ plugin, reason }: { plugin: string; reason: string }) {
  return (
    <>
      <span className="mono">{plugin}</span>: {reason}
    </>
  );
}

function FilterGridView({ grid }: { grid: FilterGrid }) {
  const t = useT();
  return (
    <table className="sched-grid" data-testid="sched-filter-grid">
      <thead>
        <tr>
          <th className="sched-node-col">{t('sched.node')}</th>
          {grid.plugins.map((p) => (
            <th key={p} className="sched-plugin-col">
              <PluginHeader plugin={p} />
            </th>
          ))}
          <th className="sched-why-col">{t('sched.result')}</th>
        </tr>
      </thead>
      <tbody>
        {grid.rows.map((r) => (
          <Fragment key={r.node}>
            <tr className={`outcome-${r.outcome} ${r.selected ? 'is-selected' : ''}`} data-testid={`sched-filter-row-${r.node}`} data-outcome={r.outcome}>
              <th scope="row" className="sched-node-col mono">
                {r.node}
                {r.selected && (
                  <span className="sched-star" title={t('sched.picked')}>
                    {' '}
                    ★
                  </span>
                )}
              </th>
              {r.outcome === 'not-evaluated' ? (
                <td className="sched-cell mark-notEvaluated" colSpan={grid.plugins.length} title={t('sched.notEvaluatedTitle')}>
                  {t('sched.notEvaluated')}
                </td>
              ) : (
                r.cells.map((c) => <FilterMark key={c.plugin} cell={c} />)
              )}
              <td className="sched-why" data-testid={`sched-why-${r.node}`}>
                {r.rejectedBy ? (
                  <RejectedBy plugin={r.rejectedBy.plugin} reason={r.rejectedBy.reason} />
                ) : r.outcome === 'feasible' ? (
                  <span className="sched-ok">
                    ✓ {t('sched.feasible')}
                    {r.selected ? ` · ★ ${t('sched.picked')}` : ''}
                  </span>
                ) : (
                  <span className="muted">{t('sched.notEvaluated')}</span>
                )}
              </td>
            </tr>
            {r.rejectedBy && (
              // A narrow dock hides the Result column: the reason gets a line of its own instead.
              <tr className="sched-why-row">
                <td colSpan={grid.plugins.length + 2}>
                  ↳ <RejectedBy plugin={r.rejectedBy.plugin} reason={r.rejectedBy.reason} />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

function ScoreTableView({ table }: { table: ScoreTable }) {
  const t = useT();
  // A plugin that scored no node (PreScore Skip everywhere) is still listed, greyed.
  return (
    <table className="sched-grid sched-scores" data-testid="sched-score-table">
      <thead>
        <tr>
          <th className="sched-node-col">{t('sched.node')}</th>
          {table.plugins.map((p) => (
            <th key={p} className="sched-plugin-col">
              <PluginHeader plugin={p} />
            </th>
          ))}
          <th className="sched-total-col">{t('sched.total')}</th>
        </tr>
      </thead>
      <tbody>
        {table.rows.map((r) => (
          <tr key={r.node} className={`${r.selected ? 'is-selected' : ''} ${r.best ? 'is-best' : ''}`} data-testid={`sched-score-row-${r.node}`}>
            <th scope="row" className="sched-node-col mono">
              {r.node}
              {r.selected && <span className="sched-star" title={t('sched.picked')}> ★</span>}
            </th>
            {r.cells.map((c, i) =>
              c ? (
                <td key={table.plugins[i]} className="sched-score" title={`${table.plugins[i]}: ${c.raw} → ${c.normalized} × ${c.weight} = ${c.weighted}`}>
                  <span className="sched-weighted">{c.weighted}</span>
                  <span className="sched-calc mono">
                    {c.raw}→{c.normalized} ×{c.weight}
                  </span>
                </td>
              ) : (
                <td key={table.plugins[i]} className="sched-score is-skipped" title={`${table.plugins[i]}: ${t('sched.pluginSkipped')}`}>
                  –
                </td>
              ),
            )}
            <td className="sched-total mono" data-testid={`sched-total-${r.node}`}>
              {r.total}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Detail({ d }: { d: AttemptDetail }) {
  const t = useT();
  const grid = filterGrid(d);
  const scores = scoreTable(d);
  const failed = d.result === 'Unschedulable' ? splitFailedScheduling(d.message) : null;
  const top = scores.rows[0]?.total;
  return (
    <div className="sched-detail-body">
      <div className={`sched-detail-result is-${d.result}`} data-testid="sched-detail-result" data-result={d.result}>
        <strong>
          {d.result === 'Scheduled' ? `✓ ${t('sched.bound', { node: d.node ?? '' })}` : d.result === 'Unschedulable' ? `✗ ${t('sched.result.Unschedulable')}` : `! ${t('sched.result.Error')}`}
        </strong>{' '}
        <span className="mono sched-detail-msg" data-testid="sched-detail-message">
          {failed ? (
            <>
              <span className="sched-reason-tag">FailedScheduling</span> {d.message}
            </>
          ) : (
            d.message
          )}
        </span>
      </div>
      {d.preFilter && (
        <p className="sched-note is-warn" data-testid="sched-prefilter">
          {t('sched.preFilterRejected', { plugin: d.preFilter.plugin, reason: d.preFilter.reasons.join('; ') || d.preFilter.code })}
        </p>
      )}
      {d.nominatedFastPath && <p className="sched-note">{t('sched.fastPath')}</p>}

      <h4 className="sched-section">{t('sched.filterTitle')}</h4>
      <p className="sched-hint">{t('sched.filterHint')}</p>
      <div className="sched-table-wrap">
        <FilterGridView grid={grid} />
      </div>

      <h4 className="sched-section">{t('sched.scoreTitle')}</h4>
      {scores.single ? (
        <p className="sched-note" data-testid="sched-score-single">
          {t('sched.single', { node: scores.single })}
        </p>
      ) : scores.rows.length === 0 ? (
        <p className="sched-note muted">{t('sched.noFeasible')}</p>
      ) : (
        <>
          <p className="sched-hint">{t('sched.scoreHint')}</p>
          <div className="sched-table-wrap">
            <ScoreTableView table={scores} />
          </div>
          {scores.tie.length > 1 && (
            <p className="sched-note" data-testid="sched-tie">
              {t('sched.tie', { nodes: scores.tie.join(', '), score: top ?? 0, node: scores.selected ?? '' })}
            </p>
          )}
        </>
      )}

      {d.preemption && (
        <>
          <h4 className="sched-section">{t('sched.preemptionTitle')}</h4>
          <div className="sched-preemption" data-testid="sched-preemption">
            {d.preemption.message && <p className="mono">{d.preemption.message}</p>}
            {d.preemption.nominatedNode && <p>{t('sched.nominated', { node: d.preemption.nominatedNode })}</p>}
            {d.preemption.victims.length > 0 && (
              <>
                <p>{t('sched.victims')}</p>
                <ul>
                  {d.preemption.victims.map((v) => (
                    <li key={`${v.namespace}/${v.name}`} className="mono">
                      {v.namespace}/{v.name} ({t('sched.priority', { priority: v.priority })})
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </>
      )}
    </div>
  );
}

export function AttemptDetailView({ id }: { id: number }) {
  const t = useT();
  const summary = useClusterStore((s) => s.attempts.find((a) => a.id === id));
  const entry = useSchedulerStore((s) => (summary ? s.details.get(detailKey(summary)) : undefined));
  return (
    <div className="sched-detail" data-testid="sched-detail">
      <div className="sched-detail-head">
        <BackToLive />
        {summary && (
          <span className="sched-detail-title">
            <span className="mono sched-detail-pod">
              {summary.pod.namespace}/{summary.pod.name}
            </span>{' '}
            · {t('sched.attemptN', { n: summary.attempt })} · {t('sched.cycle', { cycle: summary.cycle })} · <span className="mono">{formatSimTime(summary.atMs)}</span>
          </span>
        )}
      </div>
      {!summary || entry?.status === 'gone' ? (
        <p className="sched-note is-warn" data-testid="sched-gone">
          {t('sched.gone')}
        </p>
      ) : !entry || entry.status === 'loading' ? (
        <p className="sched-note muted">{t('sched.loading')}</p>
      ) : entry.status === 'error' ? (
        <p className="sched-note is-warn">{t('sched.loadFailed', { message: entry.message })}</p>
      ) : (
        <Detail d={entry.detail} />
      )}
    </div>
  );
}
