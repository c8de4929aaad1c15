// The cluster's CNI setting end to end through the worker: reset with a CNI rebuilds the World with
// it, the ready snapshot reports it, and node shells show that back end's routes.
import { describe, expect, it } from 'vitest';
import { CNI_BACKEND_NAMES, PROXY_MODES } from '../engine/index';
import { EngineHost } from './engine.worker';
import { CNI_NAMES, DEFAULT_CNI, DEFAULT_PROXY_MODE, PROXY_MODE_NAMES, type WorkerMessage } from './protocol';

function host() {
  const posted: WorkerMessage[] = [];
  const h = new EngineHost((m) => posted.push(m), () => 0);
  h.boot({ seed: 1, workerNodes: 2 });
  return { h, posted };
}

function shell(h: EngineHost, posted: WorkerMessage[], requestId: number, command: string): string {
  h.handle({ kind: 'nodeShell', requestId, nodeName: 'node-1', command });
  const reply = posted.find((m) => m.kind === 'reply' && m.requestId === requestId);
  if (reply?.kind !== 'reply' || reply.body.kind !== 'nodeShell') throw new Error(`no nodeShell reply: ${JSON.stringify(reply)}`);
  return reply.body.output.stdout;
}

describe('CNI cluster setting', () => {
  it('lists the engine\'s back ends for the UI, flannel-vxlan first and default', () => {
    expect(CNI_NAMES).toEqual(CNI_BACKEND_NAMES);
    expect(DEFAULT_CNI).toBe(CNI_NAMES[0]);
    expect(PROXY_MODE_NAMES).toEqual(PROXY_MODES);
    expect(DEFAULT_PROXY_MODE).toBe('iptables');
  });

  it('boots with flannel-vxlan and reports it in the ready snapshot', () => {
    const { posted } = host();
    const ready = posted[0];
    expect(ready.kind === 'ready' && ready.snapshot.settings).toEqual({ seed: 1, workerNodes: 2, cni: 'flannel-vxlan', proxyMode: 'iptables' });
  });

  it('reset with calico-bgp rebuilds the cluster with Calico routes and no cni0', () => {
    const { h, posted } = host();
    h.handle({ kind: 'reset', requestId: 1, settings: { seed: 1, workerNodes: 2, cni: 'calico-bgp' } });
    const ready = posted.filter((m) => m.kind === 'ready').at(-1);
    expect(ready?.kind === 'ready' && ready.snapshot.settings.cni).toBe('calico-bgp');
    h.handle({ kind: 'control', action: 'step', stepMs: 30_000 });
    const routes = shell(h, posted, 2, 'ip route');
    expect(routes).toContain('proto bird');
    expect(routes).not.toContain('cni0');
    expect(routes).not.toContain('flannel.1');
  });

  it('reset with nodeSubnets 2 rebuilds the cluster on two subnets; node shells show each node\'s own gateway', () => {
    const { h, posted } = host();
    h.handle({ kind: 'reset', requestId: 1, settings: { seed: 1, workerNodes: 2, cni: 'flannel-host-gw', nodeSubnets: 2 } });
    const ready = posted.filter((m) => m.kind === 'ready').at(-1);
    expect(ready?.kind === 'ready' && ready.snapshot.settings).toEqual({ seed: 1, workerNodes: 2, cni: 'flannel-host-gw', proxyMode: 'iptables', nodeSubnets: 2 });
    h.handle({ kind: 'control', action: 'step', stepMs: 30_000 });
    expect(shell(h, posted, 2, 'ip route')).toContain('default via 192.168.49.1 dev eth0 proto static');
    expect(shell(h, posted, 3, 'journalctl -u flanneld')).toMatch(/Error adding route to 10\.244\.\d+\.0\/24 via 192\.168\.50\.3: network is unreachable/);
    // Back to one segment: the setting is dropped and the route is there.
    h.handle({ kind: 'reset', requestId: 4, settings: { seed: 1, workerNodes: 2, cni: 'flannel-host-gw', nodeSubnets: 1 } });
    const again = posted.filter((m) => m.kind === 'ready').at(-1);
    expect(again?.kind === 'ready' && again.snapshot.settings.nodeSubnets).toBeUndefined();
    h.handle({ kind: 'control', action: 'step', stepMs: 30_000 });
    expect(shell(h, posted, 5, 'journalctl -u flanneld')).toBe('-- No entries --\n');
  });

  it('reset with proxyMode ipvs rebuilds the cluster with kube-ipvs0 and IPVS virtual servers', () => {
    const { h, posted } = host();
    h.handle({ kind: 'reset', requestId: 1, settings: { seed: 1, workerNodes: 2, cni: 'flannel-vxlan', proxyMode: 'ipvs' } });
    h.handle({ kind: 'control', action: 'step', stepMs: 30_000 });
    expect(shell(h, posted, 2, 'ipvsadm -Ln')).toContain('TCP  10.96.0.1:443 rr');
    expect(shell(h, posted, 3, 'ip -br addr show kube-ipvs0')).toContain('10.96.0.1/32');
  });
});
