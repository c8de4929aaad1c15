// `kubectl describe ingress|ingressclass`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeIngressV1, describeBackendV1,
// serviceBackendStringer, describeIngressTLSV1, describeIngressClassV1)

import type { Event, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Ingress, IngressBackend, IngressClass, IngressServiceBackend } from 'kubernetes-types/networking/v1';
import { ingressLoadBalancerStatusString } from '../ingress';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './common';
import { formatEndpointSlices } from './service';
import { LEVEL_0, LEVEL_1, LEVEL_2, PrefixWriter } from './tabwriter';

/** What describe reads about a backend Service: the Service (undefined: not found) and its EndpointSlices. */
export interface IngressBackendLookup {
  service(namespace: string, name: string): Service | undefined;
  endpointSlices(namespace: string, serviceName: string): readonly EndpointSlice[];
}

export function serviceBackendString(b: IngressServiceBackend): string {
  return `${b.name}:${b.port?.number ? String(b.port.number) : (b.port?.name ?? '')}`;
}

/** `service1:4200 (10.244.1.5:4200)`, or `(<error: services "service1" not found>)`. */
export function describeIngressBackend(ns: string, backend: IngressBackend, lookup: IngressBackendLookup): string {
  if (backend.service) {
    const sb = serviceBackendString(backend.service);
    const svc = lookup.service(ns, backend.service.name);
    if (!svc) return `${sb} (<error: services "${backend.service.name}" not found>)`;
    let spName = '';
    for (const sp of svc.spec?.ports ?? []) {
      if (backend.service.port?.number && backend.service.port.number === sp.port) spName = sp.name ?? '';
      else if (backend.service.port?.name && backend.service.port.name === sp.name) spName = sp.name ?? '';
    }
    return `${sb} (${formatEndpointSlices(lookup.endpointSlices(ns, backend.service.name), spName)})`;
  }
  if (backend.resource) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? '<none>'}, Kind: ${r.kind}, Name: ${r.name}`;
  }
  return '';
}

export function describeIngress(ing: Ingress, lookup: IngressBackendLookup, events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  const ns = ing.metadata?.namespace ?? '';
  w.write(LEVEL_0, `Name:\t${ing.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ing.metadata?.labels);
  w.write(LEVEL_0, `Namespace:\t${ns}\n`);
  w.write(LEVEL_0, `Address:\t${ingressLoadBalancerStatusString(ing.status?.loadBalancer, true)}\n`);
  w.write(LEVEL_0, `Ingress Class:\t${ing.spec?.ingressClassName ?? '<none>'}\n`);
  const def = ing.spec?.defaultBackend;
  const defaultBackend = def ? describeIngressBackend(ns, def, lookup) : '<default>';
  w.write(LEVEL_0, `Default backend:\t${defaultBackend}\n`);
  const tls = ing.spec?.tls ?? [];
  if (tls.length > 0) {
    w.write(LEVEL_0, 'TLS:\n');
    for (const t of tls) {
      if (!t.secretName) w.write(LEVEL_1, `SNI routes ${(t.hosts ?? []).join(',')}\n`);
      else w.write(LEVEL_1, `${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n`);
    }
  }
  w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(LEVEL_1, '----\t----\t--------\n');
  let count = 0;
  for (const rule of ing.spec?.rules ?? []) {
    if (!rule.http) continue;
    count++;
    w.write(LEVEL_1, `${rule.host || '*'}\t\n`);
    for (const p of rule.http.paths) w.write(LEVEL_2, `\t${p.path ?? ''} \t${describeIngressBackend(ns, p.backend, lookup)}\n`);
  }
  if (count === 0) w.write(LEVEL_1, `*\t*\t${defaultBackend}\n`);
  printAnnotationsMultiline(w, 'Annotations', ing.metadata?.annotations);
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}

export function describeIngressClass(ic: IngressClass, events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ic.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', ic.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', ic.metadata?.annotations);
  w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
  const p = ic.spec?.parameters;
  if (p) {
    w.write(LEVEL_0, 'Parameters:\n');
    if (p.apiGroup) w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${p.kind}\n`);
    w.write(LEVEL_1, `Name:\t${p.name}\n`);
  }
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}
