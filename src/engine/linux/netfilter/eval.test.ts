// Rule evaluation: chain control flow, the matches kube-proxy, flannel and Felix use, and the NAT targets.
import { describe, expect, it } from 'vitest';
import type { PacketHeaders } from '../../api/trace';
import { addLink, addLoopback, newNetNamespace } from '../netns';
import type { NetNamespace } from '../netns';
import { newPacket } from '../packet';
import { evalHook, ifaceMatches, statisticDraw } from './eval';
import type { EvalContext, NfPacket } from './eval';
import { appendRule, comment, ensureChain, jump, orMark } from './types';

function host(): NetNamespace {
  const ns = newNetNamespace('');
  addLoopback(ns);
  addLink(ns, { name: 'eth0', kind: 'ethernet', mac: '02:00:00:00:00:01', mtu: 1500, flags: [], qdisc: 'fq_codel', state: 'UP', addresses: [{ family: 'inet', local: '192.168.49.2', prefixLen: 24, scope: 'global' }] });
  return ns;
}

const tcp = (src: string, dst: string, dport = 80, sport = 40000): PacketHeaders => newPacket({ src, dst, proto: 'TCP', sport, dport });
const pkt = (headers: PacketHeaders, extra: Partial<NfPacket> = {}): NfPacket => ({ headers, ctstate: ['NEW'], ...extra });
const ctx = (ns: NetNamespace, draws: number[] = [], extra: Partial<EvalContext> = {}): EvalContext => ({ ns, randomInt: () => draws.shift() ?? 0, ...extra });

