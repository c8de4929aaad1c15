import { describe, expect, it } from 'vitest';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { PacketTrace } from '../../../../api/trace';
import { iptablesSave } from '../../../../linux/netfilter/iptables-save';
import { newNetNamespace } from '../../../../linux/netns';
import type { CniBackendName } from '../../../types';
import { sandboxID } from '../../../node-network';
import { World } from '../../../../sim/world';
import { cmdAdd, dnatChainName, mustFormatChainNameWithPrefix, portMappingsOf } from './portmap';

const ID = '3c1b5f1e0a9d4e7b8c2f6a1d0e9b8c7a6f5e4d3c2b1a09f8e7d6c5b4a3928170';
const EPOCH = Date.UTC(2026, 0, 5, 10, 0, 0);

/** The nat table's lines without the header, footer and counters. */
function natLines(ns: ReturnType<typeof newNetNamespace>): string[] {
  return iptablesSave(ns.netfilter, { epochMs: EPOCH, table: 'nat' }).split('\n').filter((l) => l.startsWith(':') || l.startsWith('-A'));
}

describe('MustFormatChainNameWithPrefix', () => {
  // The vectors of containernetworking/plugins pkg/utils/utils_test.go.
  it.each([
    ['test', '1234', '', 'CNI-2bbe0c48b91a7d1b8a6753a8'],
    ['testalongnamethatdoesnotmakesense', '1234', '', 'CNI-374f33fe84ab0ed84dcdebe3'],
    ['test', '1234', 'PREFIX-', 'CNI-PREFIX-2bbe0c48b91a7d1b8'],
    ['testalongnamethatdoesnotmakesense', '1234', 'PREFIX-', 'CNI-PREFIX-374f33fe84ab0ed84'],
  ])('(%s, %s, %j) is %s: sha512(name + id) in hex after the prefix, 28 characters', (name, id, prefix, want) => {
    expect(mustFormatChainNameWithPrefix(name, id, prefix)).toBe(want);
  });

  it('names the DNAT chain CNI-DN- + 21 hex characters, different per network and container', () => {
    // sha512("cbr0" + ID) starts 3148f7467a1f89f5aae1b... (checked with Python's hashlib)
    expect(dnatChainName('cbr0', ID)).toBe('CNI-DN-3148f7467a1f89f5aae1b');
    expect(dnatChainName('k8s-pod-network', ID)).toBe('CNI-DN-88c7344759134c1f52ca0');
    expect(() => mustFormatChainNameWithPrefix('x', 'y', 'A'.repeat(24))).toThrow('invalid length');
  });
});

