// `kubectl rollout status|history|undo|pause|resume|restart TYPE NAME` for Deployments (status,
// history and restart also for DaemonSets and StatefulSets).
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/rollout/*.go, staging/src/k8s.io/kubectl/pkg/polymorphichelpers/
//           (rollout_status.go, history.go, rollback.go, objectpauser.go, objectresumer.go, objectrestarter.go)
// SIMPLIFICATION: `rollout status` answers once from the current state, as `--watch=false` does (the
// terminal is not a stream); undo is for Deployments only; no --dry-run, -o, -f or -l.

import type { Deployment, ReplicaSet, DaemonSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { qualifiedSingular, resourceForKind, type ResourceInfo } from '../../api/resources';
import { groupResource } from '../../apiserver/errors';
import { structuredCopy } from '../../apiserver/store';
import { describePodTemplate } from '../printers/describe/pod';
import { PrefixWriter, tabbedString } from '../printers/describe/tabwriter';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail, usageError } from './errors';
import { serverErrorLine } from './patch';
import { parseResourceArgs } from './resource-args';

export const rolloutFlags: readonly FlagSpec[] = [
  { name: 'revision', kind: 'string' },
  { name: 'to-revision', kind: 'string' },
  { name: 'watch', shorthand: 'w', kind: 'bool' },
  { name: 'timeout', kind: 'string' },
];

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const HASH_LABEL = 'pod-template-hash';
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
/** rollback.go's annotationsToSkip: kept from the Deployment, never copied from the ReplicaSet. */
const ANNOTATIONS_TO_SKIP = [
  'kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to',
];

const SUBCOMMANDS = ['history', 'pause', 'restart', 'resume', 'status', 'undo'];

type Sub = 'history' | 'pause' | 'restart' | 'resume' | 'status' | 'undo';

/** GroupKind.String(): `Pod`, `ReplicaSet.apps`. */
function groupKind(r: ResourceInfo): string {
  return r.group ? `${r.kind}.${r.group}` : r.kind;
}

function ownedBy(owner: KubeObject, o: KubeObject): boolean {
  return (o.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === owner.metadata.uid);
}

