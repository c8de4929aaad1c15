// `kubectl diff -f FILE` and the editor's Diff: the live objects against what apply would make of them.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/diff/diff.go (InfoObject.Name, Masker, Differ, CheckDiffErr)
// SIMPLIFICATION: the "server-side dry run" applies the whole text, in order, to a throwaway copy of the
// cluster (so a Namespace created earlier in the file exists for later documents); error texts are apply's.

import type { KubeObject, ObjectRef } from '../../api/meta';
import { resourceForApiVersionKind, type ResourceInfo } from '../../api/resources';
import { resourceForApiVersionKindIn } from '../../api/discovery';
import type { KubectlContext } from '../kubectl';
import { parseManifests } from '../manifest';
import { toKubectlYaml } from '../printers/yaml';
import type { ApplyResult, CommandOutput } from '../results';
import { stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail, usageError } from './errors';
import { unifiedHunks } from './unified-diff';

/** What a dry-run apply left behind: apply's per-document results and the objects as they would be. */
export interface DryRunApply {
  result: ApplyResult;
  get(resource: ResourceInfo, namespace: string | undefined, name: string): KubeObject | undefined;
}

/** What the diff needs from the cluster: the live objects, the clock and a dry-run apply. */
export type DiffTarget = Pick<KubectlContext, 'get' | 'nowMs' | 'resources'> & { dryRunApply(text: string, source: string): DryRunApply };

export type DocumentChange = 'create' | 'update' | 'unchanged' | 'error';

export interface DocumentDiff {
  /** the object the document names (kind and name are '' when the document could not be read) */
  ref: ObjectRef;
  change: DocumentChange;
  /** this object's part of `diff -u -N` output ('' when unchanged or failed) */
  diff: string;
  /** kubectl's error for a failed document */
  message?: string;
  /** 0-based document index and 1-based first line in the text */
  index: number;
  startLine: number;
}

