// The palette's lesson picker: a card that opens a dialog listing every lesson with its cluster,
// length and progress. Starting one rebuilds the cluster after a confirmation; the open lesson
// continues where it was.

import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/use-t';
import { uiStore, useUiStore } from '../stores/ui-store';
import { lessonCatalog, loadLessonCatalog } from './catalog';
import { localText } from './LessonPanel';
import { lessonClusterSettings, resumeLesson, setPickerOpen, startLesson, useLessonStore } from './lesson-store';
import type { Lesson } from '../../engine/api/lesson';

function BookGlyph() {
  return (
    <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden>
      <path d="M4 6.5C7 5 10.5 5 14 7c3.5-2 7-2 10-.5V22c-3-1.5-6.5-1.5-10 .5-3.5-2-7-2-10-.5z" fill="#dbeafe" stroke="#326ce5" strokeWidth="1.5" strokeLinejoin="round" />
      <path d="M14 7v15.5" stroke="#326ce5" strokeWidth="1.5" />
      <path d="M17 11.5l2 2 3.5-4" fill="none" stroke="#16a34a" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

function LessonRow({ lesson }: { lesson: Lesson }) {
  const t = useT();
  const lang = useUiStore((s) => s.lang);
  const saved = useLessonStore((s) => s.progress.lessons[lesson.id]);
  const isOpen = useLessonStore((s) => s.activeId === lesson.id);
  const starting = useLessonStore((s) => s.starting);
  const settings = lessonClusterSettings(lesson);
  const cluster = t('lesson.cluster', { workers: settings.workerNodes, cni: settings.cni ?? '', mode: settings.proxyMode ?? '' });
  const start = async () => {
    if (!window.confirm(t('lesson.confirmStart', { title: localText(lesson.title, lang), cluster }))) return;
    const error = await startLesson(lesson.id);
    if (error) uiStore.getState().pushToast({ kind: 'error', text: t('lesson.startFailed', { message: error }) });
  };
  return (
    <li className="lesson-row" data-testid={`lesson-row-${lesson.id}`}>
      <div className="lesson-row-n mono">{String(lesson.order).padStart(2, '0')}</div>
      <div className="lesson-row-main">
        <div className="lesson-row-title">{localText(lesson.title, lang)}</div>
        <div className="lesson-row-summary">{localText(lesson.summary, lang)}</div>
        <div className="lesson-row-meta">
          {t('lesson.stepsCount', { count: lesson.steps.length })} · <span className="mono">{cluster}</span>
          {saved?.completed ? <span className="lesson-badge is-done"> ✓ {t('lesson.done')}</span> : saved && saved.step > 0 ? <span className="lesson-badge"> {t('lesson.progress', { step: saved.step + 1, total: lesson.steps.length })}</span> : null}
        </div>
      </div>
      <div className="lesson-row-actions">
        {isOpen ? (
          <button type="button" className="btn btn-primary" data-testid={`lesson-continue-${lesson.id}`} onClick={() => resumeLesson(lesson.id)}>
            {t('lesson.continue')}
          </button>
        ) : null}
        <button type="button" className={`btn ${isOpen ? '' : 'btn-primary'}`} data-testid={`lesson-start-${lesson.id}`} disabled={starting} title={isOpen ? t('lesson.restartTitle') : undefined} onClick={() => void start()}>
          {isOpen || saved ? t('lesson.restart') : t('lesson.start')}
        </button>
      </div>
    </li>
  );
}

function PickerDialog() {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const [loaded, setLoaded] = useState(() => lessonCatalog().lessons.length > 0);
  const { lessons, errors } = lessonCatalog();
  useEffect(() => {
    if (!loaded) void loadLessonCatalog().then(() => setLoaded(true));
  }, [loaded]);
  useEffect(() => {
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setPickerOpen(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="lesson-overlay" onMouseDown={(e) => e.target === e.currentTarget && setPickerOpen(false)}>
      <div className="lesson-dialog" role="dialog" aria-modal="true" aria-labelledby="lesson-dialog-title" tabIndex={-1} ref={ref} data-testid="lesson-picker">
        <header className="lesson-dialog-head">
          <h2 id="lesson-dialog-title">{t('lesson.pickerTitle')}</h2>
          <button type="button" className="btn btn-icon" aria-label={t('lesson.close')} onClick={() => setPickerOpen(false)}>
            ✕
          </button>
        </header>
        <p className="lesson-muted">{t('lesson.pickerIntro')}</p>
        {errors.length > 0 && (
          <p className="lesson-errors" role="alert">
            {t('lesson.invalid', { count: errors.length, errors: errors.slice(0, 3).join(' · ') })}
          </p>
        )}
        {!loaded && <p className="lesson-muted">{t('lesson.loadingCatalog')}</p>}
        <ul className="lesson-list">
          {lessons.map((l) => (
            <LessonRow key={l.id} lesson={l} />
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The palette card; the dialog renders while open. */
export function LessonPicker() {
  const t = useT();
  const open = useLessonStore((s) => s.pickerOpen);
  const starting = useLessonStore((s) => s.starting);
  return (
    <>
      <button type="button" className="palette-card lesson-card" data-testid="palette-lessons" title={t('lesson.pickerHint')} onClick={() => setPickerOpen(true)}>
        <BookGlyph />
        <span className="palette-label">{t('lesson.picker')}</span>
        <span className="palette-hint">{starting ? t('lesson.starting') : t('lesson.pickerHint')}</span>
      </button>
      {open && <PickerDialog />}
    </>
  );
}
