// The "kubectl:" line under a UI action's result: the command that would do the same, with Copy and
// Run in terminal (pastes it into the prompt), or an honest note when no kubectl command does it.

import { useState } from 'react';
import { useT } from '../i18n/use-t';
import { pasteIntoTerminal } from '../panels/terminal-bus';
import type { KubectlEquivalent } from './kubectl-equivalent';
import './KubectlLine.css';

export function KubectlLine({ eq }: { eq: KubectlEquivalent }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    if (!eq.command) return;
    void navigator.clipboard?.writeText(eq.command).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="kubectl-line" data-testid="kubectl-line">
      <div className="kubectl-line-head">
        <span className="kubectl-line-label">{t('kubectl.label')}</span>
        {eq.command ? (
          <pre className="kubectl-line-command" data-testid="kubectl-command">
            {/* wrap between words: `--image=` must not break after its dashes; a long JSON word may break anywhere */}
            {eq.command.split(/( )/).map((part, i) => (part === ' ' ? part : <span key={i} className={part.length > 28 ? 'kubectl-line-long' : 'kubectl-line-word'}>{part}</span>))}
          </pre>
        ) : (
          <span className="kubectl-line-none muted">{t('kubectl.none')}</span>
        )}
      </div>
      {eq.note && <div className="kubectl-line-note muted">{t(eq.note, eq.noteParams)}</div>}
      {eq.command && (
        <div className="kubectl-line-buttons">
          <button type="button" className="btn" data-testid="kubectl-copy" onClick={copy}>
            {copied ? t('kubectl.copied') : t('kubectl.copy')}
          </button>
          {eq.runnable && (
            <button type="button" className="btn" data-testid="kubectl-run" title={t('kubectl.runInTerminalTitle')} onClick={() => pasteIntoTerminal(eq.command ?? '')}>
              {t('kubectl.runInTerminal')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
