import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  NOW_MS, ago, condition, makePod, makeRunningPod, running, terminated, waiting,
} from '../../testing/builders';
import { podCells, podReady, podRestarts, podStatus } from './pod';

const sidecar = { name: 'proxy', image: 'envoy', restartPolicy: 'Always' };

describe('podStatus and podReady', () => {
  const cases: { name: string; pod: Pod; status: string; ready: string }[] = [
    { name: 'an unscheduled pod is Pending', pod: makePod(), status: 'Pending', ready: '0/1' },
    {
      name: 'a waiting container shows its reason',
      pod: makePod({ nodeName: 'node-1', containerStatuses: [waiting('app', 'ContainerCreating')] }),
      status: 'ContainerCreating', ready: '0/1',
    },
    { name: 'a running ready pod is Running 1/1', pod: makeRunningPod(), status: 'Running', ready: '1/1' },
    {
      name: 'a running but unready container counts as not ready',
      pod: makeRunningPod({ containerStatuses: [running('app', false)] }),
      status: 'Running', ready: '0/1',
    },
    {
      name: 'two containers, the last one waiting in back-off',
      pod: makeRunningPod({ containers: ['a', 'b'], containerStatuses: [running('a'), waiting('b', 'CrashLoopBackOff')] }),
      status: 'CrashLoopBackOff', ready: '1/2',
    },
    {
      name: 'the first container in spec order wins when several wait',
      pod: makePod({ containers: ['a', 'b'], containerStatuses: [waiting('a', 'ErrImagePull'), waiting('b', 'ContainerCreating')] }),
      status: 'ErrImagePull', ready: '0/2',
    },
    {
      name: 'a Job pod that exited 0 is Completed',
      pod: makePod({ phase: 'Succeeded', containerStatuses: [terminated('app', 0, 'Completed')] }),
      status: 'Completed', ready: '0/1',
    },
    {
      name: 'a failed Job pod shows Error',
      pod: makePod({ phase: 'Failed', containerStatuses: [terminated('app', 1, 'Error')] }),
      status: 'Error', ready: '0/1',
    },
    {
      name: 'a terminated container without a reason shows its exit code',
      pod: makePod({ phase: 'Failed', containerStatuses: [terminated('app', 3)] }),
      status: 'ExitCode:3', ready: '0/1',
    },
    {
      name: 'Completed next to a running container reads Running when the pod is Ready',
      pod: makeRunningPod({ containers: ['a', 'b'], containerStatuses: [running('a'), terminated('b', 0, 'Completed')] }),
      status: 'Running', ready: '1/2',
    },
    {
      name: 'Completed next to a running container reads NotReady when the pod is not Ready',
      pod: makePod({
        phase: 'Running', containers: ['a', 'b'],
        containerStatuses: [running('a'), terminated('b', 0, 'Completed')],
        conditions: [condition('Ready', 'False')],
      }),
      status: 'NotReady', ready: '1/2',
    },
    {
      name: 'kubelet admission rejection shows status.reason (OutOfcpu)',
      pod: makePod({ phase: 'Failed', reason: 'OutOfcpu', nodeName: 'node-1' }),
      status: 'OutOfcpu', ready: '0/1',
    },
    {
      name: 'an evicted pod without container statuses shows Evicted',
      pod: makePod({ phase: 'Failed', reason: 'Evicted' }),
      status: 'Evicted', ready: '0/1',
    },
    {
      name: 'a terminated container reason overrides status.reason (printPod order)',
      pod: makePod({ phase: 'Failed', reason: 'Evicted', containerStatuses: [terminated('app', 137, 'ContainerStatusUnknown')] }),
      status: 'ContainerStatusUnknown', ready: '0/1',
    },
    {
      name: 'a scheduling-gated pod says SchedulingGated',
      pod: makePod({ conditions: [condition('PodScheduled', 'False', 'SchedulingGated')] }),
      status: 'SchedulingGated', ready: '0/1',
    },
    {
      name: 'a pod being deleted is Terminating',
      pod: makeRunningPod({ deletionTimestamp: ago(1) }),
      status: 'Terminating', ready: '1/1',
    },
    {
      name: 'a finished pod being deleted keeps its terminal status',
      pod: makePod({ phase: 'Succeeded', deletionTimestamp: ago(1), containerStatuses: [terminated('app', 0, 'Completed')] }),
      status: 'Completed', ready: '0/1',
    },
    {
      name: 'a pod on a lost node being deleted is Unknown',
      pod: makeRunningPod({ reason: 'NodeLost', deletionTimestamp: ago(1) }),
      status: 'Unknown', ready: '1/1',
    },
    {
      name: 'the first of two init containers running is Init:0/2',
      pod: makePod({
        initContainers: [{ name: 'i1', image: 'busybox' }, { name: 'i2', image: 'busybox' }],
        initContainerStatuses: [running('i1', false), waiting('i2', 'PodInitializing')],
        containerStatuses: [waiting('app', 'PodInitializing')],
      }),
      status: 'Init:0/2', ready: '0/1',
    },
    {
      name: 'the second init container running is Init:1/2',
      pod: makePod({
        initContainers: [{ name: 'i1', image: 'busybox' }, { name: 'i2', image: 'busybox' }],
        initContainerStatuses: [terminated('i1', 0, 'Completed'), running('i2', false)],
        containerStatuses: [waiting('app', 'PodInitializing')],
      }),
      status: 'Init:1/2', ready: '0/1',
    },
    {
      name: 'a failed init container shows Init:Error',
      pod: makePod({
        initContainers: [{ name: 'i1', image: 'busybox' }],
        initContainerStatuses: [terminated('i1', 1, 'Error')],
      }),
      status: 'Init:Error', ready: '0/1',
    },
    {
      name: 'a failed init container without reason shows Init:ExitCode',
      pod: makePod({
        initContainers: [{ name: 'i1', image: 'busybox' }],
        initContainerStatuses: [terminated('i1', 2)],
      }),
      status: 'Init:ExitCode:2', ready: '0/1',
    },
    {
      name: 'an init container in back-off shows Init:CrashLoopBackOff',
      pod: makePod({
        initContainers: [{ name: 'i1', image: 'busybox' }],
        initContainerStatuses: [waiting('i1', 'CrashLoopBackOff')],
      }),
      status: 'Init:CrashLoopBackOff', ready: '0/1',
    },
    {
      name: 'all init containers done: the app container status shows',
      pod: makePod({
        nodeName: 'node-1',
        initContainers: [{ name: 'i1', image: 'busybox' }],
        initContainerStatuses: [terminated('i1', 0, 'Completed')],
        containerStatuses: [waiting('app', 'PodInitializing')],
      }),
      status: 'PodInitializing', ready: '0/1',
    },
    {
      name: 'a started sidecar counts in READY and does not block',
      pod: makeRunningPod({ initContainers: [sidecar], initContainerStatuses: [running('proxy')] }),
      status: 'Running', ready: '2/2',
    },
  ];

  it.each(cases)('$name', ({ pod, status, ready }) => {
    expect(podStatus(pod)).toBe(status);
    expect(podReady(pod)).toBe(ready);
  });
});