export interface DiffResult {
  output: CommandOutput;
  documents: DocumentDiff[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** InfoObject.Name: `[group.]version.Kind.namespace.name`, the file name in both temp folders. */
export function diffFileName(r: ResourceInfo, namespace: string, name: string): string {
  return `${r.group ? `${r.group}.` : ''}${r.version}.${r.kind}.${namespace}.${name}`;
}

/** FNV-1a, for temp folder names that look random yet repeat for the same input (no ambient randomness). */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** GNU diff's header time: `2026-01-01 00:00:00.123456789 +0000` (UTC). */
function diffTime(ms: number, extraNanos: number): string {
  const iso = new Date(ms).toISOString();
  const nanos = String((ms % 1000) * 1_000_000 + extraNanos).padStart(9, '0');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${nanos} +0000`;
}

/** Masker: Secret values become `***`, or `*** (before)` / `*** (after)` where they differ. */
function maskSecrets(live: KubeObject | undefined, merged: KubeObject | undefined): [KubeObject | undefined, KubeObject | undefined] {
  const isSecret = (o: KubeObject | undefined) => o?.kind === 'Secret' && isObj((o as Obj).data);
  if (!isSecret(live) && !isSecret(merged)) return [live, merged];
  const from = isSecret(live) ? ((live as Obj).data as Obj) : {};
  const to = isSecret(merged) ? ((merged as Obj).data as Obj) : {};
  const mask = (own: Obj, other: Obj, side: string): Obj =>
    Object.fromEntries(Object.keys(own).map((k) => [k, k in other && other[k] !== own[k] ? `*** (${side})` : '***']));
  return [
    live && isSecret(live) ? ({ ...live, data: mask(from, to, 'before') } as KubeObject) : live,
    merged && isSecret(merged) ? ({ ...merged, data: mask(to, from, 'after') } as KubeObject) : merged,
  ];
}

/** The object as kubectl diff prints it: `get -o yaml` without managedFields. */
function printed(obj: KubeObject | undefined): string {
  if (!obj) return '';
  if (!obj.metadata.managedFields) return toKubectlYaml(obj);
  const { managedFields: _hidden, ...metadata } = obj.metadata;
  return toKubectlYaml({ ...obj, metadata });
}

/**
 * The dry-run result as the API server answers a dry run: nothing was stored, so an update keeps the
 * live resourceVersion (generation still rises on a spec change) and a create has none.
 */
function asDryRun(merged: KubeObject, live: KubeObject | undefined): KubeObject {
  const metadata = { ...merged.metadata };
  if (live?.metadata.resourceVersion !== undefined) metadata.resourceVersion = live.metadata.resourceVersion;
  else delete metadata.resourceVersion;
  return { ...merged, metadata };
}

/**
 * Compare every object of `text` with what applying it would make (kubectl diff's LIVE and MERGED
 * folders) and print `diff -u -N` of the two folders. Exit code 0 without differences, 1 with, 2
 * when kubectl failed (CheckDiffErr adds one to the usual code); on a failure no diff is printed.
 */
export function diffManifests(target: DiffTarget, text: string, source = 'STDIN'): DiffResult {
  const entries = parseManifests(text, source);
  const live = entries.map((entry) => {
    if (entry.kind === 'error') return undefined;
    const served = target.resources?.();
    const resource = served ? resourceForApiVersionKindIn(served, entry.object.apiVersion, entry.object.kind) : resourceForApiVersionKind(entry.object.apiVersion, entry.object.kind);
    if (!resource) return undefined;
    const meta: Obj = isObj(entry.object.metadata) ? entry.object.metadata : {};
    const namespace = resource.namespaced ? str(meta.namespace) || 'default' : undefined;
    const name = str(meta.name);
    return { resource, namespace, name, object: name ? target.get(resource, namespace, name) : undefined };
  });
  const dry = target.dryRunApply(text, source);
  const nowMs = target.nowMs();
  const liveDir = `/tmp/LIVE-${fnv(`live\n${nowMs}\n${text}`)}`;
  const mergedDir = `/tmp/MERGED-${fnv(`merged\n${nowMs}\n${text}`)}`;

  const files = new Map<string, string>();
  const documents: DocumentDiff[] = dry.result.documents.map((doc, i) => {
    const entry = entries[i];
    const object = entry?.kind === 'object' ? entry.object : undefined;
    const l = live[i];
    const ref: ObjectRef = {
      ...(object && typeof object.apiVersion === 'string' ? { apiVersion: object.apiVersion } : {}),
      kind: object ? str(object.kind) : '',
      ...(l?.namespace !== undefined ? { namespace: l.namespace } : {}),
      name: l?.name ?? '',
    };
    const base = { ref, index: doc.index, startLine: doc.startLine };
    if (!doc.ok) return { ...base, change: 'error', diff: '', message: doc.message };
    if (!l) {
      // A component configuration (KubeSchedulerConfiguration) is no API object: there is nothing live to compare.
      return { ...base, change: 'error', diff: '', message: `error: resource mapping not found for kind ${JSON.stringify(ref.kind)}: kubectl diff compares API objects only` };
    }
    const after = dry.get(l.resource, l.namespace, l.name);
    const [from, to] = maskSecrets(l.object, after && asDryRun(after, l.object));
    const a = printed(from);
    const b = printed(to);
    const hunks = unifiedHunks(a, b);
    if (!hunks) return { ...base, change: 'unchanged', diff: '' };
    const file = diffFileName(l.resource, l.namespace ?? '', l.name);
    const diff =
      `diff -u -N ${liveDir}/${file} ${mergedDir}/${file}\n` +
      `--- ${liveDir}/${file}\t${l.object ? diffTime(nowMs, 117_000) : diffTime(0, 0)}\n` +
      `+++ ${mergedDir}/${file}\t${diffTime(nowMs, 233_000)}\n` +
      hunks;
    files.set(file, diff);
    return { ...base, change: l.object ? 'update' : 'create', diff };
  });

  const failed = documents.filter((d) => d.change === 'error');
  if (failed.length > 0) {
    return { output: { stdout: '', stderr: failed.map((d) => `${d.message ?? ''}\n`).join(''), exitCode: 2 }, documents };
  }
  // diff walks both folders in name order, whatever the order of the documents.
  const stdout = [...files.keys()].sort().map((f) => files.get(f)!).join('');
  const warnings = dry.result.documents.flatMap((d) => d.warnings ?? []).map((w) => `${w}\n`).join('');
  return { output: { stdout, stderr: warnings, exitCode: stdout ? 1 : 0 }, documents };
}

export const diffFlags: readonly FlagSpec[] = [
  { name: 'filename', shorthand: 'f', kind: 'string' },
  { name: 'recursive', shorthand: 'R', kind: 'bool' },
];

export const diffHelp =
  'Diff configurations specified by file name or stdin between the current online configuration, and the configuration as it would be if applied.\n\n' +
  'The output is always YAML.\n\nExit status:\n 0 No differences were found.\n 1 Differences were found.\n >1 Kubectl or diff failed with an error.\n\n' +
  'Examples:\n  kubectl diff -f web.yaml\n\nUsage:\n  kubectl diff -f FILENAME [options]\n';

/** `kubectl diff -f FILE`: files only; the editor's Diff button runs diffManifests on its text. */
export function runDiff(ctx: KubectlContext, { args, flags }: ParsedArgs): CommandOutput {
  const raise = (out: CommandOutput): CommandOutput => ({ ...out, exitCode: out.exitCode + 1 });
  const path = stringFlag(flags, 'filename');
  if (path === undefined) return raise(usageError('diff', 'must specify one of -f and -k'));
  if (args.length > 0) return raise(usageError('diff', `Unexpected args: [${args.join(' ')}]`));
  if (path === '-') return raise(fail('reading from stdin is not supported here; paste the YAML into the editor and press Diff'));
  if (!ctx.readFile) return raise(fail('this terminal cannot read files; paste the YAML into the editor and press Diff'));
  if (!ctx.dryRunApply) return raise(fail('this cluster cannot do a dry run'));
  let text: string;
  try {
    text = ctx.readFile(path);
  } catch {
    return raise(fail(`the path "${path}" does not exist`));
  }
  return diffManifests({ get: ctx.get, nowMs: ctx.nowMs, dryRunApply: ctx.dryRunApply, resources: ctx.resources }, text, path).output;
}
