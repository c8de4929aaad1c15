import { describe, expect, it } from 'vitest';
import { runPython } from './python-lite';

const EXAMPLE = `import os, sys
print("Hello world")
if int(os.environ.get("JOB_COMPLETION_INDEX")) % 2 == 0:
  sys.exit(1)
`;

describe('runPython', () => {
  it.each([
    ['the backoffLimitPerIndex example exits 1 on an even index', EXAMPLE, { JOB_COMPLETION_INDEX: '4' }, 1, ['Hello world']],
    ['... and 0 on an odd one', EXAMPLE, { JOB_COMPLETION_INDEX: '7' }, 0, ['Hello world']],
    ['print joins its arguments with spaces', 'print("a", 1, True, None)', {}, 0, ['a 1 True None']],
    ['elif and else pick one branch', 'x = 5\nif x < 3:\n  print("low")\nelif x < 10:\n  print("mid")\nelse:\n  print("high")', {}, 0, ['mid']],
    ['one-line if bodies and semicolons', 'import sys; x = 3\nif x == 3: sys.exit(42)', {}, 42, []],
    ['// and % floor towards minus infinity', 'print(-7 // 2, -7 % 2)', {}, 0, ['-4 1']],
    ['os.getenv with a default', 'print(os.getenv("NOPE", "dflt"))', {}, 0, ['dflt']],
    ['and/or return operands', 'print(0 or "x", 1 and 2, not 0)', {}, 0, ['x 2 True']],
    ['raise SystemExit(3)', 'raise SystemExit(3)', {}, 3, []],
    ['sys.exit() with no argument is success', 'import sys\nsys.exit()', {}, 0, []],
  ])('%s', (_name, code, env, exitCode, stdout) => {
    const r = runPython(code, env);
    expect(r?.exitCode).toBe(exitCode);
    expect(r?.stdout).toEqual(stdout);
  });

  it('sys.exit("message") prints it to stderr and exits 1', () => {
    expect(runPython('import sys\nsys.exit("boom")', {})).toMatchObject({ exitCode: 1, stderr: ['boom'] });
  });

  it('an uncaught error prints a traceback and exits 1', () => {
    const r = runPython('print(int(os.environ.get("X")))', { X: 'abc' });
    expect(r?.exitCode).toBe(1);
    expect(r?.stderr.at(-1)).toBe("ValueError: invalid literal for int() with base 10: 'abc'");
    expect(runPython('print(os.environ["MISSING"])', {})?.stderr.at(-1)).toBe("KeyError: 'MISSING'");
  });

  it('time.sleep adds to the run time', () => {
    expect(runPython('import time\ntime.sleep(2.5)\nprint("done")', {})).toMatchObject({ sleepMs: 2500, stdout: ['done'] });
  });

  it('leaves scripts outside the subset to the caller', () => {
    expect(runPython('for i in range(3):\n  print(i)', {})).toBeUndefined();
    expect(runPython('def f():\n  return 1', {})).toBeUndefined();
    expect(runPython('print(f"{1}")', {})).toBeUndefined();
  });
});
