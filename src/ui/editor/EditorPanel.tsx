// The YAML editor dock tab: Monaco with monaco-yaml (Kubernetes schema: completion, hover docs,
// field checks), Apply (button or Ctrl/Cmd+Enter) and kubectl-style per-document results, with the
// engine's diagnostics as markers on their lines; Diff (Ctrl/Cmd+Shift+Enter) previews, as kubectl diff
// does, what Apply would create or change, without changing the cluster. Loaded with React.lazy by the shell.
// Monaco owns the text; the buffer is saved to localStorage so errors and reloads never lose it.

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { DocumentDiff, DocumentResult } from '../../worker/protocol';
import { engineClient } from '../bridge/engine-client';
import { useT } from '../i18n/use-t';
import { useUiStore } from '../stores/ui-store';
import { allMarkers, applyEdits, trackApplyResult, type MarkerSpan, type TrackedDocument } from './apply-markers';
import { loadBuffer, onBufferReplaced, saveBuffer } from './buffer-store';
import { DiffResults } from './DiffResults';
import { EditBanner } from './EditBanner';
import { editStore, finishEdit, useEdit } from './edit-session';
import { diagnosticText } from './result-text';
import { kubernetesSchemaStatus, MANIFEST_URI, monaco, setupMonaco } from './monaco-setup';
import { SAMPLES, sampleInsertion } from './samples';
import { testHooksEnabled } from './test-hook';
import { useEditModel } from './use-edit-model';
import './EditorPanel.css';

const APPLY_OWNER = 'apply';
const SAVE_DELAY_MS = 300;

/**
 * What outlives the component: the dock may unmount the tab, but the last results and the markers
 * they left stay until the next apply (Monaco keeps the model, its undo stack and its markers).
 */
const session: { results: DocumentResult[] | null; diff: DocumentDiff[] | null; requestError: string | null; tracked: TrackedDocument[] } = {
  results: null,
  diff: null,
  requestError: null,
  tracked: [],
};

function toMarkerData(spans: MarkerSpan[]): monaco.editor.IMarkerData[] {
  return spans.map((m) => ({
    severity: monaco.MarkerSeverity.Error,
    source: 'kubectl apply',
    message: m.message,
    startLineNumber: m.startLine,
    startColumn: m.startColumn,
    endLineNumber: m.endLine,
    endColumn: m.endColumn,
  }));
}

// A scenario import replaces the text, whether or not the editor is on screen (the model outlives it).
onBufferReplaced((text) => monaco.editor.getModel(monaco.Uri.parse(MANIFEST_URI))?.setValue(text));

function getOrCreateModel(): monaco.editor.ITextModel {
  const uri = monaco.Uri.parse(MANIFEST_URI);
  return monaco.editor.getModel(uri) ?? monaco.editor.createModel(loadBuffer(), 'yaml', uri);
}

/** The page is light unless the shell sets `<html data-theme="dark">`. */
function monacoTheme(): string {
  return document.documentElement.dataset.theme === 'dark' ? 'vs-dark' : 'vs';
}

