import { describe, expect, it } from 'vitest';
import { matchesSelector, parseSelector } from './selector';

const labels = { app: 'web', tier: 'front', replicas: '3' };

describe('parseSelector and matchesSelector', () => {
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
  ])('%j matches app=web,tier=front,replicas=3: %s', (selector, want) => {
    const parsed = parseSelector(selector);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(matchesSelector(parsed.requirements, labels)).toBe(want);
  });

  it.each([
    ['app in (web', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['app in web', "unable to parse requirement: found 'web', expected: '('"],
    ['component not in (x)', "unable to parse requirement: found 'not', expected: in, notin, =, ==, !=, gt, lt"],
    ['=web', "unable to parse requirement: found '=', expected: identifier"],
    ['a=b c=d', "unable to parse requirement: found 'c', expected: ',' or 'end of string'"],
  ])('%j is rejected', (selector, error) => {
    expect(parseSelector(selector)).toEqual({ ok: false, error });
  });
});
