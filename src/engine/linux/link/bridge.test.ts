// Bridge forwarding decisions: own MAC up the stack, a known port, learning, flooding.
import { describe, expect, it } from 'vitest';
import { addLink, newNetNamespace } from '../netns';
import { bridgeForward } from './bridge';

function ns() {
  const n = newNetNamespace('');
  const base = { mtu: 1450, flags: [], qdisc: 'noqueue', state: 'UP' as const, addresses: [] };
  addLink(n, { ...base, name: 'cni0', kind: 'bridge', mac: '02:00:00:00:00:aa' });
  addLink(n, { ...base, name: 'veth1', kind: 'veth', mac: '02:00:00:00:00:01', master: 'cni0' });
  addLink(n, { ...base, name: 'veth2', kind: 'veth', mac: '02:00:00:00:00:02', master: 'cni0' });
  n.fdb.push({ mac: '02:00:00:00:00:aa', dev: 'cni0', master: 'cni0', permanent: true }, { mac: '0a:00:00:00:00:09', dev: 'veth2', master: 'cni0' });
  return n;
}
const behind: Record<string, string> = { veth1: '0a:00:00:00:00:01', veth2: '0a:00:00:00:00:02' };

describe('bridgeForward', () => {
  it("the bridge's own MAC goes up to the host", () => {
    expect(bridgeForward(ns(), 'cni0', '02:00:00:00:00:aa', (p) => behind[p.name])).toMatchObject({ kind: 'local', rule: '02:00:00:00:00:aa dev cni0 master cni0 permanent' });
  });
  it('an FDB entry names the port; an unknown MAC is learned from the port behind which it answers', () => {
    expect(bridgeForward(ns(), 'cni0', '0a:00:00:00:00:09', (p) => behind[p.name])).toMatchObject({ kind: 'forward', learned: false, port: { name: 'veth2' } });
    const d = bridgeForward(ns(), 'cni0', '0a:00:00:00:00:01', (p) => behind[p.name]);
    expect(d).toMatchObject({ kind: 'forward', learned: true, port: { name: 'veth1' }, rule: '0a:00:00:00:00:01 dev veth1 master cni0' });
  });
  it('nobody has it: flooded to every port', () => {
    const d = bridgeForward(ns(), 'cni0', '0a:ff:ff:ff:ff:ff', (p) => behind[p.name]);
    expect(d.kind).toBe('flood');
    expect(d.kind === 'flood' && d.ports.map((p) => p.name)).toEqual(['veth1', 'veth2']);
  });
});