describe('evalHook', () => {
  it('accepts by policy when the table or chain is missing, and reports the hook as the path', () => {
    const r = evalHook(ctx(host()), 'nat', 'PREROUTING', pkt(tcp('10.0.0.1', '10.0.0.2')));
    expect(r).toMatchObject({ verdict: 'ACCEPT', byPolicy: true, chainPath: ['PREROUTING'] });
  });

  it('follows jumps, returns, gotos and applies the DROP policy', () => {
    const ns = host();
    ensureChain(ns.netfilter, 'filter', 'INPUT').policy = 'DROP';
    appendRule(ns.netfilter, 'filter', 'INPUT', { matches: [], target: jump('A') });
    appendRule(ns.netfilter, 'filter', 'A', { dst: { cidr: '10.0.0.9/32' }, matches: [], target: { kind: 'RETURN' } });
    appendRule(ns.netfilter, 'filter', 'A', { matches: [], target: { kind: 'goto', chain: 'B' } });
    appendRule(ns.netfilter, 'filter', 'A', { matches: [], target: { kind: 'ACCEPT' } }); // never reached: goto does not come back
    appendRule(ns.netfilter, 'filter', 'B', { proto: { name: 'tcp' }, matches: [{ module: 'tcp', dport: { port: 8000, end: 8100 } }], target: { kind: 'ACCEPT' } });
    const hit = evalHook(ctx(ns), 'filter', 'INPUT', pkt(tcp('10.0.0.1', '10.0.0.2', 8080)));
    expect(hit).toMatchObject({ verdict: 'ACCEPT', byPolicy: false, chain: 'B', chainPath: ['INPUT', 'A', 'B'] });
    expect(hit.ruleText).toBe('-A B -p tcp -m tcp --dport 8000:8100 -j ACCEPT');
    // Out of B's range: B falls off, goto returns past A's ACCEPT to INPUT, whose policy drops.
    expect(evalHook(ctx(ns), 'filter', 'INPUT', pkt(tcp('10.0.0.1', '10.0.0.2', 80)))).toMatchObject({ verdict: 'DROP', byPolicy: true });
    expect(evalHook(ctx(ns), 'filter', 'INPUT', pkt(tcp('10.0.0.1', '10.0.0.9', 8080)))).toMatchObject({ verdict: 'DROP', byPolicy: true });
  });

  it('matches negated CIDRs, interface wildcards, addrtype LOCAL, marks and ctstate', () => {
    const ns = host();
    appendRule(ns.netfilter, 'filter', 'FORWARD', { src: { cidr: '10.244.0.0/16', negate: true }, matches: [comment('not from pods')], target: { kind: 'DROP' } });
    appendRule(ns.netfilter, 'filter', 'FORWARD', { inIface: { name: 'cali+' }, matches: [{ module: 'conntrack', ctstate: ['RELATED', 'ESTABLISHED'] }], target: { kind: 'ACCEPT' } });
    appendRule(ns.netfilter, 'filter', 'FORWARD', { matches: [{ module: 'mark', value: 0x4000, mask: 0x4000 }], target: { kind: 'ACCEPT' } });
    appendRule(ns.netfilter, 'filter', 'FORWARD', { matches: [{ module: 'addrtype', dstType: 'LOCAL' }], target: { kind: 'REJECT' } });
    const c = ctx(ns);
    const drop = evalHook(c, 'filter', 'FORWARD', pkt(tcp('8.8.8.8', '10.244.1.2')));
    expect(drop).toMatchObject({ verdict: 'DROP', byPolicy: false });
    expect(drop.ruleText).toBe('-A FORWARD ! -s 10.244.0.0/16 -m comment --comment "not from pods" -j DROP');
    expect(evalHook(c, 'filter', 'FORWARD', pkt(tcp('10.244.1.2', '10.244.2.2'), { inIface: 'cali12345', ctstate: ['ESTABLISHED'] })).verdict).toBe('ACCEPT');
    expect(evalHook(c, 'filter', 'FORWARD', pkt(tcp('10.244.1.2', '10.244.2.2'), { inIface: 'veth1', ctstate: ['ESTABLISHED'] })).byPolicy).toBe(true);
    expect(evalHook(c, 'filter', 'FORWARD', pkt({ ...tcp('10.244.1.2', '10.244.2.2'), mark: 0x4004 })).byPolicy).toBe(false);
    const rej = evalHook(c, 'filter', 'FORWARD', pkt(tcp('10.244.1.2', '192.168.49.2')));
    expect(rej).toMatchObject({ verdict: 'REJECT', rejectWith: 'icmp-port-unreachable' });
  });

  it('DNATs through a kube-proxy style service chain, drawing statistic matches from randomInt', () => {
    const ns = host();
    appendRule(ns.netfilter, 'nat', 'PREROUTING', { matches: [comment('kubernetes service portals')], target: jump('KUBE-SERVICES') });
    appendRule(ns.netfilter, 'nat', 'KUBE-SERVICES', { dst: { cidr: '10.96.0.10/32' }, proto: { name: 'tcp' }, matches: [{ module: 'tcp', dport: { port: 80 } }], target: jump('KUBE-SVC-X') });
    appendRule(ns.netfilter, 'nat', 'KUBE-SVC-X', { src: { cidr: '10.244.0.0/16', negate: true }, matches: [], target: jump('KUBE-MARK-MASQ') });
    appendRule(ns.netfilter, 'nat', 'KUBE-MARK-MASQ', { matches: [], target: orMark(0x4000) });
    appendRule(ns.netfilter, 'nat', 'KUBE-SVC-X', { matches: [{ module: 'statistic', mode: 'random', probability: '0.5000000000' }], target: jump('KUBE-SEP-A') });
    appendRule(ns.netfilter, 'nat', 'KUBE-SVC-X', { matches: [], target: jump('KUBE-SEP-B') });
    appendRule(ns.netfilter, 'nat', 'KUBE-SEP-A', { proto: { name: 'tcp' }, matches: [{ module: 'tcp' }], target: { kind: 'DNAT', toDestination: '10.244.1.5:8080' } });
    appendRule(ns.netfilter, 'nat', 'KUBE-SEP-B', { proto: { name: 'tcp' }, matches: [{ module: 'tcp' }], target: { kind: 'DNAT', toDestination: '10.244.2.5:8080' } });
    // 0 < 2^30: the first endpoint; 2^30 is not below the threshold: the second.
    const a = evalHook(ctx(ns, [0]), 'nat', 'PREROUTING', pkt(tcp('192.168.49.100', '10.96.0.10')));
    expect(a.headers.ip.dst).toBe('10.244.1.5');
    expect(a.headers.l4?.dport).toBe(8080);
    expect(a.headers.mark).toBe(0x4000);
    expect(a.chainPath).toEqual(['PREROUTING', 'KUBE-SERVICES', 'KUBE-SVC-X', 'KUBE-SEP-A']);
    expect(a.notes[0]).toBe('KUBE-SVC-X picked endpoint 10.244.1.5:8080 (probability 0.5000000000)');
    expect(a.marks).toEqual(['-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000']);
    const b = evalHook(ctx(ns, [2 ** 30]), 'nat', 'PREROUTING', pkt(tcp('10.244.3.3', '10.96.0.10')));
    expect(b.headers.ip.dst).toBe('10.244.2.5');
    expect(b.headers.mark).toBeUndefined();
    expect(b.notes[0]).toMatch(/^KUBE-SVC-X picked endpoint 10\.244\.2\.5:8080 \(the last rule/);
  });

  it('MASQUERADE takes the outgoing device address; SNAT the given one', () => {
    const ns = host();
    appendRule(ns.netfilter, 'nat', 'POSTROUTING', { dst: { cidr: '192.168.49.0/24' }, matches: [], target: { kind: 'MASQUERADE', randomFully: true } });
    appendRule(ns.netfilter, 'nat', 'POSTROUTING', { matches: [], target: { kind: 'SNAT', toSource: '1.2.3.4' } });
    const m = evalHook(ctx(ns), 'nat', 'POSTROUTING', pkt(tcp('10.244.1.2', '192.168.49.7'), { outIface: 'eth0' }));
    expect(m).toMatchObject({ verdict: 'MASQUERADE' });
    expect(m.headers.ip.src).toBe('192.168.49.2');
    const s = evalHook(ctx(ns), 'nat', 'POSTROUTING', pkt(tcp('10.244.1.2', '8.8.8.8'), { outIface: 'eth0' }));
    expect(s.headers.ip.src).toBe('1.2.3.4');
  });

  it('recent: --rcheck fails without state, --set records the source; ipsets come from the callback', () => {
    const ns = host();
    appendRule(ns.netfilter, 'nat', 'OUTPUT', { matches: [{ module: 'recent', action: 'rcheck', name: 'SEP', seconds: 10800, reap: true }], target: { kind: 'DNAT', toDestination: '10.0.0.1' } });
    appendRule(ns.netfilter, 'nat', 'OUTPUT', { matches: [{ module: 'set', set: 'KUBE-CLUSTER-IP', flags: 'dst,dst' }, { module: 'recent', action: 'set', name: 'SEP' }], target: { kind: 'DNAT', toDestination: '10.0.0.2' } });
    const p = pkt(tcp('10.244.1.2', '10.96.0.1'));
    expect(evalHook(ctx(ns), 'nat', 'OUTPUT', p).byPolicy).toBe(true);
    const r = evalHook(ctx(ns, [], { ipset: (set, flags, h) => set === 'KUBE-CLUSTER-IP' && flags === 'dst,dst' && h.ip.dst === '10.96.0.1' }), 'nat', 'OUTPUT', p);
    expect(r.headers.ip.dst).toBe('10.0.0.2');
    expect(r.recentSet).toEqual([{ name: 'SEP', src: '10.244.1.2' }]);
    const sticky = evalHook(ctx(ns, [], { recent: new Map([['SEP', new Map([['10.244.1.2', 1000]])]]), now: 1000 + 10800_000 }), 'nat', 'OUTPUT', p);
    expect(sticky.headers.ip.dst).toBe('10.0.0.1');
    // --seconds 10800: a source last seen longer ago no longer matches.
    const stale = evalHook(ctx(ns, [], { recent: new Map([['SEP', new Map([['10.244.1.2', 1000]])]]), now: 1001 + 10800_000 }), 'nat', 'OUTPUT', p);
    expect(stale.byPolicy).toBe(true);
  });
});

describe('helpers', () => {
  it('interface patterns: exact names and the + wildcard', () => {
    expect(ifaceMatches('cali+', 'cali0123')).toBe(true);
    expect(ifaceMatches('cali+', 'veth1')).toBe(false);
    expect(ifaceMatches('eth0', 'eth0')).toBe(true);
    expect(ifaceMatches('eth0', undefined)).toBe(false);
  });

  it('statistic: the kernel compares a 31-bit draw with probability * 2^31', () => {
    const c = (n: number) => ({ ns: host(), randomInt: () => n });
    expect(statisticDraw(c(0x3fffffff), '0.5000000000')).toBe(true);
    expect(statisticDraw(c(0x40000000), '0.5000000000')).toBe(false);
    expect(statisticDraw(c(0), '0.0000000000')).toBe(false);
  });
});
