import { describe, expect, it } from 'vitest';
import { formatLabels, formatLabelSelector, labelSelectorAsSelector, matchesLabelSelector, parseSelector, requirementMatches, selectorFromSet } from './labels';

describe('labelSelectorAsSelector', () => {
  const web = { app: 'web', tier: 'frontend', env: 'prod' };

  it.each([
    ['matchLabels that all match', { matchLabels: { app: 'web', tier: 'frontend' } }, true],
    ['matchLabels with one mismatch', { matchLabels: { app: 'web', tier: 'backend' } }, false],
    ['In with the value', { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }] }, true],
    ['In without the value', { matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] }, false],
    ['In on a missing key', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, false],
    ['NotIn with another value', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, true],
    ['NotIn on a missing key', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    ['NotIn with the value', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
    ['Exists on a missing key', { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    ['DoesNotExist on a missing key', { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    ['DoesNotExist on a present key', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    ['labels and expressions together', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, true],
    ['the empty selector', {}, true],
  ])('%s', (_name, selector, expected) => {
    expect(matchesLabelSelector(selector, web)).toBe(expected);
  });

  it('a nil selector selects nothing, an empty one everything', () => {
    expect(matchesLabelSelector(undefined, { app: 'web' })).toBe(false);
    expect(labelSelectorAsSelector({}).isEverything()).toBe(true);
    expect(matchesLabelSelector({}, undefined)).toBe(true);
  });

  it('rejects an unknown operator and an empty In set by matching nothing', () => {
    const bad = labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] });
    expect(bad.error).toContain('"Gt" is not a valid label selector operator');
    expect(bad.matches({ a: '2' })).toBe(false);
    expect(labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }).error).toBeDefined();
  });
});

describe('formatLabelSelector', () => {
  it('prints requirements sorted by key as kubectl does', () => {
    expect(formatLabelSelector({ matchLabels: { tier: 'web', app: 'nginx' } })).toBe('app=nginx,tier=web');
    expect(
      formatLabelSelector({
        matchLabels: { app: 'nginx' },
        matchExpressions: [
          { key: 'env', operator: 'NotIn', values: ['prod', 'dev'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'zone', operator: 'Exists' },
        ],
      }),
    ).toBe('app=nginx,!canary,env notin (dev,prod),zone');
  });

  it('prints <none> for an empty selector', () => {
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector(undefined)).toBe('<none>');
  });
});

describe('selectorFromSet', () => {
  it('needs every key to match and selects everything when empty', () => {
    expect(selectorFromSet({ app: 'web' }).matches({ app: 'web', x: 'y' })).toBe(true);
    expect(selectorFromSet({ app: 'web' }).matches({ app: 'api' })).toBe(false);
    expect(selectorFromSet({}).isEverything()).toBe(true);
  });
});

describe('parseSelector', () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web' }, true],
    ['app!=web', { app: 'api' }, true],
    ['app!=web', {}, true],
    ['app=web,tier=db', { app: 'web', tier: 'fe' }, false],
    ['env in (prod, staging)', { env: 'staging' }, true],
    ['env notin (prod,staging)', { env: 'prod' }, false],
    ['track', { track: 'x' }, true],
    ['!track', { track: 'x' }, false],
    ['!track,app=web', { app: 'web' }, true],
    ['replicas>2', { replicas: '3' }, true],
    ['replicas<2', { replicas: '3' }, false],
    ['', { anything: 'goes' }, true],
  ])('%s on %j is %s', (text, labels, expected) => {
    const r = parseSelector(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.selector.matches(labels)).toBe(expected);
  });

  it('round-trips to the canonical string', () => {
    const r = parseSelector('tier in (b,a), app=web , !legacy');
    expect(r.ok && r.selector.toString()).toBe('app=web,!legacy,tier in (a,b)');
  });

  it.each(['app=web,', 'env in prod', 'env in (a', '=web', 'app=web tier=db', 'replicas>x'])('rejects %j', (text) => {
    expect(parseSelector(text).ok).toBe(false);
  });

  const kubectlLabels = { app: 'web', tier: 'front', replicas: '3' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app = web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (db, web)', true],
    ['app in (db)', false],
    ['app notin (db)', true],
    ['missing notin (db)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app=web,tier=back', false],
    ['replicas>2', true],
    ['replicas<3', false],
    ['app=', false],
    ['in=x', false],
    ['app in (in, web)', true],
  ])('%j matches app=web,tier=front,replicas=3: %s', (text, want) => {
    const parsed = parseSelector(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.selector.matches(kubectlLabels)).toBe(want);
  });

  // The messages of labels.Parse, verbatim: some carry the `unable to parse requirement: ` prefix
  // (errors inside one requirement), some do not (errors between requirements), and one says
  // `expected: '('` without a comma.
  it.each([
    ['app in (web', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['app in web', "unable to parse requirement: found 'web' expected: '('"],
    ['component not in (x)', "unable to parse requirement: found 'not', expected: in, notin, =, ==, !=, gt, lt"],
    ['=web', "found '=', expected: !, identifier, or 'end of string'"],
    ['a=b c=d', "found 'c', expected: ',' or 'end of string'"],
    ['app=web,', "found '', expected: identifier after ','"],
    ['!tier=x', "found '=', expected: ',' or 'end of string'"],
    ['! =x', "unable to parse requirement: found '=', expected: identifier"],
    ['app in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['app in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['app=(', "unable to parse requirement: found '(', expected: identifier"],
    ['replicas>x', `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`],
  ])('%j is rejected with the parser\'s message', (text, error) => {
    expect(parseSelector(text)).toEqual({ ok: false, error });
  });

  it('reads value sets as sets: sorted, without repeats, empty members as ""', () => {
    const r = parseSelector('b in (z,a,z), a notin (,), c in ()');
    expect(r.ok && r.selector.requirements).toEqual([
      { key: 'a', operator: 'notin', values: [''] },
      { key: 'b', operator: 'in', values: ['a', 'z'] },
      { key: 'c', operator: 'in', values: [''] },
    ]);
    expect(r.ok && r.selector.toString()).toBe('a notin (),b in (a,z),c in ()');
  });
});

describe('requirementMatches', () => {
  it('compares Gt/Lt as integers (a sign allowed) and needs exactly one value', () => {
    expect(requirementMatches({ key: 'n', operator: 'gt', values: ['+2'] }, { n: '3' })).toBe(true);
    expect(requirementMatches({ key: 'n', operator: 'lt', values: ['-1'] }, { n: '-2' })).toBe(true);
    expect(requirementMatches({ key: 'n', operator: 'gt', values: ['1', '2'] }, { n: '3' })).toBe(false);
    expect(requirementMatches({ key: 'n', operator: 'gt', values: ['1'] }, { n: 'three' })).toBe(false);
  });
});

describe('formatLabels', () => {
  it('prints labels sorted by key, or <none>', () => {
    expect(formatLabels({ tier: 'front', app: 'web' })).toBe('app=web,tier=front');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels(undefined)).toBe('<none>');
  });
});
