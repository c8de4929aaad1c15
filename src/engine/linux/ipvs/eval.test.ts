// IPVS scheduling: a fresh connection draws a real server, persistence reuses the client's, none answers refusal.
import { describe, expect, it } from 'vitest';
import type { IpvsVirtualServer } from '../netns';
import { newNetNamespace } from '../netns';
import { findVirtualServer, ipvsSchedule } from './eval';

const rs = (address: string) => ({ address, port: 80, forward: 'Masq' as const, weight: 1, activeConn: 0, inActConn: 0 });
const vs = (extra: Partial<IpvsVirtualServer> = {}): IpvsVirtualServer => ({ protocol: 'TCP', address: '10.96.0.10', port: 80, scheduler: 'rr', realServers: [rs('10.244.1.5'), rs('10.244.2.5')], ...extra });

describe('ipvs', () => {
  it('finds the virtual server by protocol, address and port', () => {
    const ns = newNetNamespace('');
    ns.ipvs = [vs(), vs({ protocol: 'UDP', port: 53 })];
    expect(findVirtualServer(ns, 'TCP', '10.96.0.10', 80)).toBe(ns.ipvs[0]);
    expect(findVirtualServer(ns, 'UDP', '10.96.0.10', 80)).toBeUndefined();
  });

  it('rr: the draw picks the real server; the rule reads like ipvsadm -Ln', () => {
    const p = ipvsSchedule(vs(), '10.244.3.3', () => 1);
    expect(p.rs?.address).toBe('10.244.2.5');
    expect(p.how).toBe('rr');
    expect(p.rule).toBe('TCP  10.96.0.10:80 rr\n  -> 10.244.2.5:80                Masq    1      0          0');
  });

  it('persistent: the client keeps its real server when the caller remembers it', () => {
    const v = vs({ persistentSeconds: 10800 });
    const affinity = new Map([['TCP/10.96.0.10:80|10.244.3.3', '10.244.1.5:80']]);
    const p = ipvsSchedule(v, '10.244.3.3', () => 1, affinity);
    expect(p).toMatchObject({ how: 'persistent', rs: { address: '10.244.1.5' } });
    expect(p.rule.split('\n')[0]).toBe('TCP  10.96.0.10:80 rr persistent 10800');
    expect(ipvsSchedule(v, '10.244.9.9', () => 1, affinity).rs?.address).toBe('10.244.2.5');
  });

  it('no real servers: nothing to pick', () => {
    const p = ipvsSchedule(vs({ realServers: [] }), '10.244.3.3', () => 0);
    expect(p.how).toBe('none');
    expect(p.rs).toBeUndefined();
    expect(p.rule).toBe('TCP  10.96.0.10:80 rr');
  });
});
