import { describe, expect, it } from 'vitest';
import type { Service, ServiceSpec } from 'kubernetes-types/core/v1';
import type { Endpoint as SliceEndpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import { newNetNamespace } from '../../linux/netns';
import { iptablesSave } from '../../linux/netfilter/iptables-save';
import { computeProbability, IptablesProxier, portProtoHash, servicePortEndpointChainName } from './proxier';

function svc(namespace: string, name: string, spec: ServiceSpec): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec };
}

function slice(namespace: string, service: string, ports: EndpointPort[], endpoints: SliceEndpoint[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4',
    metadata: { namespace, name: `${service}-abcde`, labels: { 'kubernetes.io/service-name': service } },
    ports, endpoints,
  };
}

const ready = (ip: string, nodeName?: string): SliceEndpoint => ({ addresses: [ip], conditions: { ready: true, serving: true, terminating: false }, ...(nodeName ? { nodeName } : {}) });

/** iptables-save text of the tables kube-proxy wrote on a fresh node. */
function sync(services: Service[], slices: EndpointSlice[], opts: { nodeName?: string; nodeIP?: string; clusterCIDR?: string } = {}): { nat: string[]; filter: string[]; text: string } {
  const host = newNetNamespace('');
  new IptablesProxier({ nodeName: opts.nodeName ?? 'node-1', nodeIP: opts.nodeIP ?? '192.168.49.3', clusterCIDR: opts.clusterCIDR ?? '10.244.0.0/16' }).syncProxyRules(host, services, slices);
  const text = iptablesSave(host.netfilter, { epochMs: 0 });
  const section = (t: string) => {
    const all = text.split('\n');
    const start = all.indexOf(`*${t}`);
    return all.slice(start + 1, all.indexOf('COMMIT', start));
  };
  return { nat: section('nat'), filter: section('filter'), text };
}

const rulesOf = (lines: string[], chain: string) => lines.filter((l) => l.startsWith(`-A ${chain} `));

describe('chain names', () => {
  // Verified against real dumps (shared/reference/node-network.md "Chain-name hashes", and the k3s dump).
  it.each([
    ['default/kubernetes:https', 'tcp', 'NPX46M4PTMTKRN6Y'],
    ['kube-system/kube-dns:dns', 'udp', 'TCOU7JCQXEZGVUNU'],
    ['kube-system/kube-dns:dns-tcp', 'tcp', 'ERIFXISQEP7F7OF4'],
    ['kube-system/kube-dns:metrics', 'tcp', 'JD5MR3NA4I4DYORP'],
    ['default/jtest', 'tcp', 'FXJ34XFJ55FJZHFP'],
    ['ch20/web:http', 'tcp', 'IFRSJQYNFWED4CMW'],
    ['default/hostnames:', 'tcp', 'NWV5X2332I4OT4T3'],
    ['default/registry', 'tcp', 'UHY5YTYXWYGJMWN5'],
    ['default/tuby-dlna:dlna-udp', 'udp', '5TL63OHMAKD6HCC7'],
  ])('hashes %s + %s to %s', (name, proto, hash) => {
    expect(portProtoHash(name, proto)).toBe(hash);
  });

  it.each([
    ['default/jtest', 'tcp', '10.244.1.19:8080', 'KUBE-SEP-M6GS57VBAWSHNQMT'],
    ['default/jtest', 'tcp', '10.244.2.17:8080', 'KUBE-SEP-FWCNVWTS6ZPOZ3BF'],
    ['kube-system/kube-dns:dns', 'udp', '10.244.0.8:53', 'KUBE-SEP-SISP6ORRA37L3ZYK'],
    ['default/kubernetes:https', 'tcp', '192.168.205.145:6443', 'KUBE-SEP-UUBFDOGZKSZ6QOBE'],
    ['ch20/web:http', 'tcp', '10.244.0.194:8080', 'KUBE-SEP-NFL37PQ3XGPAYNBX'],
    ['default/registry', 'tcp', '10.42.0.10:5000', 'KUBE-SEP-47TYL3K3JWJ36POJ'],
  ])('names the endpoint chain of %s/%s -> %s %s', (name, proto, ep, chain) => {
    expect(servicePortEndpointChainName(name, proto, ep)).toBe(chain);
  });

  it('writes probabilities as %0.10f of 1/n', () => {
    expect(computeProbability(2)).toBe('0.5000000000');
    expect(computeProbability(3)).toBe('0.3333333333');
    expect(computeProbability(7)).toBe('0.1428571429');
  });
});

