// `kubectl apply -f` (client-side apply) over a multi-document manifest, with kubectl's messages.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go, .../apply/patcher.go,
//           staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go (checkErr, StandardErrorMessage)
// SIMPLIFICATION: an update is "the live object with the applied fields replaced": maps merge
// three-way with the last-applied annotation (fields dropped from the manifest are removed), lists
// merge by name/port/mountPath for the usual merge keys and are replaced otherwise. The full
// strategic merge patch is a later issue. A resourceVersion in the manifest is ignored.

import type { ApiStatus, KubeObject } from '../api/meta';
import { qualifiedSingular, resourceForApiVersionKind, type ResourceInfo } from '../api/resources';
import { resourceForApiVersionKindIn } from '../api/discovery';
import { structuredCopy } from '../apiserver/store';
import { decodeMetadata } from '../apiserver/validation/decode';
import { pruneNulls, validateObject } from '../apiserver/validation/validate';
import { ApiStatusError } from '../apiserver/status-error';
import { goJSON, parseFieldPath, parseManifests, type ManifestObject, type PathSegment, type SourceRange } from './manifest';
import type { ApplyResult, CommandOutput, Diagnostic, DocumentResult } from './results';

/**
 * What apply needs from the API server. `create` and `update` validate, default and store the
 * object, answering the stored object or a Status as the real server would (AlreadyExists,
 * NotFound for a missing namespace, Conflict on a stale resourceVersion, Invalid, ...). `update`
 * receives a full object carrying the live object's resourceVersion. None of them may throw.
 */
export interface ApplyTarget {
  get(resource: ResourceInfo, namespace: string | undefined, name: string): KubeObject | undefined;
  create(obj: KubeObject): { ok: true; object: KubeObject } | { ok: false; status: ApiStatus };
  update(obj: KubeObject): { ok: true; object: KubeObject } | { ok: false; status: ApiStatus };
  /**
   * A component's configuration file rather than an API object (KubeSchedulerConfiguration): the
   * simulator restarts that component with it. Undefined = not a component config this target knows.
   */
  componentConfig?(manifest: Record<string, unknown>): { ok: true; message: string; warnings: string[] } | { ok: false; errors: string[] } | undefined;
  /**
   * Discovery (built-in and established custom kinds). Read once per run, as kubectl caches its
   * RESTMapper: a CRD and its first custom resource in one file fail with "ensure CRDs are installed first".
   */
  resources?(): readonly ResourceInfo[];
}

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

type Obj = Record<string, unknown>;

/** How a failure prints depends on how many failures the whole run has (checkErr vs MultipleErrors). */
type Failure =
  | { type: 'plain'; message: string }
  | { type: 'status'; status: ApiStatus; wrapped: string };

