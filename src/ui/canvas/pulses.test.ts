import { describe, expect, it } from 'vitest';
import type { WriteActivity } from '../../worker/protocol';
import { linksToPulse } from './pulses';

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
