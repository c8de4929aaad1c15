import { describe, expect, it } from 'vitest';
import { arith, containerOutput, expandKubeRefs, formatDate, piDigits, printf, type OutputInput } from './output';

const START = Date.UTC(2026, 10, 23, 8, 0, 0);
const out = (c: OutputInput, untilMs: number, maxLines?: number) =>
  containerOutput(c, { startEpochMs: START, untilMs, ...(maxLines !== undefined ? { maxLines } : {}) });
const texts = (c: OutputInput, untilMs: number) => out(c, untilMs).map((l) => l.text);

describe('containerOutput: sh -c scripts', () => {
  it('a busybox echo loop writes one line every sleep period, as simulated time passes', () => {
    const c = { image: 'busybox', command: ['sh', '-c', 'while true; do echo hello; sleep 5; done'] };
    expect(out(c, 0).map((l) => l.atMs)).toEqual([0]);
    expect(out(c, 24_999).map((l) => l.atMs)).toEqual([0, 5000, 10_000, 15_000, 20_000]);
    expect(out(c, 25_000)).toHaveLength(6);
    expect(new Set(texts(c, 25_000))).toEqual(new Set(['hello']));
  });

  it('counts with $((i+1)) and prints $(date) at the time each line is written', () => {
    const c = { image: 'busybox', args: ['/bin/sh', '-c', 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done'] };
    expect(texts(c, 2500)).toEqual(['0: Mon Nov 23 08:00:00 UTC 2026', '1: Mon Nov 23 08:00:01 UTC 2026', '2: Mon Nov 23 08:00:02 UTC 2026']);
  });

  it('keeps memory bounded: a loop running for days yields only the newest lines, with the right counter', () => {
    const c = { image: 'busybox', command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "line $i"; sleep 1; done'] };
    const days = 30 * 86_400_000;
    const lines = out(c, days, 100);
    expect(lines).toHaveLength(100);
    expect(lines[99]).toEqual({ atMs: days, stream: 'stdout', text: `line ${days / 1000 + 1}` });
    expect(lines[0].text).toBe(`line ${days / 1000 - 98}`);
  });

  it('runs a script to its exit: lines before the exit, stderr via >&2, nothing after', () => {
    const c = { image: 'busybox', command: ['sh', '-c', 'echo starting; sleep 3; echo "failed!" >&2; exit 1; echo never'] };
    expect(out(c, 60_000)).toEqual([
      { atMs: 0, stream: 'stdout', text: 'starting' },
      { atMs: 3000, stream: 'stderr', text: 'failed!' },
    ]);
    expect(texts(c, 2000)).toEqual(['starting']);
  });

  it("words an unknown command as the image's shell does", () => {
    expect(out({ image: 'busybox', command: ['sh', '-c', 'echo hi; foo --bar'] }, 1000)).toEqual([
      { atMs: 0, stream: 'stdout', text: 'hi' },
      { atMs: 0, stream: 'stderr', text: 'sh: foo: not found' },
    ]);
    expect(texts({ image: 'ubuntu', command: ['sh', '-c', 'true\ncurl http://x'] }, 1000)).toEqual(['sh: 2: curl: not found']);
    expect(texts({ image: 'ubuntu', command: ['bash', '-c', 'nope'] }, 1000)).toEqual(['bash: line 1: nope: command not found']);
    // An image we do not know may have any program: no complaint.
    expect(texts({ image: 'example.com/team/app:1', command: ['sh', '-c', 'migrate && echo done'] }, 1000)).toEqual(['done']);
  });

  it('runs for loops, if/else, printf, && and ||, and discards output redirected to a file', () => {
    const script = 'for i in 1 2 3; do printf "%03d\\n" $i; done; if [ -z "$X" ]; then echo empty; else echo set; fi; false || echo fallback; false && echo no; echo hidden > /tmp/x';
    expect(texts({ image: 'busybox', command: ['sh', '-c', script] }, 1000)).toEqual(['001', '002', '003', 'empty', 'fallback']);
  });

  it('reads the environment: env, $VAR, and the kubelet\'s $(VAR) expansion in command and args', () => {
    const env = { SPECIAL_LEVEL_KEY: 'very' };
    expect(texts({ image: 'busybox', command: ['/bin/sh', '-c', 'env'], env, hostname: 'dapi-test-pod' }, 1000)).toEqual([
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=dapi-test-pod', 'SPECIAL_LEVEL_KEY=very', 'HOME=/root',
    ]);
    expect(texts({ image: 'busybox', command: ['sh', '-c', 'echo $SPECIAL_LEVEL_KEY ${MISSING:-dflt}'], env }, 1000)).toEqual(['very dflt']);
    expect(texts({ image: 'busybox', command: ['echo', '$(SPECIAL_LEVEL_KEY)', '$$(NOT)'], env }, 1000)).toEqual(['very $(NOT)']);
    expect(expandKubeRefs('$(A)-$(B)', { A: '1' })).toBe('1-$(B)');
  });

  it('a shell image with no command writes nothing; echo -n lines are joined', () => {
    expect(out({ image: 'busybox' }, 1000)).toEqual([]);
    expect(texts({ image: 'busybox', command: ['sh', '-c', 'echo -n "a"; echo b'] }, 1000)).toEqual(['ab']);
  });
});

describe('containerOutput: well-known images', () => {
  it("nginx's entrypoint lines on stdout, then nginx's notices on stderr", () => {
    const lines = out({ image: 'nginx:1.27.3' }, 1000);
    expect(lines.filter((l) => l.stream === 'stdout').at(-1)?.text).toBe('/docker-entrypoint.sh: Configuration complete; ready for start up');
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.text)).toContain('2026/11/23 08:00:00 [notice] 1#1: nginx/1.27.3');
    // `command: [nginx, ...]` skips the entrypoint script.
    expect(out({ image: 'nginx', command: ['nginx', '-g', 'daemon off;'] }, 1000).every((l) => l.stream === 'stderr')).toBe(true);
  });

  it('redis ends its startup with "Ready to accept connections tcp"', () => {
    expect(texts({ image: 'redis:7.4' }, 1000).at(-1)).toBe('1:M 23 Nov 2026 08:00:00.003 * Ready to accept connections tcp');
  });

  it("the pi Job prints 2000 digits of pi after a few seconds", () => {
    const c = { image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] };
    expect(out(c, 1000)).toEqual([]);
    const [line] = out(c, 60_000);
    expect(line.text).toMatch(/^3\.14159265358979323846264338327950288419716939937510/);
    expect(line.text.replace('.', '')).toHaveLength(2000);
  });
});

describe('helpers', () => {
  it('pi is rounded to the digits asked', () => {
    expect(piDigits(5)).toBe('3.1416');
    expect(piDigits(10)).toBe('3.141592654');
  });
  it('arith, printf and date', () => {
    expect(arith('i + 2 * (3 - 1)', new Map([['i', '4']]))).toBe(8);
    expect(arith('7 % 3 == 1', new Map())).toBe(1);
    expect(printf('%s=%d;', ['a', '1', 'b', '2'])).toBe('a=1;b=2;');
    expect(printf('%5s|%-3s|', ['x', 'y'])).toBe('    x|y  |');
    expect(formatDate(START)).toBe('Mon Nov 23 08:00:00 UTC 2026');
    expect(formatDate(START, '+%Y-%m-%dT%H:%M:%S')).toBe('2026-11-23T08:00:00');
  });
});
