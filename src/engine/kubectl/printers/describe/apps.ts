// `kubectl describe deployment|replicaset|replicationcontroller|daemonset`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeDeployment,
// describeReplicaSet, describeReplicationController, describeDaemonSet, printReplicaSetsByLabels); staging/src/k8s.io/kubectl/pkg/util/deployment
// (GetAllReplicaSets: the new ReplicaSet is the owned one whose template equals the Deployment's)

import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Event, Pod, PodTemplateSpec, ReplicationController } from 'kubernetes-types/core/v1';
import { formatLabels, formatLabelSelector, labelSelectorAsSelector, matchesLabelSelector } from '../../../api/labels';
import { describeEvents, formatRFC1123Z, printAnnotationsMultiline, printController, printLabelsMultiline } from './common';
import { describePodTemplate } from './pod';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './tabwriter';

/** `replicaSets` are those in the Deployment's namespace; ownership is checked here. */
export function describeDeployment(d: Deployment, replicaSets: readonly ReplicaSet[], events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const spec = d.spec!;
  const status = d.status ?? {};
  w.write(LEVEL_0, `Name:\t${d.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${d.metadata?.namespace ?? ''}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(d.metadata?.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata?.annotations);
  w.write(LEVEL_0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
  w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 1} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`);
  w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  const ru = spec.strategy?.rollingUpdate;
  if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${String(ru.maxUnavailable ?? '')} max unavailable, ${String(ru.maxSurge ?? '')} max surge\n`);
  describePodTemplate(w, spec.template);
  if (status.conditions && status.conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  const owned = replicaSets.filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.controller && o.uid === d.metadata?.uid));
  const newRS = owned.find((rs) => sameTemplate(rs.spec?.template, spec.template));
  const oldRSs = owned.filter((rs) => rs !== newRS && (rs.spec?.replicas ?? 1) !== 0);
  if (oldRSs.length > 0 || newRS) {
    w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetList(oldRSs)}\n`);
    w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetList(newRS ? [newRS] : [])}\n`);
  }
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}

function replicaSetList(rss: readonly ReplicaSet[]): string {
  const parts = rss.map((rs) => `${rs.metadata?.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`);
  return parts.length > 0 ? parts.join(', ') : '<none>';
}

/** EqualIgnoreHash: templates equal once the pod-template-hash label is dropped. */
function sameTemplate(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return canonical(withoutHash(a)) === canonical(withoutHash(b));
}

function withoutHash(t: PodTemplateSpec | undefined): unknown {
  if (!t) return {};
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  return { ...t, metadata: { ...(t.metadata ?? {}), labels } };
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** `pods` are those the ReplicaSet controls (owner uid), counted by phase for `Pods Status`. */
export function describeReplicaSet(rs: ReplicaSet, pods: readonly Pod[], events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const owned = pods.filter((p) => p.metadata?.ownerReferences?.some((o) => o.controller && o.uid === rs.metadata?.uid));
  const count = (phase: string) => owned.filter((p) => p.status?.phase === phase).length;
  w.write(LEVEL_0, `Name:\t${rs.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${rs.metadata?.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rs.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', rs.metadata?.annotations);
  const controlledBy = printController(rs as never);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
  w.write(LEVEL_0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`);
  describePodTemplate(w, rs.spec?.template);
  const conditions = rs.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}

/** describeReplicationController: as a ReplicaSet, with the plain label-map selector and no Controlled By. */
export function describeReplicationController(rc: ReplicationController, pods: readonly Pod[], events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const owned = pods.filter((p) => p.metadata?.ownerReferences?.some((o) => o.controller && o.uid === rc.metadata?.uid));
  const count = (phase: string) => owned.filter((p) => p.status?.phase === phase).length;
  w.write(LEVEL_0, `Name:\t${rc.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${rc.metadata?.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${formatLabels(rc.spec?.selector ?? {})}\n`);
  printLabelsMultiline(w, 'Labels', rc.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', rc.metadata?.annotations);
  w.write(LEVEL_0, `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 1} desired\n`);
  w.write(LEVEL_0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`);
  describePodTemplate(w, rc.spec?.template);
  const conditions = rc.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}

/**
 * `pods` are those in the DaemonSet's namespace; like getPodStatusForController only the ones its
 * selector matches and it controls (owner uid) are counted. The five node counts are written
 * without a tab, as upstream does, so they break the tabwriter block and are never aligned.
 */
export function describeDaemonSet(ds: DaemonSet, pods: readonly Pod[], events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const status = ds.status;
  const owned = pods.filter(
    (p) => matchesLabelSelector(ds.spec?.selector, p.metadata?.labels ?? {}) && p.metadata?.ownerReferences?.some((o) => o.controller && o.uid === ds.metadata?.uid),
  );
  const count = (phase: string) => owned.filter((p) => p.status?.phase === phase).length;
  w.write(LEVEL_0, `Name:\t${ds.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${ds.metadata?.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${labelSelectorAsSelector(ds.spec?.selector).toString()}\n`);
  w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector ?? {})}\n`);
  printLabelsMultiline(w, 'Labels', ds.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', ds.metadata?.annotations);
  w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${status?.desiredNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${status?.currentNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${status?.updatedNumberScheduled ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${status?.numberAvailable ?? 0}\n`);
  w.write(LEVEL_0, `Number of Nodes Misscheduled: ${status?.numberMisscheduled ?? 0}\n`);
  w.write(LEVEL_0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`);
  describePodTemplate(w, ds.spec?.template);
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}
