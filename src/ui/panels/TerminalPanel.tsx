// The Terminal dock tab: a one-line kubectl prompt over the simulated cluster. Each line is sent
// as a `kubectl` command; stdout is printed as is, stderr in red. Up/Down walk the history, Tab
// completes (a second Tab lists the candidates, as bash does), `clear` (or Ctrl+L) clears the
// screen. Output and history outlive a tab switch (terminal-bus). Opened from a node's inspector
// ("Shell") it is a read-only root shell on that node until `exit`. A command that traced a packet
// (`kubectl exec client -- curl http://web`) hands the trace to the Packets tab. `kubectl edit`
// opens the live object in the Editor tab and prints its outcome here (edit-session).
// `kubectl get -w` keeps appending rows under its command until Ctrl+C, Stop or the next command
// (terminal-watch).

import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { engineClient } from '../bridge/engine-client';
import { startEdit } from '../editor/edit-session';
import { useT } from '../i18n/use-t';
import { clusterStore } from '../stores/cluster-store';
import { traceActions } from '../stores/trace-store';
import { useUiStore } from '../stores/ui-store';
import {
  addTerminalEntry, setTerminalEntries, subscribeTerminal, takePendingInput, terminalSession as session, updateTerminalEntry, type TerminalEntry as Entry,
} from './terminal-bus';
import { complete, type CompletionObject } from './terminal-complete';
import { isEditCommand, parseEditTarget } from './terminal-edit';
import { browse, normaliseCommand, pushHistory } from './terminal-history';
import { RequestPathView } from './RequestPathView';
import { isWatching, startTerminalWatch, stopTerminalWatch } from './terminal-watch';
import { watchText } from './terminal-watch-messages';
import './TerminalPanel.css';

/** Ctrl+C without Shift/Alt/Meta (Cmd+C and Ctrl+Shift+C still copy). */
function isInterrupt(e: KeyboardEvent<HTMLElement>): boolean {
  return e.key.toLowerCase() === 'c' && e.ctrlKey && !e.shiftKey && !e.altKey && !e.metaKey;
}

function completionObjects(): CompletionObject[] {
  const out: CompletionObject[] = [];
  for (const v of clusterStore.getState().objects.values()) out.push({ kind: v.kind, name: v.name, ...('namespace' in v ? { namespace: v.namespace } : {}) });
  return out;
}

