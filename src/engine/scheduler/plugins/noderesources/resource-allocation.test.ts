import { describe, expect, it } from 'vitest';
import {
  brokenLinearFunction, leastResourceScorer, mostRequestedScore, mostResourceScorer, requestedToCapacityRatioScorer, strategyScorer,
} from './resource-allocation';

const GiB = 1024 ** 3;
const cpuAndMemory = [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }];

describe('scoring strategies', () => {
  it('MostAllocated scores the used fraction, capped at full', () => {
    expect(mostRequestedScore(500, 2000)).toBe(25);
    expect(mostRequestedScore(3000, 2000)).toBe(100);
    expect(mostRequestedScore(1, 0)).toBe(0);
    // cpu 25, memory 50 with weights 3 and 1: (75 + 50) / 4 = 31 (integer division)
    expect(mostResourceScorer([{ name: 'cpu', weight: 3 }, { name: 'memory', weight: 1 }])([500, 2 * GiB], [2000, 4 * GiB])).toBe(31);
  });

  it('MostAllocated and LeastAllocated are mirror images on the same node', () => {
    const req = [500, 1 * GiB];
    const alloc = [2000, 4 * GiB];
    expect(mostResourceScorer(cpuAndMemory)(req, alloc)).toBe(25);
    expect(leastResourceScorer(cpuAndMemory)(req, alloc)).toBe(75);
  });

  it('the broken linear function is flat outside the shape and interpolates inside it', () => {
    const f = brokenLinearFunction([{ utilization: 10, score: 20 }, { utilization: 50, score: 60 }]);
    expect(f(5)).toBe(20);
    expect(f(30)).toBe(40);
    expect(f(70)).toBe(60);
  });

  it('RequestedToCapacityRatio maps utilization through the shape (scores 0-10 scaled to 0-100)', () => {
    const packing = requestedToCapacityRatioScorer(cpuAndMemory, [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }]);
    const spreading = requestedToCapacityRatioScorer(cpuAndMemory, [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }]);
    expect(packing([500, 1 * GiB], [2000, 4 * GiB])).toBe(25);
    expect(spreading([500, 1 * GiB], [2000, 4 * GiB])).toBe(75);
    // A resource scoring 0 does not count in the mean: only memory (50) is left.
    expect(packing([0, 2 * GiB], [2000, 4 * GiB])).toBe(50);
    // Over capacity counts as 100% utilization.
    expect(packing([3000, 4 * GiB], [2000, 4 * GiB])).toBe(100);
  });

  it('picks the scorer by strategy type', () => {
    const req = [500, 1 * GiB];
    const alloc = [2000, 4 * GiB];
    expect(strategyScorer({ type: 'LeastAllocated', resources: cpuAndMemory })(req, alloc)).toBe(75);
    expect(strategyScorer({ type: 'MostAllocated', resources: cpuAndMemory })(req, alloc)).toBe(25);
    expect(strategyScorer({ type: 'RequestedToCapacityRatio', resources: cpuAndMemory, requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] } })(req, alloc)).toBe(25);
  });
});
