import { describe, expect, it } from 'vitest';
import { ctime, iptablesSave, kernelProbability, renderRule, runIptables, runIptablesSave, saveString } from './iptables-save';
import type { Netfilter, Rule } from './types';
import { appendRule, comment, ensureChain, jump, newNetfilter, orMark, prependRule, xorMark } from './types';

describe('rule rendering', () => {
  // Each rule is built from structured matches and compared with a line of real iptables-save
  // output (shared/reference/node-network.md and the modern k3s dump quoted there).
  it.each<[string, string, Rule]>([
    ['KUBE-POSTROUTING', '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN', { matches: [{ module: 'mark', value: 0x4000, mask: 0x4000, negate: true }], target: { kind: 'RETURN' } }],
    ['KUBE-POSTROUTING', '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0', { matches: [], target: xorMark(0x4000) }],
    ['KUBE-POSTROUTING', '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully', { matches: [comment('kubernetes service traffic requiring SNAT')], target: { kind: 'MASQUERADE', randomFully: true } }],
    ['KUBE-MARK-MASQ', '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000', { matches: [], target: orMark(0x4000) }],
    ['FLANNEL-POSTRTG', '-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully', { src: { cidr: '10.244.0.0/16' }, dst: { cidr: '224.0.0.0/4', negate: true }, matches: [comment('flanneld masq')], target: { kind: 'MASQUERADE', randomFully: true } }],
    ['FLANNEL-POSTRTG', '-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN', { matches: [{ module: 'mark', value: 0x4000, mask: 0x4000 }, comment('flanneld masq')], target: { kind: 'RETURN' } }],
    ['KUBE-SERVICES', '-A KUBE-SERVICES -d 10.97.121.82/32 -p tcp -m comment --comment "default/jtest cluster IP" -m tcp --dport 8080 -j KUBE-SVC-FXJ34XFJ55FJZHFP', { dst: { cidr: '10.97.121.82' }, proto: { name: 'tcp' }, matches: [comment('default/jtest cluster IP'), { module: 'tcp', dport: { port: 8080 } }], target: jump('KUBE-SVC-FXJ34XFJ55FJZHFP') }],
    ['KUBE-SVC-FXJ34XFJ55FJZHFP', '-A KUBE-SVC-FXJ34XFJ55FJZHFP ! -s 10.244.0.0/16 -d 10.97.121.82/32 -p tcp -m comment --comment "default/jtest cluster IP" -m tcp --dport 8080 -j KUBE-MARK-MASQ', { src: { cidr: '10.244.0.0/16', negate: true }, dst: { cidr: '10.97.121.82/32' }, proto: { name: 'tcp' }, matches: [comment('default/jtest cluster IP'), { module: 'tcp', dport: { port: 8080 } }], target: jump('KUBE-MARK-MASQ') }],
    ['KUBE-SVC-FXJ34XFJ55FJZHFP', '-A KUBE-SVC-FXJ34XFJ55FJZHFP -m comment --comment "default/jtest -> 10.244.1.19:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-M6GS57VBAWSHNQMT', { matches: [comment('default/jtest -> 10.244.1.19:8080'), { module: 'statistic', mode: 'random', probability: '0.5000000000' }], target: jump('KUBE-SEP-M6GS57VBAWSHNQMT') }],
    ['KUBE-SEP-UUBFDOGZKSZ6QOBE', '-A KUBE-SEP-UUBFDOGZKSZ6QOBE -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT --to-destination 192.168.205.145:6443', { proto: { name: 'tcp' }, matches: [comment('default/kubernetes:https'), { module: 'tcp' }], target: { kind: 'DNAT', toDestination: '192.168.205.145:6443' } }],
    ['KUBE-SERVICES', '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS', { matches: [comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), { module: 'addrtype', dstType: 'LOCAL' }], target: jump('KUBE-NODEPORTS') }],
    ['INPUT', '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL', { matches: [{ module: 'conntrack', ctstate: ['NEW'] }, comment('kubernetes load balancer firewall')], target: jump('KUBE-PROXY-FIREWALL') }],
    ['KUBE-FORWARD', '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', { matches: [comment('kubernetes forwarding conntrack rule'), { module: 'conntrack', ctstate: ['ESTABLISHED', 'RELATED'] }], target: { kind: 'ACCEPT' } }],
    ['KUBE-FIREWALL', '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP', { src: { cidr: '127.0.0.0/8', negate: true }, dst: { cidr: '127.0.0.0/8' }, matches: [comment('block incoming localnet connections'), { module: 'conntrack', ctstate: ['DNAT', 'RELATED', 'ESTABLISHED'], negate: true }], target: { kind: 'DROP' } }],
    ['KUBE-POD-FW-X', '-A KUBE-POD-FW-X -d 10.42.0.11/32 -m comment --comment "rule to permit the traffic traffic to pods when source is the pod\\\'s local node" -m addrtype --src-type LOCAL -j ACCEPT', { dst: { cidr: '10.42.0.11/32' }, matches: [comment("rule to permit the traffic traffic to pods when source is the pod's local node"), { module: 'addrtype', srcType: 'LOCAL' }], target: { kind: 'ACCEPT' } }],
    ['KUBE-SERVICES', '-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns has no endpoints" -m udp --dport 53 -j REJECT --reject-with icmp-port-unreachable', { dst: { cidr: '10.96.0.10/32' }, proto: { name: 'udp' }, matches: [comment('kube-system/kube-dns:dns has no endpoints'), { module: 'udp', dport: { port: 53 } }], target: { kind: 'REJECT' } }],
  ])('renders a %s rule as %s', (chain, line, rule) => {
    expect(renderRule(chain, rule)).toBe(line);
  });

  it('prints session-affinity recent matches with their implied mask and source', () => {
    expect(renderRule('KUBE-SVC-A', { matches: [comment('ns/s -> 10.0.0.1:80'), { module: 'recent', action: 'rcheck', seconds: 10800, reap: true, name: 'KUBE-SEP-B' }], target: jump('KUBE-SEP-B') }))
      .toBe('-A KUBE-SVC-A -m comment --comment "ns/s -> 10.0.0.1:80" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-B --mask 255.255.255.255 --rsource -j KUBE-SEP-B');
  });
});

