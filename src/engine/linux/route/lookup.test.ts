// Route lookup: local addresses first, then longest prefix and metric; blackholes; onlink gateways.
import { describe, expect, it } from 'vitest';
import { addLink, addLoopback, newNetNamespace } from '../netns';
import { routeLookup, sourceAddressFor } from './lookup';

function ns() {
  const n = newNetNamespace('');
  addLoopback(n);
  addLink(n, { name: 'eth0', kind: 'ethernet', mac: '02:00:00:00:00:01', mtu: 1500, flags: [], qdisc: 'fq_codel', state: 'UP', addresses: [{ family: 'inet', local: '192.168.49.3', prefixLen: 24, scope: 'global' }] });
  addLink(n, { name: 'flannel.1', kind: 'vxlan', mac: '02:00:00:00:00:02', mtu: 1450, flags: [], qdisc: 'noqueue', state: 'UNKNOWN', addresses: [{ family: 'inet', local: '10.244.1.0', prefixLen: 32, scope: 'global' }] });
  n.routes.push(
    { dst: 'default', via: '192.168.49.1', dev: 'eth0', proto: 'static' },
    { dst: '192.168.49.0/24', dev: 'eth0', proto: 'kernel', scope: 'link', src: '192.168.49.3' },
    { dst: '10.244.2.0/24', via: '10.244.2.0', dev: 'flannel.1', onlink: true },
    { dst: '10.244.3.0/24', via: '192.168.49.5', dev: 'eth0', metric: 100 },
    { dst: '10.244.3.0/24', via: '192.168.49.6', dev: 'eth0', metric: 50 },
    { type: 'blackhole', dst: '10.244.1.0/24', proto: 'bird' },
  );
  return n;
}

describe('routeLookup', () => {
  it('local addresses win over every route', () => {
    const r = routeLookup(ns(), '10.244.1.0');
    expect(r).toMatchObject({ kind: 'local' });
    expect(r.kind === 'local' && r.link.name).toBe('flannel.1');
    expect(routeLookup(ns(), '127.0.0.5').kind).toBe('local');
  });

  it('longest prefix, onlink gateway as next hop', () => {
    const r = routeLookup(ns(), '10.244.2.7');
    expect(r).toMatchObject({ kind: 'unicast', dev: 'flannel.1', nextHop: '10.244.2.0', gateway: '10.244.2.0', rule: '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink' });
    expect(routeLookup(ns(), '192.168.49.9')).toMatchObject({ kind: 'unicast', dev: 'eth0', nextHop: '192.168.49.9', src: '192.168.49.3' });
    expect(routeLookup(ns(), '8.8.8.8')).toMatchObject({ kind: 'unicast', nextHop: '192.168.49.1', rule: 'default via 192.168.49.1 dev eth0 proto static' });
  });

  it('the lower metric wins a tie; blackholes reject', () => {
    expect(routeLookup(ns(), '10.244.3.4')).toMatchObject({ kind: 'unicast', gateway: '192.168.49.6' });
    expect(routeLookup(ns(), '10.244.1.9')).toMatchObject({ kind: 'reject', type: 'blackhole', rule: 'blackhole 10.244.1.0/24 proto bird' });
  });

  it('no route without a default; the source address comes from the route', () => {
    const n = ns();
    n.routes = n.routes.filter((r) => r.dst !== 'default');
    expect(routeLookup(n, '8.8.8.8').kind).toBe('none');
    expect(sourceAddressFor(ns(), '192.168.49.7')).toBe('192.168.49.3');
    expect(sourceAddressFor(ns(), '10.244.2.7')).toBe('10.244.1.0');
  });
});
