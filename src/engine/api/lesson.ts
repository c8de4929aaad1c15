// The lesson format: a lesson is pure data (src/lessons/<nn>-<id>.yaml), steps with text in English
// and Simplified Chinese, what to try, an optional prediction, checks evaluated against the live
// cluster (src/worker/lessons-checks.ts) and a reference solution the lesson test replays in Node.
// `validateLesson` turns a parsed file into a Lesson or a list of errors naming the offending path.

/** Text in both UI languages. Kubernetes terms stay in English in `zh`. */
export interface LocalText {
  en: string;
  zh: string;
}

/** The cluster a lesson starts from: the header's settings plus manifests applied first. */
export interface LessonScenario {
  seed?: number;
  /** worker nodes (default 3) */
  workerNodes?: number;
  /** CNI back end, e.g. flannel-vxlan (default) */
  cni?: string;
  /** kube-proxy mode: iptables (default) or ipvs */
  proxyMode?: string;
  /** 1 = one L2 segment (default); 2 = workers on two subnets behind a router */
  nodeSubnets?: number;
  /** multi-document YAML applied after the cluster starts */
  manifests?: string;
  /** run the clock until the cluster is quiet after applying the manifests (default true) */
  settle?: boolean;
}

/** `n` exactly, or a range. */
export type CountSpec = number | { min?: number; max?: number };

export type Scalar = string | number | boolean | null;

/**
 * A condition on one field of an object. `path` is dotted with `[n]` indexes, `[*]` for every
 * element and `['a.b/c']` for keys with dots: `status.phase`, `spec.containers[0].image`,
 * `metadata.labels['app.kubernetes.io/name']`, `spec.taints[*].key`, `status.conditions[type=Ready].status`
 * (the elements whose `type` is `Ready`). When the path yields several
 * values (`[*]`), the condition holds if any value satisfies it. Exactly one operator is given.
 */
export interface FieldCondition {
  path: string;
  equals?: Scalar;
  notEquals?: Scalar;
  /** the field is present (true) or absent (false) */
  exists?: boolean;
  /** a regular expression the value (as a string) must match */
  matches?: string;
  in?: Scalar[];
  /** numbers: value >= gte / value <= lte */
  gte?: number;
  lte?: number;
}

/** Which objects a check looks at. */
export interface ObjectQuery {
  kind: string;
  /** default 'default' for namespaced kinds; '*' for every namespace */
  namespace?: string;
  name?: string;
  /** a kubectl label selector: `app=web,tier!=db`, `env in (a,b)` */
  selector?: string;
  /** only objects meeting every condition are counted */
  where?: FieldCondition[];
  /** also count objects being deleted (metadata.deletionTimestamp set); default false */
  includeDeleting?: boolean;
}

interface CheckBase {
  /** what the learner sees beside the tick: concrete, e.g. "3 Pods with app=web are Running" */
  label: LocalText;
}

/** Objects of a kind matching a query: how many, and what all/any of them hold. */
export interface ObjectsCheck extends CheckBase {
  objects: ObjectQuery;
  /** default { min: 1 } */
  count?: CountSpec;
  /** every matched object meets every condition (vacuously true for none: pair with count) */
  all?: FieldCondition[];
  /** at least one matched object meets every condition */
  any?: FieldCondition[];
  /** how many distinct values a field takes over the matched objects, e.g. spec.nodeName: 3 */
  distinct?: { path: string; count: CountSpec };
}

/** A kubectl command whose output (stdout, or stderr when it failed) says something. */
export interface KubectlCheck extends CheckBase {
  /** without the leading `kubectl` */
  kubectl: string;
  contains?: string;
  notContains?: string;
  /** a regular expression (multiline) */
  matches?: string;
  /** the whole output, trailing whitespace trimmed */
  equals?: string;
  exitCode?: number;
}

/** A packet traced now: delivered (optionally served by a pod matching a selector) or not. */
export interface TraceCheck extends CheckBase {
  trace: {
    /** `pod/<name>` (default namespace), `pod/<ns>/<name>`, `pod:<selector>` (first Running match), `node/<name>` or `external` */
    from: string;
    /** an IP, a Service name or a DNS name */
    to: string;
    port?: number;
    protocol?: 'TCP' | 'UDP' | 'ICMP';
  };
  outcome: 'delivered' | 'dropped';
  /** delivered to a pod whose labels match this selector */
  servedBySelector?: string;
  /** the walk includes each of these (TRACE_MARKS), e.g. encap:vxlan, userspace, wire */
  crosses?: string[];
  /** the walk includes none of these, e.g. wire (the packet never left the node) */
  notCrosses?: string[];
}

/**
 * What a trace check can look for in a walk: a hop kind, or `encap:<vxlan|udp|ipip>` for a tunnel
 * of that kind (flannel VXLAN, flannel's UDP back end, IPIP).
 */
