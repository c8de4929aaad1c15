// The fields an update may not change once an object exists, as each kind's strategy validates them.
// UPSTREAM: pkg/apis/apps/validation/validation.go (ValidateStatefulSetUpdate, and the apps/v1
// selector immutability in pkg/registry/apps/{deployment,replicaset,daemonset}/strategy.go),
// pkg/apis/batch/validation/validation.go (ValidateJobSpecUpdate), pkg/apis/core/validation/
// validation.go (ValidatePodUpdate, ValidateConfigMapUpdate/ValidateSecretUpdate for immutable: true).
// SIMPLIFICATION: the go-cmp diff after the Pod error is a faithful subset (pod-spec-diff.ts); the Job
// exceptions for suspended jobs' scheduling directives and elastic Indexed Jobs are not modelled.

import type { KubeObject } from '../../api/meta';
import { applyDefaults } from '../registry/defaults';
import { forbidden, invalid, type ErrorList } from './field-errors';
import { podSpecDiff } from './pod-spec-diff';

type Json = Record<string, unknown>;
const spec = (o: KubeObject): Json => ((o as { spec?: Json }).spec ?? {}) as Json;
/** Equal as JSON values: key order does not count (a selector sent as {b, a} is the stored {a, b}). */
const same = (a: unknown, b: unknown): boolean => JSON.stringify(sorted(a ?? null)) === JSON.stringify(sorted(b ?? null));

const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const STATEFULSET_FORBIDDEN =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

/**
 * Errors for an update of `sent` over the stored `old`. The comparison sees `sent` defaulted, as the
 * API server validates after defaulting: a replace that leaves defaulted fields out changes nothing.
 */
export function validateImmutableFields(sent: KubeObject, old: KubeObject, resource: string): ErrorList {
  const next = JSON.parse(JSON.stringify(sent)) as KubeObject;
  applyDefaults(resource, next);
  switch (`${next.apiVersion?.split('/')[0] ?? ''}/${next.kind}`) {
    case 'apps/Deployment':
    case 'apps/ReplicaSet':
    case 'apps/DaemonSet':
      return same(spec(next).selector, spec(old).selector) ? [] : [invalid('spec.selector', spec(next).selector ?? null, 'field is immutable')];
    case 'apps/StatefulSet':
      return statefulSetUpdate(next, old);
    case 'batch/Job':
      return jobUpdate(next, old);
    case 'v1/Pod':
      return podUpdate(next, old);
    case 'v1/ConfigMap':
    case 'v1/Secret':
      return immutableData(next, old);
    default:
      return [];
  }
}

function statefulSetUpdate(next: KubeObject, old: KubeObject): ErrorList {
  const mutable = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);
  const rest = (s: Json) => Object.fromEntries(Object.entries(s).filter(([k]) => !mutable.has(k)).sort(([a], [b]) => (a < b ? -1 : 1)));
  return same(rest(spec(next)), rest(spec(old))) ? [] : [forbidden('spec', STATEFULSET_FORBIDDEN)];
}

function jobUpdate(next: KubeObject, old: KubeObject): ErrorList {
  const n = spec(next);
  const o = spec(old);
  const errs: ErrorList = [];
  if (!same(n.selector, o.selector)) errs.push(invalid('spec.selector', n.selector ?? null, 'field is immutable'));
  if (!same(n.template, o.template)) errs.push(invalid('spec.template', n.template ?? null, 'field is immutable'));
  if (!same(n.completions, o.completions)) errs.push(invalid('spec.completions', n.completions ?? null, 'field is immutable'));
  if (!same(n.completionMode, o.completionMode)) errs.push(invalid('spec.completionMode', n.completionMode ?? null, 'field is immutable'));
  if (!same(n.podFailurePolicy, o.podFailurePolicy)) errs.push(invalid('spec.podFailurePolicy', n.podFailurePolicy ?? null, 'field is immutable'));
  return errs;
}

type Container = Json & { name?: string; image?: string };

function podUpdate(next: KubeObject, old: KubeObject): ErrorList {
  const n = JSON.parse(JSON.stringify(spec(next))) as Json;
  const o = spec(old);
  // What an update may change, copied from the old spec so the rest can be compared as a whole.
  const keepImages = (key: 'containers' | 'initContainers') => {
    const nc = (n[key] as Container[] | undefined) ?? [];
    const oc = (o[key] as Container[] | undefined) ?? [];
    if (nc.length !== oc.length) return;
    nc.forEach((c, i) => {
      c.image = oc[i].image;
    });
  };
  keepImages('containers');
  keepImages('initContainers');
  n.activeDeadlineSeconds = o.activeDeadlineSeconds;
  n.terminationGracePeriodSeconds = o.terminationGracePeriodSeconds;
  // tolerations: only additions to the existing list
  const nt = (n.tolerations as unknown[] | undefined) ?? [];
  const ot = (o.tolerations as unknown[] | undefined) ?? [];
  if (ot.every((t) => nt.some((x) => same(x, t)))) n.tolerations = o.tolerations;
  // scheduling gates may only be removed (ValidatePodUpdate checks additions separately)
  const ng = (n.schedulingGates as Array<{ name: string }> | undefined) ?? [];
  const og = (o.schedulingGates as Array<{ name: string }> | undefined) ?? [];
  const added = ng.find((g) => !og.some((x) => x.name === g.name));
  if (added) return [forbidden('spec.schedulingGates', `only deletion is allowed, but found new scheduling gate '${added.name}'`)];
  n.schedulingGates = o.schedulingGates;
  // While gated, node selectors and affinity may be added (pod scheduling readiness, 1.27+).
  if (og.length > 0) {
    n.nodeSelector = o.nodeSelector;
    n.affinity = o.affinity;
  }
  for (const k of Object.keys(n)) if (n[k] === undefined) delete n[k];
  const oo = { ...o };
  for (const k of Object.keys(oo)) if (oo[k] === undefined) delete oo[k];
  // ValidatePodUpdate: the fields, then cmp.Diff(oldPod.Spec, mungedPodSpec) so the learner sees what differs.
  return same(sorted(n), sorted(oo)) ? [] : [forbidden('spec', `${POD_UPDATE_FORBIDDEN}\n${podSpecDiff(oo, n)}`)];
}

function immutableData(next: KubeObject, old: KubeObject): ErrorList {
  const o = old as KubeObject & { immutable?: boolean; data?: unknown; binaryData?: unknown };
  const n = next as KubeObject & { immutable?: boolean; data?: unknown; binaryData?: unknown };
  if (o.immutable !== true) return [];
  const errs: ErrorList = [];
  if (n.immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  if (!same(n.data, o.data)) errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
  if (!same(n.binaryData, o.binaryData)) errs.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
  return errs;
}

/** Key order does not make two specs different. */
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v as Json).sort().map((k) => [k, sorted((v as Json)[k])]));
  return v;
}
