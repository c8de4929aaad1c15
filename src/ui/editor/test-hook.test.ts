import { describe, expect, it } from 'vitest';
import { testHooksEnabled } from './test-hook';

describe('testHooksEnabled', () => {
  it.each([
    ['development', '', true],
    ['test', '', true],
    ['production', '', false],
    ['production', '?test', true],
    ['production', '?seed=3&test=1', true],
    ['production', '?testing', false],
  ])('mode %s with query %j -> %s', (mode, search, want) => {
    expect(testHooksEnabled(mode, search)).toBe(want);
  });
});
