// Lesson progress across reloads, behind a tiny adapter: `lessonProgressStore` reads and writes one
// JSON value, in the IndexedDB key-value area (src/ui/persistence/kv.ts, key 'lessons.progress')
// with a synchronous localStorage copy that also survives a tab killed before IndexedDB commits.

import { loadKv, saveKv } from '../persistence/kv';

export interface LessonProgress {
  /** the step the learner is on (0-based) */
  step: number;
  /** the choice picked for each step's prediction, by step index */
  answers: Record<string, number>;
  /** steps whose checks all passed at least once */
  passed: number[];
  completed: boolean;
}

export interface ProgressData {
  /** the lesson open when the page was left, if any */
  active: string | null;
  lessons: Record<string, LessonProgress>;
}

export interface ProgressBackend {
  load(): Promise<unknown>;
  save(value: ProgressData): void;
}

export const PROGRESS_KEY = 'kube-sandbox.lessons.progress';

export const EMPTY_PROGRESS: ProgressData = { active: null, lessons: {} };

export function localStorageBackend(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = safeLocalStorage()): ProgressBackend {
  return {
    load: async () => {
      try {
        const raw = storage?.getItem(PROGRESS_KEY);
        return raw ? (JSON.parse(raw) as unknown) : undefined;
      } catch {
        return undefined;
      }
    },
    save: (value) => {
      try {
        storage?.setItem(PROGRESS_KEY, JSON.stringify(value));
      } catch {
        // full or denied: progress lives in memory for this session
      }
    },
  };
}

function safeLocalStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Saved data is untrusted (an older version, a hand edit): keep only what has the right shape. */
export function sanitizeProgress(raw: unknown): ProgressData {
  if (!isRecord(raw)) return EMPTY_PROGRESS;
  const lessons: Record<string, LessonProgress> = {};
  if (isRecord(raw.lessons)) {
    for (const [id, p] of Object.entries(raw.lessons)) {
      if (!isRecord(p)) continue;
      const answers: Record<string, number> = {};
      if (isRecord(p.answers)) for (const [k, v] of Object.entries(p.answers)) if (typeof v === 'number' && Number.isInteger(v)) answers[k] = v;
      lessons[id] = {
        step: typeof p.step === 'number' && Number.isInteger(p.step) && p.step >= 0 ? p.step : 0,
        answers,
        passed: Array.isArray(p.passed) ? p.passed.filter((n): n is number => typeof n === 'number' && Number.isInteger(n)) : [],
        completed: p.completed === true,
      };
    }
  }
  return { active: typeof raw.active === 'string' ? raw.active : null, lessons };
}

const KV_KEY = 'lessons.progress';

/** IndexedDB first (what persistence keeps and restores), localStorage as the fallback and the fast copy. */
export function kvBackend(local: ProgressBackend = localStorageBackend()): ProgressBackend {
  return {
    load: async () => (await loadKv(KV_KEY)) ?? (await local.load()),
    save: (value) => {
      local.save(value);
      void saveKv(KV_KEY, value);
    },
  };
}

export const lessonProgressStore = {
  backend: kvBackend(),
  async load(): Promise<ProgressData> {
    return sanitizeProgress(await this.backend.load());
  },
  save(data: ProgressData): void {
    this.backend.save(data);
  },
};