describe('cmdAdd', () => {
  const tcp8080 = { hostPort: 8080, containerPort: 80, protocol: 'tcp' };

  it('writes the shared chains, the container chain and the jumps as iptables-save prints them', () => {
    const host = newNetNamespace('');
    cmdAdd(host, { name: 'cbr0', runtimeConfig: { portMappings: [tcp8080] } }, { containerID: ID, containerNet: '10.244.1.5/24' });
    const dn = 'CNI-DN-3148f7467a1f89f5aae1b';
    expect(natLines(host)).toEqual([
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      `:${dn} - [0:0]`,
      ':CNI-HOSTPORT-DNAT - [0:0]',
      ':CNI-HOSTPORT-MASQ - [0:0]',
      ':CNI-HOSTPORT-SETMARK - [0:0]',
      '-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT',
      '-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT',
      '-A POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ',
      // hairpin: the address with its prefix from the bridge's result, which iptables keeps as the network
      `-A ${dn} -s 10.244.1.0/24 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK`,
      `-A ${dn} -s 127.0.0.1/32 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK`,
      `-A ${dn} -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.244.1.5:80`,
      `-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"cbr0\\" id: \\"${ID}\\"" -m multiport --dports 8080 -j ${dn}`,
      '-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE',
      '-A CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000',
    ]);
  });

  it('does nothing without port mappings (no nat table appears)', () => {
    const host = newNetNamespace('');
    cmdAdd(host, { name: 'cbr0', runtimeConfig: { portMappings: [] } }, { containerID: ID, containerNet: '10.244.1.5/24' });
    expect(host.netfilter.tables).toEqual([]);
  });

  it('is idempotent, and a later container\'s entry goes first in CNI-HOSTPORT-DNAT', () => {
    const host = newNetNamespace('');
    const conf = { name: 'cbr0', runtimeConfig: { portMappings: [tcp8080] } };
    cmdAdd(host, conf, { containerID: ID, containerNet: '10.244.1.5/24' });
    cmdAdd(host, conf, { containerID: ID, containerNet: '10.244.1.5/24' });
    cmdAdd(host, { name: 'cbr0', runtimeConfig: { portMappings: [{ hostPort: 9090, containerPort: 90, protocol: 'tcp' }] } }, { containerID: 'ffff', containerNet: '10.244.1.6/24' });
    const lines = natLines(host).filter((l) => l.startsWith('-A'));
    expect(lines.filter((l) => l.startsWith('-A PREROUTING'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('-A POSTROUTING'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('-A CNI-HOSTPORT-SETMARK'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('-A CNI-HOSTPORT-DNAT')).map((l) => l.split(' ').pop())).toEqual([dnatChainName('cbr0', 'ffff'), dnatChainName('cbr0', ID)]);
    expect(lines.filter((l) => l.startsWith(`-A ${dnatChainName('cbr0', ID)}`))).toHaveLength(3);
  });

  it('groups host ports per protocol (sorted, 15 to a multiport list), matches a hostIP with -d, skips IPv6 hostIPs', () => {
    const host = newNetNamespace('');
    const many = Array.from({ length: 16 }, (_, i) => ({ hostPort: 10000 + i, containerPort: 80, protocol: 'tcp' }));
    cmdAdd(host, {
      name: 'k8s-pod-network',
      runtimeConfig: { portMappings: [...many, { hostPort: 53, containerPort: 53, protocol: 'udp', hostIP: '192.168.49.3' }, { hostPort: 5353, containerPort: 53, protocol: 'udp', hostIP: 'fd00::1' }] },
    }, { containerID: ID, containerNet: '10.244.1.5/32' });
    const entries = natLines(host).filter((l) => l.startsWith('-A CNI-HOSTPORT-DNAT'));
    // Each entry rule is prepended: the last one written (udp) ends on top.
    expect(entries.map((l) => /-p (\w+).*--dports (\S+)/.exec(l)!.slice(1).join(' '))).toEqual([
      'udp 53,5353',
      'tcp 10015',
      `tcp ${many.slice(0, 15).map((m) => m.hostPort).join(',')}`,
    ]);
    const dn = dnatChainName('k8s-pod-network', ID);
    const dnLines = natLines(host).filter((l) => l.startsWith(`-A ${dn}`));
    expect(dnLines).toHaveLength(17 * 3);
    expect(dnLines).toContain(`-A ${dn} -s 10.244.1.5/32 -d 192.168.49.3/32 -p udp -m udp --dport 53 -j CNI-HOSTPORT-SETMARK`);
    expect(dnLines).toContain(`-A ${dn} -d 192.168.49.3/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.244.1.5:53`);
    expect(dnLines.some((l) => l.includes('5353'))).toBe(false);
  });

  it('without snat: only the DNAT rules, no mark or masquerade chains', () => {
    const host = newNetNamespace('');
    cmdAdd(host, { name: 'cbr0', snat: false, runtimeConfig: { portMappings: [tcp8080] } }, { containerID: ID, containerNet: '10.244.1.5/24' });
    const lines = natLines(host);
    expect(lines.some((l) => l.includes('SETMARK') || l.includes('MASQ'))).toBe(false);
    expect(lines.filter((l) => l.startsWith('-A CNI-DN-'))).toEqual([`-A ${dnatChainName('cbr0', ID)} -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.244.1.5:80`]);
  });
});

describe('portMappingsOf', () => {
  it('takes every container port with a hostPort, protocol lowercased as containerd passes it', () => {
    const pod: Pod = {
      spec: {
        containers: [
          { name: 'a', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }] },
          { name: 'b', ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '192.168.49.3' }] },
        ],
      },
    };
    expect(portMappingsOf(pod)).toEqual([
      { hostPort: 8080, containerPort: 80, protocol: 'tcp' },
      { hostPort: 53, containerPort: 53, protocol: 'udp', hostIP: '192.168.49.3' },
    ]);
  });
});

const HOSTPORT_POD = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: nginx
    image: nginx
    ports: [{containerPort: 80, hostPort: 8080}]
