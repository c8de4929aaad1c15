// Tab completion for the kubectl terminal, as bash's kubectl completion does it: subcommands, then
// resource kinds (and short names), then object names of that kind from the views the UI holds
// (namespace-aware for -n/--namespace), and flags of the current subcommand (a small static table).
// SIMPLIFICATION: no quoting rules, no TYPE/NAME completion after the slash for kinds the UI has no view of.

export interface CompletionObject {
  kind: string;
  namespace?: string;
  name: string;
}

export interface Completion {
  /** the input after completing (unchanged when nothing, or nothing unique, could be added) */
  text: string;
  /** every candidate for the word under completion (shown on a second Tab when there are several) */
  candidates: string[];
}

export const SUBCOMMANDS: readonly string[] = [
  'get', 'describe', 'apply', 'create', 'delete', 'diff', 'edit', 'exec', 'logs', 'label', 'annotate', 'scale', 'rollout',
  'set', 'taint', 'cordon', 'uncordon', 'drain', 'run', 'expose', 'top', 'autoscale', 'explain', 'version', 'api-resources',
];

/** kind names as typed after a subcommand, with their short names; each maps to the view kind. */
const RESOURCES: ReadonlyArray<{ names: readonly string[]; kind: string }> = [
  { names: ['pods', 'pod', 'po'], kind: 'Pod' },
  { names: ['nodes', 'node', 'no'], kind: 'Node' },
  { names: ['services', 'service', 'svc'], kind: 'Service' },
  { names: ['deployments', 'deployment', 'deploy'], kind: 'Deployment' },
  { names: ['replicasets', 'replicaset', 'rs'], kind: 'ReplicaSet' },
  { names: ['daemonsets', 'daemonset', 'ds'], kind: 'DaemonSet' },
  { names: ['statefulsets', 'statefulset', 'sts'], kind: 'StatefulSet' },
  { names: ['horizontalpodautoscalers', 'horizontalpodautoscaler', 'hpa'], kind: 'HorizontalPodAutoscaler' },
  { names: ['endpointslices', 'endpointslice'], kind: 'EndpointSlice' },
  { names: ['jobs', 'job'], kind: 'Job' },
  { names: ['cronjobs', 'cronjob', 'cj'], kind: 'CronJob' },
  { names: ['configmaps', 'configmap', 'cm'], kind: 'ConfigMap' },
  { names: ['secrets', 'secret'], kind: 'Secret' },
  { names: ['namespaces', 'namespace', 'ns'], kind: 'Namespace' },
  { names: ['events', 'event', 'ev'], kind: 'Event' },
  { names: ['poddisruptionbudgets', 'poddisruptionbudget', 'pdb'], kind: 'PodDisruptionBudget' },
];
const RESOURCE_WORDS = RESOURCES.flatMap((r) => r.names);

/** Subcommands whose first argument is a TYPE (then NAMEs); the rest take a fixed kind or none. */
const TAKES_TYPE = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'scale', 'expose', 'autoscale', 'explain', 'set', 'rollout']);
/** Subcommands whose arguments are objects of one kind. */
const FIXED_KIND: Readonly<Record<string, string>> = { exec: 'Pod', logs: 'Pod', cordon: 'Node', uncordon: 'Node', drain: 'Node', taint: 'Node' };
/** Words before the TYPE (`rollout status deploy/web`, `set image deploy/web`, `top pods`). */
const SUB_SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  rollout: ['history', 'pause', 'restart', 'resume', 'status', 'undo'],
  set: ['image'],
  top: ['nodes', 'pods'],
  create: ['configmap', 'deployment', 'namespace', 'secret', 'service'],
};

const COMMON_FLAGS = ['--namespace', '--help'];
const FLAGS: Readonly<Record<string, readonly string[]>> = {
  get: ['--all-namespaces', '--output', '--selector', '--show-labels', '--no-headers', '--sort-by', '--watch', '-o', '-l', '-A', '-w'],
  describe: ['--all-namespaces', '--selector', '-l', '-A'],
  delete: ['--all', '--selector', '--force', '--grace-period', '--now', '--wait', '-l', '-f'],
  apply: ['--filename', '--dry-run', '--server-side', '-f'],
  create: ['--filename', '--dry-run', '--image', '--replicas', '--port', '-f', '-o'],
  diff: ['--filename', '-f'],
  edit: ['--output', '-o'],
  exec: ['--container', '--stdin', '--tty', '-c', '-i', '-t', '-it'],
  logs: ['--container', '--follow', '--previous', '--tail', '-c', '-f', '-p'],
  label: ['--overwrite', '--all', '--selector', '-l'],
  annotate: ['--overwrite', '--all', '--selector', '-l'],
  scale: ['--replicas', '--current-replicas'],
  rollout: ['--revision', '--to-revision'],
  set: ['--all'],
  taint: ['--all', '--overwrite'],
  cordon: ['--dry-run'],
  uncordon: ['--dry-run'],
  drain: ['--ignore-daemonsets', '--force', '--delete-emptydir-data', '--disable-eviction', '--grace-period'],
  run: ['--image', '--port', '--labels', '--env', '--restart', '--command', '--dry-run', '--overrides', '-o'],
  expose: ['--port', '--target-port', '--name', '--type', '--protocol', '--selector'],
  top: ['--all-namespaces', '--containers', '--selector', '-A', '-l'],
  autoscale: ['--min', '--max', '--cpu-percent'],
  explain: ['--recursive'],
  version: ['--client', '--output', '-o'],
  'api-resources': ['--namespaced', '--api-group', '--output', '-o'],
};
/** Flags that take the next word as their value (so it is neither the command nor an argument). */
const VALUE_FLAGS = new Set(['-n', '--namespace', '-o', '--output', '-l', '--selector', '-f', '--filename', '-c', '--container', '--tail', '--sort-by', '--replicas', '--image', '--port', '--type', '--name', '--min', '--max', '--cpu-percent', '--revision', '--to-revision', '--grace-period']);

