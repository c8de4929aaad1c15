// `kubectl get limitranges` (NAME CREATED AT) and `kubectl get resourcequotas` (NAME AGE REQUEST LIMIT,
// e.g. `requests.cpu: 400m/1, requests.memory: 600Mi/1Gi` and `limits.cpu: 800m/2`).
// UPSTREAM: pkg/printers/internalversion/printers.go (printLimitRange, printResourceQuota)

import type { KubeObject } from '../../api/meta';
import { translateTimestampSince } from '../duration';
import type { TableHandler } from './table';

export const limitRangeTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Created At' }],
  row(obj: KubeObject): string[] {
    return [obj.metadata.name ?? '', obj.metadata.creationTimestamp ?? '<unknown>'];
  },
};

interface QuotaStatus {
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

/** Status resources split into the REQUEST and LIMIT columns (`limits.*` go right), name order. */
export function quotaColumns(obj: KubeObject): { request: string; limit: string } {
  const status = (obj as KubeObject & QuotaStatus).status;
  const hard = status?.hard ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const pieces = name.split('.');
    const cell = `${name}: ${status?.used?.[name] ?? '0'}/${hard[name]}`;
    (pieces.length > 1 && pieces[0] === 'limits' ? limit : request).push(cell);
  }
  return { request: request.join(', '), limit: limit.join(', ') };
}

export const resourceQuotaTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Age' }, { name: 'Request' }, { name: 'Limit' }],
  row(obj: KubeObject, nowMs: number): string[] {
    const { request, limit } = quotaColumns(obj);
    return [obj.metadata.name ?? '', translateTimestampSince(obj.metadata.creationTimestamp, nowMs), request, limit];
  },
};
