// One colour family per pod state, used everywhere a pod appears (DESIGN.md "Colour and motion").
// Derived from kubectl's STATUS string first (it already folds in waiting reasons and deletion),
// then from the phase.

import type { PodView } from '../../worker/protocol';

export type PhaseTone = 'running' | 'pending' | 'succeeded' | 'failed' | 'terminating' | 'unknown';

const FAILED_STATUSES = /^(Error|CrashLoopBackOff|ImagePullBackOff|ErrImagePull|InvalidImageName|CreateContainerConfigError|CreateContainerError|RunContainerError|OOMKilled|Evicted|NodeLost|ContainerStatusUnknown|OutOf\w+|NodeAffinity|Init:(Error|CrashLoopBackOff|OOMKilled|ImagePullBackOff|ErrImagePull|ExitCode:.*|Signal:.*))$/;

export function phaseTone(pod: Pick<PodView, 'phase' | 'status' | 'deleting'>): PhaseTone {
  if (pod.deleting || pod.status === 'Terminating') return 'terminating';
  if (FAILED_STATUSES.test(pod.status) || pod.phase === 'Failed') return 'failed';
  if (pod.phase === 'Succeeded' || pod.status === 'Completed') return 'succeeded';
  if (pod.phase === 'Unknown' || pod.status === 'Unknown') return 'unknown';
  if (pod.phase === 'Running' && pod.status === 'Running') return 'running';
  if (pod.phase === 'Running') return pod.status === 'NotReady' ? 'pending' : 'running';
  return 'pending';
}
