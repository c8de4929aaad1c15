import { describe, expect, it } from 'vitest';
import type { WriteActivity } from '../../worker/protocol';
import { linksToPulse, watchTargets } from './pulses';

const w = (component: string, kind: string): WriteActivity => ({ component, verb: 'update', kind, key: 'default/x' });

describe('linksToPulse', () => {
  it("lights each writer's link and etcd behind the apiserver", () => {
    expect(linksToPulse([w('kube-scheduler', 'Pod'), w('replicaset-controller', 'Pod'), w('kubelet/node-1', 'Pod')])).toEqual(
      new Set(['etcd', 'kube-scheduler', 'kube-controller-manager', 'kubelet/node-1']),
    );
  });

  it('keeps heartbeats (Lease renewals) quiet, so a fast clock does not light every link for good', () => {
    expect(linksToPulse([w('kubelet/node-1', 'Lease'), w('kubelet/node-2', 'Lease')])).toEqual(new Set());
    expect(linksToPulse([w('kubelet/node-1', 'Lease'), w('kubelet/node-2', 'Pod')])).toEqual(new Set(['etcd', 'kubelet/node-2']));
  });
});

describe('watchTargets', () => {
  const nodes = ['node-1', 'node-2'];
  const write = (kind: string, node?: string): WriteActivity => ({ component: 'kubectl', verb: 'update', kind, key: 'default/x', ...(node ? { node } : {}) });

  it("sends a pod's change to the scheduler, the controllers and only its node's kubelet", () => {
    expect(watchTargets([write('Pod', 'node-2')], nodes)).toEqual(
      new Set(['[data-link="kube-scheduler"]', '[data-link="kube-controller-manager"]', '[data-link="kubelet/node-2"]']),
    );
    // an unscheduled pod reaches no kubelet yet
    expect(watchTargets([write('Pod')], nodes)).toEqual(new Set(['[data-link="kube-scheduler"]', '[data-link="kube-controller-manager"]']));
  });

  it('sends Services to every kubelet and kube-proxy, EndpointSlices to every kube-proxy only', () => {
    const svc = watchTargets([write('Service')], nodes);
    for (const n of nodes) {
      expect(svc).toContain(`[data-link="kubelet/${n}"]`);
      expect(svc).toContain(`[data-watch="kube-proxy/${n}"]`);
    }
    expect(svc).not.toContain('[data-link="kube-scheduler"]');
    const eps = watchTargets([write('EndpointSlice')], nodes);
    expect(eps).toContain('[data-node-link="node-1"]');
    expect([...eps].some((s) => s.includes('kubelet/'))).toBe(false);
  });

  it('sends nothing for Events and keeps Lease heartbeats quiet', () => {
    expect(watchTargets([write('Event'), write('Lease')], nodes)).toEqual(new Set());
  });
});
