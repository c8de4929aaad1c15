import { describe, expect, it } from 'vitest';
import { polishTranslate } from './polish-messages';
import { DOCK_TAB_KEYS, isTypingTarget, SHORTCUT_GROUPS } from './shortcuts';

describe('shortcuts list', () => {
  it('lists an Alt+digit line for every dock tab the global handler opens', () => {
    const global = SHORTCUT_GROUPS[0].items;
    for (const [code, tab] of Object.entries(DOCK_TAB_KEYS)) {
      const line = global.find((s) => s.tab === tab);
      expect(line?.keys, tab).toEqual([['Alt', code.replace('Digit', '')]]);
    }
  });

  it('lists the search and help keys', () => {
    const keys = SHORTCUT_GROUPS.flatMap((g) => g.items.flatMap((s) => s.keys.map((k) => k.join('+'))));
    for (const k of ['Ctrl+K', '/', '?', 'Ctrl+`', 'Ctrl+Enter', 'Ctrl+Shift+Enter', 'Tab', 'Ctrl+L']) expect(keys, k).toContain(k);
  });

  it('has every label in both languages, different from the English in Chinese', () => {
    for (const g of SHORTCUT_GROUPS) {
      for (const id of [g.title, ...g.items.map((s) => s.label)]) {
        expect(polishTranslate('zh', id)).not.toBe(polishTranslate('en', id));
      }
    }
  });

  it('treats inputs, text areas and the Monaco editor as typing targets', () => {
    const fake = (match: boolean) => ({ closest: () => (match ? {} : null) }) as unknown as EventTarget;
    expect(isTypingTarget(fake(true))).toBe(true);
    expect(isTypingTarget(fake(false))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
    expect(isTypingTarget({ isContentEditable: true, closest: () => null } as unknown as EventTarget)).toBe(true);
  });
});
