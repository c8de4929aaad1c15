import { describe, expect, it } from 'vitest';
import { editorMessages } from './messages-editor';

describe('editor and panel messages', () => {
  it('has the same ids in English and Chinese', () => {
    expect(Object.keys(editorMessages.zh).sort()).toEqual(Object.keys(editorMessages.en).sort());
  });

  it('uses the same {placeholders} in both languages', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [id, en] of Object.entries(editorMessages.en)) {
      expect(ph(editorMessages.zh[id as keyof typeof editorMessages.zh]), id).toEqual(ph(en));
    }
  });

  it('only uses the prefixes this module owns', () => {
    for (const id of Object.keys(editorMessages.en)) expect(id).toMatch(/^(editor|inspector|events|terminal)\./);
  });
});
