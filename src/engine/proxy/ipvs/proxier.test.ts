// kube-proxy's IPVS mode on one node: kube-ipvs0 bindings, virtual and real servers, the ipset rules.
import { describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { linkByName, newNetNamespace } from '../../linux/netns';
import { iptablesSave } from '../../linux/netfilter/iptables-save';
import { runIpvsadm } from '../../linux/ipvsadm';
import { formatIpAddr } from '../../linux/iproute2/format';
import { DUMMY_DEVICE, IpvsProxier } from './proxier';

const services: Service[] = [
  { metadata: { namespace: 'default', name: 'kubernetes' }, spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] } },
  { metadata: { namespace: 'default', name: 'web' }, spec: { type: 'NodePort', clusterIP: '10.97.181.101', sessionAffinity: 'ClientIP', ports: [{ port: 80, protocol: 'TCP', nodePort: 31455 }] } },
  { metadata: { namespace: 'kube-system', name: 'kube-dns' }, spec: { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] } },
];
const slice = (ns: string, svc: string, ports: EndpointSlice['ports'], ips: string[]): EndpointSlice => ({
  addressType: 'IPv4', metadata: { namespace: ns, name: `${svc}-x`, labels: { 'kubernetes.io/service-name': svc } }, ports,
  endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
});
const slices: EndpointSlice[] = [
  slice('default', 'kubernetes', [{ name: 'https', port: 6443, protocol: 'TCP' }], ['192.168.49.2']),
  slice('default', 'web', [{ port: 9376, protocol: 'TCP' }], ['10.244.0.7', '10.244.0.5', '10.244.0.6']),
  slice('kube-system', 'kube-dns', [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }], ['10.244.0.2']),
];

function synced() {
  const host = newNetNamespace('');
  new IpvsProxier({ nodeName: 'node-1', nodeIP: '192.168.49.3', clusterCIDR: '10.244.0.0/16' }).syncProxyRules(host, services, slices);
  return host;
}

describe('IPVS proxier', () => {
  it('lists a virtual server per Service port and NodePort, real servers sorted, as ipvsadm -Ln prints them', () => {
    expect(runIpvsadm(synced().ipvs!, ['-Ln']).stdout).toBe([
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'TCP  10.96.0.1:443 rr',
      '  -> 192.168.49.2:6443            Masq    1      0          0',
      'TCP  10.96.0.10:53 rr',
      '  -> 10.244.0.2:53                Masq    1      0          0',
      'TCP  10.97.181.101:80 rr persistent 10800',
      '  -> 10.244.0.5:9376              Masq    1      0          0',
      '  -> 10.244.0.6:9376              Masq    1      0          0',
      '  -> 10.244.0.7:9376              Masq    1      0          0',
      'TCP  192.168.49.3:31455 rr persistent 10800',
      '  -> 10.244.0.5:9376              Masq    1      0          0',
      '  -> 10.244.0.6:9376              Masq    1      0          0',
      '  -> 10.244.0.7:9376              Masq    1      0          0',
      'UDP  10.96.0.10:53 rr',
      '  -> 10.244.0.2:53                Masq    1      0          0',
      '',
    ].join('\n'));
    expect(runIpvsadm(synced().ipvs!, ['-L', '-n', '-u', '10.96.0.10:53']).stdout.split('\n')).toHaveLength(6);
    expect(runIpvsadm(synced().ipvs!, ['-A', '-t', '1.2.3.4:80']).exitCode).toBe(2);
  });

  it('binds every Service IP to kube-ipvs0 (a DOWN dummy device), once', () => {
    const host = synced();
    const dummy = linkByName(host, DUMMY_DEVICE)!;
    const text = formatIpAddr([dummy], undefined).split('\n');
    expect(text[0]).toBe('1: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default');
    expect(text.filter((l) => l.startsWith('    inet '))).toEqual([
      '    inet 10.96.0.1/32 scope global kube-ipvs0',
      '    inet 10.97.181.101/32 scope global kube-ipvs0',
      '    inet 10.96.0.10/32 scope global kube-ipvs0',
    ]);
  });

  it('writes the short ipset-based KUBE-SERVICES chain instead of per-Service chains', () => {
    const save = iptablesSave(synced().netfilter, { epochMs: 0 });
    expect(save).toContain('-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ');
    expect(save).toContain('-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT');
    expect(save).toContain('-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT');
    expect(save).toContain('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(save).not.toMatch(/KUBE-SVC-|KUBE-SEP-/);
  });
});