function revisionOf(o: KubeObject): number | undefined {
  const v = o.metadata.annotations?.[REVISION];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Deep equality with keys in any order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = structuredCopy(t ?? {}) as PodTemplateSpec & { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[HASH_LABEL];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  return copy;
}

/** The revisions of a workload: revision number -> [pod template, change cause]. */
function history(ctx: KubectlContext, resource: ResourceInfo, obj: KubeObject): Map<number, { template?: PodTemplateSpec; cause?: string; rs?: KubeObject }> {
  const out = new Map<number, { template?: PodTemplateSpec; cause?: string; rs?: KubeObject }>();
  const ns = obj.metadata.namespace;
  if (resource.kind === 'Deployment') {
    for (const rs of ctx.list(resourceForKind('ReplicaSet')!, ns)) {
      if (!ownedBy(obj, rs)) continue;
      const rev = revisionOf(rs);
      if (rev === undefined) continue;
      out.set(rev, { template: (rs as ReplicaSet).spec?.template, cause: rs.metadata.annotations?.[CHANGE_CAUSE], rs });
    }
    return out;
  }
  for (const cr of ctx.list(resourceForKind('ControllerRevision')!, ns)) {
    if (!ownedBy(obj, cr)) continue;
    const c = cr as KubeObject & { revision?: number; data?: { spec?: { template?: PodTemplateSpec } } };
    if (typeof c.revision !== 'number') continue;
    out.set(c.revision, { template: c.data?.spec?.template, cause: cr.metadata.annotations?.[CHANGE_CAUSE] });
  }
  return out;
}

function statusLine(resource: ResourceInfo, obj: KubeObject): { line: string } | { error: string } {
  const name = obj.metadata.name ?? '';
  const generation = obj.metadata.generation ?? 0;
  if (resource.kind === 'Deployment') {
    const d = obj as Deployment & KubeObject;
    const s = d.status ?? {};
    if (generation > (s.observedGeneration ?? 0)) return { line: 'Waiting for deployment spec update to be observed...\n' };
    const progressing = s.conditions?.find((c) => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') return { error: `deployment ${JSON.stringify(name)} exceeded its progress deadline` };
    const replicas = d.spec?.replicas ?? 1;
    const updated = s.updatedReplicas ?? 0;
    if (updated < replicas) return { line: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n` };
    if ((s.replicas ?? 0) > updated) return { line: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${(s.replicas ?? 0) - updated} old replicas are pending termination...\n` };
    if ((s.availableReplicas ?? 0) < updated) return { line: `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${s.availableReplicas ?? 0} of ${updated} updated replicas are available...\n` };
    return { line: `deployment ${JSON.stringify(name)} successfully rolled out\n` };
  }
  if (resource.kind === 'DaemonSet') {
    const ds = obj as DaemonSet & KubeObject;
    if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return { error: 'rollout status is only available for RollingUpdate strategy type' };
    const s = ds.status ?? { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 };
    if (generation > (s.observedGeneration ?? 0)) return { line: 'Waiting for daemon set spec update to be observed...\n' };
    const desired = s.desiredNumberScheduled ?? 0;
    if ((s.updatedNumberScheduled ?? 0) < desired) return { line: `Waiting for daemon set ${JSON.stringify(name)} rollout to finish: ${s.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n` };
    if ((s.numberAvailable ?? 0) < desired) return { line: `Waiting for daemon set ${JSON.stringify(name)} rollout to finish: ${s.numberAvailable ?? 0} of ${desired} updated pods are available...\n` };
    return { line: `daemon set ${JSON.stringify(name)} successfully rolled out\n` };
  }
  const sts = obj as StatefulSet & KubeObject;
  const strategy = sts.spec?.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return { error: 'rollout status is only available for RollingUpdate strategy type' };
  const s = sts.status ?? { replicas: 0 };
  if (!s.observedGeneration || generation > s.observedGeneration) return { line: 'Waiting for statefulset spec update to be observed...\n' };
  const replicas = sts.spec?.replicas ?? 1;
  if ((s.readyReplicas ?? 0) < replicas) return { line: `Waiting for ${replicas - (s.readyReplicas ?? 0)} pods to be ready...\n` };
  if (strategy?.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (partition !== undefined && (s.updatedReplicas ?? 0) < replicas - partition) {
      return { line: `Waiting for partitioned roll out to finish: ${s.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...\n` };
    }
    return { line: `partitioned roll out complete: ${s.updatedReplicas ?? 0} new pods have been updated...\n` };
  }
  if (s.updateRevision !== s.currentRevision) {
    return { line: `waiting for statefulset rolling update to complete ${s.updatedReplicas ?? 0} pods at revision ${s.updateRevision ?? ''}...\n` };
  }
  return { line: `statefulset rolling update complete ${s.currentReplicas ?? 0} pods at revision ${s.currentRevision ?? ''}...\n` };
}

function parseRevision(flags: ParsedArgs['flags'], name: string): number | { error: string } {
  const v = stringFlag(flags, name) ?? '0';
  if (!/^[+-]?\d+$/.test(v)) return { error: `invalid argument "${v}" for "--${name}" flag: strconv.ParseInt: parsing "${v}": invalid syntax` };
  return Number(v);
}

function runOne(sub: Sub, ctx: KubectlContext, resource: ResourceInfo, obj: KubeObject, flags: ParsedArgs['flags']): { out?: string; err?: string } {
  const name = obj.metadata.name ?? '';
  const ns = obj.metadata.namespace;
  const prefix = `${qualifiedSingular(resource)}/${name}`;
  const workload = ['Deployment', 'DaemonSet', 'StatefulSet'].includes(resource.kind);
  const notSupported = (what: string) => ({ err: `error: ${groupResource(resource)} ${JSON.stringify(name)} ${what} is not supported\n` });
  switch (sub) {
    case 'status': {
      if (!workload) return { err: `error: no status viewer has been implemented for ${groupKind(resource)}\n` };
      const s = statusLine(resource, obj);
      return 'error' in s ? { err: `error: ${s.error}\n` } : { out: s.line };
    }
    case 'history': {
      if (!workload) return { err: `error: no history viewer has been implemented for ${JSON.stringify(groupKind(resource))}\n` };
      const revision = parseRevision(flags, 'revision');
      if (typeof revision === 'object') return { err: `error: ${revision.error}\n` };
      const h = history(ctx, resource, obj);
      if (revision > 0) {
        const entry = h.get(revision);
        if (!entry) return { err: 'error: unable to find the specified revision\n' };
        const w = new PrefixWriter();
        describePodTemplate(w, entry.template);
        return { out: `${prefix} with revision #${revision}\n${w.rawText()}\n` };
      }
      const rows = [...h.keys()].sort((a, b) => a - b).map((r) => `${r}\t${h.get(r)!.cause || '<none>'}\n`);
      return { out: `${prefix} \n${tabbedString(`REVISION\tCHANGE-CAUSE\n${rows.join('')}`)}\n` };
    }
    case 'undo': {
      if (resource.kind !== 'Deployment') {
        if (workload) return { err: `error: "kubectl rollout undo ${resource.singular}" is not available in this sandbox yet; only Deployments can be rolled back here\n` };
        return { err: `error: no rollbacker has been implemented for ${JSON.stringify(groupKind(resource))}\n` };
      }
      const d = obj as Deployment & KubeObject;
      const toRevision = parseRevision(flags, 'to-revision');
      if (typeof toRevision === 'object') return { err: `error: ${toRevision.error}\n` };
      if (toRevision < 0) return { err: `error: unable to find specified revision ${toRevision} in history\n` };
      if (d.spec?.paused) return { err: "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n" };
      const h = history(ctx, resource, obj);
      let target = toRevision;
      if (target === 0) {
        // deploymentRevision: the previous revision is the second highest.
        const revs = [...h.keys()].sort((a, b) => b - a);
        if (revs.length < 2) return { err: `error: no rollout history found for deployment ${JSON.stringify(name)}\n` };
        target = revs[1];
      }
      const entry = h.get(target);
      if (!entry?.rs) return { err: `error: unable to find specified revision ${target} in history\n` };
      if (canonical(withoutHash(entry.template)) === canonical(withoutHash(d.spec?.template))) {
        return { out: `${prefix} skipped rollback (current template already matches revision ${target})\n` };
      }
      const annotations: Record<string, string> = {};
      for (const k of ANNOTATIONS_TO_SKIP) {
        const v = d.metadata.annotations?.[k];
        if (v !== undefined) annotations[k] = v;
      }
      for (const [k, v] of Object.entries(entry.rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.includes(k)) annotations[k] = v;
      const patch = [
        { op: 'replace', path: '/spec/template', value: withoutHash(entry.template) },
        // kubectl always replaces: a live Deployment carries the controller's revision annotation.
        // Without any annotation (no controller yet) a JSON patch must add the map instead.
        { op: d.metadata.annotations ? 'replace' : 'add', path: '/metadata/annotations', value: annotations },
      ];
      const r = ctx.patch!(resource, ns, name, patch, 'json');
      if (!r.ok) return { err: `${serverErrorLine(r.status)}\n` };
      return { out: `${prefix} rolled back\n` };
    }
    case 'pause':
    case 'resume': {
      if (resource.kind !== 'Deployment') return notSupported(sub === 'pause' ? 'pausing' : 'resuming');
      const paused = (obj as Deployment).spec?.paused === true;
      const want = sub === 'pause';
      if (paused === want) return { out: `${prefix} already ${want ? 'paused' : 'resumed'}\n` };
      const r = ctx.patch!(resource, ns, name, { spec: { paused: want ? true : null } }, 'merge');
      if (!r.ok) return { err: `${serverErrorLine(r.status)}\n` };
      return { out: `${prefix} ${want ? 'paused' : 'resumed'}\n` };
    }
    case 'restart': {
      if (!workload) return notSupported('restarting');
      if (resource.kind === 'Deployment' && (obj as Deployment).spec?.paused) {
        return { err: `error: ${groupResource(resource)} ${JSON.stringify(name)} can't restart paused deployment (run rollout resume first)\n` };
      }
      const at = new Date(ctx.nowMs()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const r = ctx.patch!(resource, ns, name, { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: at } } } } }, 'strategic');
      if (!r.ok) return { err: `${serverErrorLine(r.status)}\n` };
      return { out: `${prefix} restarted\n` };
    }
  }
}

