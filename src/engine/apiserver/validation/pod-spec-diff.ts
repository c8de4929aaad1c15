// The go-cmp diff the API server appends to "pod updates may not change fields other than ...":
// cmp.Diff(oldPod.Spec, mungedPodSpec) over the internal core.PodSpec, `-` the stored spec, `+` the sent one.
// UPSTREAM: pkg/apis/core/validation/validation.go (ValidatePodUpdate), github.com/google/go-cmp/cmp
// (report_compare.go: two identical records of context around a difference, `... // N identical fields`;
// report_text.go: `  ` / `- ` / `+ ` then one tab a level, keys aligned in runs of one-line values)
// SIMPLIFICATION: the fields are those of the v1 JSON (hostNetwork stays in the spec, not the internal
// SecurityContext); Go types are named only at the top and for the known nested kinds; a differing
// map, or struct other than a container, prints whole as `-`/`+` lines; go-cmp's random use of
// non-breaking spaces (to discourage parsing) and its truncation of long values are left out.

type Json = Record<string, unknown>;

/** Internal core.PodSpec fields in declaration order (pkg/apis/core/types.go), by JSON name. */
const POD_SPEC_FIELDS = [
  'volumes', 'initContainers', 'containers', 'ephemeralContainers', 'restartPolicy', 'terminationGracePeriodSeconds',
  'activeDeadlineSeconds', 'dnsPolicy', 'nodeSelector', 'serviceAccountName', 'automountServiceAccountToken', 'nodeName',
  'securityContext', 'imagePullSecrets', 'hostname', 'subdomain', 'setHostnameAsFQDN', 'affinity', 'schedulerName',
  'tolerations', 'hostAliases', 'priorityClassName', 'priority', 'preemptionPolicy', 'dnsConfig', 'readinessGates',
  'runtimeClassName', 'overhead', 'enableServiceLinks', 'topologySpreadConstraints', 'os', 'schedulingGates',
  'resourceClaims', 'resources', 'hostnameOverride',
];

/** Internal core.Container fields in declaration order. */
const CONTAINER_FIELDS = [
  'name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy', 'restartPolicy',
  'restartPolicyRules', 'volumeMounts', 'volumeDevices', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle',
  'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty',
];

/** Element fields in declaration order, for the lists go-cmp descends into. */
const ELEMENT_FIELDS: Record<string, readonly string[]> = {
  containers: CONTAINER_FIELDS,
  initContainers: CONTAINER_FIELDS,
  ports: ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'],
  env: ['name', 'value', 'valueFrom'],
  volumeMounts: ['name', 'readOnly', 'recursiveReadOnly', 'mountPath', 'subPath', 'mountPropagation', 'subPathExpr'],
  tolerations: ['key', 'operator', 'value', 'effect', 'tolerationSeconds'],
};

/** Go zero values of non-pointer scalar fields (a field absent from the JSON is its zero value). */
const STRINGS = new Set([
  'name', 'image', 'workingDir', 'restartPolicy', 'dnsPolicy', 'serviceAccountName', 'nodeName', 'hostname', 'subdomain',
  'schedulerName', 'priorityClassName', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy', 'protocol',
  'hostIP', 'value', 'mountPath', 'subPath', 'subPathExpr', 'key', 'operator', 'effect',
]);
const INTS = new Set(['hostPort', 'containerPort']);
const BOOLS = new Set(['stdin', 'stdinOnce', 'tty', 'readOnly']);

/** Go names that are not the JSON name capitalised. */
const GO_NAMES: Record<string, string> = {
  dnsPolicy: 'DNSPolicy', dnsConfig: 'DNSConfig', os: 'OS', setHostnameAsFQDN: 'SetHostnameAsFQDN', hostIPC: 'HostIPC',
  hostPID: 'HostPID', tty: 'TTY', hostIP: 'HostIP', podIP: 'PodIP', fsGroup: 'FSGroup', seLinuxOptions: 'SELinuxOptions',
  apiVersion: 'APIVersion', serviceAccount: 'DeprecatedServiceAccount', claimName: 'ClaimName', uid: 'UID',
};

