// `kubectl describe poddisruptionbudget`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describePodDisruptionBudgetV1)

import type { Event } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { formatLabelSelector } from '../../../api/labels';
import { describeEvents } from './common';
import { LEVEL_0, LEVEL_2, PrefixWriter } from './tabwriter';

export function describePodDisruptionBudget(pdb: PodDisruptionBudget, events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${pdb.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${pdb.metadata?.namespace ?? ''}\n`);
  if (pdb.spec?.minAvailable !== undefined) w.write(LEVEL_0, `Min available:\t${String(pdb.spec.minAvailable)}\n`);
  else if (pdb.spec?.maxUnavailable !== undefined) w.write(LEVEL_0, `Max unavailable:\t${String(pdb.spec.maxUnavailable)}\n`);
  w.write(LEVEL_0, `Selector:\t${pdb.spec?.selector ? formatLabelSelector(pdb.spec.selector) : '<unset>'}\n`);
  w.write(LEVEL_0, 'Status:\n');
  w.write(LEVEL_2, `Allowed disruptions:\t${pdb.status?.disruptionsAllowed ?? 0}\n`);
  w.write(LEVEL_2, `Current:\t${pdb.status?.currentHealthy ?? 0}\n`);
  w.write(LEVEL_2, `Desired:\t${pdb.status?.desiredHealthy ?? 0}\n`);
  w.write(LEVEL_2, `Total:\t${pdb.status?.expectedPods ?? 0}\n`);
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}