export default function EditorPanel() {
  const t = useT();
  const pushToast = useUiStore((s) => s.pushToast);
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const busyRef = useRef(false);
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<DocumentResult[] | null>(session.results);
  const [diffDocs, setDiffDocs] = useState<DocumentDiff[] | null>(session.diff);
  const [requestError, setRequestError] = useState<string | null>(session.requestError);
  const [samplesOpen, setSamplesOpen] = useState(false);
  const [schemaMissing, setSchemaMissing] = useState(false);
  const edit = useEdit();

  const setTracked = useCallback((model: monaco.editor.ITextModel, docs: TrackedDocument[]) => {
    session.tracked = docs;
    monaco.editor.setModelMarkers(model, APPLY_OWNER, toMarkerData(allMarkers(docs)));
  }, []);

  const apply = useCallback(async (): Promise<void> => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model || busyRef.current) return;
    // An open `kubectl edit` (use-edit-model): Apply saves the edit, not the manifest.
    if (editStore.getState().edit) {
      busyRef.current = true;
      setBusy(true);
      await finishEdit(model.getValue()).finally(() => {
        busyRef.current = false;
        setBusy(false);
      });
      return;
    }
    const text = model.getValue();
    const version = model.getAlternativeVersionId();
    saveBuffer(text);
    setTracked(model, []);
    busyRef.current = true;
    setBusy(true);
    try {
      const reply = await engineClient.request({ kind: 'apply', yaml: text });
      session.diff = null;
      if (reply.kind === 'apply') {
        session.results = reply.result.documents;
        session.requestError = null;
        // Diagnostics describe the text that was sent; if the learner typed meanwhile, positions
        // may no longer match, so only the inline results are shown.
        if (!model.isDisposed() && model.getAlternativeVersionId() === version) {
          setTracked(
            model,
            trackApplyResult(reply.result, model.getLineCount(), (line) => model.getLineMaxColumn(line)),
          );
        }
      } else {
        session.results = null;
        session.requestError = reply.message;
      }
    } catch (err) {
      session.results = null;
      session.requestError = err instanceof Error ? err.message : String(err);
    } finally {
      busyRef.current = false;
      setBusy(false);
      setResults(session.results);
      setDiffDocs(session.diff);
      setRequestError(session.requestError);
      if (session.requestError) pushToast({ kind: 'error', text: t('editor.requestFailed', { message: session.requestError }) });
    }
  }, [pushToast, setTracked, t]);

  /** kubectl diff of the text: a dry run in the engine, so the cluster and the markers stay as they are. */
  const diff = useCallback(async (): Promise<void> => {
    const model = editorRef.current?.getModel();
    if (!model || busyRef.current) return;
    const text = model.getValue();
    saveBuffer(text);
    busyRef.current = true;
    setBusy(true);
    let failed: string | null = null;
    try {
      const reply = await engineClient.request({ kind: 'diff', yaml: text });
      if (reply.kind === 'diff') {
        session.diff = reply.documents ?? [];
        session.results = null;
        session.requestError = null;
      } else failed = reply.message;
    } catch (err) {
      failed = err instanceof Error ? err.message : String(err);
    } finally {
      busyRef.current = false;
      setBusy(false);
      setResults(session.results);
      setDiffDocs(session.diff);
      setRequestError(session.requestError);
      if (failed !== null) pushToast({ kind: 'error', text: t('editor.diffFailed', { message: failed }) });
    }
  }, [pushToast, t]);

  // Monaco's Ctrl/Cmd+Enter command and the test hook are registered once; they call the latest apply.
  const applyRef = useRef(apply);
  const diffRef = useRef(diff);
  useLayoutEffect(() => {
    applyRef.current = apply;
    diffRef.current = diff;
  }, [apply, diff]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    setupMonaco();
    const model = getOrCreateModel();
    const editor = monaco.editor.create(host, {
      model,
      theme: monacoTheme(),
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      tabSize: 2,
      insertSpaces: true,
      wordWrap: 'off',
      renderWhitespace: 'none',
      fixedOverflowWidgets: true,
      quickSuggestions: { other: true, comments: false, strings: true },
      ariaLabel: 'YAML manifest editor',
      // The textarea input path: IME-proven (Chinese input), focusable as `textarea` by the dock's
      // Alt+1 shortcut, and what Playwright's keyboard drives; EditContext is still experimental.
      editContext: false,
    });
    editorRef.current = editor;
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => void applyRef.current());
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => void diffRef.current());

    let saveTimer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      if (saveTimer !== undefined) clearTimeout(saveTimer);
      saveTimer = undefined;
      if (!model.isDisposed()) saveBuffer(model.getValue());
    };
    const onChange = model.onDidChangeContent((e) => {
      if (session.tracked.length > 0) {
        const edits = e.changes.map((c) => ({
          startLine: c.range.startLineNumber,
          endLine: c.range.endLineNumber,
          insertedLineBreaks: c.text.split('\n').length - 1,
        }));
        setTracked(model, applyEdits(session.tracked, edits));
      }
      if (saveTimer !== undefined) clearTimeout(saveTimer);
      saveTimer = setTimeout(flush, SAVE_DELAY_MS);
    });
    window.addEventListener('beforeunload', flush);

    const themeObserver = new MutationObserver(() => monaco.editor.setTheme(monacoTheme()));
    themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

    let mounted = true;
    void kubernetesSchemaStatus().then((status) => {
      if (mounted) setSchemaMissing(status !== 'loaded');
    });

    if (testHooksEnabled()) {
      window.__sandboxEditor = {
        setValue: (text) => model.setValue(text),
        getValue: () => model.getValue(),
        getMarkers: () =>
          monaco.editor.getModelMarkers({ resource: model.uri }).map((m) => ({
            owner: m.owner,
            line: m.startLineNumber,
            message: m.message,
            severity: m.severity,
          })),
        apply: () => applyRef.current(),
        diff: () => diffRef.current(),
      };
    }

    return () => {
      flush();
      mounted = false;
      onChange.dispose();
      window.removeEventListener('beforeunload', flush);
      themeObserver.disconnect();
      if (window.__sandboxEditor) delete window.__sandboxEditor;
      editorRef.current = null;
      editor.dispose(); // the model stays: text, undo stack and markers survive a remount
    };
  }, [setTracked]);
  useEditModel(editorRef, edit); // after the editor is created above

  const insertSample = (yaml: string) => {
    setSamplesOpen(false);
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model) return;
    const text = sampleInsertion(model.getValue(), yaml);
    const endLine = model.getLineCount();
    const endColumn = model.getLineMaxColumn(endLine);
    editor.pushUndoStop();
    editor.executeEdits('samples', [
      { range: new monaco.Range(endLine, endColumn, endLine, endColumn), text, forceMoveMarkers: true },
    ]);
    editor.pushUndoStop();
    const firstNew = Math.min(model.getLineCount(), endLine + 1);
    editor.revealLineNearTop(firstNew);
    editor.setPosition({ lineNumber: firstNew, column: 1 });
    editor.focus();
  };

  const revealLine = (line: number) => {
    const editor = editorRef.current;
    if (!editor) return;
    editor.revealLineInCenter(line);
    editor.setPosition({ lineNumber: line, column: 1 });
    editor.focus();
  };

  useEffect(() => {
    if (!samplesOpen) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent && e.key !== 'Escape') return;
      if (e instanceof MouseEvent && (e.target as Element | null)?.closest?.('.editor-samples')) return;
      setSamplesOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [samplesOpen]);

  return (
    <div className="editor-panel" data-testid="editor-panel">
      <div className="editor-toolbar">
        <button
          type="button"
          className="editor-apply"
          data-testid="editor-apply"
          onClick={() => void apply()}
          disabled={busy}
          title={t('editor.applyHint')}
        >
          <span aria-hidden="true">▶</span> {busy ? t('editor.applying') : t('editor.apply')}
        </button>
        <kbd className="editor-hint">{t('editor.applyHint')}</kbd>
        <button
          type="button"
          className="editor-diff"
          data-testid="editor-diff"
          onClick={() => void diff()}
          disabled={busy}
          title={`${t('editor.diffTitle')} (${t('editor.diffHint')})`}
        >
          <span aria-hidden="true">±</span> {t('editor.diff')}
        </button>
        <div className="editor-samples">
          <button
            type="button"
            data-testid="editor-samples"
            aria-haspopup="menu"
            aria-expanded={samplesOpen}
            onClick={() => setSamplesOpen((o) => !o)}
          >
            {t('editor.samples')} <span aria-hidden="true">▾</span>
          </button>
          {samplesOpen && (
            <div className="editor-samples-menu" role="menu" aria-label={t('editor.samplesInsertNote')}>
              <div className="editor-samples-note">{t('editor.samplesInsertNote')}</div>
              {SAMPLES.map((s) => (
                <button
                  type="button"
                  role="menuitem"
                  key={s.id}
                  data-testid={`editor-sample-${s.id}`}
                  onClick={() => insertSample(s.yaml)}
                >
                  {t(s.labelId)}
                </button>
              ))}
            </div>
          )}
        </div>
        {schemaMissing && <span className="editor-schema-missing">{t('editor.schemaMissing')}</span>}
      </div>
      {edit && <EditBanner edit={edit} />}
      <div className="editor-main">
        <div className="editor-host" ref={hostRef} />
        <div
          className={`apply-results${diffDocs !== null && requestError === null ? ' apply-results--diff' : ''}`}
          data-testid="apply-results"
          role="log"
          aria-live="polite"
          aria-label={t('editor.results')}
        >
          {requestError !== null ? (
            <div className="apply-result" data-ok="false">
              <span className="apply-result-message">{t('editor.requestFailed', { message: requestError })}</span>
            </div>
          ) : diffDocs !== null ? (
            <DiffResults documents={diffDocs} onReveal={revealLine} />
          ) : results === null ? (
            <div className="apply-results-empty">{t('editor.resultsEmpty')}</div>
          ) : (
            results.map((d) => (
              <div
                key={d.index}
                className="apply-result"
                data-testid={`apply-result-${d.index}`}
                data-ok={String(d.ok)}
              >
                <button
                  type="button"
                  className="apply-result-message"
                  onClick={() => revealLine(d.diagnostics[0]?.line ?? d.startLine)}
                >
                  {d.message}
                </button>
                {(d.warnings ?? []).map((w, i) => (
                  <div key={`w${i}`} className="apply-result-warning" data-testid={`apply-warning-${d.index}-${i}`}>
                    {w}
                  </div>
                ))}
                {diagnosticRows(d).map((diag, i) => (
                  <button type="button" key={i} className="apply-result-diagnostic" onClick={() => revealLine(diag.line)} title={diag.full}>
                    <span className="apply-result-line">{t('editor.line', { line: diag.line })}</span> {diag.text}
                  </button>
                ))}
              </div>
            ))
          )}
        </div>
      </div>
    </div>
  );
}

/** A document's diagnostics as listed under its message: none that only repeat it (result-text). */
function diagnosticRows(d: DocumentResult): Array<{ line: number; text: string; full: string }> {
  const seen = new Set<string>();
  const rows: Array<{ line: number; text: string; full: string }> = [];
  for (const diag of d.diagnostics) {
    const text = diagnosticText(d.message, diag.message, seen);
    if (text !== null) rows.push({ line: diag.line, text, full: diag.message });
  }
  return rows;
}