/** Pointer fields: go-cmp prints their values as `&30`, and their absence as nil. */
const POINTERS = new Set([
  'terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'automountServiceAccountToken', 'setHostnameAsFQDN', 'priority',
  'preemptionPolicy', 'runtimeClassName', 'enableServiceLinks', 'defaultMode', 'optional', 'tolerationSeconds', 'runAsUser',
  'runAsGroup', 'runAsNonRoot', 'privileged', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'shareProcessNamespace', 'hostUsers',
]);

/** Maps (printed `{"k": "v"}`), as opposed to structs (printed `{Key: v}`). */
const MAPS = new Set(['nodeSelector', 'overhead', 'limits', 'requests', 'labels', 'annotations', 'matchLabels']);

/** How the record of a nested struct or list is typed when it opens on its own line. */
const TYPES: Record<string, string> = {
  containers: '[]core.Container', initContainers: '[]core.Container', ephemeralContainers: '[]core.EphemeralContainer',
  ports: '[]core.ContainerPort', env: '[]core.EnvVar', volumeMounts: '[]core.VolumeMount',
};

const NUM_CONTEXT_RECORDS = 2;

const goName = (json: string): string => GO_NAMES[json] ?? json.charAt(0).toUpperCase() + json.slice(1);
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => equal(a[k], b[k]));
  }
  // An empty list and no list are both Go's nil after decoding with omitempty.
  const isEmpty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  return isEmpty(a) && isEmpty(b);
}

/** A value in go-cmp's compact form: `"x"`, `30`, `&30`, `nil`, `{Name: "a", Port: 80}`, `{"k": "v"}`. */
function goValue(field: string, v: unknown, other: unknown): string {
  if (v === undefined || v === null) {
    if (STRINGS.has(field)) return '""';
    if (INTS.has(field)) return '0';
    if (BOOLS.has(field)) return 'false';
    if (POINTERS.has(field) || isObject(other) || Array.isArray(other)) return 'nil';
    if (typeof other === 'string') return '""';
    if (typeof other === 'number') return '0';
    if (typeof other === 'boolean') return 'false';
    return 'nil';
  }
  const ptr = POINTERS.has(field) ? '&' : '';
  if (typeof v === 'string') return ptr + JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return ptr + String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'nil' : `{${v.map((x) => goValue(field, x, undefined)).join(', ')}}`;
  const obj = v as Json;
  if (MAPS.has(field)) {
    const keys = Object.keys(obj).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${goValue('', obj[k], undefined)}`).join(', ')}}`;
  }
  // Zero-valued fields are elided from a struct printed whole.
  const parts = Object.keys(obj)
    .filter((k) => obj[k] !== undefined && obj[k] !== null && obj[k] !== '' && obj[k] !== false && !(Array.isArray(obj[k]) && (obj[k] as unknown[]).length === 0))
    .map((k) => `${goName(k)}: ${goValue(k, obj[k], undefined)}`);
  return `${ptr}{${parts.join(', ')}}`;
}

/** A record of a struct or list: one line, or an opening line, nested records and a closing line. */
type Rec =
  | { kind: 'same'; key: string; value: string }
  | { kind: 'changed'; key: string; from: string; to: string }
  | { kind: 'nested'; key: string; open: string; body: Rec[]; close: string }
  | { kind: 'ellipsis'; count: number; noun: 'field' | 'element' };

/** The fields of `fields` order first (all of them count), then any others, sorted. */
function structRecords(a: Json, b: Json, order: readonly string[]): Rec[] {
  const extra = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !order.includes(k)).sort();
  const recs: Array<{ rec: Rec; same: boolean }> = [];
  for (const k of [...order, ...extra]) {
    const key = goName(k);
    if (equal(a[k], b[k])) {
      recs.push({ rec: { kind: 'same', key, value: goValue(k, a[k], b[k]) }, same: true });
      continue;
    }
    recs.push({ rec: fieldDiff(k, key, a[k], b[k]), same: false });
  }
  return withContext(recs, 'field');
}

