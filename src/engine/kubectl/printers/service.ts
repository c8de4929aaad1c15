// `kubectl get services`: TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE; wide SELECTOR.
// UPSTREAM: pkg/printers/internalversion/printers.go (printService, getServiceExternalIP,
// loadBalancerStatusStringer, makePortString)

import type { Service } from 'kubernetes-types/core/v1';
import { formatLabels } from '../../api/labels';
import { compareStrings, type KubeObject } from '../../api/meta';
import { translateTimestampSince } from '../duration';
import type { TableHandler } from './table';

const loadBalancerWidth = 16;

/**
 * LoadBalancer ingress IPs (or hostnames), de-duplicated and sorted, joined by `,`. `wide` false
 * clips to 13 characters + `...`; the API server builds its tables wide, so kubectl shows it whole.
 */
export function loadBalancerStatusString(svc: Service, wide: boolean): string {
  const result = new Set<string>();
  for (const ingress of svc.status?.loadBalancer?.ingress ?? []) {
    if (ingress.ip) result.add(ingress.ip);
    else if (ingress.hostname) result.add(ingress.hostname);
  }
  let r = [...result].sort(compareStrings).join(',');
  if (!wide && r.length > loadBalancerWidth) r = `${r.slice(0, loadBalancerWidth - 3)}...`;
  return r;
}

export function serviceExternalIP(svc: Service, wide: boolean): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lbIps = loadBalancerStatusString(svc, wide);
      if (externalIPs.length > 0) {
        return [...(lbIps ? lbIps.split(',') : []), ...externalIPs].join(',');
      }
      return lbIps || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** `80/TCP`, `6379:30001/TCP`, joined by `,`. */
export function makePortString(svc: Service): string {
  return (svc.spec?.ports ?? [])
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`))
    .join(',');
}

export const serviceTable: TableHandler = {
  columns: [
    { name: 'Name', format: 'name' },
    { name: 'Type' },
    { name: 'Cluster-IP' },
    { name: 'External-IP' },
    { name: 'Port(s)' },
    { name: 'Age' },
    { name: 'Selector', priority: 1 },
  ],
  row(obj: KubeObject, nowMs: number): string[] {
    const svc = obj as unknown as Service;
    return [
      obj.metadata.name ?? '',
      svc.spec?.type ?? '',
      svc.spec?.clusterIPs?.[0] ?? '<none>',
      serviceExternalIP(svc, true),
      makePortString(svc) || '<none>',
      translateTimestampSince(obj.metadata.creationTimestamp, nowMs),
      formatLabels(svc.spec?.selector),
    ];
  },
};