export const TRACE_MARKS: readonly string[] = ['encap:vxlan', 'encap:udp', 'encap:ipip', 'userspace', 'wire', 'bridge', 'veth', 'ipvs', 'netfilter', 'conntrack', 'policy', 'route', 'neigh'];

/** A command on a node's root shell (`ip route`, `bridge fdb show`, `iptables-save -t nat`) whose output says something. */
export interface NodeShellCheck extends CheckBase {
  nodeShell: { node: string; command: string };
  contains?: string;
  notContains?: string;
  /** a regular expression (multiline) */
  matches?: string;
}

/** An Event with this reason exists (optionally about a kind/name prefix, of a type). */
export interface EventCheck extends CheckBase {
  event: {
    reason: string;
    kind?: string;
    /** the involved object's name starts with this */
    namePrefix?: string;
    type?: 'Normal' | 'Warning';
    namespace?: string;
  };
  /** default { min: 1 } */
  count?: CountSpec;
}

export type LessonCheck = ObjectsCheck | KubectlCheck | TraceCheck | EventCheck | NodeShellCheck;

export type CheckKind = 'objects' | 'kubectl' | 'trace' | 'event' | 'nodeShell';

export function checkKind(c: LessonCheck): CheckKind {
  if ('objects' in c) return 'objects';
  if ('kubectl' in c) return 'kubectl';
  if ('trace' in c) return 'trace';
  if ('nodeShell' in c) return 'nodeShell';
  return 'event';
}

/** Rebuild the cluster with other settings (the header's selects), the scenario's manifests applied again. */
export interface ClusterChange {
  cni?: string;
  proxyMode?: string;
  nodeSubnets?: number;
}

/** The outcome of one check now; `detail` says what was seen ("2 of 3", the kubectl output's first line). */
export interface CheckResult {
  passed: boolean;
  detail: string;
}

/**
 * One action of a reference solution. The lesson test replays them in Node; the UI can replay the
 * solutions of earlier steps to rebuild a step's starting point.
 */
export type SolutionAction =
  /** apply this YAML; the literal string `try` applies the step's try.yaml */
  | { apply: string }
  /** a kubectl command (without `kubectl`); `try` runs the step's try commands in order */
  | { kubectl: string }
  /** advance the simulated clock by a duration: `30s`, `6m` */
  | { wait: string }
  /** run the clock until nothing is due (controllers, kubelets and timers quiet) */
  | { settle: true }
  | { stopNode: string }
  | { startNode: string }
  /** rebuild the cluster with these settings and the scenario's manifests (as the header's selects do) */
  | { cluster: ClusterChange }
  /** simulated client load on a workload (the inspector's Load slider): requests per second */
  | { load: LoadChange };

/** `workload`: `deployment/web`, `statefulset/db`, `replicaset/x` or with a namespace `deployment/shop/web`. */
export interface LoadChange {
  workload: string;
  rps: number;
}

const LOAD_WORKLOAD = /^(deployment|statefulset|replicaset)\/([a-z0-9][a-z0-9.-]*)(\/[a-z0-9][a-z0-9.-]*)?$/;

/** The kind, namespace and name of a LoadChange's workload; undefined when malformed. */
export function loadWorkload(workload: string): { kind: 'Deployment' | 'StatefulSet' | 'ReplicaSet'; namespace: string; name: string } | undefined {
  const m = LOAD_WORKLOAD.exec(workload);
  if (!m) return undefined;
  const kind = m[1] === 'deployment' ? 'Deployment' : m[1] === 'statefulset' ? 'StatefulSet' : 'ReplicaSet';
  return m[3] ? { kind, namespace: m[2], name: m[3].slice(1) } : { kind, namespace: 'default', name: m[2] };
}

export interface Prediction {
  question: LocalText;
  choices: LocalText[];
  /** index into choices */
  answer: number;
  explanation: LocalText;
}

export interface LessonStep {
  title: LocalText;
  /** short and concrete; `backticks` for names and commands; blank line between paragraphs */
  text: LocalText;
  try?: {
    /** YAML to load into the editor (Load), then Apply */
    yaml?: string;
    /** kubectl commands to run in the terminal (Run), without the leading `kubectl` */
    kubectl?: string[];
    /** a node whose kubelet to stop (the node loses power) or start again: a button in the lesson panel */
    stopNode?: string;
    startNode?: string;
    /** advance the simulated clock by this much (a button), e.g. 6m to see the node lifecycle act */
    wait?: string;
    /** commands for a node's root shell: "Run" opens that node's shell in the terminal with the command */
    nodeShell?: Array<{ node: string; command: string }>;
    /** "Rebuild the cluster" with these settings, the scenario's manifests applied again */
    cluster?: ClusterChange;
    /** "Send N requests/s to the workload": the inspector's Load slider */
    load?: LoadChange;
  };
  /** asked before the step's checks and explanation are revealed */
  predict?: Prediction;
  /** evaluated live; the step is done when all pass. A step with no checks is read-only */
  checks: LessonCheck[];
  /** what satisfies the checks; required when there are checks */
  solution: SolutionAction[];
  /** shown once the checks pass */
  explain?: LocalText;
}