describe('golden: the reference kubeadm + flannel node (Feb 2023 dump)', () => {
  const services = [
    svc('default', 'kubernetes', { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] }),
    svc('kube-system', 'kube-dns', { type: 'ClusterIP', clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }] }),
    svc('default', 'jtest', { type: 'NodePort', clusterIP: '10.97.121.82', ports: [{ port: 8080, protocol: 'TCP', targetPort: 8080, nodePort: 31455 }] }),
  ];
  const slices = [
    slice('default', 'kubernetes', [{ name: 'https', port: 6443, protocol: 'TCP' }], [ready('192.168.205.145')]),
    slice('kube-system', 'kube-dns', [{ name: 'dns', port: 53, protocol: 'UDP' }], [ready('10.244.0.9', 'master'), ready('10.244.0.8', 'master')]),
    slice('default', 'jtest', [{ port: 8080, protocol: 'TCP' }], [ready('10.244.2.17', 'worker2'), ready('10.244.1.19', 'worker1')]),
  ];
  // The reference's `*nat` rules, verbatim, without flannel's and docker's.
  const referenceNat = `-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-EXT-FXJ34XFJ55FJZHFP -m comment --comment "masquerade traffic for default/jtest external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-FXJ34XFJ55FJZHFP -j KUBE-SVC-FXJ34XFJ55FJZHFP
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-NODEPORTS -p tcp -m comment --comment "default/jtest" -m tcp --dport 31455 -j KUBE-EXT-FXJ34XFJ55FJZHFP
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SEP-FWCNVWTS6ZPOZ3BF -s 10.244.2.17/32 -m comment --comment "default/jtest" -j KUBE-MARK-MASQ
-A KUBE-SEP-FWCNVWTS6ZPOZ3BF -p tcp -m comment --comment "default/jtest" -m tcp -j DNAT --to-destination 10.244.2.17:8080
-A KUBE-SEP-LBMQNJ35ID4UIQ2A -s 10.244.0.9/32 -m comment --comment "kube-system/kube-dns:dns" -j KUBE-MARK-MASQ
-A KUBE-SEP-LBMQNJ35ID4UIQ2A -p udp -m comment --comment "kube-system/kube-dns:dns" -m udp -j DNAT --to-destination 10.244.0.9:53
-A KUBE-SEP-M6GS57VBAWSHNQMT -s 10.244.1.19/32 -m comment --comment "default/jtest" -j KUBE-MARK-MASQ
-A KUBE-SEP-M6GS57VBAWSHNQMT -p tcp -m comment --comment "default/jtest" -m tcp -j DNAT --to-destination 10.244.1.19:8080
-A KUBE-SEP-SISP6ORRA37L3ZYK -s 10.244.0.8/32 -m comment --comment "kube-system/kube-dns:dns" -j KUBE-MARK-MASQ
-A KUBE-SEP-SISP6ORRA37L3ZYK -p udp -m comment --comment "kube-system/kube-dns:dns" -m udp -j DNAT --to-destination 10.244.0.8:53
-A KUBE-SEP-UUBFDOGZKSZ6QOBE -s 192.168.205.145/32 -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ
-A KUBE-SEP-UUBFDOGZKSZ6QOBE -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT --to-destination 192.168.205.145:6443
-A KUBE-SERVICES -d 10.97.121.82/32 -p tcp -m comment --comment "default/jtest cluster IP" -m tcp --dport 8080 -j KUBE-SVC-FXJ34XFJ55FJZHFP
-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-FXJ34XFJ55FJZHFP ! -s 10.244.0.0/16 -d 10.97.121.82/32 -p tcp -m comment --comment "default/jtest cluster IP" -m tcp --dport 8080 -j KUBE-MARK-MASQ
-A KUBE-SVC-FXJ34XFJ55FJZHFP -m comment --comment "default/jtest -> 10.244.1.19:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-M6GS57VBAWSHNQMT
-A KUBE-SVC-FXJ34XFJ55FJZHFP -m comment --comment "default/jtest -> 10.244.2.17:8080" -j KUBE-SEP-FWCNVWTS6ZPOZ3BF
-A KUBE-SVC-NPX46M4PTMTKRN6Y ! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-MARK-MASQ
-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 192.168.205.145:6443" -j KUBE-SEP-UUBFDOGZKSZ6QOBE
-A KUBE-SVC-TCOU7JCQXEZGVUNU ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-MARK-MASQ
-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns -> 10.244.0.8:53" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-SISP6ORRA37L3ZYK
-A KUBE-SVC-TCOU7JCQXEZGVUNU -m comment --comment "kube-system/kube-dns:dns -> 10.244.0.9:53" -j KUBE-SEP-LBMQNJ35ID4UIQ2A`.split('\n');
  const referenceChains = ['KUBE-EXT-FXJ34XFJ55FJZHFP', 'KUBE-MARK-MASQ', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-PROXY-CANARY', 'KUBE-SEP-FWCNVWTS6ZPOZ3BF', 'KUBE-SEP-LBMQNJ35ID4UIQ2A', 'KUBE-SEP-M6GS57VBAWSHNQMT', 'KUBE-SEP-SISP6ORRA37L3ZYK', 'KUBE-SEP-UUBFDOGZKSZ6QOBE', 'KUBE-SERVICES', 'KUBE-SVC-FXJ34XFJ55FJZHFP', 'KUBE-SVC-NPX46M4PTMTKRN6Y', 'KUBE-SVC-TCOU7JCQXEZGVUNU'];
  const out = sync(services, slices, { nodeName: 'master', nodeIP: '192.168.205.145' });

  it('declares the same kube-proxy chains, in the same (sorted) order', () => {
    const declared = out.nat.filter((l) => l.startsWith(':KUBE-')).map((l) => l.slice(1, l.indexOf(' ')));
    expect(declared).toEqual(referenceChains);
  });

  it('writes every chain but KUBE-SERVICES rule for rule as the reference', () => {
    const ours = out.nat.filter((l) => l.startsWith('-A'));
    for (const chain of new Set(referenceNat.map((l) => l.split(' ')[1]))) {
      if (chain === 'KUBE-SERVICES') continue;
      expect(rulesOf(ours, chain), chain).toEqual(rulesOf(referenceNat, chain));
    }
  });

  it('writes the same KUBE-SERVICES rules (their order follows Go map iteration upstream), the nodeports jump last', () => {
    const ours = rulesOf(out.nat, 'KUBE-SERVICES');
    expect([...ours].sort()).toEqual([...rulesOf(referenceNat, 'KUBE-SERVICES')].sort());
    expect(ours[ours.length - 1]).toContain('-j KUBE-NODEPORTS');
  });

  it('writes the reference filter-table jumps and KUBE-FORWARD rules', () => {
    const referenceFilter = `-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS
-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`.split('\n');
    // The excerpt leaves out the kubelet's `-j KUBE-FIREWALL` jumps (alone, kube-proxy puts its copy first).
    const ours = out.filter.filter((l) => !l.endsWith(' -j KUBE-FIREWALL'));
    for (const chain of ['INPUT', 'FORWARD', 'KUBE-FORWARD']) {
      expect(rulesOf(ours, chain), chain).toEqual(rulesOf(referenceFilter, chain));
    }
    expect(rulesOf(out.filter, 'INPUT')[0]).toBe('-A INPUT -j KUBE-FIREWALL');
  });

  it('is idempotent: a second sync on the same node changes nothing', () => {
    const host = newNetNamespace('');
    const p = new IptablesProxier({ nodeName: 'master', nodeIP: '192.168.205.145', clusterCIDR: '10.244.0.0/16' });
    p.syncProxyRules(host, services, slices);
    const once = iptablesSave(host.netfilter, { epochMs: 0 });
    p.syncProxyRules(host, services, slices);
    expect(iptablesSave(host.netfilter, { epochMs: 0 })).toBe(once);
  });

  it('removes a deleted service\'s chains on the next sync', () => {
    const host = newNetNamespace('');
    const p = new IptablesProxier({ nodeName: 'master', nodeIP: '192.168.205.145', clusterCIDR: '10.244.0.0/16' });
    p.syncProxyRules(host, services, slices);
    p.syncProxyRules(host, services.slice(0, 2), slices.slice(0, 2));
    const text = iptablesSave(host.netfilter, { epochMs: 0 });
    expect(text).not.toContain('FXJ34XFJ55FJZHFP');
    expect(text).not.toContain('KUBE-SEP-M6GS57VBAWSHNQMT');
    expect(text).toContain('KUBE-SVC-TCOU7JCQXEZGVUNU');
  });
});

