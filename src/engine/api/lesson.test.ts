import { describe, expect, it } from 'vitest';
import { CNI_BACKEND_NAMES, PROXY_MODES } from '../cni/types';
import { countMatches, formatCount, isFieldPath, LESSON_CNIS, LESSON_PROXY_MODES, lessonDurationMs, parseFieldPath, validateLesson } from './lesson';

const text = { en: 'x', zh: '叉' };
function lesson(overrides: Record<string, unknown> = {}, step: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'demo',
    title: text,
    summary: text,
    seed: { file: '001_abc.txt', section: 'pod' },
    steps: [{ title: text, text, checks: [{ label: text, objects: { kind: 'Pod' }, count: 1 }], solution: [{ kubectl: 'run a --image=nginx' }], ...step }],
    ...overrides,
  };
}

describe('validateLesson', () => {
  it('accepts a well-formed lesson and derives its order from the file name', () => {
    const v = validateLesson(lesson(), '12-demo.yaml');
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.lesson.order).toBe(12);
      expect(v.lesson.steps[0].solution).toEqual([{ kubectl: 'run a --image=nginx' }]);
    }
  });

  it.each([
    ['a file name without a number', lesson(), 'demo.yaml', 'file name'],
    ['an id that differs from the file name', lesson({ id: 'other' }), '12-demo.yaml', 'must match the file name'],
    ['an unknown top-level field (a typo)', lesson({ stpes: [] }), '12-demo.yaml', 'unknown field "stpes"'],
    ['text without Chinese', lesson({ title: { en: 'only' } }), '12-demo.yaml', 'title: "zh" is required'],
    ['a check with two kinds', lesson({}, { checks: [{ label: text, objects: { kind: 'Pod' }, kubectl: 'get pods', contains: 'x' }] }), '12-demo.yaml', 'exactly one of objects, kubectl, trace, event, nodeShell'],
    ['a condition with two operators', lesson({}, { checks: [{ label: text, objects: { kind: 'Pod' }, all: [{ path: 'status.phase', equals: 'Running', exists: true }] }] }), '12-demo.yaml', 'give exactly one of'],
    ['a malformed field path', lesson({}, { checks: [{ label: text, objects: { kind: 'Pod', where: [{ path: 'status..phase', equals: 'x' }] } }] }), '12-demo.yaml', 'is not a field path'],
    ['a bad regular expression', lesson({}, { checks: [{ label: text, kubectl: 'get pods', matches: '(' }] }), '12-demo.yaml', 'not a valid regular expression'],
    ['a kubectl check with nothing to compare', lesson({}, { checks: [{ label: text, kubectl: 'get pods' }] }), '12-demo.yaml', 'needs contains'],
    ['a prediction answer out of range', lesson({}, { predict: { question: text, choices: [text, text], answer: 2, explanation: text } }), '12-demo.yaml', 'must be the index of a choice'],
    ['a checked step without a solution', lesson({}, { solution: [] }), '12-demo.yaml', 'needs a reference solution'],
    ['an action with an unknown key', lesson({}, { solution: [{ sleep: '5s' }] }), '12-demo.yaml', 'exactly one key of apply'],
    ['a wait that is not a duration', lesson({}, { solution: [{ wait: 'soon' }] }), '12-demo.yaml', 'is not a duration'],
    ['"apply: try" without try.yaml', lesson({}, { solution: [{ apply: 'try' }] }), '12-demo.yaml', 'has no try.yaml'],
    ['an unknown CNI', lesson({ scenario: { cni: 'weave' } }), '12-demo.yaml', 'scenario.cni'],
    ['an unknown trace mark', lesson({}, { checks: [{ label: text, trace: { from: 'node/node-1', to: 'web' }, outcome: 'delivered', crosses: ['tunnel'] }] }), '12-demo.yaml', 'crosses: must be a list of encap:vxlan'],
    ['a nodeShell check with nothing to compare', lesson({}, { checks: [{ label: text, nodeShell: { node: 'node-1', command: 'ip route' } }] }), '12-demo.yaml', 'a nodeShell check needs'],
    ['a cluster action with an unknown CNI', lesson({}, { solution: [{ cluster: { cni: 'weave' } }] }), '12-demo.yaml', 'solution[0].cluster.cni'],
    ['a cluster action that changes nothing', lesson({}, { solution: [{ cluster: {} }] }), '12-demo.yaml', 'give cni, proxyMode or nodeSubnets'],
    ['three node subnets', lesson({ scenario: { nodeSubnets: 3 } }), '12-demo.yaml', 'scenario.nodeSubnets: must be 1 or 2'],
    ['a try.nodeShell entry without a command', lesson({}, { try: { nodeShell: [{ node: 'node-1' }] } }), '12-demo.yaml', 'try.nodeShell[0]'],
    ['a trace from an unknown kind of source', lesson({}, { checks: [{ label: text, trace: { from: 'svc/web', to: 'web' }, outcome: 'delivered' }] }), '12-demo.yaml', 'trace.from'],
  ])('rejects %s, naming the path', (_name, data, file, message) => {
    const v = validateLesson(data, file);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors.join('\n')).toContain(message);
  });

  it('accepts node shell checks, trace marks, node subnets and a cluster rebuild', () => {
    const v = validateLesson(lesson({ scenario: { nodeSubnets: 2 } }, {
      try: { nodeShell: [{ node: 'node-1', command: 'ip route' }], cluster: { cni: 'flannel-udp' } },
      checks: [
        { label: text, nodeShell: { node: 'node-1', command: 'ip route' }, contains: 'cni0' },
        { label: text, trace: { from: 'node/node-1', to: '10.244.2.2' }, outcome: 'delivered', crosses: ['encap:udp', 'userspace'], notCrosses: ['encap:vxlan'] },
      ],
      solution: [{ cluster: { cni: 'flannel-udp', nodeSubnets: 1 } }],
    }), '12-demo.yaml');
    expect(v.ok, v.ok ? '' : v.errors.join('\n')).toBe(true);
    if (v.ok) {
      expect(v.lesson.scenario.nodeSubnets).toBe(2);
      expect(v.lesson.steps[0].solution).toEqual([{ cluster: { cni: 'flannel-udp', nodeSubnets: 1 } }]);
      expect(v.lesson.steps[0].try?.nodeShell).toEqual([{ node: 'node-1', command: 'ip route' }]);
    }
  });

  it('prefixes every error with the file name', () => {
    const v = validateLesson({ id: 3 }, '01-x.yaml');
    expect(v.ok).toBe(false);
    if (!v.ok) for (const e of v.errors) expect(e.startsWith('01-x.yaml: ')).toBe(true);
  });

  it('keeps the CNI and kube-proxy lists equal to the engine\'s', () => {
    expect([...LESSON_CNIS].sort()).toEqual([...CNI_BACKEND_NAMES].sort());
    expect([...LESSON_PROXY_MODES].sort()).toEqual([...PROXY_MODES].sort());
  });
});

