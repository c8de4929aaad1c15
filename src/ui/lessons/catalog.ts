// The lesson catalog: every src/lessons/*.yaml, bundled as text by Vite, parsed and validated once.
// An invalid file is left out and its errors kept for the picker to show (lessons are data, and
// data may be wrong); the Node test (src/lessons/lessons.test.ts) keeps the shipped ones valid.

import { parse } from 'yaml';
import { validateLesson, type Lesson } from '../../engine/api/lesson';

const files = import.meta.glob('../../lessons/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

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

export function lessonCatalog(): Catalog {
  catalog ??= buildCatalog(files);
  return catalog;
}

export function findLesson(id: string | null): Lesson | undefined {
  return id ? lessonCatalog().lessons.find((l) => l.id === id) : undefined;
}
