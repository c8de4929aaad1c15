import { describe, expect, it } from 'vitest';
import { endpointPoints, roundedPath, simplify } from './route';

describe('simplify', () => {
  it('drops repeated points and points in the middle of a straight run', () => {
    expect(simplify([[0, 0], [0, 0], [0, 5], [0, 10], [4, 10]])).toEqual([[0, 0], [0, 10], [4, 10]]);
  });
});

describe('roundedPath', () => {
  it('rounds each corner with the given radius', () => {
    expect(roundedPath([[0, 0], [0, 10], [10, 10]], 4)).toBe('M 0 0 L 0 6 Q 0 10 4 10 L 10 10');
  });

  it('uses a smaller radius where a segment is too short for it', () => {
    expect(roundedPath([[0, 0], [0, 2], [10, 2]], 4)).toBe('M 0 0 L 0 1 Q 0 2 1 2 L 10 2');
  });

  it('draws a straight line when there is no corner', () => {
    expect(roundedPath([[5, 0], [5, 0], [5, 9]], 4)).toBe('M 5 0 L 5 9');
  });
});

describe('endpointPoints', () => {
  it('runs down to the lane, across to the gap, down the gap and into the side of the pod', () => {
    const pts = endpointPoints([100, 50], [230, 300], 80, 210);
    expect(pts).toEqual([[100, 50], [100, 80], [210, 80], [210, 300], [230, 300]]);
    for (let i = 1; i < pts.length; i++) {
      const [a, b] = [pts[i - 1], pts[i]];
      expect(a[0] === b[0] || a[1] === b[1], 'every segment is horizontal or vertical').toBe(true);
    }
  });
});
