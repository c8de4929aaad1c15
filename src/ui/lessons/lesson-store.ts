// The open lesson: which one, the current step, the learner's predictions, and the live check
// results. Checks are evaluated in the worker (`lessonChecks`) whenever the cluster changes, at
// most every CHECK_INTERVAL_MS; progress is saved through lessonProgressStore after every change.

import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { scenarioSettings, type CheckResult, type ClusterChange, type Lesson } from '../../engine/api/lesson';
import type { ClusterSettings } from '../../worker/protocol';
import { engineClient } from '../bridge/engine-client';
import { clusterStore } from '../stores/cluster-store';
import { findLesson, loadLessonCatalog } from './catalog';
import { EMPTY_PROGRESS, lessonProgressStore, type LessonProgress, type ProgressData } from './lesson-progress-store';

export interface LessonState {
  /** the open lesson's id; null: no lesson open */
  activeId: string | null;
  step: number;
  /** the choice picked per step index (a step's prediction is answered once) */
  answers: Record<string, number>;
  /** the current step's check results, in order; null until the first evaluation */
  results: CheckResult[] | null;
  /** the right pane shows the lesson (true) or the inspector (false) */
  showLesson: boolean;
  /** the right pane is unfolded for the lesson (its toggle folds it away) */
  paneOpen: boolean;
  pickerOpen: boolean;
  /** a lesson is being started (cluster rebuilt, manifests applied) */
  starting: boolean;
  progress: ProgressData;
}

export const lessonStore = createStore<LessonState>()(() => ({
  activeId: null,
  step: 0,
  answers: {},
  results: null,
  showLesson: true,
  paneOpen: true,
  pickerOpen: false,
  starting: false,
  progress: EMPTY_PROGRESS,
}));

export function useLessonStore<T>(selector: (s: LessonState) => T): T {
  return useStore(lessonStore, selector);
}

export function activeLesson(): Lesson | undefined {
  return findLesson(lessonStore.getState().activeId);
}

function emptyProgress(): LessonProgress {
  return { step: 0, answers: {}, passed: [], completed: false };
}

/** Write the open lesson's state into the progress data and save it. */
function persist(patch: Partial<LessonProgress> = {}): void {
  const s = lessonStore.getState();
  const lessons = { ...s.progress.lessons };
  if (s.activeId) {
    const prev = lessons[s.activeId] ?? emptyProgress();
    lessons[s.activeId] = { ...prev, step: s.step, answers: s.answers, ...patch };
  }
  const progress: ProgressData = { active: s.activeId, lessons };
  lessonStore.setState({ progress });
  lessonProgressStore.save(progress);
}

/** Read saved progress at startup and reopen the lesson that was open (the cluster is restored by persistence). */
export async function restoreLessonProgress(): Promise<void> {
  const progress = await lessonProgressStore.load();
  if (progress.active) await loadLessonCatalog();
  const lesson = findLesson(progress.active);
  if (!lesson) {
    lessonStore.setState({ progress: { ...progress, active: null } });
    return;
  }
  const saved = progress.lessons[lesson.id] ?? emptyProgress();
  lessonStore.setState({ progress, activeId: lesson.id, step: Math.min(saved.step, lesson.steps.length - 1), answers: saved.answers, results: null, showLesson: true, paneOpen: true });
  scheduleCheck();
}

export function lessonClusterSettings(lesson: Lesson, change: ClusterChange = {}): ClusterSettings {
  const s = scenarioSettings(lesson.scenario, change);
  return { ...s, cni: s.cni as ClusterSettings['cni'], proxyMode: s.proxyMode as ClusterSettings['proxyMode'] };
}

/** Rebuild the cluster with the lesson's scenario and its manifests; undefined, or the engine's refusal. */
async function buildScenario(lesson: Lesson, change: ClusterChange = {}): Promise<string | undefined> {
  const reset = await engineClient.request({ kind: 'reset', settings: lessonClusterSettings(lesson, change) });
  if (reset.kind === 'error') return reset.message;
  if (lesson.scenario.manifests) {
    const applied = await engineClient.request({ kind: 'apply', yaml: lesson.scenario.manifests });
    if (applied.kind === 'error') return applied.message;
    const failed = applied.result.documents.filter((d) => !d.ok);
    if (failed.length) return failed.map((d) => d.message).join('; ');
  }
  return undefined;
}

/**
 * A step's "Rebuild the cluster" (try.cluster): the lesson's scenario again with other settings (a
 * CNI back end, kube-proxy mode, node subnets), as the header's selects would; the lesson stays at
 * its step. Resolves with an error message when the engine refused.
 */
