// IPVS scheduling: a fresh connection draws a real server, persistence reuses the client's, none answers refusal.
import { describe, expect, it } from 'vitest';
import type { IpvsVirtualServer } from '../netns';
import { newNetNamespace } from '../netns';
import { findVirtualServer, ipvsBucket, ipvsSchedule } from './eval';

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

  const three = (scheduler: string) => vs({ scheduler, realServers: [rs('10.244.1.5'), rs('10.244.2.5'), rs('10.244.3.5')] });
  const noDraw = () => {
    throw new Error('a hashing or least-connection scheduler draws no random number');
  };

  it('sh: one client always gets the same real server, its bucket mod the live servers; clients spread', () => {
    const v = three('sh');
    const picks = Array.from({ length: 10 }, () => ipvsSchedule(v, '10.244.1.3', noDraw));
    expect(new Set(picks.map((p) => p.rs?.address)).size).toBe(1);
    const bucket = ipvsBucket('10.244.1.3');
    expect(bucket).toBeGreaterThanOrEqual(0);
    expect(bucket).toBeLessThan(256);
    expect(picks[0].rs).toBe(v.realServers[bucket % 3]);
    expect(picks[0].how).toBe('sh');
    expect(picks[0].reason).toBe(`sh: source hash of 10.244.1.3 (bucket ${bucket}) -> real server ${(bucket % 3) + 1} of 3`);
    expect(picks[0].rule.split('\n')[0]).toBe('TCP  10.96.0.10:80 sh');
    const clients = Array.from({ length: 30 }, (_, i) => ipvsSchedule(v, `10.244.${1 + (i % 3)}.${10 + i}`, noDraw).rs?.address);
    expect(new Set(clients).size).toBe(3);
  });

  it('sh: a server taken out (weight 0) re-deals the buckets over the live ones', () => {
    const v = three('sh');
    v.realServers[1].weight = 0;
    const bucket = ipvsBucket('10.244.1.3');
    const live = [v.realServers[0], v.realServers[2]];
    expect(ipvsSchedule(v, '10.244.1.3', noDraw).rs).toBe(live[bucket % 2]);
  });

  it('mh is treated like sh and says so', () => {
    const sh = ipvsSchedule(three('sh'), '10.244.2.9', noDraw);
    const mh = ipvsSchedule(three('mh'), '10.244.2.9', noDraw);
    expect(mh.rs?.address).toBe(sh.rs?.address);
    expect(mh.reason).toMatch(/^mh: maglev hash \(as source hash\) of 10\.244\.2\.9/);
  });

  it('dh: the destination (the virtual address) decides, whoever the client is', () => {
    const v = three('dh');
    const picks = ['10.244.1.3', '10.244.2.4', '192.168.49.100'].map((c) => ipvsSchedule(v, c, noDraw));
    expect(new Set(picks.map((p) => p.rs?.address)).size).toBe(1);
    expect(picks[0].rs).toBe(v.realServers[ipvsBucket('10.96.0.10') % 3]);
    expect(picks[0].reason).toContain('dh: destination hash of 10.96.0.10');
  });

  it.each(['lc', 'wlc', 'sed', 'nq', 'lblc', 'lblcr'])('%s: the fewest active connections wins, ties to the first in the list', (scheduler) => {
    const v = three(scheduler);
    const active = new Map([['10.244.1.5:80', 2], ['10.244.2.5:80', 1], ['10.244.3.5:80', 1]]);
    const p = ipvsSchedule(v, '10.244.1.3', noDraw, { activeConnections: (r) => active.get(`${r.address}:${r.port}`) ?? 0 });
    expect(p.rs?.address).toBe('10.244.2.5');
    expect(p.how).toBe(scheduler);
    expect(p.reason).toBe(`${scheduler}: fewest active connections (2, 1, 1) -> real server 2 of 3`);
    // Connections accumulate: each pick goes to the least loaded, so three new ones fill the gaps.
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const next = ipvsSchedule(v, '10.244.1.3', noDraw, { activeConnections: (r) => active.get(`${r.address}:${r.port}`) ?? 0 }).rs!;
      const key = `${next.address}:${next.port}`;
      active.set(key, (active.get(key) ?? 0) + 1);
      seen.push(next.address);
    }
    expect(seen).toEqual(['10.244.2.5', '10.244.3.5', '10.244.1.5']);
  });

  it('lc without a counter reads the table\'s ActiveConn', () => {
    const v = three('lc');
    v.realServers[0].activeConn = 4;
    v.realServers[1].activeConn = 3;
    v.realServers[2].activeConn = 5;
    expect(ipvsSchedule(v, '10.244.1.3', noDraw).rs?.address).toBe('10.244.2.5');
  });

  it('wrr is a random draw like rr, and says which', () => {
    const p = ipvsSchedule(three('wrr'), '10.244.1.3', () => 2);
    expect(p.rs?.address).toBe('10.244.3.5');
    expect(p.reason).toBe('wrr: weighted round robin (each trace is a new connection: a random position) -> real server 3 of 3');
  });

  it('persistence wins over the scheduler', () => {
    const v = { ...three('lc'), persistentSeconds: 10800 };
    const affinity = new Map([['TCP/10.96.0.10:80|10.244.1.3', '10.244.3.5:80']]);
    const p = ipvsSchedule(v, '10.244.1.3', noDraw, { affinity, activeConnections: () => 0 });
    expect(p).toMatchObject({ how: 'persistent', rs: { address: '10.244.3.5' } });
  });

  it('no real servers: nothing to pick', () => {
    const p = ipvsSchedule(vs({ realServers: [] }), '10.244.3.3', () => 0);
    expect(p.how).toBe('none');
    expect(p.rs).toBeUndefined();
    expect(p.rule).toBe('TCP  10.96.0.10:80 rr');
  });
});
