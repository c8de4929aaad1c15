// `kubectl get leases`: NAME HOLDER AGE.
// UPSTREAM: pkg/printers/internalversion/printers.go (printLease)

import type { Lease } from 'kubernetes-types/coordination/v1';
import type { KubeObject } from '../../api/meta';
import { translateTimestampSince } from '../duration';
import type { TableHandler } from './table';

export const leaseTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Holder' }, { name: 'Age' }],
  row(obj: KubeObject, nowMs: number): string[] {
    const lease = obj as unknown as Lease;
    return [obj.metadata.name ?? '', lease.spec?.holderIdentity ?? '', translateTimestampSince(obj.metadata.creationTimestamp, nowMs)];
  },
};
