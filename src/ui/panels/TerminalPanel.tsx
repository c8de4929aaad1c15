// The Terminal dock tab: a one-line kubectl prompt over the simulated cluster. Each line is sent
// as a `kubectl` command; stdout is printed as is, stderr in red. Up/Down walk the history,
// `clear` (or Ctrl+L) clears the screen. Output and history outlive a tab switch. Opened from a
// node's inspector ("Shell") it is a read-only root shell on that node until `exit`. A command that
// traced a packet (`kubectl exec client -- curl http://web`) hands the trace to the Packets tab.

import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { engineClient } from '../bridge/engine-client';
import { useT } from '../i18n/use-t';
import { traceActions } from '../stores/trace-store';
import { useUiStore } from '../stores/ui-store';
import { browse, emptyHistory, normaliseCommand, pushHistory, type History } from './terminal-history';
import './TerminalPanel.css';

interface Entry {
  id: number;
  /** what the prompt said when the command ran: `$ kubectl ` or `root@node-1:~# ` */
  prompt: string;
  command: string;
  stdout: string;
  stderr: string;
  pending: boolean;
  /** the command traced a packet: offer the Packets tab */
  traced?: boolean;
}

const MAX_ENTRIES = 200;
const session: { entries: Entry[]; history: History; nextId: number } = {
  entries: [],
  history: emptyHistory(),
  nextId: 1,
};

export function TerminalPanel() {
  const t = useT();
  const [entries, setEntries] = useState<Entry[]>(session.entries);
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const shellNode = useUiStore((s) => s.shellNode);
  const setShellNode = useUiStore((s) => s.setShellNode);
  const setDockTab = useUiStore((s) => s.setDockTab);
  const prompt = shellNode ? `root@${shellNode}:~# ` : '$ kubectl ';
  const inputRef = useRef<HTMLInputElement>(null);
  const outputRef = useRef<HTMLDivElement>(null);

  const update = (next: Entry[]) => {
    session.entries = next.slice(-MAX_ENTRIES);
    setEntries(session.entries);
  };

  useLayoutEffect(() => {
    const el = outputRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [entries]);

  useEffect(() => {
    inputRef.current?.focus({ preventScroll: true });
  }, []);

  const run = async (line: string) => {
    const node = shellNode;
    const command = node ? line.trim() : normaliseCommand(line);
    session.history = pushHistory(session.history, line);
    setInput('');
    if (command === 'clear') {
      update([]);
      return;
    }
    const id = session.nextId++;
    if (node && (command === 'exit' || command === 'logout')) {
      update([...session.entries, { id, prompt, command, stdout: 'logout', stderr: '', pending: false }]);
      setShellNode(null);
      return;
    }
    update([...session.entries, { id, prompt, command, stdout: '', stderr: '', pending: command !== '' }]);
    if (command === '') return;
    setBusy(true);
    let out: Pick<Entry, 'stdout' | 'stderr' | 'traced'>;
    try {
      const reply = node
        ? await engineClient.request({ kind: 'nodeShell', nodeName: node, command })
        : await engineClient.request({ kind: 'kubectl', command });
      if (reply.kind === 'kubectl' || reply.kind === 'nodeShell') {
        out = { stdout: reply.output.stdout, stderr: reply.output.stderr, traced: reply.output.trace !== undefined };
        if (reply.output.trace) traceActions.add(reply.output.trace, 'terminal');
      } else {
        out = { stdout: '', stderr: t('terminal.failed', { message: reply.message }) };
      }
    } catch (err) {
      out = { stdout: '', stderr: t('terminal.failed', { message: err instanceof Error ? err.message : String(err) }) };
    }
    update(session.entries.map((e) => (e.id === id ? { ...e, ...out, pending: false } : e)));
    setBusy(false);
    inputRef.current?.focus({ preventScroll: true });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
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
    }
  };

  return (
    <div
      className="terminal-panel"
      data-testid="terminal-panel"
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
            {e.stdout && <pre className="terminal-stdout">{e.stdout.replace(/\n+$/, '')}</pre>}
            {e.stderr && <pre className="terminal-stderr">{e.stderr.replace(/\n+$/, '')}</pre>}
            {e.traced && (
              <button type="button" className="terminal-hint" data-testid="terminal-trace-hint" onClick={() => setDockTab('packets')}>
                ↳ {t('pk.terminalHint')}
              </button>
            )}
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