export interface Lesson {
  id: string;
  /** position in the picker: the file name's leading number */
  order: number;
  title: LocalText;
  summary: LocalText;
  /** the seed note the lesson teaches from (file name in the curriculum) and the section */
  seed: { file: string; section: string };
  scenario: LessonScenario;
  steps: LessonStep[];
}

// ---------------------------------------------------------------------------------------------
// Validation: a lesson file is untrusted data until it passes here.

export type LessonValidation = { ok: true; lesson: Lesson } | { ok: false; errors: string[] };

type Json = Record<string, unknown>;

const CHECK_KEYS: readonly CheckKind[] = ['objects', 'kubectl', 'trace', 'event', 'nodeShell'];
const CONDITION_OPS = ['equals', 'notEquals', 'exists', 'matches', 'in', 'gte', 'lte'] as const;
const SOLUTION_KEYS = ['apply', 'kubectl', 'wait', 'settle', 'stopNode', 'startNode', 'cluster', 'load'] as const;
const DURATION = /^\d+(ms|s|m|h)$/;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Validator {
  readonly errors: string[] = [];
  constructor(private readonly file: string) {}

  err(path: string, message: string): void {
    this.errors.push(`${this.file}: ${path}: ${message}`);
  }

  unknownKeys(obj: Json, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) this.err(path, `unknown field "${k}" (allowed: ${allowed.join(', ')})`);
  }

  string(obj: Json, key: string, path: string, required = true): string | undefined {
    const v = obj[key];
    if (v === undefined) {
      if (required) this.err(path, `"${key}" is required`);
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.err(`${path}.${key}`, 'must be a non-empty string');
      return undefined;
    }
    return v;
  }

  text(v: unknown, path: string): LocalText {
    if (!isObject(v)) {
      this.err(path, 'must be { en: ..., zh: ... }');
      return { en: '', zh: '' };
    }
    this.unknownKeys(v, path, ['en', 'zh']);
    const en = this.string(v, 'en', path) ?? '';
    const zh = this.string(v, 'zh', path) ?? '';
    return { en: en.trim(), zh: zh.trim() };
  }

  count(v: unknown, path: string): CountSpec | undefined {
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
    if (isObject(v)) {
      this.unknownKeys(v, path, ['min', 'max']);
      const out: { min?: number; max?: number } = {};
      for (const k of ['min', 'max'] as const) {
        const n = v[k];
        if (n === undefined) continue;
        if (typeof n === 'number' && Number.isInteger(n) && n >= 0) out[k] = n;
        else this.err(`${path}.${k}`, 'must be a whole number >= 0');
      }
      if (out.min === undefined && out.max === undefined) this.err(path, 'give min, max or both');
      return out;
    }
    this.err(path, 'must be a whole number or { min, max }');
    return undefined;
  }

  regex(v: unknown, path: string): string | undefined {
    if (typeof v !== 'string') {
      this.err(path, 'must be a string (a regular expression)');
      return undefined;
    }
    try {
      new RegExp(v, 'm');
    } catch (e) {
      this.err(path, `not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`);
    }
    return v;
  }

  condition(v: unknown, path: string): FieldCondition {
    if (!isObject(v)) {
      this.err(path, 'must be { path: ..., <operator>: ... }');
      return { path: '' };
    }
    this.unknownKeys(v, path, ['path', ...CONDITION_OPS]);
    const p = this.string(v, 'path', path) ?? '';
    if (p && !isFieldPath(p)) this.err(`${path}.path`, `"${p}" is not a field path like status.phase or spec.containers[0].image`);
    const ops = CONDITION_OPS.filter((op) => v[op] !== undefined);
    if (ops.length !== 1) this.err(path, `give exactly one of ${CONDITION_OPS.join(', ')} (found ${ops.length})`);
    const out: FieldCondition = { path: p };
    for (const op of ops) {
      const val = v[op];
      switch (op) {
        case 'equals':
        case 'notEquals':
          if (!isScalar(val)) this.err(`${path}.${op}`, 'must be a string, number, boolean or null');
          else out[op] = val;
          break;
        case 'exists':
          if (typeof val !== 'boolean') this.err(`${path}.exists`, 'must be true or false');
          else out.exists = val;
          break;
        case 'matches':
          out.matches = this.regex(val, `${path}.matches`);
          break;
        case 'in':
          if (!Array.isArray(val) || !val.every(isScalar)) this.err(`${path}.in`, 'must be a list of scalars');
          else out.in = val;
          break;
        case 'gte':
        case 'lte':
          if (typeof val !== 'number') this.err(`${path}.${op}`, 'must be a number');
          else out[op] = val;
          break;
      }
    }
    return out;
  }

  conditions(v: unknown, path: string): FieldCondition[] | undefined {
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      this.err(path, 'must be a list of conditions');
      return undefined;
    }
    return v.map((c, i) => this.condition(c, `${path}[${i}]`));
  }

  check(v: unknown, path: string): LessonCheck | undefined {
    if (!isObject(v)) {
      this.err(path, 'must be a mapping');
      return undefined;
    }
    const kinds = CHECK_KEYS.filter((k) => k in v);
    if (kinds.length !== 1) {
      this.err(path, `a check has exactly one of ${CHECK_KEYS.join(', ')} (found ${kinds.length ? kinds.join(', ') : 'none'})`);
      return undefined;
    }
    const label = this.text(v.label, `${path}.label`);
    switch (kinds[0]) {
      case 'objects': {
        this.unknownKeys(v, path, ['label', 'objects', 'count', 'all', 'any', 'distinct']);
        const q = v.objects;
        if (!isObject(q)) {
          this.err(`${path}.objects`, 'must be { kind, namespace?, name?, selector?, where? }');
          return undefined;
        }
        this.unknownKeys(q, `${path}.objects`, ['kind', 'namespace', 'name', 'selector', 'where', 'includeDeleting']);
        const query: ObjectQuery = { kind: this.string(q, 'kind', `${path}.objects`) ?? '' };
        for (const k of ['namespace', 'name', 'selector'] as const) {
          const s = this.string(q, k, `${path}.objects`, false);
          if (s !== undefined) query[k] = s;
        }
        const where = this.conditions(q.where, `${path}.objects.where`);
        if (where) query.where = where;
        if (q.includeDeleting !== undefined) {
          if (typeof q.includeDeleting !== 'boolean') this.err(`${path}.objects.includeDeleting`, 'must be true or false');
          else query.includeDeleting = q.includeDeleting;
        }
        const out: ObjectsCheck = { label, objects: query };
        const count = this.count(v.count, `${path}.count`);
        if (count !== undefined) out.count = count;
        const all = this.conditions(v.all, `${path}.all`);
        if (all) out.all = all;
        const any = this.conditions(v.any, `${path}.any`);
        if (any) out.any = any;
        if (v.distinct !== undefined) {
          const d = v.distinct;
          if (!isObject(d)) this.err(`${path}.distinct`, 'must be { path, count }');
          else {
            this.unknownKeys(d, `${path}.distinct`, ['path', 'count']);
            const p = this.string(d, 'path', `${path}.distinct`) ?? '';
            const c = this.count(d.count, `${path}.distinct.count`);
            if (c === undefined) this.err(`${path}.distinct`, '"count" is required');
            else out.distinct = { path: p, count: c };
          }
        }
        return out;
      }
      case 'kubectl': {
        this.unknownKeys(v, path, ['label', 'kubectl', 'contains', 'notContains', 'matches', 'equals', 'exitCode']);
        const cmd = this.string(v, 'kubectl', path) ?? '';
        const out: KubectlCheck = { label, kubectl: cmd.replace(/^kubectl\s+/, '') };
        for (const k of ['contains', 'notContains', 'equals'] as const) {
          const s = this.string(v, k, path, false);
          if (s !== undefined) out[k] = s;
        }
        if (v.matches !== undefined) out.matches = this.regex(v.matches, `${path}.matches`);
        if (v.exitCode !== undefined) {
          if (typeof v.exitCode !== 'number') this.err(`${path}.exitCode`, 'must be a number');
          else out.exitCode = v.exitCode;
        }
        if (out.contains === undefined && out.notContains === undefined && out.matches === undefined && out.equals === undefined && out.exitCode === undefined) {
          this.err(path, 'a kubectl check needs contains, notContains, matches, equals or exitCode');
        }
        return out;
      }
      case 'trace': {
        this.unknownKeys(v, path, ['label', 'trace', 'outcome', 'servedBySelector', 'crosses', 'notCrosses']);
        const t = v.trace;
        if (!isObject(t)) {
          this.err(`${path}.trace`, 'must be { from, to, port?, protocol? }');
          return undefined;
        }
        this.unknownKeys(t, `${path}.trace`, ['from', 'to', 'port', 'protocol']);
        const from = this.string(t, 'from', `${path}.trace`) ?? '';
        if (from && !/^(pod\/[^/]+(\/[^/]+)?|pod:.+|node\/.+|external)$/.test(from)) {
          this.err(`${path}.trace.from`, 'must be pod/<name>, pod/<ns>/<name>, pod:<selector>, node/<name> or external');
        }
        const trace: TraceCheck['trace'] = { from, to: this.string(t, 'to', `${path}.trace`) ?? '' };
        if (t.port !== undefined) {
          if (typeof t.port !== 'number' || t.port < 1 || t.port > 65535) this.err(`${path}.trace.port`, 'must be 1..65535');
          else trace.port = t.port;
        }
        if (t.protocol !== undefined) {
          if (t.protocol !== 'TCP' && t.protocol !== 'UDP' && t.protocol !== 'ICMP') this.err(`${path}.trace.protocol`, 'must be TCP, UDP or ICMP');
          else trace.protocol = t.protocol;
        }
        if (v.outcome !== 'delivered' && v.outcome !== 'dropped') this.err(`${path}.outcome`, 'must be delivered or dropped');
        const out: TraceCheck = { label, trace, outcome: v.outcome === 'dropped' ? 'dropped' : 'delivered' };
        const sel = this.string(v, 'servedBySelector', path, false);
        if (sel !== undefined) out.servedBySelector = sel;
        for (const k of ['crosses', 'notCrosses'] as const) {
          const marks = v[k];
          if (marks === undefined) continue;
          if (!Array.isArray(marks) || marks.length === 0 || !marks.every((x) => typeof x === 'string' && TRACE_MARKS.includes(x))) this.err(`${path}.${k}`, `must be a list of ${TRACE_MARKS.join(', ')}`);
          else out[k] = marks as string[];
        }
        return out;
      }
      case 'nodeShell': {
        this.unknownKeys(v, path, ['label', 'nodeShell', 'contains', 'notContains', 'matches']);
        const n = v.nodeShell;
        if (!isObject(n)) {
          this.err(`${path}.nodeShell`, 'must be { node, command }');
          return undefined;
        }
        this.unknownKeys(n, `${path}.nodeShell`, ['node', 'command']);
        const out: NodeShellCheck = { label, nodeShell: { node: this.string(n, 'node', `${path}.nodeShell`) ?? '', command: this.string(n, 'command', `${path}.nodeShell`) ?? '' } };
        for (const k of ['contains', 'notContains'] as const) {
          const str = this.string(v, k, path, false);
          if (str !== undefined) out[k] = str;
        }
        if (v.matches !== undefined) out.matches = this.regex(v.matches, `${path}.matches`);
        if (out.contains === undefined && out.notContains === undefined && out.matches === undefined) this.err(path, 'a nodeShell check needs contains, notContains or matches');
        return out;
      }
      case 'event': {
        this.unknownKeys(v, path, ['label', 'event', 'count']);
        const e = v.event;
        if (!isObject(e)) {
          this.err(`${path}.event`, 'must be { reason, kind?, namePrefix?, type?, namespace? }');
          return undefined;
        }
        this.unknownKeys(e, `${path}.event`, ['reason', 'kind', 'namePrefix', 'type', 'namespace']);
        const event: EventCheck['event'] = { reason: this.string(e, 'reason', `${path}.event`) ?? '' };
        for (const k of ['kind', 'namePrefix', 'namespace'] as const) {
          const s = this.string(e, k, `${path}.event`, false);
          if (s !== undefined) event[k] = s;
        }
        if (e.type !== undefined) {
          if (e.type !== 'Normal' && e.type !== 'Warning') this.err(`${path}.event.type`, 'must be Normal or Warning');
          else event.type = e.type;
        }
        const out: EventCheck = { label, event };
        const count = this.count(v.count, `${path}.count`);
        if (count !== undefined) out.count = count;
        return out;
      }
    }
  }

  solution(v: unknown, path: string): SolutionAction | undefined {
    if (!isObject(v)) {
      this.err(path, `must be one of ${SOLUTION_KEYS.map((k) => `{ ${k}: ... }`).join(', ')}`);
      return undefined;
    }
    const keys = Object.keys(v);
    if (keys.length !== 1 || !(SOLUTION_KEYS as readonly string[]).includes(keys[0])) {
      this.err(path, `an action has exactly one key of ${SOLUTION_KEYS.join(', ')} (found ${keys.join(', ') || 'none'})`);
      return undefined;
    }
    const key = keys[0] as (typeof SOLUTION_KEYS)[number];
    const val = v[key];
    if (key === 'cluster') return { cluster: this.clusterChange(val, `${path}.cluster`) };
    if (key === 'load') return { load: this.loadChange(val, `${path}.load`) };
    if (key === 'settle') {
      if (val !== true) this.err(`${path}.settle`, 'must be true');
      return { settle: true };
    }
    if (typeof val !== 'string' || val.trim() === '') {
      this.err(`${path}.${key}`, 'must be a non-empty string');
      return undefined;
    }
    if (key === 'wait' && !DURATION.test(val)) this.err(`${path}.wait`, `"${val}" is not a duration like 30s, 5m or 500ms`);
    if (key === 'kubectl') return { kubectl: val.replace(/^kubectl\s+/, '') };
    return { [key]: val } as SolutionAction;
  }

  clusterChange(v: unknown, path: string): ClusterChange {
    if (!isObject(v)) {
      this.err(path, 'must be { cni?, proxyMode?, nodeSubnets? }');
      return {};
    }
    this.unknownKeys(v, path, ['cni', 'proxyMode', 'nodeSubnets']);
    const out: ClusterChange = {};
    const cni = this.string(v, 'cni', path, false);
    if (cni !== undefined) {
      if (!LESSON_CNIS.includes(cni)) this.err(`${path}.cni`, `"${cni}" is not one of ${LESSON_CNIS.join(', ')}`);
      else out.cni = cni;
    }
    const mode = this.string(v, 'proxyMode', path, false);
    if (mode !== undefined) {
      if (!LESSON_PROXY_MODES.includes(mode)) this.err(`${path}.proxyMode`, `"${mode}" is not one of ${LESSON_PROXY_MODES.join(', ')}`);
      else out.proxyMode = mode;
    }
    if (v.nodeSubnets !== undefined) {
      if (v.nodeSubnets !== 1 && v.nodeSubnets !== 2) this.err(`${path}.nodeSubnets`, 'must be 1 or 2');
      else out.nodeSubnets = v.nodeSubnets;
    }
    if (Object.keys(out).length === 0) this.err(path, 'give cni, proxyMode or nodeSubnets');
    return out;
  }

  loadChange(v: unknown, path: string): LoadChange {
    if (!isObject(v)) {
      this.err(path, 'must be { workload, rps }');
      return { workload: '', rps: 0 };
    }
    this.unknownKeys(v, path, ['workload', 'rps']);
    const workload = this.string(v, 'workload', path) ?? '';
    if (workload && !loadWorkload(workload)) this.err(`${path}.workload`, `"${workload}" is not deployment/<name>, statefulset/<name> or replicaset/<name> (optionally <kind>/<namespace>/<name>)`);
    const rps = typeof v.rps === 'number' && Number.isFinite(v.rps) && v.rps >= 0 ? v.rps : -1;
    if (rps < 0) this.err(`${path}.rps`, 'must be a number of requests per second, 0 or more');
    return { workload, rps: Math.max(rps, 0) };
  }

  step(v: unknown, path: string): LessonStep | undefined {
    if (!isObject(v)) {
      this.err(path, 'must be a mapping');
      return undefined;
    }
    this.unknownKeys(v, path, ['title', 'text', 'try', 'predict', 'checks', 'solution', 'explain']);
    const step: LessonStep = { title: this.text(v.title, `${path}.title`), text: this.text(v.text, `${path}.text`), checks: [], solution: [] };
    if (v.try !== undefined) {
      if (!isObject(v.try)) this.err(`${path}.try`, 'must be { yaml?, kubectl? }');
      else {
        this.unknownKeys(v.try, `${path}.try`, ['yaml', 'kubectl', 'stopNode', 'startNode', 'wait', 'nodeShell', 'cluster', 'load']);
        const t: NonNullable<LessonStep['try']> = {};
        for (const key of ['yaml', 'stopNode', 'startNode', 'wait'] as const) {
          const str = this.string(v.try, key, `${path}.try`, false);
          if (str !== undefined) t[key] = str;
        }
        if (t.wait !== undefined && !DURATION.test(t.wait)) this.err(`${path}.try.wait`, `"${t.wait}" is not a duration like 30s, 5m or 500ms`);
        const k = v.try.kubectl;
        if (k !== undefined) {
          const list = typeof k === 'string' ? [k] : k;
          if (!Array.isArray(list) || !list.every((c) => typeof c === 'string' && c.trim() !== '')) this.err(`${path}.try.kubectl`, 'must be a command or a list of commands');
          else t.kubectl = (list as string[]).map((c) => c.trim().replace(/^kubectl\s+/, ''));
        }
        const ns = v.try.nodeShell;
        if (ns !== undefined) {
          if (!Array.isArray(ns) || ns.length === 0) this.err(`${path}.try.nodeShell`, 'must be a list of { node, command }');
          else {
            t.nodeShell = ns.map((x, i) => {
              const p = `${path}.try.nodeShell[${i}]`;
              if (!isObject(x)) {
                this.err(p, 'must be { node, command }');
                return { node: '', command: '' };
              }
              this.unknownKeys(x, p, ['node', 'command']);
              return { node: this.string(x, 'node', p) ?? '', command: this.string(x, 'command', p) ?? '' };
            });
          }
        }
        if (v.try.cluster !== undefined) t.cluster = this.clusterChange(v.try.cluster, `${path}.try.cluster`);
        if (v.try.load !== undefined) t.load = this.loadChange(v.try.load, `${path}.try.load`);
        if (!t.yaml && !t.kubectl && !t.stopNode && !t.startNode && !t.wait && !t.nodeShell && !t.cluster && !t.load) this.err(`${path}.try`, 'give yaml, kubectl, stopNode, startNode, wait, nodeShell, cluster or load');
        step.try = t;
      }
    }
    if (v.predict !== undefined) {
      const p = v.predict;
      if (!isObject(p)) this.err(`${path}.predict`, 'must be { question, choices, answer, explanation }');
      else {
        this.unknownKeys(p, `${path}.predict`, ['question', 'choices', 'answer', 'explanation']);
        const choices = Array.isArray(p.choices) ? p.choices.map((c, i) => this.text(c, `${path}.predict.choices[${i}]`)) : [];
        if (choices.length < 2) this.err(`${path}.predict.choices`, 'give at least two choices');
        const answer = typeof p.answer === 'number' && Number.isInteger(p.answer) && p.answer >= 0 && p.answer < choices.length ? p.answer : -1;
        if (answer < 0) this.err(`${path}.predict.answer`, `must be the index of a choice (0..${Math.max(choices.length - 1, 0)})`);
        step.predict = { question: this.text(p.question, `${path}.predict.question`), choices, answer: Math.max(answer, 0), explanation: this.text(p.explanation, `${path}.predict.explanation`) };
      }
    }
    if (v.checks !== undefined && !Array.isArray(v.checks)) this.err(`${path}.checks`, 'must be a list');
    const checks = Array.isArray(v.checks) ? v.checks : [];
    step.checks = checks.map((c, i) => this.check(c, `${path}.checks[${i}]`)).filter((c): c is LessonCheck => c !== undefined);
    if (v.solution !== undefined && !Array.isArray(v.solution)) this.err(`${path}.solution`, 'must be a list of actions');
    const solution = Array.isArray(v.solution) ? v.solution : [];
    step.solution = solution.map((a, i) => this.solution(a, `${path}.solution[${i}]`)).filter((a): a is SolutionAction => a !== undefined);
    if (step.checks.length > 0 && step.solution.length === 0) this.err(`${path}.solution`, 'a step with checks needs a reference solution');
    for (const [i, a] of step.solution.entries()) {
      if ('apply' in a && a.apply === 'try' && !step.try?.yaml) this.err(`${path}.solution[${i}]`, '"apply: try" but the step has no try.yaml');
      if ('kubectl' in a && a.kubectl === 'try' && !step.try?.kubectl) this.err(`${path}.solution[${i}]`, '"kubectl: try" but the step has no try.kubectl');
    }
    if (v.explain !== undefined) step.explain = this.text(v.explain, `${path}.explain`);
    return step;
  }
}