/** The view kind a typed TYPE word means, or undefined. */
export function kindOf(word: string): string | undefined {
  const w = word.toLowerCase().split('.')[0];
  return RESOURCES.find((r) => r.names.includes(w))?.kind;
}

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let p = words[0];
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/**
 * Complete the word at the end of `line` (the prompt already says kubectl; a leading `kubectl` is
 * allowed). `objects` are the cluster views the UI holds. A unique candidate is completed with a
 * trailing space; several extend the word to their common prefix.
 */
export function complete(line: string, objects: readonly CompletionObject[]): Completion {
  const endsWithSpace = line === '' || /\s$/.test(line);
  const words = line.trim() === '' ? [] : line.trim().split(/\s+/);
  const current = endsWithSpace ? '' : (words.pop() ?? '');
  if (words[0] === 'kubectl') words.shift();

  let namespace = 'default';
  let allNamespaces = false;
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '-n' || w === '--namespace') {
      namespace = words[++i] ?? namespace;
      continue;
    }
    if (w.startsWith('--namespace=')) {
      namespace = w.slice('--namespace='.length);
      continue;
    }
    if (w === '-A' || w === '--all-namespaces') allNamespaces = true;
    if (w.startsWith('-')) {
      if (VALUE_FLAGS.has(w)) i++;
      continue;
    }
    args.push(w);
  }
  const previous = words[words.length - 1];

  let candidates: string[];
  const sub = args[0];
  if (previous === '-n' || previous === '--namespace') {
    const namespaces = new Set(['default', 'kube-system']);
    for (const o of objects) if (o.namespace) namespaces.add(o.namespace);
    for (const o of objects) if (o.kind === 'Namespace') namespaces.add(o.name);
    candidates = [...namespaces];
  } else if (previous === '-o' || previous === '--output') {
    candidates = ['wide', 'yaml', 'json', 'name'];
  } else if (current.startsWith('-')) {
    candidates = [...(sub ? (FLAGS[sub] ?? []) : []), ...COMMON_FLAGS];
  } else if (!sub) {
    candidates = [...SUBCOMMANDS];
  } else {
    candidates = argumentCandidates(sub, args.slice(1), current, objects, allNamespaces ? undefined : namespace);
  }
  const matches = [...new Set(candidates)].filter((c) => c.startsWith(current)).sort();
  const base = line.slice(0, line.length - current.length);
  if (matches.length === 1) return { text: `${base}${matches[0]}${matches[0].endsWith('/') ? '' : ' '}`, candidates: matches };
  const prefix = commonPrefix(matches);
  return { text: prefix.length > current.length ? base + prefix : line, candidates: matches };
}

function namesOf(kind: string, objects: readonly CompletionObject[], namespace: string | undefined): string[] {
  const namespaced = kind !== 'Node' && kind !== 'Namespace';
  return objects.filter((o) => o.kind === kind && (!namespaced || namespace === undefined || (o.namespace ?? 'default') === namespace)).map((o) => o.name);
}

function argumentCandidates(sub: string, rest: string[], current: string, objects: readonly CompletionObject[], namespace: string | undefined): string[] {
  const fixed = FIXED_KIND[sub];
  if (fixed) return namesOf(fixed, objects, namespace);
  let args = rest;
  const subs = SUB_SUBCOMMANDS[sub];
  if (subs) {
    if (args.length === 0) return [...subs];
    if (sub === 'top') return namesOf(args[0].startsWith('no') ? 'Node' : 'Pod', objects, namespace);
    if (sub === 'create') return [];
    args = args.slice(1);
  }
  if (!TAKES_TYPE.has(sub)) return [];
  // TYPE/NAME: complete the name after the slash
  const slash = current.indexOf('/');
  if (slash > 0) {
    const kind = kindOf(current.slice(0, slash));
    const typed = current.slice(0, slash + 1);
    return kind ? namesOf(kind, objects, namespace).map((n) => typed + n) : [];
  }
  if (args.length === 0) return RESOURCE_WORDS;
  if (args[0].includes('/')) return []; // TYPE/NAME given already; more of those
  const kind = kindOf(args[0].split(',')[0]);
  return kind ? namesOf(kind, objects, namespace) : [];
}
