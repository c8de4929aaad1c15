// `kubectl edit` in the terminal, the pure parts: which object the words name, the JSON merge patch
// from the live object to the edited text (with its resourceVersion as a precondition, so a stale
// edit gets a Conflict), and the lines kubectl edit prints.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/util/editor/editoptions.go (visitToPatch, "edited", "Edit cancelled")
// SIMPLIFICATION: a JSON merge patch instead of a strategic one (the edited lists are whole, so they replace);
// no reopening of the editor with the error as a comment: the error goes to the terminal and the buffer stays open.
// Custom kinds resolve through the kinds of established CRDs the worker reports (cluster store's customKinds).

import { parse as parseYaml } from 'yaml';
import { resolveResourceArgIn } from '../../engine/api/discovery';
import { qualifiedSingular, RESOURCES, type ResourceInfo } from '../../engine/api/resources';
import type { CustomKindInfo, ObjectRef } from '../../worker/protocol';
import { clusterStore } from '../stores/cluster-store';

export interface EditTarget {
  ref: ObjectRef;
  /** e.g. `deployment.apps`, `pod` */
  singular: string;
  /** e.g. `deployments.apps`, `pods`: as server messages name the resource */
  plural: string;
}

function pluralOf(r: ResourceInfo): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** Discovery as the terminal sees it: the built-in kinds, then the custom kinds CRDs serve now. */
export function servedKinds(customKinds: readonly CustomKindInfo[] = clusterStore.getState().customKinds): ResourceInfo[] {
  return [
    ...RESOURCES,
    ...customKinds.map((k) => ({
      group: k.group,
      version: k.versions[0]?.name ?? 'v1',
      kind: k.kind,
      resource: k.plural,
      singular: k.singular,
      namespaced: k.namespaced,
      shortNames: [...k.shortNames],
    })),
  ];
}

/** Is this command line (without `kubectl`) a `kubectl edit`? */
export function isEditCommand(command: string): boolean {
  const words = command.trim().split(/\s+/);
  let i = 0;
  while (i < words.length && words[i].startsWith('-')) i += words[i] === '-n' || words[i] === '--namespace' ? 2 : 1;
  return words[i] === 'edit';
}

/** `edit deploy/web`, `edit deployment web -n shop`: the object, or kubectl's error line. */
export function parseEditTarget(command: string, resources: readonly ResourceInfo[] = servedKinds()): { ok: true; target: EditTarget } | { ok: false; error: string } {
  const words = command.trim().split(/\s+/);
  let namespace = 'default';
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '-n' || w === '--namespace') namespace = words[++i] ?? namespace;
    else if (w.startsWith('--namespace=')) namespace = w.slice('--namespace='.length);
    else if (w.startsWith('-')) return { ok: false, error: `error: "${w}" is not supported by kubectl edit in this sandbox` };
    else args.push(w);
  }
  if (args[0] === 'edit') args.shift();
  if (args.length === 0) return { ok: false, error: 'error: You must provide one or more resources by argument or filename.' };
  let typeWord: string;
  let name: string | undefined;
  if (args[0].includes('/')) [typeWord, name] = args[0].split('/', 2);
  else [typeWord, name] = args;
  const r = resolveResourceArgIn(resources, typeWord);
  if (!r) return { ok: false, error: `error: the server doesn't have a resource type "${typeWord}"` };
  if (!name) return { ok: false, error: 'error: resource(s) were provided, but no name was specified' };
  if (args.length > (args[0].includes('/') ? 1 : 2)) return { ok: false, error: 'error: edit one object at a time here' };
  return {
    ok: true,
    target: {
      // A custom kind's apiVersion goes along: the worker finds custom objects by it.
      ref: { ...(RESOURCES.includes(r) ? {} : { apiVersion: r.group ? `${r.group}/${r.version}` : r.version }), kind: r.kind, name, ...(r.namespaced ? { namespace } : {}) },
      singular: qualifiedSingular(r),
      plural: pluralOf(r),
    },
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7386: the merge patch that turns `from` into `to` (removed keys become null). */
export function createMergePatch(from: Record<string, Json>, to: Record<string, Json>): Record<string, Json> {
  const patch: Record<string, Json> = {};
  for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    const before = from[key];
    if (isObject(before) && isObject(value)) {
      const sub = createMergePatch(before, value);
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (JSON.stringify(before) !== JSON.stringify(value)) {
      patch[key] = value;
    }
  }
  return patch;
}

export type EditPlan =
  | { kind: 'cancelled'; stdout: string }
  | { kind: 'invalid'; stderr: string }
  | { kind: 'patch'; patch: Record<string, Json> };

/**
 * What applying the edited text means: nothing changed (cancelled), unreadable YAML, or the patch to
 * send. The patch always carries the edited resourceVersion: the API server refuses it when stale.
 */
export function planEdit(original: string, edited: string): EditPlan {
  let before: unknown;
  let after: unknown;
  try {
    before = parseYaml(original);
    after = parseYaml(edited);
  } catch (e) {
    return { kind: 'invalid', stderr: `error: yaml: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!isObject(before)) return { kind: 'invalid', stderr: 'error: the original object could not be read' };
  if (after === null || after === undefined || (isObject(after) && Object.keys(after).length === 0)) {
    return { kind: 'cancelled', stdout: 'Edit cancelled, saved file was empty.' };
  }
  if (!isObject(after)) return { kind: 'invalid', stderr: 'error: the edited file is not an object' };
  const patch = createMergePatch(before, after);
  if (Object.keys(patch).length === 0) return { kind: 'cancelled', stdout: 'Edit cancelled, no changes made.' };
  if (patch.kind !== undefined || patch.apiVersion !== undefined) return { kind: 'invalid', stderr: 'error: At least one of apiVersion, kind and name was changed' };
  const meta = isObject(patch.metadata) ? patch.metadata : undefined;
  if (meta && ('name' in meta || 'namespace' in meta)) return { kind: 'invalid', stderr: 'error: At least one of apiVersion, kind and name was changed' };
  const rv = isObject(after.metadata) ? after.metadata.resourceVersion : undefined;
  if (typeof rv === 'string') patch.metadata = { ...(meta ?? {}), resourceVersion: rv };
  return { kind: 'patch', patch };
}

/** The `kubectl patch` line the terminal sends for an edit. */
export function patchCommand(target: EditTarget, patch: Record<string, Json>): string {
  const json = JSON.stringify(patch).replace(/'/g, `'"'"'`);
  const ns = target.ref.namespace ? ` -n ${target.ref.namespace}` : '';
  return `patch ${target.plural} ${target.ref.name}${ns} --type=merge -p '${json}'`;
}

/** kubectl edit's words for the patch's outcome: `deployment.apps/web edited`, or its error line. */
export function editResult(target: EditTarget, out: { stdout: string; stderr: string }): { stdout: string; stderr: string } {
  if (out.stderr.trim() === '') return { stdout: `${target.singular}/${target.ref.name} edited\n`, stderr: '' };
  const message = out.stderr.trim().replace(/^Error from server \(\w+\): /, '').replace(/^error: /, '');
  return { stdout: '', stderr: `error: ${target.plural} "${target.ref.name}" could not be patched: ${message}\n` };
}
