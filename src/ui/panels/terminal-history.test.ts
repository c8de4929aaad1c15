import { describe, expect, it } from 'vitest';
import { MAX_HISTORY, browse, emptyHistory, normaliseCommand, pushHistory } from './terminal-history';

function walk(entries: string[], keys: Array<'up' | 'down'>, typed = '') {
  let h = emptyHistory(entries);
  let text = typed;
  const seen: string[] = [];
  for (const k of keys) {
    ({ history: h, text } = browse(h, k, text));
    seen.push(text);
  }
  return seen;
}

describe('terminal history', () => {
  it('Up walks back from the newest entry and stops at the oldest', () => {
    expect(walk(['get pods', 'get nodes'], ['up', 'up', 'up'])).toEqual(['get nodes', 'get pods', 'get pods']);
  });

  it('Down walks forward and ends on the line that was being typed', () => {
    expect(walk(['get pods', 'get nodes'], ['up', 'up', 'down', 'down', 'down'], 'desc')).toEqual([
      'get nodes', 'get pods', 'get nodes', 'desc', 'desc',
    ]);
  });

  it('does nothing with an empty history', () => {
    expect(walk([], ['up', 'down'], 'x')).toEqual(['x', 'x']);
  });

  it('skips blank lines and immediate repeats, and resets browsing', () => {
    let h = emptyHistory();
    for (const line of ['get pods', '  ', 'get pods', 'get nodes']) h = pushHistory(h, line);
    expect(h.entries).toEqual(['get pods', 'get nodes']);
    expect(h.cursor).toBe(2);
  });

  it('keeps at most MAX_HISTORY entries', () => {
    let h = emptyHistory();
    for (let i = 0; i < MAX_HISTORY + 5; i++) h = pushHistory(h, `get pod p${i}`);
    expect(h.entries).toHaveLength(MAX_HISTORY);
    expect(h.entries[0]).toBe('get pod p5');
  });

  it.each([
    ['kubectl get pods', 'get pods'],
    ['  get pods ', 'get pods'],
    ['kubectl', ''],
    ['kubectlx get', 'kubectlx get'],
  ])('normalises %j to %j', (line, want) => {
    expect(normaliseCommand(line)).toBe(want);
  });
});