function fieldDiff(json: string, key: string, a: unknown, b: unknown): Rec {
  // Lists of containers (or other structs) of one length: go-cmp descends into the elements.
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.length > 0 && a.every(isObject) && b.every(isObject)) {
    const elems = a.map((x, i) => {
      const y = b[i] as Json;
      if (equal(x, y)) return { rec: { kind: 'same', key: '', value: goValue(json, x, y) } as Rec, same: true };
      const order = ELEMENT_FIELDS[json] ?? [];
      return { rec: { kind: 'nested', key: '', open: '{', body: structRecords(x as Json, y, order), close: '}' } as Rec, same: false };
    });
    return { kind: 'nested', key, open: `${TYPES[json] ?? ''}{`, body: withContext(elems, 'element'), close: '}' };
  }
  return { kind: 'changed', key, from: goValue(json, a, b), to: goValue(json, b, a) };
}

/**
 * report_compare.go: each run of identical records keeps up to two records next to a difference
 * on either side (none before the first difference's run start, none after the last), the rest
 * becomes `... // N identical fields`; a run that would hide a single record shows it instead.
 */
function withContext(recs: ReadonlyArray<{ rec: Rec; same: boolean }>, noun: 'field' | 'element'): Rec[] {
  const groups: Array<{ same: boolean; recs: Rec[] }> = [];
  for (const r of recs) {
    const last = groups[groups.length - 1];
    if (last && last.same === r.same) last.recs.push(r.rec);
    else groups.push({ same: r.same, recs: [r.rec] });
  }
  const out: Rec[] = [];
  groups.forEach((g, i) => {
    if (!g.same) {
      out.push(...g.recs);
      return;
    }
    const n = g.recs.length;
    let lo = 0;
    let hi = 0;
    while (lo < NUM_CONTEXT_RECORDS && lo + hi < n && i !== 0) lo++;
    while (hi < NUM_CONTEXT_RECORDS && lo + hi < n && i !== groups.length - 1) hi++;
    if (n - (lo + hi) === 1) hi++;
    out.push(...g.recs.slice(0, lo));
    if (n > lo + hi) out.push({ kind: 'ellipsis', count: n - lo - hi, noun });
    out.push(...g.recs.slice(n - hi));
  });
  return out;
}

/** report_text.go: marker and space, a tab a level, `Key:` padded so one-line values align in a run. */
function render(recs: readonly Rec[], depth: number): string[] {
  const lines: string[] = [];
  const tabs = '\t'.repeat(depth);
  // Keys align over runs of keyed one-line records; a nested record or an ellipsis ends the run.
  const width: number[] = [];
  for (let i = 0; i < recs.length; ) {
    let j = i;
    let max = 0;
    while (j < recs.length && (recs[j].kind === 'same' || recs[j].kind === 'changed') && (recs[j] as { key: string }).key !== '') {
      max = Math.max(max, (recs[j] as { key: string }).key.length);
      j++;
    }
    for (let k = i; k < j; k++) width[k] = max;
    i = j === i ? i + 1 : j;
  }
  const keyed = (key: string, i: number) => (key === '' ? '' : `${key}:${' '.repeat((width[i] ?? key.length) - key.length + 1)}`);
  recs.forEach((r, i) => {
    switch (r.kind) {
      case 'same':
        lines.push(`  ${tabs}${keyed(r.key, i)}${r.value},`);
        break;
      case 'changed':
        lines.push(`- ${tabs}${keyed(r.key, i)}${r.from},`);
        lines.push(`+ ${tabs}${keyed(r.key, i)}${r.to},`);
        break;
      case 'nested':
        lines.push(`  ${tabs}${r.key === '' ? '' : `${r.key}: `}${r.open}`);
        lines.push(...render(r.body, depth + 1));
        lines.push(`  ${tabs}${r.close},`);
        break;
      case 'ellipsis':
        lines.push(`  ${tabs}... // ${r.count} identical ${r.noun}${r.count === 1 ? '' : 's'}`);
        break;
    }
  });
  return lines;
}

/** cmp.Diff(old, new) of two pod specs (v1 JSON), as the API server appends it: `  core.PodSpec{` ... `  }`. */
export function podSpecDiff(oldSpec: Json, newSpec: Json): string {
  const body = render(structRecords(oldSpec, newSpec, POD_SPEC_FIELDS), 1);
  return ['  core.PodSpec{', ...body, '  }', ''].join('\n');
}
