// The editor's Diff preview: per document what Apply would create, change (the unified diff, +/-
// coloured and marked), leave unchanged or reject. Nothing in the cluster changed to compute it.

import type { DocumentDiff } from '../../worker/protocol';
import { useT } from '../i18n/use-t';
import { countChanges, diffRows, refLabel } from './diff-view';

export function DiffResults({ documents, onReveal }: { documents: DocumentDiff[]; onReveal: (line: number) => void }) {
  const t = useT();
  const counts = countChanges(documents);
  return (
    <div className="diff-results" data-testid="diff-results">
      <div className="diff-summary" data-testid="diff-summary">
        {t('editor.diffSummary', { create: counts.create, update: counts.update, unchanged: counts.unchanged, error: counts.error })}
      </div>
      {documents.map((d, i) => (
        <div key={i} className="diff-doc" data-testid={`diff-doc-${d.index}`} data-change={d.change}>
          <button type="button" className="diff-doc-head" onClick={() => onReveal(d.startLine)}>
            <span className="diff-badge" data-change={d.change}>
              {t(`editor.diffChange.${d.change}`)}
            </span>{' '}
            <span className="diff-ref">{refLabel(d.ref) || t('editor.line', { line: d.startLine })}</span>
          </button>
          {d.change === 'error' && d.message && <pre className="diff-error">{d.message}</pre>}
          {d.diff && (
            <pre className="diff-body" data-testid={`diff-body-${d.index}`} title={d.diff.split('\n').slice(0, 3).join('\n')}>
              {diffRows(d.diff).map((r, j) => (
                <span key={j} className={`diff-line diff-line--${r.kind}`}>
                  {r.text}
                  {'\n'}
                </span>
              ))}
            </pre>
          )}
        </div>
      ))}
    </div>
  );
}