export async function rebuildLessonCluster(change: ClusterChange): Promise<string | undefined> {
  const lesson = activeLesson();
  if (!lesson) return 'no lesson is open';
  lessonStore.setState({ starting: true });
  try {
    const err = await buildScenario(lesson, change);
    if (err === undefined) scheduleCheck();
    return err;
  } finally {
    lessonStore.setState({ starting: false });
  }
}

/**
 * Rebuild the cluster with the lesson's settings, apply its starting manifests and open it at step 1.
 * Resolves with an error message when the engine refused.
 */
export async function startLesson(id: string): Promise<string | undefined> {
  await loadLessonCatalog();
  const lesson = findLesson(id);
  if (!lesson) return `no lesson ${id}`;
  lessonStore.setState({ starting: true, pickerOpen: false });
  try {
    const err = await buildScenario(lesson);
    if (err !== undefined) return err;
    lessonStore.setState({ activeId: id, step: 0, answers: {}, results: null, showLesson: true, paneOpen: true });
    persist({ step: 0, answers: {}, passed: [], completed: false });
    scheduleCheck();
    return undefined;
  } finally {
    lessonStore.setState({ starting: false });
  }
}

/** Reopen a lesson at its saved step without touching the cluster. */
export function resumeLesson(id: string): void {
  const lesson = findLesson(id);
  if (!lesson) return;
  const saved = lessonStore.getState().progress.lessons[id] ?? emptyProgress();
  lessonStore.setState({ activeId: id, step: Math.min(saved.step, lesson.steps.length - 1), answers: saved.answers, results: null, showLesson: true, paneOpen: true, pickerOpen: false });
  persist();
  scheduleCheck();
}

export function closeLesson(): void {
  lessonStore.setState({ activeId: null, results: null });
  persist();
}

export function goToStep(step: number): void {
  const lesson = activeLesson();
  if (!lesson) return;
  const next = Math.max(0, Math.min(step, lesson.steps.length - 1));
  lessonStore.setState({ step: next, results: null });
  persist();
  scheduleCheck();
}

/** Finish: mark the lesson completed (the panel shows a summary until closed). */
export function completeLesson(): void {
  persist({ completed: true });
}

export function answerPrediction(choice: number): void {
  const s = lessonStore.getState();
  if (s.answers[s.step] !== undefined) return;
  lessonStore.setState({ answers: { ...s.answers, [s.step]: choice } });
  persist();
  scheduleCheck();
}

export function setShowLesson(showLesson: boolean): void {
  lessonStore.setState({ showLesson });
}

export function setLessonPaneOpen(paneOpen: boolean): void {
  lessonStore.setState({ paneOpen });
}

export function setPickerOpen(pickerOpen: boolean): void {
  lessonStore.setState({ pickerOpen });
}

// ---------------------------------------------------------------------------------------------
// Live checks: on every cluster change, throttled. A reply for a step the learner already left is dropped.

export const CHECK_INTERVAL_MS = 500;
let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight = false;
let again = false;

export function scheduleCheck(): void {
  if (timer !== undefined || typeof setTimeout === 'undefined') return;
  timer = setTimeout(() => {
    timer = undefined;
    void runChecks();
  }, CHECK_INTERVAL_MS);
}

async function runChecks(): Promise<void> {
  if (inFlight) {
    again = true;
    return;
  }
  const lesson = activeLesson();
  const { step, activeId } = lessonStore.getState();
  const checks = lesson?.steps[step]?.checks ?? [];
  if (!lesson || checks.length === 0) {
    lessonStore.setState({ results: lesson ? [] : null });
    return;
  }
  inFlight = true;
  try {
    const reply = await engineClient.request({ kind: 'lessonChecks', checks });
    const now = lessonStore.getState();
    if (now.activeId !== activeId || now.step !== step) return;
    const results = reply.kind === 'lessonChecks' ? reply.results : checks.map(() => ({ passed: false, detail: reply.message }));
    lessonStore.setState({ results });
    const saved = now.progress.lessons[activeId ?? ''];
    if (results.every((r) => r.passed) && saved && !saved.passed.includes(step)) persist({ passed: [...saved.passed, step].sort((a, b) => a - b) });
  } catch {
    // the worker failed; the fault banner says so, the next change retries
  } finally {
    inFlight = false;
    if (again) {
      again = false;
      scheduleCheck();
    }
  }
}

/** Re-check whenever the cluster's objects or events change (the clock alone changes nothing checked). */
export function watchClusterForChecks(): () => void {
  return clusterStore.subscribe((s, prev) => {
    if (!lessonStore.getState().activeId) return;
    if (s.objects !== prev.objects || s.events !== prev.events) scheduleCheck();
  });
}
