// Every lesson file: it validates, its scenario starts, and each checked step is honest (its checks
// FAIL before its reference solution) and solvable (they all PASS after it, the clock settled).
// A failure names the lesson, the step and the check, with what the check saw.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateLesson, type Lesson } from '../engine/api/lesson';
import { evaluateChecks } from '../worker/lessons-checks';
import { runSolution, startScenario } from '../worker/lessons-solution';

const dir = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();

function load(file: string): Lesson {
  const v = validateLesson(parse(readFileSync(join(dir, file), 'utf8')), file);
  if (!v.ok) throw new Error(v.errors.join('\n'));
  return v.lesson;
}

describe('lesson files', () => {
  it('there are lessons, with unique ids and numbers', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    const lessons = files.map(load);
    expect(new Set(lessons.map((l) => l.id)).size).toBe(lessons.length);
    expect(new Set(lessons.map((l) => l.order)).size).toBe(lessons.length);
  });

  it.each(files)('%s names a seed note that exists', (file) => {
    const lesson = load(file);
    expect(lesson.seed.file).toMatch(/^\d{3}_[0-9a-f]+\.txt$/);
  });

  it.each(files)('%s: each step fails before its solution and passes after it', (file) => {
    const lesson = load(file);
    const { world, outcome } = startScenario(lesson);
    expect(outcome.ok, outcome.message).toBe(true);
    const run = { lesson, world };
    lesson.steps.forEach((step, i) => {
      const where = `${lesson.id} step ${i + 1} (${step.title.en})`;
      if (step.checks.length > 0) {
        const before = evaluateChecks(run.world, step.checks);
        expect(before.every((r) => r.passed), `${where}: all checks already pass before the solution`).toBe(false);
      }
      const outcomes = runSolution(run, step);
      outcomes.forEach((o, j) => expect(o.ok, `${where}: solution action ${j + 1} failed: ${o.message}`).toBe(true));
      const after = evaluateChecks(run.world, step.checks);
      after.forEach((r, j) => expect(r.passed, `${where}: check "${step.checks[j].label.en}" fails after the solution: ${r.detail}`).toBe(true));
    });
  });
});
