import { describe, expect, it } from 'vitest';
import { nextTime, parseCron } from './cron';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('cron schedules', () => {
  it.each([
    ['*/1 * * * *', '2026-01-05T09:00:00Z', '2026-01-05T09:01:00.000Z'],
    ['*/15 * * * *', '2026-01-05T09:07:30Z', '2026-01-05T09:15:00.000Z'],
    ['@hourly', '2026-01-05T09:00:00Z', '2026-01-05T10:00:00.000Z'],
    ['@daily', '2026-01-05T09:00:00Z', '2026-01-06T00:00:00.000Z'],
    ['@weekly', '2026-01-05T09:00:00Z', '2026-01-11T00:00:00.000Z'],
    ['@monthly', '2026-01-05T09:00:00Z', '2026-02-01T00:00:00.000Z'],
    ['@yearly', '2026-01-05T09:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['30 2 * * MON-FRI', '2026-01-09T03:00:00Z', '2026-01-12T02:30:00.000Z'],
    ['0 0 29 FEB *', '2026-01-05T09:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['0 12 1 * 0', '2026-01-05T09:00:00Z', '2026-01-11T12:00:00.000Z'], // day-of-month OR day-of-week
    ['5,10-12 * * * *', '2026-01-05T09:10:00Z', '2026-01-05T09:11:00.000Z'],
    ['0 0 * * 7', '2026-01-05T09:00:00Z', '2026-01-11T00:00:00.000Z'],
  ])('%s after %s is %s', (spec, after, next) => {
    expect(iso(nextTime(parseCron(spec), at(after)))).toBe(next);
  });

  it.each([
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['*/x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['@every 5m', 'unrecognized descriptor: @every 5m'],
  ])('rejects %s', (spec, message) => {
    expect(() => parseCron(spec)).toThrow(message);
  });
});