describe('field paths', () => {
  it.each([
    ['status.phase', ['status', 'phase']],
    ['spec.containers[0].image', ['spec', 'containers', 0, 'image']],
    ['spec.taints[*].key', ['spec', 'taints', '*', 'key']],
    ["metadata.labels['app.kubernetes.io/name']", ['metadata', 'labels', 'app.kubernetes.io/name']],
    ['status.conditions[type=Ready].status', ['status', 'conditions', { key: 'type', value: 'Ready' }, 'status']],
  ])('parses %s', (path, segs) => {
    expect(parseFieldPath(path)).toEqual(segs);
  });

  it.each(['', '.a', 'a..b', 'a[', 'a[x y]', '[0]x'])('rejects %j', (path) => {
    expect(isFieldPath(path)).toBe(false);
  });
});

describe('counts and durations', () => {
  it.each([
    [3, 3, true],
    [3, 2, false],
    [{ min: 1 }, 0, false],
    [{ min: 1 }, 5, true],
    [{ max: 2 }, 3, false],
    [{ min: 2, max: 4 }, 4, true],
  ])('count %j with %i is %s', (spec, n, ok) => {
    expect(countMatches(spec, n)).toBe(ok);
  });

  it('formats counts for check details', () => {
    expect(formatCount({ min: 1 })).toBe('>= 1');
    expect(formatCount({ min: 2, max: 2 })).toBe('2');
  });

  it.each([['500ms', 500], ['30s', 30_000], ['6m', 360_000], ['1h', 3_600_000], ['6 m', undefined]])('%s is %s ms', (text, ms) => {
    expect(lessonDurationMs(text)).toBe(ms);
  });
});
