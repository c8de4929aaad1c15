import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { makeNodeWithCapacity, makeSchedulingPod } from '../../../testing/builders';
import { CycleState } from '../../framework/cycle-state';
import { newNodeInfo } from '../../framework/node-info';
import { ErrReason, nodePorts } from './node-ports';

function withPort(name: string, hostPort: number, protocol = 'TCP', hostIP?: string): Pod {
  const pod = makeSchedulingPod({ name });
  pod.spec!.containers[0].ports = [{ containerPort: 8080, hostPort, protocol, ...(hostIP ? { hostIP } : {}) }];
  return pod;
}

describe('NodePorts', () => {
  it.each<[string, Pod[], Pod, boolean]>([
    ['a free port fits', [withPort('a', 8080)], withPort('b', 9090), true],
    ['the same port and protocol conflict', [withPort('a', 8080)], withPort('b', 8080), false],
    ['the same port on another protocol is free', [withPort('a', 53, 'UDP')], withPort('b', 53, 'TCP'), true],
    ['two specific IPs do not conflict', [withPort('a', 80, 'TCP', '10.0.0.1')], withPort('b', 80, 'TCP', '10.0.0.2'), true],
    ['0.0.0.0 conflicts with a specific IP', [withPort('a', 80, 'TCP', '10.0.0.1')], withPort('b', 80), false],
    ['a specific IP conflicts with 0.0.0.0', [withPort('a', 80)], withPort('b', 80, 'TCP', '10.0.0.1'), false],
  ])('%s', (_name, existing, pod, fits) => {
    const ni = newNodeInfo(makeNodeWithCapacity(), ...existing.map((p) => ({ ...p, spec: { ...p.spec!, nodeName: 'node-1' } })));
    const state = new CycleState();
    expect(nodePorts.preFilter(state, pod).code).toBe('Success');
    const s = nodePorts.filter(state, pod, ni);
    expect(s.code).toBe(fits ? 'Success' : 'Unschedulable');
    if (!fits) expect(s).toMatchObject({ reasons: [ErrReason] });
  });

  it('skips pods without host ports', () => {
    expect(nodePorts.preFilter(new CycleState(), makeSchedulingPod()).code).toBe('Skip');
  });

  it('requeues only when a deleted pod held a wanted port', () => {
    const hint = nodePorts.eventsToRegister().find((e) => e.event === 'AssignedPodDelete')!.hint!;
    expect(hint(withPort('p', 80), withPort('gone', 80), undefined)).toBe('Queue');
    expect(hint(withPort('p', 80), withPort('gone', 81), undefined)).toBe('QueueSkip');
  });
});
