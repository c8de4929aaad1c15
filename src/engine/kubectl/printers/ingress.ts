// `kubectl get ingresses` (NAME CLASS HOSTS ADDRESS PORTS AGE) and `kubectl get ingressclasses`
// (NAME CONTROLLER PARAMETERS AGE).
// UPSTREAM: pkg/printers/internalversion/printers.go (printIngress, formatHosts, formatPorts,
// ingressLoadBalancerStatusStringer, printIngressClass)

import type { Ingress, IngressClass, IngressLoadBalancerStatus, IngressRule, IngressTLS } from 'kubernetes-types/networking/v1';
import { compareStrings, type KubeObject } from '../../api/meta';
import { translateTimestampSince } from '../duration';
import type { TableHandler } from './table';

const loadBalancerWidth = 16;

/** At most 3 hosts joined by `,`, then ` + N more...`; `*` when no rule names a host. */
export function formatHosts(rules: readonly IngressRule[]): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const ret = list.join(',');
  return more ? `${ret} + ${rules.length - max} more...` : ret;
}

export function formatPorts(tls: readonly IngressTLS[] | undefined): string {
  return tls && tls.length > 0 ? '80, 443' : '80';
}

/** IPs (or hostnames) de-duplicated and sorted, joined by `,`; clipped at 16 characters unless wide. */
export function ingressLoadBalancerStatusString(s: IngressLoadBalancerStatus | undefined, wide: boolean): string {
  const result = new Set<string>();
  for (const i of s?.ingress ?? []) {
    if (i.ip) result.add(i.ip);
    else if (i.hostname) result.add(i.hostname);
  }
  let r = [...result].sort(compareStrings).join(',');
  if (!wide && r.length > loadBalancerWidth) r = `${r.slice(0, loadBalancerWidth - 3)}...`;
  return r;
}

export const ingressTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Class' }, { name: 'Hosts' }, { name: 'Address' }, { name: 'Ports' }, { name: 'Age' }],
  row(obj: KubeObject, nowMs: number): string[] {
    const ing = obj as unknown as Ingress;
    return [
      obj.metadata.name ?? '',
      ing.spec?.ingressClassName ?? '<none>',
      formatHosts(ing.spec?.rules ?? []),
      // The API server builds its tables wide (printIngress passes options.Wide), so nothing is clipped.
      ingressLoadBalancerStatusString(ing.status?.loadBalancer, true),
      formatPorts(ing.spec?.tls),
      translateTimestampSince(obj.metadata.creationTimestamp, nowMs),
    ];
  },
};

export const ingressClassTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Controller' }, { name: 'Parameters' }, { name: 'Age' }],
  row(obj: KubeObject, nowMs: number): string[] {
    const ic = obj as unknown as IngressClass;
    const p = ic.spec?.parameters;
    let parameters = '<none>';
    if (p) parameters = `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}`;
    return [obj.metadata.name ?? '', ic.spec?.controller ?? '', parameters, translateTimestampSince(obj.metadata.creationTimestamp, nowMs)];
  },
};