function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

const PATH_SEGMENT = /^(?:[A-Za-z_$][\w$-]*|\[(?:\d+|\*|'[^']+'|[A-Za-z_][\w-]*=[^\]]*)\])/;

/** One step of a field path: a key, an index, every element ('*'), or the elements whose `key` equals `value`. */
export type PathSegment = string | number | { key: string; value: string };

/** A dotted field path: `a.b[0].c`, `a[*].b`, `status.conditions[type=Ready].status`, `metadata.labels['app.kubernetes.io/name']`. */
export function isFieldPath(path: string): boolean {
  return parseFieldPath(path) !== undefined;
}

/** Path segments (see PathSegment); undefined when malformed. */
export function parseFieldPath(path: string): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  let rest = path;
  let first = true;
  while (rest.length > 0) {
    if (!first && rest[0] === '.') rest = rest.slice(1);
    else if (!first && rest[0] !== '[') return undefined;
    const m = PATH_SEGMENT.exec(rest);
    if (!m) return undefined;
    const seg = m[0];
    if (seg.startsWith("['")) out.push(seg.slice(2, -2));
    else if (seg === '[*]') out.push('*');
    else if (/^\[\d+\]$/.test(seg)) out.push(Number(seg.slice(1, -1)));
    else if (seg.startsWith('[')) {
      const eq = seg.indexOf('=');
      out.push({ key: seg.slice(1, eq), value: seg.slice(eq + 1, -1) });
    }
    else out.push(seg);
    rest = rest.slice(seg.length);
    first = false;
  }
  return out.length ? out : undefined;
}

/** The engine's CNI back ends and kube-proxy modes (kept equal to cni/types.ts by lesson.test.ts). */
export const LESSON_CNIS: readonly string[] = ['flannel-vxlan', 'flannel-udp', 'flannel-host-gw', 'calico-bgp', 'calico-ipip', 'canal'];
export const LESSON_PROXY_MODES: readonly string[] = ['iptables', 'ipvs'];

const LESSON_FILE = /^(\d+)-([a-z0-9-]+)\.ya?ml$/;

/**
 * Check a parsed lesson file (`file` is its base name, `NN-id.yaml`): every field, its type, unknown
 * keys (typos), the prediction's answer index, and that checked steps carry a solution.
 */
export function validateLesson(data: unknown, file: string): LessonValidation {
  const v = new Validator(file);
  const m = LESSON_FILE.exec(file);
  if (!m) v.err('file name', 'must be <nn>-<id>.yaml, e.g. 03-deployment-rollout.yaml');
  if (!isObject(data)) {
    v.err('(root)', 'a lesson file is a YAML mapping');
    return { ok: false, errors: v.errors };
  }
  v.unknownKeys(data, '(root)', ['id', 'title', 'summary', 'seed', 'scenario', 'steps']);
  const id = v.string(data, 'id', '(root)') ?? '';
  if (m && id && id !== m[2]) v.err('id', `"${id}" must match the file name's id "${m[2]}"`);
  const seed = { file: '', section: '' };
  if (!isObject(data.seed)) v.err('seed', 'must be { file, section }: the seed note this lesson teaches from');
  else {
    v.unknownKeys(data.seed, 'seed', ['file', 'section']);
    seed.file = v.string(data.seed, 'file', 'seed') ?? '';
    seed.section = v.string(data.seed, 'section', 'seed') ?? '';
  }
  const scenario: LessonScenario = {};
  if (data.scenario !== undefined) {
    const s = data.scenario;
    if (!isObject(s)) v.err('scenario', 'must be a mapping');
    else {
      v.unknownKeys(s, 'scenario', ['seed', 'workerNodes', 'cni', 'proxyMode', 'nodeSubnets', 'manifests', 'settle']);
      if (s.nodeSubnets !== undefined) {
        if (s.nodeSubnets !== 1 && s.nodeSubnets !== 2) v.err('scenario.nodeSubnets', 'must be 1 or 2');
        else scenario.nodeSubnets = s.nodeSubnets;
      }
      if (s.seed !== undefined) {
        if (typeof s.seed !== 'number' || !Number.isInteger(s.seed)) v.err('scenario.seed', 'must be a whole number');
        else scenario.seed = s.seed;
      }
      if (s.workerNodes !== undefined) {
        if (typeof s.workerNodes !== 'number' || !Number.isInteger(s.workerNodes) || s.workerNodes < 1 || s.workerNodes > 10) v.err('scenario.workerNodes', 'must be 1..10');
        else scenario.workerNodes = s.workerNodes;
      }
      for (const k of ['cni', 'proxyMode', 'manifests'] as const) {
        const str = v.string(s, k, 'scenario', false);
        if (str !== undefined) scenario[k] = str;
      }
      if (scenario.cni !== undefined && !LESSON_CNIS.includes(scenario.cni)) v.err('scenario.cni', `"${scenario.cni}" is not one of ${LESSON_CNIS.join(', ')}`);
      if (scenario.proxyMode !== undefined && !LESSON_PROXY_MODES.includes(scenario.proxyMode)) v.err('scenario.proxyMode', `"${scenario.proxyMode}" is not one of ${LESSON_PROXY_MODES.join(', ')}`);
      if (s.settle !== undefined) {
        if (typeof s.settle !== 'boolean') v.err('scenario.settle', 'must be true or false');
        else scenario.settle = s.settle;
      }
    }
  }
  if (!Array.isArray(data.steps) || data.steps.length === 0) v.err('steps', 'give at least one step');
  const steps = (Array.isArray(data.steps) ? data.steps : []).map((s, i) => v.step(s, `steps[${i}]`)).filter((s): s is LessonStep => s !== undefined);
  const lesson: Lesson = {
    id,
    order: m ? Number(m[1]) : 0,
    title: v.text(data.title, 'title'),
    summary: v.text(data.summary, 'summary'),
    seed,
    scenario,
    steps,
  };
  return v.errors.length ? { ok: false, errors: v.errors } : { ok: true, lesson };
}

/** Whether `n` satisfies a CountSpec. */
export function countMatches(spec: CountSpec, n: number): boolean {
  if (typeof spec === 'number') return n === spec;
  return (spec.min === undefined || n >= spec.min) && (spec.max === undefined || n <= spec.max);
}

export function formatCount(spec: CountSpec): string {
  if (typeof spec === 'number') return String(spec);
  if (spec.min !== undefined && spec.max !== undefined) return spec.min === spec.max ? String(spec.min) : `${spec.min}..${spec.max}`;
  return spec.min !== undefined ? `>= ${spec.min}` : `<= ${spec.max ?? 0}`;
}

/** The cluster settings a scenario asks for, with the header's defaults (seed 1, 3 workers, flannel-vxlan, iptables, one subnet), changed by `change`. */
export function scenarioSettings(s: LessonScenario, change: ClusterChange = {}): { seed: number; workerNodes: number; cni: string; proxyMode: string; nodeSubnets: number } {
  return {
    seed: s.seed ?? 1,
    workerNodes: s.workerNodes ?? 3,
    cni: change.cni ?? s.cni ?? 'flannel-vxlan',
    proxyMode: change.proxyMode ?? s.proxyMode ?? 'iptables',
    nodeSubnets: change.nodeSubnets ?? s.nodeSubnets ?? 1,
  };
}

/** A lesson duration (`500ms`, `30s`, `6m`, `1h`, as validated) in milliseconds; undefined when malformed. */
export function lessonDurationMs(text: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
}
