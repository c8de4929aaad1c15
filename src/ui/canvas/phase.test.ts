import { describe, expect, it } from 'vitest';
import type { PodView } from '../../worker/protocol';
import { phaseTone } from './phase';

describe('phaseTone', () => {
  it.each<[PodView['phase'], string, boolean, string]>([
    ['Running', 'Running', false, 'running'],
    ['Pending', 'Pending', false, 'pending'],
    ['Pending', 'ContainerCreating', false, 'pending'],
    ['Pending', 'Init:0/2', false, 'pending'],
    ['Pending', 'Init:CrashLoopBackOff', false, 'failed'],
    ['Running', 'CrashLoopBackOff', false, 'failed'],
    ['Failed', 'OutOfcpu', false, 'failed'],
    ['Succeeded', 'Completed', false, 'succeeded'],
    ['Running', 'Terminating', true, 'terminating'],
    ['Unknown', 'Unknown', false, 'unknown'],
  ])('phase %s with STATUS %s (deleting %s) is %s', (phase, status, deleting, tone) => {
    expect(phaseTone({ phase, status, deleting })).toBe(tone);
  });
});
