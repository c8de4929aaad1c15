// The lesson catalog: every src/lessons/*.yaml, bundled as text by Vite, parsed and validated once.
// An invalid file is left out and its errors kept for the picker to show (lessons are data, and
// data may be wrong); the Node test (src/lessons/lessons.test.ts) keeps the shipped ones valid.
// The files load lazily (~100 KB gzipped of text, out of the initial bundle): `loadLessonCatalog()`
// before the first use; until then `lessonCatalog()` is empty.

import { parse } from 'yaml';
import { validateLesson, type Lesson } from '../../engine/api/lesson';

const loaders = import.meta.glob('../../lessons/*.yaml', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

export interface Catalog {
  lessons: Lesson[];
  errors: string[];
}

/** Parse and validate lesson files given as `{ path: text }`, sorted by their number. */
export function buildCatalog(sources: Record<string, string>): Catalog {
  const lessons: Lesson[] = [];
  const errors: string[] = [];
  for (const [path, text] of Object.entries(sources)) {
    const file = path.slice(path.lastIndexOf('/') + 1);
    let data: unknown;
    try {
      data = parse(text);
    } catch (e) {
      errors.push(`${file}: YAML: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    const v = validateLesson(data, file);
    if (v.ok) lessons.push(v.lesson);
    else errors.push(...v.errors);
  }
  lessons.sort((a, b) => a.order - b.order);
  return { lessons, errors };
}

let catalog: Catalog | undefined;
let loading: Promise<Catalog> | undefined;
const EMPTY: Catalog = { lessons: [], errors: [] };

/** Fetch, parse and validate every lesson file (once). */
export function loadLessonCatalog(): Promise<Catalog> {
  loading ??= Promise.all(Object.entries(loaders).map(async ([path, load]) => [path, await load()] as const)).then((entries) => {
    catalog = buildCatalog(Object.fromEntries(entries));
    return catalog;
  });
  return loading;
}

/** The catalog once loaded (empty before). */
export function lessonCatalog(): Catalog {
  return catalog ?? EMPTY;
}

export function findLesson(id: string | null): Lesson | undefined {
  return id ? lessonCatalog().lessons.find((l) => l.id === id) : undefined;
}
