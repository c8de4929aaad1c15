// `kubectl describe priorityclass`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describePriorityClass)
// Annotations print on one line with labels.FormatLabels, so (unlike most describers) the
// last-applied-configuration annotation of an applied class shows in full.

import type { Event } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { formatLabels } from '../../../api/labels';
import { describeEvents } from './common';
import { LEVEL_0, PrefixWriter } from './tabwriter';

export function describePriorityClass(pc: PriorityClass, events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${pc.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Value:\t${pc.value ?? 0}\n`);
  w.write(LEVEL_0, `GlobalDefault:\t${pc.globalDefault ?? false}\n`);
  w.write(LEVEL_0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}\n`);
  w.write(LEVEL_0, `Description:\t${pc.description ?? ''}\n`);
  w.write(LEVEL_0, `Annotations:\t${formatLabels(pc.metadata?.annotations)}\n`);
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}