export function runRollout(ctx: KubectlContext, { args, flags }: ParsedArgs, namespace: string): CommandOutput {
  const [sub, ...rest] = args;
  if (sub === undefined) {
    return {
      stdout:
        'Manage the rollout of one or many resources.\n\nAvailable Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n' +
        '  restart       Restart a resource\n  resume        Resume a paused resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout\n\n' +
        'Usage:\n  kubectl rollout SUBCOMMAND [options]\n',
      stderr: '',
      exitCode: 0,
    };
  }
  if (!SUBCOMMANDS.includes(sub)) return usageError('rollout', `unknown command "${sub}" for "kubectl rollout"`);
  if (rest.length === 0) return fail('required resource not specified');
  const parsed = parseResourceArgs(rest);
  if (!parsed.ok) return fail(parsed.error);
  // pause, resume and restart visit every object of a bare type (ResourceTypeOrNameArgs(true, ...))
  const typeOnlyAllowed = sub === 'pause' || sub === 'resume' || sub === 'restart';
  if (!typeOnlyAllowed && parsed.value.targets.some((t) => !t.names)) return fail('resource(s) were provided, but no name was specified');
  if (sub !== 'status' && sub !== 'history' && !ctx.patch) return fail(`"kubectl rollout ${sub}" is not available here`);
  let stdout = '';
  let stderr = '';
  for (const { resource, names } of parsed.value.targets) {
    const ns = resource.namespaced ? namespace : undefined;
    const all = names ?? ctx.list(resource, ns).map((o) => o.metadata.name ?? '').sort();
    for (const name of all) {
      const obj = ctx.get(resource, ns, name);
      if (!obj) {
        stderr += `Error from server (NotFound): ${groupResource(resource)} "${name}" not found\n`;
        continue;
      }
      const r = runOne(sub as Sub, ctx, resource, obj, flags);
      stdout += r.out ?? '';
      stderr += r.err ?? '';
    }
  }
  return { stdout, stderr, exitCode: stderr === '' ? 0 : 1 };
}
