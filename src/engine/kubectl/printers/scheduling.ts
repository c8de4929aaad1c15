// `kubectl get priorityclasses`: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY.
// UPSTREAM: pkg/printers/internalversion/printers.go (printPriorityClass)
// The server fills PREEMPTIONPOLICY only for wide output, but the API server always generates tables
// wide (pkg/printers/storage TableConvertor), so kubectl shows it every time.

import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { KubeObject } from '../../api/meta';
import { translateTimestampSince } from '../duration';
import type { TableHandler } from './table';

export const priorityClassTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Value' }, { name: 'Global-Default' }, { name: 'Age' }, { name: 'PreemptionPolicy' }],
  row(obj: KubeObject, nowMs: number): string[] {
    const pc = obj as unknown as PriorityClass;
    return [
      obj.metadata.name ?? '',
      String(pc.value ?? 0),
      String(pc.globalDefault ?? false),
      translateTimestampSince(obj.metadata.creationTimestamp, nowMs),
      pc.preemptionPolicy ?? '',
    ];
  },
};
