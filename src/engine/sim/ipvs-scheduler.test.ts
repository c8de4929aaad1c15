// kube-proxy's --ipvs-scheduler over a whole World: sh pins a client to one endpoint, lc spreads
// connections as they accumulate (counted from the traced flows' conntrack entries), ipvsadm shows it.
import { describe, expect, it } from 'vitest';
import type { TraceRequest } from '../api/trace';
import type { IpvsScheduler } from '../cni/types';
import { clientPod, webApp } from '../testing/manifests';
import { World } from './world';

const APP = `${webApp()}---
${clientPod()}`;

const REQ: TraceRequest = { from: { kind: 'pod', pod: 'default/client' }, to: 'web', port: 80, protocol: 'TCP' };

function cluster(ipvsScheduler: IpvsScheduler): World {
  const w = World.create({ workerNodes: 2, seed: 1, proxyMode: 'ipvs', ipvsScheduler });
  const r = w.apply(APP);
  expect(r.ok, JSON.stringify(r.documents.filter((d) => !d.ok))).toBe(true);
  w.settle();
  return w;
}

/** The endpoint each of `n` traces from the client is served by, and the IPVS hop's summary. */
function traces(w: World, n: number): { pods: string[]; ipvs: string[] } {
  const pods: string[] = [];
  const ipvs: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = w.trace(REQ);
    expect(t.outcome.delivered, JSON.stringify(t.outcome)).toBe(true);
    pods.push((t.outcome.servedBy as { pod: string }).pod);
    ipvs.push(t.hops.filter((h) => h.kind === 'ipvs').map((h) => h.summary).join('\n'));
  }
  return { pods, ipvs };
}

const clientIP = (w: World) => (w.getObject({ kind: 'Pod', name: 'client', namespace: 'default' })?.status as { podIP: string }).podIP;
const clientNode = (w: World) => (w.getObject({ kind: 'Pod', name: 'client', namespace: 'default' })?.spec as { nodeName: string }).nodeName;

describe('IPVS schedulers in a World', () => {
  it('sh: ten traces from one client all hit one endpoint, and the trace says the source hash decided', () => {
    const w = cluster('sh');
    const { pods, ipvs } = traces(w, 10);
    expect(new Set(pods).size).toBe(1);
    expect(ipvs[0]).toMatch(new RegExp(`\\(sh: source hash of ${clientIP(w).replace(/\./g, '\\.')} \\(bucket \\d+\\) -> real server \\d of 3\\)`));
  });

  it('rr: the same ten traces spread (each a new connection, a random draw)', () => {
    const w = cluster('rr');
    expect(new Set(traces(w, 10).pods).size).toBeGreaterThan(1);
  });

  it('lc: successive traces go to the endpoint with the fewest connections, so they spread evenly', () => {
    const w = cluster('lc');
    const { pods, ipvs } = traces(w, 6);
    expect(new Set(pods.slice(0, 3)).size).toBe(3);
    expect(pods.slice(3)).toEqual(pods.slice(0, 3));
    expect(ipvs[0]).toContain('lc: fewest active connections (0, 0, 0) -> real server 1 of 3');
    expect(ipvs[1]).toContain('lc: fewest active connections (1, 0, 0) -> real server 2 of 3');
    expect(ipvs[3]).toContain('lc: fewest active connections (1, 1, 1) -> real server 1 of 3');
  });

  it('ipvsadm -Ln shows the scheduler on every virtual server', () => {
    const w = cluster('sh');
    const table = w.nodeShell(clientNode(w), 'ipvsadm -Ln').stdout;
    expect(table).toContain('TCP  10.96.0.1:443 sh\n');
    const headers = table.split('\n').filter((l) => /^(TCP|UDP|SCTP) {2}/.test(l));
    expect(headers.length).toBeGreaterThanOrEqual(4);
    for (const h of headers) expect(h).toMatch(/ sh$/);
  });

  it('the default stays rr', () => {
    const w = World.create({ workerNodes: 1, seed: 1, proxyMode: 'ipvs' });
    w.settle();
    expect(w.nodeShell('node-1', 'ipvsadm -Ln').stdout).toContain('TCP  10.96.0.1:443 rr\n');
  });
});

describe('ipvsadm -Ln counts the traced connections', () => {
  it('ActiveConn of the real server that took the established connections', () => {
    const w = World.create({ workerNodes: 2, seed: 1, proxyMode: 'ipvs', ipvsScheduler: 'sh' });
    const r = w.apply(`${webApp()}---\n${clientPod({ image: 'busybox:1.36' })}`);
    expect(r.ok).toBe(true);
    w.settle();
    const svcIP = (w.getObject({ kind: 'Service', name: 'web', namespace: 'default' })?.spec as { clusterIP: string }).clusterIP;
    for (let i = 0; i < 3; i++) w.trace({ from: { kind: 'pod', pod: 'default/client' }, to: svcIP, port: 80, protocol: 'TCP' });
    const node = (w.getObject({ kind: 'Pod', name: 'client', namespace: 'default' })?.spec as { nodeName: string }).nodeName;
    const out = w.nodeShell(node, 'ipvsadm -Ln').stdout;
    const block = out.slice(out.indexOf(`TCP  ${svcIP}:80 sh`));
    const counts = [...block.split('\n').slice(1, 4).join('\n').matchAll(/Masq\s+1\s+(\d+)\s+(\d+)/g)].map((m) => Number(m[1]));
    // Source hashing: the one client's three connections all went to one real server.
    expect(counts.sort()).toEqual([0, 0, 3]);
  });
});
