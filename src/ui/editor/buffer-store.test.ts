import { describe, expect, it } from 'vitest';
import { BUFFER_KEY, bufferAtRisk, loadBuffer, saveBuffer } from './buffer-store';
import { DEFAULT_MANIFEST } from './samples';

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    map: m,
  };
}

describe('editor buffer persistence', () => {
  it('starts with the default manifest when nothing was saved', () => {
    expect(loadBuffer(memoryStorage())).toBe(DEFAULT_MANIFEST);
  });

  it('a share link may replace the default manifest, an empty buffer or its own text, not the learner\'s text', () => {
    const s = memoryStorage();
    expect(bufferAtRisk('kind: Service\n', s)).toBe(false); // first visit: the default manifest
    saveBuffer('', s);
    expect(bufferAtRisk('kind: Service\n', s)).toBe(false);
    saveBuffer('kind: Service\n', s);
    expect(bufferAtRisk('kind: Service\n', s)).toBe(false);
    saveBuffer('kind: Pod # my own work\n', s);
    expect(bufferAtRisk('kind: Service\n', s)).toBe(true);
  });

  it('returns what was saved, including an empty buffer', () => {
    const s = memoryStorage();
    expect(saveBuffer('kind: Pod\n', s)).toBe(true);
    expect(s.map.get(BUFFER_KEY)).toBe('kind: Pod\n');
    expect(loadBuffer(s)).toBe('kind: Pod\n');
    saveBuffer('', s);
    expect(loadBuffer(s)).toBe('');
  });

  it('survives a storage that throws', () => {
    const broken = {
      getItem: () => { throw new Error('denied'); },
      setItem: () => { throw new Error('quota'); },
    };
    expect(loadBuffer(broken)).toBe(DEFAULT_MANIFEST);
    expect(saveBuffer('x', broken)).toBe(false);
  });

  it('works without any storage', () => {
    expect(saveBuffer('x', undefined)).toBe(false);
  });
});
