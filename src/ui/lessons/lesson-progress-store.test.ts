import { describe, expect, it } from 'vitest';
import { kvBackend, localStorageBackend, PROGRESS_KEY, sanitizeProgress } from './lesson-progress-store';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('lesson progress', () => {
  it('round-trips through the localStorage backend', async () => {
    const storage = memoryStorage();
    const backend = localStorageBackend(storage);
    const data = { active: 'why-pods', lessons: { 'why-pods': { step: 2, answers: { '1': 0 }, passed: [0], completed: false } } };
    backend.save(data);
    expect(storage.m.has(PROGRESS_KEY)).toBe(true);
    expect(sanitizeProgress(await backend.load())).toEqual(data);
  });

  it('reads corrupt or foreign data as no progress, keeping what has the right shape', async () => {
    const storage = memoryStorage();
    storage.setItem(PROGRESS_KEY, '{not json');
    expect(sanitizeProgress(await localStorageBackend(storage).load())).toEqual({ active: null, lessons: {} });
    expect(sanitizeProgress({ active: 7, lessons: { a: { step: -1, answers: { x: 'y', '2': 1 }, passed: [1, 'z'], completed: 'yes' }, b: 3 } })).toEqual({
      active: null,
      lessons: { a: { step: 0, answers: { '2': 1 }, passed: [1], completed: false } },
    });
  });

  it('keeps working when storage throws', async () => {
    const backend = localStorageBackend({ getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); } });
    expect(() => backend.save({ active: null, lessons: {} })).not.toThrow();
    expect(await backend.load()).toBeUndefined();
  });
});

describe('kvBackend', () => {
  it('reads what it saved from the key-value area, and falls back to the local copy when the area is empty', async () => {
    const saved: unknown[] = [];
    const local = { load: async () => ({ active: 'from-local', lessons: {} }), save: (v: unknown) => void saved.push(v) };
    const fresh = kvBackend(local);
    expect(await fresh.load()).toEqual({ active: 'from-local', lessons: {} });
    const data = { active: '07-why-pods', lessons: { '07-why-pods': { step: 2, answers: {}, passed: [0, 1], completed: false } } };
    fresh.save(data);
    expect(saved).toEqual([data]);
    await new Promise((r) => setTimeout(r, 0));
    expect(await kvBackend({ load: async () => undefined, save: () => {} }).load()).toEqual(data);
  });
});
