import { describe, expect, it } from 'vitest';
import type { NetNamespace } from './netns';
import { addLink, addLoopback, newNetNamespace } from './netns';
import { appendRule, comment, jump } from './netfilter/types';
import type { ShellTarget } from './shell';
import { runShell, tokenize } from './shell';

function node(): NetNamespace {
  const ns = newNetNamespace('');
  addLoopback(ns);
  addLink(ns, { index: 2, name: 'eth0', kind: 'ethernet', mac: '02:00:00:00:00:02', mtu: 1500, flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], qdisc: 'fq_codel', state: 'UP', qlen: 1000, addresses: [{ family: 'inet', local: '192.168.49.3', prefixLen: 24, broadcast: '192.168.49.255', scope: 'global' }] });
  ns.routes.push({ dst: 'default', via: '192.168.49.1', dev: 'eth0', proto: 'static' }, { dst: '192.168.49.0/24', dev: 'eth0', proto: 'kernel', scope: 'link', src: '192.168.49.3' });
  ns.neighbours.push({ dst: '192.168.49.1', dev: 'eth0', lladdr: '02:00:00:00:00:01', state: 'REACHABLE' });
  appendRule(ns.netfilter, 'nat', 'PREROUTING', { matches: [comment('kubernetes service portals')], target: jump('KUBE-SERVICES') });
  appendRule(ns.netfilter, 'nat', 'KUBE-SERVICES', { dst: { cidr: '10.96.0.1/32' }, proto: { name: 'tcp' }, matches: [comment('default/kubernetes:https cluster IP'), { module: 'tcp', dport: { port: 443 } }], target: jump('KUBE-SVC-NPX46M4PTMTKRN6Y') });
  return ns;
}

const onNode = (): ShellTarget => ({ ns: node(), epochMs: Date.UTC(2026, 0, 5, 9, 0, 0), kind: 'node', hostname: 'node-1' });
const inPod = (): ShellTarget => ({ ns: node(), epochMs: 0, kind: 'pod', hostname: 'web-0' });

describe('tokenize', () => {
  it('splits words and pipeline stages, honouring quotes and backslashes', () => {
    expect(tokenize(`iptables-save -t nat | grep "cluster IP" | grep -v 'x y'`).stages).toEqual([['iptables-save', '-t', 'nat'], ['grep', 'cluster IP'], ['grep', '-v', 'x y']]);
    expect(tokenize('grep a\\ b').stages).toEqual([['grep', 'a b']]);
    expect(tokenize('grep "a|b"').stages).toEqual([['grep', 'a|b']]);
    expect(tokenize('echo "open').error).toContain('unexpected EOF');
  });
});

