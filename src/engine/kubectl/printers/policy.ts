// `kubectl get poddisruptionbudgets`: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE.
// UPSTREAM: pkg/printers/internalversion/printers.go (printPodDisruptionBudget)

import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { KubeObject } from '../../api/meta';
import { translateTimestampSince } from '../duration';
import type { TableHandler } from './table';

/** intstr.IntOrString.String(): the number, or the string as written; `N/A` when unset. */
export function intOrStringCell(v: number | string | undefined): string {
  return v === undefined ? 'N/A' : String(v);
}

export const podDisruptionBudgetTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Min Available' }, { name: 'Max Unavailable' }, { name: 'Allowed Disruptions' }, { name: 'Age' }],
  row(obj: KubeObject, nowMs: number): string[] {
    const pdb = obj as unknown as PodDisruptionBudget;
    return [
      obj.metadata.name ?? '',
      intOrStringCell(pdb.spec?.minAvailable),
      intOrStringCell(pdb.spec?.maxUnavailable),
      String(pdb.status?.disruptionsAllowed ?? 0),
      translateTimestampSince(obj.metadata.creationTimestamp, nowMs),
    ];
  },
};
