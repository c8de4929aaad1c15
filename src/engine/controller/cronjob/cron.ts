// A standard 5-field cron schedule (minute hour day-of-month month day-of-week) and its next times, in UTC.
// UPSTREAM: github.com/robfig/cron/v3 parser.go, spec.go (the parser kube-controller-manager uses)
// SIMPLIFICATION: UTC only (spec.timeZone and `TZ=`/`CRON_TZ=` prefixes are not modelled); no `@every`.

export interface CronSchedule {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  /** day-of-month / day-of-week was `*` (or `?`): robfig's star bit, which makes the day match an AND */
  domStar: boolean;
  dowStar: boolean;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Bounds {
  min: number;
  max: number;
  names?: string[];
  /** the first name's value (months start at 1) */
  nameBase?: number;
}
const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { min: 0, max: 6, names: DAYS, nameBase: 0 },
];

/** Parse a schedule; throws an Error with robfig's wording on a bad one. */
export function parseCron(spec: string): CronSchedule {
  const text = spec.trim();
  // robfig's parseDescriptor matches @daily, @hourly... exactly (`@Daily` is unrecognized)
  const expanded = DESCRIPTORS[text] ?? text;
  if (expanded.startsWith('@')) throw new Error(`unrecognized descriptor: ${text}`);
  const fields = expanded.split(/\s+/);
  // robfig/cron formats the fields as a Go []string: [* * * *]
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const sets = fields.map((f, i) => parseField(f, FIELDS[i]));
  // Day-of-week 7 means Sunday as well.
  if (sets[4].has(7)) {
    sets[4].delete(7);
    sets[4].add(0);
  }
  return {
    minute: sets[0], hour: sets[1], dom: sets[2], month: sets[3], dow: sets[4],
    domStar: fields[2] === '*' || fields[2] === '?',
    dowStar: fields[4] === '*' || fields[4] === '?',
  };
}

function parseValue(s: string, b: Bounds): number {
  const lower = s.toLowerCase();
  const i = b.names?.indexOf(lower) ?? -1;
  if (i >= 0) return i + (b.nameBase ?? 0);
  return mustParseInt(s);
}

/** robfig's mustParseInt: strconv.Atoi's error, and no negative numbers. */
function mustParseInt(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`failed to parse int from ${s}: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${s}`);
  return n;
}

function parseField(field: string, b: Bounds): Set<number> {
  const out = new Set<number>();
  const max = b === FIELDS[4] ? 7 : b.max;
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = b.min;
      hi = b.max;
    } else if (range.includes('-')) {
      const [a, z] = range.split('-');
      lo = parseValue(a, b);
      hi = parseValue(z, b);
    } else {
      lo = parseValue(range, b);
      hi = stepText !== undefined ? b.max : lo;
    }
    const step = stepText === undefined ? 1 : mustParseInt(stepText);
    if (lo < b.min) throw new Error(`beginning of range (${lo}) below minimum (${b.min}): ${part}`);
    if (hi > max) throw new Error(`end of range (${hi}) above maximum (${max}): ${part}`);
    if (lo > hi) throw new Error(`beginning of range (${lo}) beyond end of range (${hi}): ${part}`);
    if (step === 0) throw new Error(`step of range should be a positive number: ${part}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const dom = s.dom.has(d.getUTCDate());
  const dow = s.dow.has(d.getUTCDay());
  if (s.domStar || s.dowStar) return dom && dow;
  return dom || dow;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** robfig gives up after five years of searching. */
const SEARCH_LIMIT_MS = 5 * 366 * 24 * HOUR;

/** The first schedule time strictly after `afterMs` (epoch ms), or undefined when there is none within 5 years. */
export function nextTime(s: CronSchedule, afterMs: number): number | undefined {
  let t = Math.floor(afterMs / MINUTE) * MINUTE + MINUTE;
  const limit = afterMs + SEARCH_LIMIT_MS;
  while (t <= limit) {
    const d = new Date(t);
    if (!s.month.has(d.getUTCMonth() + 1)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      continue;
    }
    if (!dayMatches(s, d)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
      continue;
    }
    if (!s.hour.has(d.getUTCHours())) {
      t = Math.floor(t / HOUR) * HOUR + HOUR;
      continue;
    }
    if (!s.minute.has(d.getUTCMinutes())) {
      t += MINUTE;
      continue;
    }
    return t;
  }
  return undefined;
}
