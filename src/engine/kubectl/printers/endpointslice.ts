// `kubectl get endpointslices`: ADDRESSTYPE PORTS ENDPOINTS AGE, three entries then ` + N more...`.
// UPSTREAM: pkg/printers/internalversion/printers.go (printEndpointSlice, formatDiscoveryPorts,
// formatDiscoveryEndpoints, listWithMoreString)

import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../../api/meta';
import { translateTimestampSince } from '../duration';
import type { TableHandler } from './table';

const maxListed = 3;

/** First three entries joined by `,`, then ` + N more...`; `<unset>` for none. */
export function listWithMore(items: readonly string[]): string {
  const shown = items.slice(0, maxListed).join(',');
  if (items.length > maxListed) return `${shown} + ${items.length - maxListed} more...`;
  return shown === '' ? '<unset>' : shown;
}

export function formatDiscoveryPorts(slice: EndpointSlice): string {
  return listWithMore((slice.ports ?? []).map((p) => (p.port != null ? String(p.port) : p.name != null ? p.name : '*')));
}

export function formatDiscoveryEndpoints(slice: EndpointSlice): string {
  return listWithMore((slice.endpoints ?? []).flatMap((e) => e.addresses ?? []));
}

export const endpointSliceTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' },
    { name: 'AddressType' },
    { name: 'Ports' },
    { name: 'Endpoints' },
    { name: 'Age' },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const slice = obj as unknown as EndpointSlice;
    return [
      obj.metadata.name ?? '',
      slice.addressType ?? '',
      formatDiscoveryPorts(slice),
      formatDiscoveryEndpoints(slice),
      translateTimestampSince(obj.metadata.creationTimestamp, nowMs),
    ];
  },
};
