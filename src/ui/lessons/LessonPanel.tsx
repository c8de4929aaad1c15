// The open lesson's current step, in the right pane: its text, the prediction (asked before the
// rest of the step is revealed), what to try with Load/Run buttons, the live checks and Back/Next.

import { Fragment, useEffect, useRef, type ReactNode } from 'react';
import type { CheckResult, LessonStep, LocalText } from '../../engine/api/lesson';
import { useT } from '../i18n/use-t';
import { useUiStore, type Lang } from '../stores/ui-store';
import { findLesson } from './catalog';
import { advanceClock, clusterChangeSummary, loadIntoEditor, rebuildCluster, runInTerminal, runOnNode, sendLoad, setNodePower } from './lesson-actions';
import { answerPrediction, closeLesson, completeLesson, goToStep, useLessonStore } from './lesson-store';
import './lessons.css';

export function localText(text: LocalText, lang: Lang): string {
  return lang === 'zh' ? text.zh : text.en;
}

/** Lesson text: blank lines separate paragraphs, `backticks` mark code. Rendered as text, never HTML. */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\s*\n/).map((para, i) => (
        <p key={i}>{inlineCode(para.trim())}</p>
      ))}
    </>
  );
}

function inlineCode(text: string): ReactNode[] {
  return text.split(/(`[^`]+`)/).map((part, i) =>
    part.startsWith('`') && part.endsWith('`') && part.length > 1 ? (
      <code key={i}>{part.slice(1, -1)}</code>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}

function Prediction({ step, stepIndex, lang }: { step: LessonStep; stepIndex: number; lang: Lang }) {
  const t = useT();
  const answer = useLessonStore((s) => s.answers[stepIndex]);
  const p = step.predict;
  if (!p) return null;
  const answered = answer !== undefined;
  return (
    <section className="lesson-predict" data-testid="lesson-predict" aria-label={t('lesson.predict')}>
      <div className="lesson-section-title">{t('lesson.predict')}</div>
      <div className="lesson-question">{inlineCode(localText(p.question, lang))}</div>
      <div className="lesson-choices" role="group">
        {p.choices.map((c, i) => {
          const state = !answered ? '' : i === p.answer ? 'is-answer' : i === answer ? 'is-wrong' : 'is-other';
          return (
            <button
              type="button"
              key={i}
              className={`lesson-choice ${state}`}
              data-testid={`lesson-choice-${i}`}
              disabled={answered}
              aria-pressed={answer === i}
              onClick={() => answerPrediction(i)}
            >
              {inlineCode(localText(c, lang))}
            </button>
          );
        })}
      </div>
      {answered && (
        <div className="lesson-feedback" data-testid="lesson-feedback" data-correct={String(answer === p.answer)}>
          <strong>{answer === p.answer ? t('lesson.right') : t('lesson.wrong', { answer: localText(p.choices[p.answer], lang) })}</strong>{' '}
          {inlineCode(localText(p.explanation, lang))}
        </div>
      )}
    </section>
  );
}

function TryIt({ step }: { step: LessonStep }) {
  const t = useT();
  const tr = step.try;
  if (!tr) return null;
  return (
    <section className="lesson-try" aria-label={t('lesson.try')}>
      <div className="lesson-section-title">{t('lesson.try')}</div>
      {tr.cluster && (
        <div className="lesson-buttons">
          <button type="button" className="btn lesson-action" data-testid="lesson-rebuild" title={t('lesson.rebuildTitle')} onClick={() => void rebuildCluster(tr.cluster!, clusterChangeSummary(tr.cluster!))}>
            ⟳ {t('lesson.rebuild', { settings: clusterChangeSummary(tr.cluster) })}
          </button>
        </div>
      )}
      {tr.yaml && (
        <div className="lesson-yaml">
          <pre className="mono">{tr.yaml}</pre>
          <button type="button" className="btn lesson-action" data-testid="lesson-load" title={t('lesson.loadTitle')} onClick={() => loadIntoEditor(tr.yaml!)}>
            {t('lesson.load')}
          </button>
        </div>
      )}
      {tr.kubectl?.map((cmd, i) => (
        <div className="lesson-cmd" key={i}>
          <code className="mono">kubectl {cmd}</code>
          <button type="button" className="btn lesson-action" data-testid={`lesson-run-${i}`} title={t('lesson.runTitle')} onClick={() => runInTerminal(cmd)}>
            {t('lesson.run')}
          </button>
        </div>
      ))}
      {tr.nodeShell?.map((c, i) => (
        <div className="lesson-cmd" key={`node-${i}`}>
          <code className="mono">
            root@{c.node}:~# {c.command}
          </code>
          <button type="button" className="btn lesson-action" data-testid={`lesson-node-run-${i}`} title={t('lesson.runOnNodeTitle', { node: c.node })} onClick={() => runOnNode(c.node, c.command)}>
            {t('lesson.run')}
          </button>
        </div>
      ))}
      {tr.load && (
        <div className="lesson-buttons">
          <button type="button" className="btn lesson-action" data-testid="lesson-load-traffic" title={t('lesson.loadTrafficTitle')} onClick={() => void sendLoad(tr.load!)}>
            ⇶ {tr.load.rps > 0 ? t('lesson.loadTraffic', { rps: tr.load.rps, workload: tr.load.workload }) : t('lesson.stopTraffic', { workload: tr.load.workload })}
          </button>
        </div>
      )}
      {(tr.stopNode || tr.startNode || tr.wait) && (
        <div className="lesson-buttons">
          {tr.stopNode && (
            <button type="button" className="btn lesson-action" data-testid="lesson-stop-node" title={t('lesson.stopNodeTitle', { node: tr.stopNode })} onClick={() => void setNodePower(tr.stopNode!, 'stop')}>
              ⏻ {t('lesson.stopNode', { node: tr.stopNode })}
            </button>
          )}
          {tr.startNode && (
            <button type="button" className="btn lesson-action" data-testid="lesson-start-node" title={t('lesson.startNodeTitle', { node: tr.startNode })} onClick={() => void setNodePower(tr.startNode!, 'start')}>
              ⏻ {t('lesson.startNode', { node: tr.startNode })}
            </button>
          )}
          {tr.wait && (
            <button type="button" className="btn lesson-action" data-testid="lesson-wait" title={t('lesson.waitTitle', { duration: tr.wait })} onClick={() => advanceClock(tr.wait!)}>
              ⏩ {t('lesson.wait', { duration: tr.wait })}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function Checks({ step, results, lang }: { step: LessonStep; results: CheckResult[] | null; lang: Lang }) {
  const t = useT();
  if (step.checks.length === 0) return <p className="lesson-muted">{t('lesson.noChecks')}</p>;
  return (
    <section className="lesson-checks" aria-label={t('lesson.checks')} aria-live="polite">
      <div className="lesson-section-title">{t('lesson.checks')}</div>
      <ul>
        {step.checks.map((c, i) => {
          const r = results?.[i];
          const passed = r?.passed === true;
          return (
            <li key={i} className={passed ? 'is-passed' : 'is-pending'} data-testid={`lesson-check-${i}`} data-passed={String(passed)} title={r?.detail}>
              <span className="lesson-tick" aria-label={passed ? t('lesson.passed') : t('lesson.pending')}>
                {passed ? '✓' : '○'}
              </span>
              <span>
                {localText(c.label, lang)}
                {r && !passed && r.detail && <span className="lesson-detail mono">{r.detail}</span>}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function LessonPanel() {
  const t = useT();
  const lang = useUiStore((s) => s.lang);
  const activeId = useLessonStore((s) => s.activeId);
  const stepIndex = useLessonStore((s) => s.step);
  const results = useLessonStore((s) => s.results);
  const answered = useLessonStore((s) => s.answers[s.step] !== undefined);
  const completed = useLessonStore((s) => (s.activeId ? s.progress.lessons[s.activeId]?.completed === true : false));
  const lesson = findLesson(activeId);
  const step = lesson?.steps[stepIndex];
  const revealed = !!step && (!step.predict || answered);
  const allPassed = !!step && step.checks.length > 0 && results !== null && results.length === step.checks.length && results.every((r) => r.passed);
  const done = step?.checks.length === 0 ? revealed : allPassed;
  const bodyRef = useRef<HTMLDivElement>(null);
  const endRef = useRef<HTMLDivElement>(null);
  // A new step starts at its top; a step that just completed (or the lesson) scrolls its outcome into view.
  useEffect(() => {
    bodyRef.current?.scrollTo({ top: 0 });
  }, [activeId, stepIndex]);
  useEffect(() => {
    if (!allPassed && !completed) return;
    const smooth = typeof matchMedia === 'function' && !matchMedia('(prefers-reduced-motion: reduce)').matches;
    endRef.current?.scrollIntoView({ block: 'end', behavior: smooth ? 'smooth' : 'auto' });
  }, [allPassed, completed]);
  if (!lesson || !step) return null;
  const last = stepIndex === lesson.steps.length - 1;
  return (
    <div className="lesson-panel" data-testid="lesson-panel" data-lesson={lesson.id} data-step={stepIndex}>
      <header className="lesson-head">
        <div className="lesson-title" title={localText(lesson.title, lang)}>
          {localText(lesson.title, lang)}
        </div>
        <button type="button" className="lesson-exit" data-testid="lesson-exit" title={t('lesson.exitTitle')} aria-label={t('lesson.exit')} onClick={closeLesson}>
          ✕
        </button>
      </header>
      <ol className="lesson-dots" aria-label={t('lesson.progress', { step: stepIndex + 1, total: lesson.steps.length })}>
        {lesson.steps.map((s, i) => (
          <li key={i}>
            <button
              type="button"
              className={`lesson-dot ${i === stepIndex ? 'is-current' : ''} ${i < stepIndex ? 'is-before' : ''}`}
              aria-current={i === stepIndex ? 'step' : undefined}
              title={`${t('lesson.step', { n: i + 1 })}: ${localText(s.title, lang)}`}
              onClick={() => goToStep(i)}
            >
              {i + 1}
            </button>
          </li>
        ))}
      </ol>
      <div className="lesson-body" ref={bodyRef}>
        <h3 className="lesson-step-title" data-testid="lesson-step-title">
          <span className="lesson-step-n">{t('lesson.step', { n: stepIndex + 1 })}</span> {localText(step.title, lang)}
        </h3>
        <div className="lesson-text">
          <RichText text={localText(step.text, lang)} />
        </div>
        <Prediction step={step} stepIndex={stepIndex} lang={lang} />
        {revealed && (
          <>
            <TryIt step={step} />
            <Checks step={step} results={results} lang={lang} />
            {done && step.checks.length > 0 && (
              <div className="lesson-done" data-testid="lesson-step-done">
                ✓ {t('lesson.stepDone')}
              </div>
            )}
            {done && step.explain && (
              <section className="lesson-explain" data-testid="lesson-explain">
                <div className="lesson-section-title">{t('lesson.whatHappened')}</div>
                <RichText text={localText(step.explain, lang)} />
              </section>
            )}
          </>
        )}
        {last && completed && (
          <div className="lesson-complete" data-testid="lesson-complete">
            <strong>{t('lesson.complete')}</strong> {t('lesson.completeBody', { title: localText(lesson.title, lang) })}
          </div>
        )}
        <div ref={endRef} />
      </div>
      <footer className="lesson-foot">
        <button type="button" className="btn" data-testid="lesson-back" disabled={stepIndex === 0} onClick={() => goToStep(stepIndex - 1)}>
          {t('lesson.back')}
        </button>
        <span className="lesson-count">{t('lesson.progress', { step: stepIndex + 1, total: lesson.steps.length })}</span>
        {last ? (
          <button type="button" className={`btn ${done ? 'btn-primary' : ''}`} data-testid="lesson-finish" disabled={completed} onClick={completeLesson}>
            {t('lesson.finish')}
          </button>
        ) : (
          <button type="button" className={`btn ${done ? 'btn-primary' : ''}`} data-testid="lesson-next" onClick={() => goToStep(stepIndex + 1)}>
            {done ? t('lesson.next') : t('lesson.skip')}
          </button>
        )}
      </footer>
    </div>
  );
}
