import { describe, expect, it } from 'vitest';
import { parseFlags, stringArrayFlag, tokenize } from './args';
import type { FlagSpec } from './args';

describe('tokenize', () => {
  it.each([
    ['kubectl get pods', ['kubectl', 'get', 'pods']],
    ['  get   pods  ', ['get', 'pods']],
    [`get pods -l 'app in (web, db)'`, ['get', 'pods', '-l', 'app in (web, db)']],
    ['get pods -l "app=web"', ['get', 'pods', '-l', 'app=web']],
    ['echo "a \\"quoted\\" word"', ['echo', 'a "quoted" word']],
    [`a'b'"c"d`, ['abcd']],
    ['a\\ b', ['a b']],
    [`''`, ['']],
  ])('%s', (line, words) => {
    expect(tokenize(line)).toEqual({ ok: true, words });
  });

  it('rejects an unterminated quote', () => {
    expect(tokenize(`get pods -l 'app`).ok).toBe(false);
    expect(tokenize('get pods -l "app').ok).toBe(false);
  });
});

describe('parseFlags', () => {
  const specs: FlagSpec[] = [
    { name: 'namespace', shorthand: 'n', kind: 'string' },
    { name: 'output', shorthand: 'o', kind: 'string' },
    { name: 'all-namespaces', shorthand: 'A', kind: 'bool' },
    { name: 'show-labels', kind: 'bool' },
  ];

  it.each([
    [['pods', '-n', 'kube-system'], ['pods'], { namespace: 'kube-system' }],
    [['pods', '-nkube-system'], ['pods'], { namespace: 'kube-system' }],
    [['pods', '-n=kube-system'], ['pods'], { namespace: 'kube-system' }],
    [['--namespace', 'x', 'pods'], ['pods'], { namespace: 'x' }],
    [['--namespace=x', 'pods'], ['pods'], { namespace: 'x' }],
    [['pods', '-owide'], ['pods'], { output: 'wide' }],
    [['pods', '-Ao', 'wide'], ['pods'], { 'all-namespaces': true, output: 'wide' }],
    [['pods', '--show-labels=false'], ['pods'], { 'show-labels': false }],
    [['pods', '--', '-n'], ['pods', '-n'], {}, 1],
  ])('%j', (words, args, flags, argsLenAtDash?: number) => {
    const r = parseFlags(words, specs);
    expect(r).toEqual({ ok: true, parsed: { args, flags: new Map(Object.entries(flags)), argsLenAtDash } });
  });

  it.each([
    [['--foo'], 'unknown flag: --foo'],
    [['-x'], "unknown shorthand flag: 'x' in -x"],
    [['-n'], "flag needs an argument: 'n' in -n"],
    [['--output'], 'flag needs an argument: --output'],
    [['--show-labels=maybe'], 'invalid argument "maybe" for "--show-labels" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
  ])('%j fails with pflag wording', (words, error) => {
    expect(parseFlags(words, specs)).toEqual({ ok: false, error });
  });
});

describe('tokenize refuses shell operators', () => {
  it.each(['get pods | grep web', 'get pods > out.txt', 'get pods; get svc', 'get pods && get svc'])('%s', (line) => {
    const r = tokenize(line);
    expect(r.ok).toBe(false);
  });

  it('keeps quoted operators as text', () => {
    expect(tokenize(`get pods -l 'replicas>2'`)).toEqual({ ok: true, words: ['get', 'pods', '-l', 'replicas>2'] });
  });
});

describe('repeatable flags', () => {
  it('keeps every value of a stringArray flag in order', () => {
    const r = parseFlags(['cm', '--from-literal=a=1', '--from-literal', 'b=2', '-L', 'c=3', 'x'], [{ name: 'from-literal', shorthand: 'L', kind: 'stringArray' }]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(stringArrayFlag(r.parsed.flags, 'from-literal')).toEqual(['a=1', 'b=2', 'c=3']);
    expect(r.parsed.args).toEqual(['cm', 'x']);
    expect(stringArrayFlag(r.parsed.flags, 'absent')).toEqual([]);
  });
});