describe('runShell on a node', () => {
  it.each(['ip addr', 'ip a', 'ip address show', 'ip a s', 'ip addr list', 'sudo ip addr'])('answers %s with every link', (cmd) => {
    const r = runShell(onNode(), cmd);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('1: lo: <LOOPBACK,UP,LOWER_UP>');
    expect(r.stdout).toContain('2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP>');
  });

  it.each(['ip addr show eth0', 'ip addr show dev eth0', 'ip a s eth0'])('answers %s with one link', (cmd) => {
    const r = runShell(onNode(), cmd);
    expect(r.stdout.startsWith('2: eth0:')).toBe(true);
    expect(r.stdout).not.toContain('lo:');
  });

  it.each(['ip route', 'ip r', 'ip route show', 'ip ro list'])('answers %s with the main table', (cmd) => {
    expect(runShell(onNode(), cmd).stdout).toBe('default via 192.168.49.1 dev eth0 proto static\n192.168.49.0/24 dev eth0 proto kernel scope link src 192.168.49.3\n');
  });

  it('answers ip neigh, ip rule and hostname', () => {
    expect(runShell(onNode(), 'ip neigh').stdout).toBe('192.168.49.1 dev eth0 lladdr 02:00:00:00:00:01 REACHABLE\n');
    expect(runShell(onNode(), 'ip n show dev eth0').stdout).toBe('192.168.49.1 lladdr 02:00:00:00:00:01 REACHABLE\n');
    expect(runShell(onNode(), 'ip rule').stdout).toContain('32766:\tfrom all lookup main');
    expect(runShell(onNode(), 'hostname').stdout).toBe('node-1\n');
  });

  it.each([
    ['ip addr show nope', 'Device "nope" does not exist.\n', 1],
    ['ip route show dev nope', 'Cannot find device "nope"\n', 1],
    ['ip neigh show dev nope', 'Cannot find device "nope"\n', 1],
    ['ip frobnicate', 'Object "frobnicate" is unknown, try "ip help".\n', 255],
    ['ip -z addr', 'Option "-z" is unknown, try "ip -help".\n', 255],
    ['kubectl get pods', 'bash: kubectl: command not found\n', 127],
    ['ls | grep x', 'bash: ls: command not found\n', 1], // a pipeline's status is its last command's
    ['iptables-save | frob', 'bash: frob: command not found\n', 127],
    ['ip addr |', "bash: syntax error near unexpected token `|'\n", 2],
  ])('answers %j with the real error', (cmd, stderr, code) => {
    const r = runShell(onNode(), cmd);
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(code);
  });

  it('prints the ip usage for a bare ip', () => {
    const r = runShell(onNode(), 'ip');
    expect(r.exitCode).toBe(255);
    expect(r.stderr.startsWith('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n')).toBe(true);
  });

  it('refuses changes: the network is programmed from the cluster objects', () => {
    const r = runShell(onNode(), 'ip route add 10.0.0.0/8 via 192.168.49.9');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('RTNETLINK answers: Operation not permitted');
  });

  it('pipes iptables-save through grep, grep -c, head, tail, wc -l and sort', () => {
    const t = onNode();
    expect(runShell(t, 'iptables-save -t nat | grep KUBE-SVC').stdout).toBe('-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y\n');
    expect(runShell(t, 'iptables-save -t nat | grep -c "^:"').stdout).toBe('5\n');
    expect(runShell(t, 'iptables-save | grep -E "^(COMMIT|\\*nat)$"').stdout).toBe('*nat\nCOMMIT\n');
    expect(runShell(t, 'iptables-save | grep "^\\*nat\\|COMMIT"').stdout).toBe('*nat\nCOMMIT\n');
    expect(runShell(t, 'iptables-save | head -n 2').stdout).toBe('# Generated by iptables-save v1.8.10 (nf_tables) on Mon Jan  5 09:00:00 2026\n*nat\n');
    expect(runShell(t, 'iptables-save | tail -1').stdout).toBe('# Completed on Mon Jan  5 09:00:00 2026\n');
    expect(runShell(t, 'ip route | wc -l').stdout).toBe('2\n');
    expect(runShell(t, 'iptables-save | grep -c -- "-A KUBE"').stdout).toBe('1\n');
    expect(runShell(t, 'ip route | sort -r | head -1').stdout).toBe('default via 192.168.49.1 dev eth0 proto static\n');
    const none = runShell(t, 'ip route | grep nothing-matches');
    expect(none).toEqual({ stdout: '', stderr: '', exitCode: 1 });
    expect(runShell(t, 'ip route | grep -vi DEFAULT').stdout).toBe('192.168.49.0/24 dev eth0 proto kernel scope link src 192.168.49.3\n');
  });

  it('shows conntrack as empty until traffic exists', () => {
    expect(runShell(onNode(), 'conntrack -L')).toEqual({ stdout: '', stderr: 'conntrack v1.4.8 (conntrack-tools): 0 flow entries have been shown.\n', exitCode: 0 });
  });
});

describe('runShell in a pod', () => {
  it('has ip but not the node tools', () => {
    expect(runShell(inPod(), 'ip addr').exitCode).toBe(0);
    expect(runShell(inPod(), 'iptables-save')).toEqual({ stdout: '', stderr: 'sh: iptables-save: not found\n', exitCode: 127 });
    expect(runShell(inPod(), 'hostname').stdout).toBe('web-0\n');
  });
});