describe('saveString', () => {
  it('leaves plain words bare and quotes the rest, escaping quotes and backslashes', () => {
    expect(saveString('flanneld')).toBe('flanneld');
    expect(saveString('default/jtest')).toBe('"default/jtest"');
    expect(saveString('say "hi" \\ it\'s')).toBe('"say \\"hi\\" \\\\ it\\\'s"');
  });
});

describe('kernelProbability', () => {
  it.each([
    ['0.5000000000', '0.50000000000'],
    ['0.3333333333', '0.33333333349'],
    ['0.2500000000', '0.25000000000'],
    ['0.33333', '0.33332999982'],
  ])('stores %s as a 31-bit fraction printed back as %s', (written, saved) => {
    expect(kernelProbability(written)).toBe(saved);
  });
});

describe('iptablesSave', () => {
  function sample(): Netfilter {
    const nf = newNetfilter();
    ensureChain(nf, 'mangle', 'KUBE-IPTABLES-HINT');
    ensureChain(nf, 'nat', 'KUBE-SERVICES');
    ensureChain(nf, 'nat', 'KUBE-MARK-MASQ');
    appendRule(nf, 'nat', 'KUBE-MARK-MASQ', { matches: [], target: orMark(0x4000) });
    appendRule(nf, 'nat', 'PREROUTING', { matches: [comment('kubernetes service portals')], target: jump('KUBE-SERVICES') });
    prependRule(nf, 'nat', 'POSTROUTING', { matches: [comment('kubernetes postrouting rules')], target: jump('KUBE-POSTROUTING') });
    ensureChain(nf, 'nat', 'FLANNEL-POSTRTG');
    return nf;
  }

  it('prints tables in creation order with header, built-in then sorted user chains, rules and footer', () => {
    const text = iptablesSave(sample(), { epochMs: Date.UTC(2023, 1, 2, 0, 57, 54) });
    expect(text).toBe([
      '# Generated by iptables-save v1.8.10 (nf_tables) on Thu Feb  2 00:57:54 2023',
      '*mangle',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':KUBE-IPTABLES-HINT - [0:0]',
      'COMMIT',
      '# Completed on Thu Feb  2 00:57:54 2023',
      '# Generated by iptables-save v1.8.10 (nf_tables) on Thu Feb  2 00:57:54 2023',
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':FLANNEL-POSTRTG - [0:0]',
      ':KUBE-MARK-MASQ - [0:0]',
      ':KUBE-SERVICES - [0:0]',
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
      'COMMIT',
      '# Completed on Thu Feb  2 00:57:54 2023',
      '',
    ].join('\n'));
  });

  it('formats ctime with a space-padded day', () => {
    expect(ctime(Date.UTC(2026, 0, 5, 9, 0, 4))).toBe('Mon Jan  5 09:00:04 2026');
    expect(ctime(Date.UTC(2026, 2, 17, 23, 5, 0))).toBe('Tue Mar 17 23:05:00 2026');
  });

  it('selects one table with -t and prints counters with -c', () => {
    const nf = sample();
    const nat = runIptablesSave(nf, ['-t', 'nat'], 0);
    expect(nat.stdout).toContain('*nat');
    expect(nat.stdout).not.toContain('*mangle');
    expect(runIptablesSave(nf, ['--table=mangle'], 0).stdout).toContain('*mangle');
    expect(runIptablesSave(nf, ['-c', '-tnat'], 0).stdout).toContain('[0:0] -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000');
  });

  it('shows an unused built-in table with empty built-in chains and rejects unknown tables and options', () => {
    const raw = runIptablesSave(sample(), ['-t', 'raw'], 0);
    expect(raw.stdout).toContain('*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT');
    expect(runIptablesSave(sample(), ['-t', 'nope'], 0)).toEqual({ stdout: '', stderr: "Table `nope' does not exist\n", exitCode: 1 });
    expect(runIptablesSave(sample(), ['-x'], 0)).toEqual({ stdout: '', stderr: "iptables-save: invalid option -- 'x'\nLook at manual page `iptables-save.8' for more information.\n", exitCode: 1 });
  });

  it('lists rules as commands with iptables -S', () => {
    const s = runIptables(sample(), ['-t', 'nat', '-S', 'KUBE-MARK-MASQ']);
    expect(s.stdout).toBe('-N KUBE-MARK-MASQ\n-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n');
    expect(runIptables(sample(), ['-t', 'nat', '-S']).stdout.startsWith('-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n')).toBe(true);
    expect(runIptables(sample(), ['-A', 'INPUT']).exitCode).not.toBe(0);
  });
});