describe('golden: a NodePort service in the modern k3s dump (iptables 1.8.10, nf_tables)', () => {
  it('matches its KUBE-NODEPORTS, KUBE-EXT, KUBE-SVC and KUBE-SEP lines', () => {
    const out = sync(
      [svc('default', 'registry', { type: 'NodePort', clusterIP: '10.43.188.231', ports: [{ port: 5000, protocol: 'TCP', targetPort: 5000, nodePort: 30500 }] })],
      [slice('default', 'registry', [{ port: 5000, protocol: 'TCP' }], [ready('10.42.0.10', 'pi')])],
      { nodeName: 'pi', nodeIP: '192.168.1.105', clusterCIDR: '10.42.0.0/16' },
    );
    expect(out.nat.filter((l) => l.includes('UHY5YTYXWYGJMWN5') || l.includes('47TYL3K3JWJ36POJ')).filter((l) => l.startsWith('-A'))).toEqual([
      '-A KUBE-EXT-UHY5YTYXWYGJMWN5 -m comment --comment "masquerade traffic for default/registry external destinations" -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-UHY5YTYXWYGJMWN5 -j KUBE-SVC-UHY5YTYXWYGJMWN5',
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "default/registry" -m tcp --dport 30500 -j KUBE-EXT-UHY5YTYXWYGJMWN5',
      '-A KUBE-SEP-47TYL3K3JWJ36POJ -s 10.42.0.10/32 -m comment --comment "default/registry" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-47TYL3K3JWJ36POJ -p tcp -m comment --comment "default/registry" -m tcp -j DNAT --to-destination 10.42.0.10:5000',
      '-A KUBE-SERVICES -d 10.43.188.231/32 -p tcp -m comment --comment "default/registry cluster IP" -m tcp --dport 5000 -j KUBE-SVC-UHY5YTYXWYGJMWN5',
      '-A KUBE-SVC-UHY5YTYXWYGJMWN5 ! -s 10.42.0.0/16 -d 10.43.188.231/32 -p tcp -m comment --comment "default/registry cluster IP" -m tcp --dport 5000 -j KUBE-MARK-MASQ',
      '-A KUBE-SVC-UHY5YTYXWYGJMWN5 -m comment --comment "default/registry -> 10.42.0.10:5000" -j KUBE-SEP-47TYL3K3JWJ36POJ',
    ]);
  });
});

