import { describe, expect, it } from 'vitest';
import { appendWatchOutput, interruptedOutput } from './terminal-watch';

describe('terminal watch output', () => {
  it('appends rows and keeps the newest lines only', () => {
    expect(appendWatchOutput('NAME\na\n', 'b\n', 10)).toBe('NAME\na\nb\n');
    expect(appendWatchOutput('1\n2\n3\n', '4\n5\n', 3)).toBe('3\n4\n5\n');
  });

  it('^C goes on a line of its own after the rows', () => {
    expect(interruptedOutput('NAME\nweb\n')).toBe('NAME\nweb\n^C\n');
    expect(interruptedOutput('')).toBe('^C\n');
    expect(interruptedOutput('partial')).toBe('partial\n^C\n');
  });
});
