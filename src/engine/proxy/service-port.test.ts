import { describe, expect, it } from 'vitest';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { ServicePort } from './service-port';
import { buildEndpointsMap, buildServicePorts, categorizeEndpoints, endpointsKey } from './service-port';

const sl = (name: string, ports: EndpointSlice['ports'], endpoints: EndpointSlice['endpoints']): EndpointSlice => ({
  addressType: 'IPv4', metadata: { namespace: 'default', name, labels: { 'kubernetes.io/service-name': 'web' } }, ports, endpoints,
});

describe('buildEndpointsMap', () => {
  it('groups endpoints by port name and protocol across slices, deduplicated and sorted as "ip:port" strings', () => {
    const m = buildEndpointsMap([
      sl('web-a', [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }], [{ addresses: ['10.244.0.9'], nodeName: 'n1' }, { addresses: ['10.244.0.10'], nodeName: 'n2' }]),
      sl('web-b', [{ name: 'http', port: 8080, protocol: 'TCP' }], [{ addresses: ['10.244.0.9'], nodeName: 'n1' }, { addresses: ['10.244.1.2'], conditions: { ready: false }, nodeName: 'n1' }]),
    ], 'n1');
    const http = m.get(endpointsKey('default/web:http', 'TCP'))!;
    expect(http.map((e) => e.endpoint)).toEqual(['10.244.0.10:8080', '10.244.0.9:8080', '10.244.1.2:8080']);
    expect(http.map((e) => e.isLocal)).toEqual([false, true, true]);
    expect(http[2]).toMatchObject({ ready: false, serving: true, terminating: false });
    expect(m.get(endpointsKey('default/web:dns', 'UDP'))!.map((e) => e.endpoint)).toEqual(['10.244.0.10:53', '10.244.0.9:53']);
  });

  it('ignores IPv6 and headless-labelled slices', () => {
    const v6: EndpointSlice = { ...sl('web-6', [{ port: 80 }], [{ addresses: ['fd00::1'] }]), addressType: 'IPv6' };
    expect(buildEndpointsMap([v6], 'n1').size).toBe(0);
  });
});

describe('buildServicePorts and categorizeEndpoints', () => {
  it('names ports as ServicePortName.String() and only gives NodePort/LoadBalancer services a node port', () => {
    const ports = buildServicePorts([
      { metadata: { namespace: 'default', name: 'b' }, spec: { type: 'ClusterIP', clusterIP: '10.96.0.2', ports: [{ port: 80, nodePort: 30001 }] } },
      { metadata: { namespace: 'default', name: 'a' }, spec: { type: 'NodePort', clusterIP: '10.96.0.3', ports: [{ name: 'http', port: 80, nodePort: 30002 }] } },
    ]);
    expect(ports.map((p) => [p.name, p.nodePort])).toEqual([['default/a:http', 30002], ['default/b', 0]]);
  });

  it('uses only local ready endpoints for internalTrafficPolicy Local', () => {
    const [sp] = buildServicePorts([{ metadata: { namespace: 'default', name: 'web' }, spec: { clusterIP: '10.96.0.4', internalTrafficPolicy: 'Local', ports: [{ port: 80 }] } }]);
    const eps = buildEndpointsMap([sl('web-a', [{ port: 80, protocol: 'TCP' }], [{ addresses: ['10.244.1.2'], nodeName: 'n1' }, { addresses: ['10.244.2.2'], nodeName: 'n2' }])], 'n1').get(endpointsKey('default/web', 'TCP'))!;
    const c = categorizeEndpoints(eps, sp as ServicePort);
    expect(c.clusterEndpoints).toEqual([]);
    expect(c.localEndpoints.map((e) => e.ip)).toEqual(['10.244.1.2']);
    expect(c.hasAnyEndpoints).toBe(true);
  });
});