describe('ClusterIP and NodePort services with 0, 1 and 3 endpoints', () => {
  const web = (type: 'ClusterIP' | 'NodePort') => svc('default', 'web', { type, clusterIP: '10.96.100.10', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, ...(type === 'NodePort' ? { nodePort: 30080 } : {}) }] });
  const webSlice = (ips: string[], extra: SliceEndpoint[] = []) => slice('default', 'web', [{ name: 'http', port: 8080, protocol: 'TCP' }], [...ips.map((ip) => ready(ip, 'node-2')), ...extra]);
  const svcChain = `KUBE-SVC-${portProtoHash('default/web:http', 'tcp')}`;
  const extChain = `KUBE-EXT-${portProtoHash('default/web:http', 'tcp')}`;

  it.each(['ClusterIP', 'NodePort'] as const)('%s with no endpoints: no nat chains, a REJECT in the filter table', (type) => {
    const out = sync([web(type)], [webSlice([])]);
    expect(out.text).not.toContain(svcChain);
    expect(rulesOf(out.filter, 'KUBE-SERVICES')).toEqual(['-A KUBE-SERVICES -d 10.96.100.10/32 -p tcp -m comment --comment "default/web:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable']);
    expect(rulesOf(out.nat, 'KUBE-NODEPORTS')).toEqual([]);
    expect(rulesOf(out.filter, 'KUBE-EXTERNAL-SERVICES')).toEqual(type === 'NodePort'
      ? ['-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable']
      : []);
  });

  it('with one endpoint: a plain jump, no statistic match', () => {
    const rules = rulesOf(sync([web('ClusterIP')], [webSlice(['10.244.2.5'])]).nat, svcChain);
    expect(rules).toHaveLength(2);
    expect(rules[1]).toBe(`-A ${svcChain} -m comment --comment "default/web:http -> 10.244.2.5:8080" -j ${servicePortEndpointChainName('default/web:http', 'tcp', '10.244.2.5:8080')}`);
  });

  it('with three endpoints: probabilities 1/3, 1/2, then a plain jump, in "ip:port" string order', () => {
    const rules = rulesOf(sync([web('ClusterIP')], [webSlice(['10.244.2.9', '10.244.1.10', '10.244.3.4'])]).nat, svcChain);
    expect(rules.slice(1).map((r) => r.replace(/ -j KUBE-SEP-\w+$/, ''))).toEqual([
      `-A ${svcChain} -m comment --comment "default/web:http -> 10.244.1.10:8080" -m statistic --mode random --probability 0.33333333349`,
      `-A ${svcChain} -m comment --comment "default/web:http -> 10.244.2.9:8080" -m statistic --mode random --probability 0.50000000000`,
      `-A ${svcChain} -m comment --comment "default/web:http -> 10.244.3.4:8080"`,
    ]);
  });

  it('NodePort with three endpoints: KUBE-NODEPORTS -> KUBE-EXT (masquerade) -> KUBE-SVC, three KUBE-SEP chains', () => {
    const out = sync([web('NodePort')], [webSlice(['10.244.2.9', '10.244.1.10', '10.244.3.4'])]);
    expect(rulesOf(out.nat, 'KUBE-NODEPORTS')).toEqual([`-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j ${extChain}`]);
    expect(rulesOf(out.nat, extChain)).toEqual([
      `-A ${extChain} -m comment --comment "masquerade traffic for default/web:http external destinations" -j KUBE-MARK-MASQ`,
      `-A ${extChain} -j ${svcChain}`,
    ]);
    expect(out.nat.filter((l) => l.startsWith(':KUBE-SEP-'))).toHaveLength(3);
  });

  it('leaves out endpoints that are not ready, and falls back to serving terminating ones when none is ready', () => {
    const notReady: SliceEndpoint = { addresses: ['10.244.1.99'], conditions: { ready: false, serving: false, terminating: false } };
    expect(sync([web('ClusterIP')], [webSlice(['10.244.2.9'], [notReady])]).text).not.toContain('10.244.1.99');
    const draining: SliceEndpoint = { addresses: ['10.244.1.50'], conditions: { ready: false, serving: true, terminating: true } };
    expect(rulesOf(sync([web('ClusterIP')], [webSlice([], [draining])]).nat, svcChain)[1]).toContain('-> 10.244.1.50:8080');
  });

  it('skips headless and ExternalName services', () => {
    const out = sync([
      svc('default', 'db', { clusterIP: 'None', ports: [{ port: 5432 }] }),
      svc('default', 'ext', { type: 'ExternalName', externalName: 'example.com' }),
    ], []);
    expect(rulesOf(out.nat, 'KUBE-SERVICES')).toHaveLength(1);
    expect(rulesOf(out.filter, 'KUBE-SERVICES')).toHaveLength(0);
  });
});