describe('podRestarts', () => {
  it('prints a plain count when no container has a last termination time', () => {
    const pod = makeRunningPod({ containerStatuses: [running('app', true, 2)] });
    expect(podRestarts(pod, NOW_MS)).toBe('2');
  });

  it('prints "N (age ago)" from the newest lastState.terminated.finishedAt', () => {
    const restarted = { ...running('app', true, 1), lastState: { terminated: { exitCode: 1, finishedAt: ago(279) } } };
    const pod = makeRunningPod({ containerStatuses: [restarted] });
    expect(podRestarts(pod, NOW_MS)).toBe('1 (4m39s ago)');
  });

  it('sums restarts over containers and takes the latest termination', () => {
    const a = { ...running('a', true, 1), lastState: { terminated: { exitCode: 1, finishedAt: ago(600) } } };
    const b = { ...running('b', true, 2), lastState: { terminated: { exitCode: 1, finishedAt: ago(44) } } };
    const pod = makeRunningPod({ containers: ['a', 'b'], containerStatuses: [a, b] });
    expect(podRestarts(pod, NOW_MS)).toBe('3 (44s ago)');
  });
});

describe('podCells', () => {
  it('fills the wide columns with <none> for an unscheduled pod', () => {
    expect(podCells(makePod({ created: ago(13) }), NOW_MS, true)).toEqual(['0/1', 'Pending', '0', '13s', '<none>', '<none>', '<none>', '<none>']);
  });

  it('shows the pod IP and node once running', () => {
    const pod = makeRunningPod({ created: ago(435) });
    expect(podCells(pod, NOW_MS, true)).toEqual(['1/1', 'Running', '0', '7m15s', '10.244.1.5', 'node-1', '<none>', '<none>']);
  });
});
