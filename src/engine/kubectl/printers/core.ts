// `kubectl get` for the smaller core kinds: namespaces, configmaps, secrets, serviceaccounts, endpoints.
// UPSTREAM: pkg/printers/internalversion/printers.go (printNamespace, printConfigMap, printSecret,
// printServiceAccount, printEndpoints, formatEndpoints)

import type { ConfigMap, Endpoints, Namespace, Secret, ServiceAccount } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { translateTimestampSince } from '../duration';
import type { TableHandler } from './table';

function age(obj: KubeObject, nowMs: number): string {
  return translateTimestampSince(obj.metadata.creationTimestamp, nowMs);
}

export const namespaceTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Status' }, { name: 'Age' }],
  row(obj: KubeObject, nowMs: number): string[] {
    return [obj.metadata.name ?? '', (obj as unknown as Namespace).status?.phase ?? '', age(obj, nowMs)];
  },
};

export const configMapTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Data' }, { name: 'Age' }],
  row(obj: KubeObject, nowMs: number): string[] {
    const cm = obj as unknown as ConfigMap;
    const data = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
    return [obj.metadata.name ?? '', String(data), age(obj, nowMs)];
  },
};

export const secretTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Type' }, { name: 'Data' }, { name: 'Age' }],
  row(obj: KubeObject, nowMs: number): string[] {
    const secret = obj as unknown as Secret;
    return [obj.metadata.name ?? '', secret.type ?? '', String(Object.keys(secret.data ?? {}).length), age(obj, nowMs)];
  },
};

export const serviceAccountTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Secrets' }, { name: 'Age' }],
  row(obj: KubeObject, nowMs: number): string[] {
    return [obj.metadata.name ?? '', String((obj as unknown as ServiceAccount).secrets?.length ?? 0), age(obj, nowMs)];
  },
};

/** ENDPOINTS: the first three `ip:port` (or bare ips for port-less subsets), then ` + N more...`. */
export function formatEndpoints(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) if (list.length < max) list.push(a.ip);
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length < max) list.push(a.ip.includes(':') ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
      }
    }
  }
  const ret = list.join(',');
  return count > max ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Endpoints' }, { name: 'Age' }],
  row(obj: KubeObject, nowMs: number): string[] {
    return [obj.metadata.name ?? '', formatEndpoints(obj as unknown as Endpoints), age(obj, nowMs)];
  },
};