describe('traffic policies, affinity and large clusters', () => {
  const local = svc('default', 'edge', { type: 'NodePort', clusterIP: '10.96.7.7', externalTrafficPolicy: 'Local', ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31000 }] });
  const eps = slice('default', 'edge', [{ port: 80, protocol: 'TCP' }], [ready('10.244.1.5', 'node-1'), ready('10.244.2.5', 'node-2')]);
  const h = portProtoHash('default/edge', 'tcp');

  it('externalTrafficPolicy Local: KUBE-EXT keeps pod and LOCAL traffic on KUBE-SVC, the rest goes to this node\'s endpoints (KUBE-SVL)', () => {
    const out = sync([local], [eps], { nodeName: 'node-1' });
    expect(rulesOf(out.nat, `KUBE-EXT-${h}`)).toEqual([
      `-A KUBE-EXT-${h} -s 10.244.0.0/16 -m comment --comment "pod traffic for default/edge external destinations" -j KUBE-SVC-${h}`,
      `-A KUBE-EXT-${h} -m comment --comment "masquerade LOCAL traffic for default/edge external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
      `-A KUBE-EXT-${h} -m comment --comment "route LOCAL traffic for default/edge external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-${h}`,
      `-A KUBE-EXT-${h} -j KUBE-SVL-${h}`,
    ]);
    expect(rulesOf(out.nat, `KUBE-SVL-${h}`)).toHaveLength(1);
    expect(rulesOf(out.nat, `KUBE-SVL-${h}`)[0]).toContain('-> 10.244.1.5:80');
  });

  it('externalTrafficPolicy Local on a node without local endpoints: external traffic is dropped', () => {
    const out = sync([local], [eps], { nodeName: 'node-3' });
    expect(rulesOf(out.filter, 'KUBE-EXTERNAL-SERVICES')).toEqual(['-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/edge has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 31000 -j DROP']);
    expect(out.text).not.toContain(`KUBE-SVL-${h}`);
  });

  it('sessionAffinity ClientIP: recent checks before the random rules, recent set in each KUBE-SEP', () => {
    const sticky = svc('default', 'edge', { type: 'ClusterIP', clusterIP: '10.96.7.7', sessionAffinity: 'ClientIP', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
    const out = sync([sticky], [eps]);
    const sep1 = servicePortEndpointChainName('default/edge', 'tcp', '10.244.1.5:80');
    expect(rulesOf(out.nat, `KUBE-SVC-${h}`)[1]).toBe(`-A KUBE-SVC-${h} -m comment --comment "default/edge -> 10.244.1.5:80" -m recent --rcheck --seconds 10800 --reap --name ${sep1} --mask 255.255.255.255 --rsource -j ${sep1}`);
    expect(rulesOf(out.nat, sep1)[1]).toBe(`-A ${sep1} -p tcp -m comment --comment "default/edge" -m recent --set --name ${sep1} --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.1.5:80`);
  });

  it('drops the per-endpoint comments above 1000 endpoints in total', () => {
    const ips = Array.from({ length: 1001 }, (_, i) => `10.${244 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${(i % 256) + 1}`);
    const big = svc('default', 'big', { clusterIP: '10.96.8.8', ports: [{ port: 80, protocol: 'TCP' }] });
    const out = sync([big], [slice('default', 'big', [{ port: 80, protocol: 'TCP' }], ips.map((ip) => ready(ip)))]);
    const b = portProtoHash('default/big', 'tcp');
    expect(rulesOf(out.nat, `KUBE-SVC-${b}`)[1]).toMatch(new RegExp(`^-A KUBE-SVC-${b} -m statistic --mode random --probability 0\\.00099900\\d+ -j KUBE-SEP-`));
    expect(rulesOf(out.nat, 'KUBE-SERVICES')[0]).toContain('"default/big cluster IP"');
  });
});
