import { describe, expect, it } from 'vitest';
import { messages } from './messages';
import { translate } from './use-t';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
  it('has every id in both languages with the same placeholders', () => {
    expect(Object.keys(messages.zh).sort()).toEqual(Object.keys(messages.en).sort());
    for (const [id, en] of Object.entries(messages.en)) {
      expect(placeholders((messages.zh as Record<string, string>)[id]), id).toEqual(placeholders(en));
    }
  });

  it('fills parameters and leaves unknown ones visible', () => {
    expect(translate('en', 'drop.failed', { node: 'node-1', message: 'Insufficient cpu' })).toBe('Not placed on node-1: Insufficient cpu');
    expect(translate('zh', 'drop.failed', { node: 'node-1' })).toBe('无法放到 node-1：{message}');
  });
});