interface Outcome {
  documentIndex: number;
  startLine: number;
  /** parse and mapping failures are printed before failures of the apply calls */
  phase: 'visit' | 'apply';
  success?: string;
  warnings: string[];
  failure?: Failure;
  diagnostics: Diagnostic[];
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function toDiagnostic(range: SourceRange, message: string): Diagnostic {
  return { line: range.line, column: range.column, endLine: range.endLine, endColumn: range.endColumn, message };
}

// ---------------------------------------------------------------------------------------------
// Merging the manifest into the live object

/** patchMergeKey of the lists learners edit most (from the API types' struct tags). */
function mergeKeyFor(field: string | undefined, desired: unknown[]): string | undefined {
  const keys: Record<string, string[]> = {
    containers: ['name'], initContainers: ['name'], ephemeralContainers: ['name'], volumes: ['name'],
    env: ['name'], imagePullSecrets: ['name'], volumeMounts: ['mountPath'], volumeDevices: ['devicePath'],
    hostAliases: ['ip'], topologySpreadConstraints: ['topologyKey'], ports: ['containerPort', 'port'],
  };
  for (const k of (field && keys[field]) || []) {
    if (desired.every((d) => isObj(d) && d[k] !== undefined && d[k] !== null)) return k;
  }
  return undefined;
}

/**
 * The live value with the desired one applied. `last` is the previously applied value: what it
 * had and `desired` no longer has is removed; what neither mentions (server-set) is kept.
 */
function mergeApplied(live: unknown, desired: unknown, last: unknown, field?: string): unknown {
  if (isObj(desired) && isObj(live)) {
    const out: Obj = { ...live };
    for (const [k, v] of Object.entries(desired)) {
      if (v === null) delete out[k];
      else out[k] = mergeApplied(live[k], v, isObj(last) ? last[k] : undefined, k);
    }
    if (isObj(last)) for (const k of Object.keys(last)) if (!(k in desired)) delete out[k];
    return out;
  }
  if (Array.isArray(desired) && Array.isArray(live)) {
    const key = mergeKeyFor(field, desired);
    if (key) {
      const byKey = (list: unknown[]) => new Map(list.filter(isObj).map((e) => [goJSON(e[key]), e] as const));
      const liveBy = byKey(live);
      const lastBy = Array.isArray(last) ? byKey(last) : new Map<string, Obj>();
      const wanted = new Set(desired.map((d) => goJSON((d as Obj)[key])));
      const out = desired.map((d) => {
        const id = goJSON((d as Obj)[key]);
        return liveBy.has(id) ? mergeApplied(liveBy.get(id), d, lastBy.get(id)) : pruneNulls(d);
      });
      for (const l of live) {
        const id = isObj(l) ? goJSON(l[key]) : '';
        if (isObj(l) && !wanted.has(id) && !lastBy.has(id)) out.push(l);
      }
      return out;
    }
  }
  return pruneNulls(desired);
}

const SYSTEM_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

function mergeIntoLive(live: KubeObject, desired: KubeObject, lastApplied: unknown): KubeObject {
  const { status: _ignored, ...desiredNoStatus } = desired as Obj;
  const merged = mergeApplied(live, desiredNoStatus, lastApplied) as Obj;
  const liveMeta = live.metadata as Obj;
  const meta = { ...(merged.metadata as Obj) };
  for (const f of SYSTEM_METADATA) {
    if (liveMeta[f] === undefined) delete meta[f];
    else meta[f] = liveMeta[f];
  }
  merged.metadata = meta;
  if (live.status === undefined) delete merged.status;
  else merged.status = live.status;
  return merged as KubeObject;
}

/** A JSON merge patch from `from` to `to` (what kubectl would show as the patch it sent). */
function mergePatch(from: unknown, to: unknown): unknown {
  if (!isObj(from) || !isObj(to)) return to;
  const out: Obj = {};
  for (const k of Object.keys(to)) {
    if (goJSON(from[k]) !== goJSON(to[k])) out[k] = from[k] === undefined ? to[k] : mergePatch(from[k], to[k]);
  }
  for (const k of Object.keys(from)) if (!(k in to)) out[k] = null;
  return out;
}

// ---------------------------------------------------------------------------------------------

/**
 * GetModifiedConfiguration: the manifest as JSON (sorted keys, trailing newline), without the
 * annotation itself but with `annotations: {}` left in place, as kubectl records it.
 */
function lastAppliedConfiguration(manifest: KubeObject): string {
  const meta = { ...(manifest.metadata as Obj) };
  const annotations = { ...(isObj(meta.annotations) ? meta.annotations : {}) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  meta.annotations = annotations;
  return `${goJSON({ ...manifest, metadata: meta })}\n`;
}

function withAnnotation(obj: KubeObject, value: string): KubeObject {
  const meta = { ...(obj.metadata as Obj) };
  meta.annotations = { ...(isObj(meta.annotations) ? meta.annotations : {}), [LAST_APPLIED_ANNOTATION]: value };
  return { ...obj, metadata: meta } as KubeObject;
}

function resourceLine(r: ResourceInfo, name: string, namespace: string): string {
  const gv = `${r.group}/${r.version}`;
  return `Resource: "${gv}, Resource=${r.resource}", GroupVersionKind: "${gv}, Kind=${r.kind}"\nName: ${JSON.stringify(name)}, Namespace: ${JSON.stringify(namespace)}`;
}

/** Where a Status cause points: its field, refined to the offending key of a label-like map. */
function causeRange(entry: ManifestObject, obj: Obj, field: string, causeMessage: string): SourceRange {
  const path: PathSegment[] = parseFieldPath(field);
  let target: unknown = obj;
  for (const seg of path) target = isObj(target) || Array.isArray(target) ? (target as Record<string | number, unknown>)[seg] : undefined;
  const bad = /^Invalid value: ("(?:[^"\\]|\\.)*")/.exec(causeMessage)?.[1];
  if (isObj(target) && bad !== undefined) {
    const value = JSON.parse(bad) as string;
    const k = Object.keys(target).find((x) => x === value) ?? Object.keys(target).find((x) => target && (target as Obj)[x] === value);
    if (k !== undefined) return entry.locate([...path, k]);
  }
  return entry.locate(path);
}

function statusDiagnostics(entry: ManifestObject, obj: Obj, status: ApiStatus): Diagnostic[] {
  const causes = status.details?.causes ?? [];
  const withField = causes.filter((c) => c.field);
  if (!withField.length) return [toDiagnostic(entry.locate([]), status.message)];
  return withField.map((c) => toDiagnostic(causeRange(entry, obj, c.field!, c.message ?? ''), `${c.field}: ${c.message ?? ''}`));
}

/**
 * Apply every object of `text` (YAML or JSON, several documents, `List`s expanded), in order.
 * A failed document changes nothing and the others still apply; kubectl stops reading the stream
 * at a syntax error or a document without apiVersion/kind, so later documents are not applied.
 * `source` names the input in messages: `STDIN` for the editor, the file path for the CLI.
 */
export function applyManifests(api: ApplyTarget, text: string, source = 'STDIN'): ApplyResult {
  const entries = parseManifests(text, source);
  const q = JSON.stringify(source);
  const outcomes: Outcome[] = [];
  const served = api.resources?.();
  entries.forEach((entry) => {
    const base = { documentIndex: entry.documentIndex, startLine: entry.startLine, warnings: [] as string[] };
    if (entry.kind === 'error') {
      outcomes.push({ ...base, phase: 'visit', failure: { type: 'plain', message: entry.message }, diagnostics: [toDiagnostic(entry.range, entry.message)] });
      return;
    }
    const manifest = entry.object;
    const meta: Obj = isObj(manifest.metadata) ? manifest.metadata : {};
    const visitFail = (message: string, range: SourceRange) =>
      outcomes.push({ ...base, phase: 'visit', failure: { type: 'plain', message }, diagnostics: [toDiagnostic(range, message)] });

    const metaError = decodeMetadata(manifest);
    if (metaError) {
      visitFail(`unable to decode ${q}: ${metaError.message}`, entry.locate(metaError.path));
      return;
    }
    const component = api.componentConfig?.(manifest as Obj);
    if (component) {
      if (component.ok) outcomes.push({ ...base, warnings: component.warnings, phase: 'apply', success: component.message, diagnostics: [] });
      else {
        const message = `error: ${str(manifest.kind)} is invalid:\n${component.errors.map((e) => `* ${e}`).join('\n')}`;
        outcomes.push({ ...base, phase: 'apply', failure: { type: 'plain', message }, diagnostics: [toDiagnostic(entry.locate('kind'), message)] });
      }
      return;
    }
    const resource = served ? resourceForApiVersionKindIn(served, manifest.apiVersion, manifest.kind) : resourceForApiVersionKind(manifest.apiVersion, manifest.kind);
    if (!resource) {
      visitFail(
        `resource mapping not found for name: ${JSON.stringify(str(meta.name))} namespace: ${JSON.stringify(str(meta.namespace))} from ${q}: no matches for kind ${JSON.stringify(manifest.kind)} in version ${JSON.stringify(manifest.apiVersion)}\nensure CRDs are installed first`,
        entry.locate('kind'),
      );
      return;
    }

    // The server's deprecation warning (v1 Endpoints) comes back with the GET and the write.
    if (resource.deprecationWarning) base.warnings.push(`Warning: ${resource.deprecationWarning}`);
    // kubectl fills in the namespace of namespaced objects; the server clears it on cluster-scoped ones.
    const desiredMeta: Obj = { ...meta };
    if (resource.namespaced) desiredMeta.namespace = str(meta.namespace) || 'default';
    else delete desiredMeta.namespace;
    const desired = { ...manifest, metadata: desiredMeta } as KubeObject;
    const name = str(desiredMeta.name);
    const namespace = resource.namespaced ? str(desiredMeta.namespace) : undefined;
    const applyFail = (failure: Failure, diagnostics: Diagnostic[]) => outcomes.push({ ...base, phase: 'apply', failure, diagnostics });

    if (!name) {
      const message = `error when retrieving current configuration of:\n${resourceLine(resource, '', namespace ?? '')}\nfrom server for: ${q}: resource name may not be empty`;
      applyFail({ type: 'plain', message }, [toDiagnostic(entry.locate('metadata.name'), 'resource name may not be empty')]);
      return;
    }
    const applied = lastAppliedConfiguration(desired);
    let live: KubeObject | undefined;
    try {
      live = api.get(resource, namespace, name);
    } catch (e) {
      // The GET was refused (RBAC): kubectl names what it tried to read.
      if (!(e instanceof ApiStatusError)) throw e;
      const wrapped = `error when retrieving current configuration of:\n${resourceLine(resource, name, namespace ?? '')}\nfrom server for: ${q}: ${e.status.message}`;
      applyFail({ type: 'status', status: e.status, wrapped }, [toDiagnostic(entry.locate([]), e.status.message)]);
      return;
    }
    const label = `${qualifiedSingular(resource)}/${name}`;

    if (!live) {
      const obj = withAnnotation(pruneNulls(desired), applied);
      const status = validateObject(obj, resource) ?? (() => {
        const r = api.create(obj);
        return r.ok ? undefined : r.status;
      })();
      if (status) {
        applyFail({ type: 'status', status, wrapped: `error when creating ${q}: ${status.message}` }, statusDiagnostics(entry, desired as Obj, status));
        return;
      }
      outcomes.push({ ...base, phase: 'apply', success: `${label} created`, diagnostics: [] });
      return;
    }

    const warnings: string[] = [...base.warnings];
    const liveAnnotations = isObj(live.metadata.annotations) ? live.metadata.annotations : {};
    const previous = liveAnnotations[LAST_APPLIED_ANNOTATION];
    if (previous === undefined) {
      warnings.push(
        `Warning: resource ${resource.resource}/${name} is missing the ${LAST_APPLIED_ANNOTATION} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`,
      );
    }
    let lastApplied: unknown;
    try {
      lastApplied = previous === undefined ? undefined : JSON.parse(previous);
    } catch {
      lastApplied = undefined;
    }
    const merged = mergeIntoLive(live, withAnnotation(desired, applied), lastApplied);
    if (goJSON(merged) === goJSON(live)) {
      outcomes.push({ ...base, warnings, phase: 'apply', success: `${label} unchanged`, diagnostics: [] });
      return;
    }
    // Status is not part of an update of the main resource; validate what the user controls.
    const { status: _liveStatus, ...mergedSpec } = merged as Obj;
    const status = validateObject(mergedSpec as KubeObject, resource) ?? (() => {
      // A private copy: `merged` shares (frozen) parts with the live object.
      const r = api.update(structuredCopy(merged) as KubeObject);
      return r.ok ? undefined : r.status;
    })();
    if (status) {
      const patch = goJSON(mergePatch(live, merged));
      const wrapped = `error when applying patch:\n${patch}\nto:\n${resourceLine(resource, name, namespace ?? '')}\nfor: ${q}: error when patching ${q}: ${status.message}`;
      outcomes.push({ ...base, warnings, phase: 'apply', failure: { type: 'status', status, wrapped }, diagnostics: statusDiagnostics(entry, desired as Obj, status) });
      return;
    }
    outcomes.push({ ...base, warnings, phase: 'apply', success: `${label} configured`, diagnostics: [] });
  });

  const failures = outcomes.filter((o) => o.failure).length;
  const documents: DocumentResult[] = outcomes.map((o) => {
    const message = o.failure ? renderFailure(o.failure, failures === 1) : o.success!;
    return {
      index: o.documentIndex,
      startLine: o.startLine,
      ok: !o.failure,
      message,
      diagnostics: o.diagnostics,
      ...(o.warnings.length ? { warnings: o.warnings } : {}),
      ...(o.failure ? { stage: o.phase === 'visit' ? ('read' as const) : ('apply' as const) } : {}),
    };
  });
  if (documents.length === 0) {
    documents.push({ index: 0, startLine: 1, ok: false, message: 'error: no objects passed to apply', diagnostics: [] });
  }
  return { ok: documents.every((d) => d.ok), documents };
}

/**
 * One failure as kubectl prints it. Alone (checkErr): Invalid becomes `The Kind "name" is invalid:`
 * with `* ` bullets for several causes, other errors get `error: `. Among several (MultipleErrors):
 * `Error from server (Reason): ...` for API errors and the bare message otherwise.
 */
export function renderFailure(f: Failure, alone: boolean): string {
  if (f.type === 'plain') return alone && !f.message.startsWith('error: ') ? `error: ${f.message}` : f.message;
  const s = f.status;
  if (alone && s.reason === 'Invalid' && s.details && (s.details.kind || s.details.name)) {
    const head = `The ${s.details.kind ?? ''} ${JSON.stringify(s.details.name ?? '')} is invalid`;
    const causes = (s.details.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message ?? ''}`);
    if (causes.length === 0) return head;
    if (causes.length === 1) return `${head}: ${causes[0]}`;
    return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
  }
  return `Error from server (${s.reason}): ${f.wrapped}`;
}

/**
 * What the terminal shows for an apply: results on stdout as they happen, warnings on stderr as they
 * happen, errors on stderr at the end (parse and mapping errors first), exit code 1 on any error.
 */
export function applyOutput(result: ApplyResult): CommandOutput {
  const stdout = result.documents.filter((d) => d.ok).map((d) => `${d.message}\n`).join('');
  // kubectl's warning writer prints each distinct warning once.
  const warnings = [...new Set(result.documents.flatMap((d) => d.warnings ?? []))].map((w) => `${w}\n`);
  const failed = result.documents.filter((d) => !d.ok);
  const ordered = [...failed.filter((d) => d.stage === 'read'), ...failed.filter((d) => d.stage !== 'read')];
  const stderr = warnings.join('') + ordered.map((d) => `${d.message}\n`).join('');
  return { stdout, stderr, exitCode: result.ok ? 0 : 1 };
}
