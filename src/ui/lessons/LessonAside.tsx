// The right pane while a lesson is open: tabs Lesson | Inspector, so the canvas keeps its width.
// Selecting an object shows the inspector; clearing the selection returns to the lesson. Without a
// lesson the pane is just the inspector. Also starts the live checks and restores saved progress.

import { useEffect, type ReactNode } from 'react';
import { useT } from '../i18n/use-t';
import { uiStore } from '../stores/ui-store';
import { LessonPanel } from './LessonPanel';
import { lessonStore, restoreLessonProgress, setShowLesson, useLessonStore, watchClusterForChecks } from './lesson-store';

/** Mount once (App): restore progress, re-check on cluster changes, follow the selection. */
export function useLessons(): void {
  useEffect(() => {
    void restoreLessonProgress();
    const stopChecks = watchClusterForChecks();
    const stopSelection = uiStore.subscribe((s, prev) => {
      if (s.selected === prev.selected || !lessonStore.getState().activeId) return;
      setShowLesson(s.selected === null);
    });
    return () => {
      stopChecks();
      stopSelection();
    };
  }, []);
}

/** Whether the right pane stays unfolded for an open lesson (whatever the selection). */
export function useLessonPaneOpen(): boolean {
  return useLessonStore((s) => s.activeId !== null && s.paneOpen);
}

export { setLessonPaneOpen } from './lesson-store';

export function LessonAside({ inspector }: { inspector: ReactNode }) {
  const t = useT();
  const active = useLessonStore((s) => s.activeId !== null);
  const showLesson = useLessonStore((s) => s.showLesson);
  if (!active) return <>{inspector}</>;
  return (
    <div className="lesson-aside">
      <div className="lesson-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={showLesson} className={showLesson ? 'is-active' : ''} data-testid="lesson-tab" onClick={() => setShowLesson(true)}>
          {t('lesson.tab')}
        </button>
        <button type="button" role="tab" aria-selected={!showLesson} className={showLesson ? '' : 'is-active'} data-testid="inspector-tab" onClick={() => setShowLesson(false)}>
          {t('lesson.inspectorTab')}
        </button>
      </div>
      <div className="lesson-aside-body">{showLesson ? <LessonPanel /> : inspector}</div>
    </div>
  );
}
