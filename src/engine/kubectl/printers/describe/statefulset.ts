// `kubectl describe statefulset`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (StatefulSetDescriber.Describe,
// describeVolumeClaimTemplates)

import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { Event, Pod } from 'kubernetes-types/core/v1';
import { labelSelectorAsSelector, matchesLabelSelector } from '../../../api/labels';
import { describeEvents, formatRFC1123Z, printAnnotationsMultiline, printLabelsMultiline } from './common';
import { describePodTemplate } from './pod';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './tabwriter';

/** `pods` are those in the set's namespace; only those it selects and controls are counted. */
export function describeStatefulSet(sts: StatefulSet, pods: readonly Pod[], events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const spec = sts.spec;
  const owned = pods.filter(
    (p) => matchesLabelSelector(spec?.selector, p.metadata?.labels ?? {}) && p.metadata?.ownerReferences?.some((o) => o.controller && o.uid === sts.metadata?.uid),
  );
  const count = (phase: string) => owned.filter((p) => p.status?.phase === phase).length;
  w.write(LEVEL_0, `Name:\t${sts.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${sts.metadata?.namespace ?? ''}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(sts.metadata?.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Selector:\t${labelSelectorAsSelector(spec?.selector).toString()}\n`);
  printLabelsMultiline(w, 'Labels', sts.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', sts.metadata?.annotations);
  w.write(LEVEL_0, `Replicas:\t${spec?.replicas ?? 1} desired | ${sts.status?.replicas ?? 0} total\n`);
  w.write(LEVEL_0, `Update Strategy:\t${spec?.updateStrategy?.type ?? ''}\n`);
  const ru = spec?.updateStrategy?.rollingUpdate;
  if (ru?.partition !== undefined) {
    w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined) w.write(LEVEL_1, `MaxUnavailable:\t${String(ru.maxUnavailable)}\n`);
  }
  w.write(LEVEL_0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`);
  describePodTemplate(w, spec?.template);
  const templates = spec?.volumeClaimTemplates ?? [];
  if (templates.length === 0) w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
  else {
    w.write(LEVEL_0, 'Volume Claims:\n');
    for (const pvc of templates) {
      w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
      const cls = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '';
      w.write(LEVEL_1, `StorageClass:\t${cls}\n`);
      printLabelsMultiline(w, 'Labels', pvc.metadata?.labels, '  ');
      printLabelsMultiline(w, 'Annotations', pvc.metadata?.annotations, '  ');
      w.write(LEVEL_1, `Capacity:\t${pvc.spec?.resources?.requests?.storage ?? '<default>'}\n`);
      w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
    }
  }
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}