`;

function hostPortWorld(cni?: CniBackendName): { w: World; pod: Pod; nodeIP: string; otherIP: string } {
  const w = World.create({ workerNodes: 2, seed: 1, ...(cni ? { cni } : {}) });
  const r = w.apply(HOSTPORT_POD);
  expect(r.ok).toBe(true);
  w.settle();
  const pod = w.getObject({ kind: 'Pod', namespace: 'default', name: 'web' }) as unknown as Pod;
  expect(pod.status?.phase).toBe('Running');
  const ipOf = (n: Node) => n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
  const nodes = w.list('Node') as unknown as Node[];
  const nodeIP = ipOf(nodes.find((n) => n.metadata?.name === pod.spec?.nodeName)!);
  const other = nodes.find((n) => n.metadata?.name !== pod.spec?.nodeName && n.metadata?.labels?.['node-role.kubernetes.io/control-plane'] === undefined)!;
  return { w, pod, nodeIP, otherIP: ipOf(other) };
}

const OUTSIDE = { kind: 'external' as const, ip: '192.168.49.100' };
const dnatHop = (t: PacketTrace) => t.hops.find((h) => h.verdict === 'DNAT');

describe('a hostPort on a running cluster (flannel-vxlan)', () => {
  const { w, pod, nodeIP, otherIP } = hostPortWorld();
  const dn = dnatChainName('cbr0', sandboxID(pod.metadata!.uid!));

  it('programs the portmap chains on the pod\'s node, behind kube-proxy in PREROUTING and ahead of it in POSTROUTING', () => {
    const nat = w.nodeShell(pod.spec!.nodeName!, 'iptables-save -t nat').stdout.split('\n');
    expect(nat).toContain(`-A ${dn} -p tcp -m tcp --dport 8080 -j DNAT --to-destination ${pod.status!.podIP}:80`);
    expect(nat).toContain(`-A ${dn} -s ${pod.status!.podIP!.replace(/\.\d+$/, '.0')}/24 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK`);
    expect(nat).toContain(`-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment "dnat name: \\"cbr0\\" id: \\"${sandboxID(pod.metadata!.uid!)}\\"" -m multiport --dports 8080 -j ${dn}`);
    const chainOf = (l: string) => l.split(' -j ')[1];
    expect(nat.filter((l) => l.startsWith('-A PREROUTING')).map(chainOf)).toEqual(['KUBE-SERVICES', 'CNI-HOSTPORT-DNAT']);
    expect(nat.filter((l) => l.startsWith('-A POSTROUTING')).map(chainOf)).toEqual(['CNI-HOSTPORT-MASQ', 'KUBE-POSTROUTING', 'FLANNEL-POSTRTG']);
  });

  it('leaves the other nodes alone', () => {
    const nodes = (w.list('Node') as unknown as Node[]).map((n) => n.metadata!.name!).filter((n) => n !== pod.spec!.nodeName);
    for (const n of nodes) expect(w.nodeShell(n, 'iptables-save -t nat').stdout).not.toContain('CNI-HOSTPORT');
  });

  it('an external client reaches the pod on the node IP: DNAT in CNI-DN-, delivered to port 80', () => {
    const t = w.trace({ from: OUTSIDE, to: nodeIP, port: 8080, protocol: 'TCP' });
    expect(t.outcome.delivered).toBe(true);
    expect(t.outcome.servedBy).toEqual({ kind: 'pod', pod: 'default/web' });
    const hop = dnatHop(t)!;
    expect(hop.chain).toBe(dn);
    expect(hop.chainPath).toEqual(['PREROUTING', 'CNI-HOSTPORT-DNAT', dn]);
    expect(hop.before.ip.dst).toBe(nodeIP);
    expect(hop.after.ip.dst).toBe(pod.status!.podIP);
    expect(hop.after.l4?.dport).toBe(80);
    // Not hairpin: the client's address is kept.
    expect(t.hops.some((h) => h.verdict === 'MASQUERADE')).toBe(false);
    expect(t.outcome.replied).toBe(true);
  });

  it('hairpin: the pod itself through its node\'s hostPort is marked 0x2000 and masqueraded by CNI-HOSTPORT-MASQ', () => {
    const t = w.trace({ from: { kind: 'pod', pod: 'default/web' }, to: nodeIP, port: 8080, protocol: 'TCP' });
    expect(t.outcome.delivered).toBe(true);
    expect(dnatHop(t)?.after.mark).toBe(0x2000);
    const masq = t.hops.find((h) => h.verdict === 'MASQUERADE');
    expect(masq?.chain).toBe('CNI-HOSTPORT-MASQ');
    expect(masq?.after.ip.src).toBe(pod.status!.podIP!.replace(/\.\d+$/, '.1'));
  });

  it('on another node\'s IP nothing listens on 8080: the kernel refuses the connection', () => {
    const t = w.trace({ from: OUTSIDE, to: otherIP, port: 8080, protocol: 'TCP' });
    expect(t.outcome.delivered).toBe(false);
    expect(t.outcome.reason).toContain('Connection refused');
    expect(dnatHop(t)).toBeUndefined();
  });
});

describe('a hostPort with Calico', () => {
  it('hashes the network k8s-pod-network, marks hairpin from the pod\'s /32, and Felix stays first', () => {
    const { w, pod, nodeIP } = hostPortWorld('calico-bgp');
    const dn = dnatChainName('k8s-pod-network', sandboxID(pod.metadata!.uid!));
    const nat = w.nodeShell(pod.spec!.nodeName!, 'iptables-save -t nat').stdout.split('\n');
    expect(nat).toContain(`-A ${dn} -s ${pod.status!.podIP}/32 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK`);
    expect(nat.filter((l) => l.startsWith('-A POSTROUTING')).map((l) => l.split(' -j ')[1])).toEqual(['cali-POSTROUTING', 'CNI-HOSTPORT-MASQ', 'KUBE-POSTROUTING']);
    const t = w.trace({ from: OUTSIDE, to: nodeIP, port: 8080, protocol: 'TCP' });
    expect(t.outcome.delivered).toBe(true);
    expect(dnatHop(t)?.chain).toBe(dn);
  });
});