export function TerminalPanel() {
  const t = useT();
  const [entries, setEntries] = useState<Entry[]>(session.entries);
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const shellNode = useUiStore((s) => s.shellNode);
  const setShellNode = useUiStore((s) => s.setShellNode);
  const setDockTab = useUiStore((s) => s.setDockTab);
  const lang = useUiStore((s) => s.lang);
  const prompt = shellNode ? `root@${shellNode}:~# ` : '$ kubectl ';
  const inputRef = useRef<HTMLInputElement>(null);
  const outputRef = useRef<HTMLDivElement>(null);

  const update = (next: Entry[]) => setTerminalEntries(next);
  /** the input when Tab was last pressed: a second Tab on the same text lists the candidates */
  const lastTab = useRef<string | null>(null);

  useEffect(() => {
    const sync = () => {
      setEntries(session.entries);
      const pasted = takePendingInput();
      if (pasted !== null) {
        setInput(pasted);
        inputRef.current?.focus({ preventScroll: true });
      }
    };
    sync();
    return subscribeTerminal(sync);
  }, []);

  useLayoutEffect(() => {
    const el = outputRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [entries]);

  // The panel stays mounted while another dock tab shows (hidden, it cannot scroll): when it shows
  // again, or the dock is resized, go back to the newest output, e.g. rows a `get -w` printed meanwhile.
  useEffect(() => {
    const el = outputRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    inputRef.current?.focus({ preventScroll: true });
  }, []);

  const run = async (line: string) => {
    const node = shellNode;
    const command = node ? line.trim() : normaliseCommand(line);
    session.history = pushHistory(session.history, line);
    setInput('');
    // Starting another command interrupts a running watch, as Ctrl+C would.
    stopTerminalWatch();
    if (command === 'clear') {
      update([]);
      return;
    }
    if (node && (command === 'exit' || command === 'logout')) {
      addTerminalEntry({ prompt, command, stdout: 'logout', stderr: '', pending: false });
      setShellNode(null);
      return;
    }
    const id = addTerminalEntry({ prompt, command, stdout: '', stderr: '', pending: command !== '' });
    if (command === '') return;
    if (!node && isEditCommand(command)) {
      await edit(id, command);
      return;
    }
    setBusy(true);
    let out: Pick<Entry, 'stdout' | 'stderr' | 'traced' | 'requests'>;
    let watchId: number | undefined;
    try {
      const reply = node
        ? await engineClient.request({ kind: 'nodeShell', nodeName: node, command })
        : await engineClient.request({ kind: 'kubectl', command });
      if (reply.kind === 'kubectl' || reply.kind === 'nodeShell') {
        out = { stdout: reply.output.stdout, stderr: reply.output.stderr, traced: reply.output.trace !== undefined, ...(reply.kind === 'kubectl' && reply.requests?.length ? { requests: reply.requests } : {}) };
        if (reply.output.trace) traceActions.add(reply.output.trace, 'terminal');
        if (reply.kind === 'kubectl') watchId = reply.watchId;
      } else {
        out = { stdout: '', stderr: t('terminal.failed', { message: reply.message }) };
      }
    } catch (err) {
      out = { stdout: '', stderr: t('terminal.failed', { message: err instanceof Error ? err.message : String(err) }) };
    }
    updateTerminalEntry(id, { ...out, pending: false });
    if (watchId !== undefined) startTerminalWatch(id, watchId);
    setBusy(false);
    inputRef.current?.focus({ preventScroll: true });
  };

  /** `kubectl edit`: fetch the live object and open it in the Editor tab; the edit session prints the outcome. */
  const edit = async (id: number, command: string) => {
    const parsed = parseEditTarget(command);
    if (!parsed.ok) {
      updateTerminalEntry(id, { stderr: parsed.error, pending: false });
      return;
    }
    const { target } = parsed;
    setBusy(true);
    try {
      const reply = await engineClient.request({ kind: 'inspect', ref: target.ref });
      if (reply.kind !== 'inspect') {
        updateTerminalEntry(id, { stderr: t('terminal.failed', { message: reply.message }), pending: false });
      } else if (!reply.result.found) {
        updateTerminalEntry(id, { stderr: t('terminal.editNotFound', { resource: target.plural, name: target.ref.name }), pending: false });
      } else {
        updateTerminalEntry(id, { stdout: t('terminal.editWaiting', { ref: `${target.singular}/${target.ref.name}` }), pending: true });
        startEdit(target, reply.result.yaml, id);
      }
    } catch (err) {
      updateTerminalEntry(id, { stderr: t('terminal.failed', { message: err instanceof Error ? err.message : String(err) }), pending: false });
    } finally {
      setBusy(false);
    }
  };

  const onTab = () => {
    if (shellNode) return;
    const c = complete(input, completionObjects());
    if (c.text !== input) {
      setInput(c.text);
      lastTab.current = c.text;
      return;
    }
    if (lastTab.current === input && c.candidates.length > 1) {
      addTerminalEntry({ prompt, command: input, stdout: '', stderr: '', pending: false, candidates: c.candidates });
      lastTab.current = null;
    } else {
      lastTab.current = input;
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Tab' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      onTab();
      return;
    }
    lastTab.current = null;
    if (e.key === 'Enter') {
      e.preventDefault();
      if (!busy) void run(input);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const r = browse(session.history, e.key === 'ArrowUp' ? 'up' : 'down', input);
      session.history = r.history;
      setInput(r.text);
    } else if (e.key === 'l' && e.ctrlKey) {
      e.preventDefault();
      update([]);
    } else if (isInterrupt(e) && isWatching()) {
      e.preventDefault();
      stopTerminalWatch();
    }
  };

  return (
    <div
      className="terminal-panel"
      data-testid="terminal-panel"
      onKeyDown={(e) => {
        // Ctrl+C with the focus on the output or the Stop button (the prompt handles its own)
        if (e.target !== inputRef.current && isInterrupt(e) && isWatching() && !window.getSelection()?.toString()) {
          e.preventDefault();
          stopTerminalWatch();
          inputRef.current?.focus({ preventScroll: true });
        }
      }}
      onMouseUp={() => {
        // a click anywhere focuses the prompt, unless the learner is selecting output to copy
        if (!window.getSelection()?.toString()) inputRef.current?.focus({ preventScroll: true });
      }}
    >
      <div className="terminal-output" data-testid="terminal-output" ref={outputRef} role="log" aria-live="polite">
        {entries.length === 0 && !shellNode && <div className="terminal-welcome">{t('terminal.welcome')}</div>}
        {entries.map((e) => (
          <div key={e.id} className="terminal-entry">
            <div className="terminal-echo">
              <span className="terminal-prompt">{e.prompt}</span>
              {e.command}
            </div>
            {e.candidates && (
              <pre className="terminal-candidates" data-testid="terminal-candidates">
                {e.candidates.join('  ')}
              </pre>
            )}
            {e.stdout && <pre className="terminal-stdout">{e.stdout.replace(/\n+$/, '')}</pre>}
            {e.stderr && <pre className="terminal-stderr">{e.stderr.replace(/\n+$/, '')}</pre>}
            {e.traced && (
              <button type="button" className="terminal-hint" data-testid="terminal-trace-hint" onClick={() => setDockTab('packets')}>
                ↳ {t('pk.terminalHint')}
              </button>
            )}
            {e.watching && (
              <div className="terminal-watching" data-testid="terminal-watching">
                <span className="terminal-watching-dot" aria-hidden="true" />
                {watchText(lang, 'watching')}
                <button
                  type="button"
                  className="terminal-watch-stop"
                  data-testid="terminal-watch-stop"
                  title={watchText(lang, 'stopTitle')}
                  onClick={() => {
                    stopTerminalWatch();
                    inputRef.current?.focus({ preventScroll: true });
                  }}
                >
                  ■ {watchText(lang, 'stop')} <kbd>Ctrl+C</kbd>
                </button>
              </div>
            )}
            {e.watchEnded && <div className="terminal-pending">{watchText(lang, 'ended')}</div>}
            {e.requests && <RequestPathView requests={e.requests} />}
            {e.pending && <div className="terminal-pending">…</div>}
          </div>
        ))}
        {shellNode && <div className="terminal-welcome" data-testid="terminal-node-welcome">{t('terminal.nodeWelcome', { node: shellNode })}</div>}
      </div>
      <label className="terminal-input-line">
        <span className="terminal-prompt" data-testid="terminal-prompt">{prompt}</span>
        <input
          ref={inputRef}
          className="terminal-input"
          data-testid="terminal-input"
          aria-label={shellNode ? `root@${shellNode}` : 'kubectl'}
          value={input}
          placeholder={shellNode ? 'ip route' : t('terminal.placeholder')}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          onChange={(e) => setInput(e.target.value)}
          onKeyDown={onKeyDown}
        />
      </label>
    </div>
  );
}
