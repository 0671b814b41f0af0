import { describe, expect, it } from 'vitest';
import { flatGray, grayFrom } from '../signals/test-helpers.js';
import { laplacianVariance } from './laplacian.js';

describe('laplacianVariance', () => {
  it('is 0 for a flat image', () => {
    expect(laplacianVariance(flatGray(16, 12, 93))).toBe(0);
  });

  it('is 0 for a linear ramp (the Laplacian of a plane is 0)', () => {
    expect(laplacianVariance(grayFrom(10, 10, (x, y) => 3 * x + 2 * y))).toBe(0);
  });

  it('matches the hand value for a one-pixel 0/255 checkerboard', () => {
    // every interior pixel has four neighbours of the other colour: L = ±4·255 = ±1020,
    // half of each on the 2×2 interior of a 4×4 board → mean 0, variance 1020²
    const board = grayFrom(4, 4, (x, y) => ((x + y) % 2) * 255);
    expect(laplacianVariance(board)).toBe(1020 * 1020);
  });

  it('matches the hand value for a single bright pixel', () => {
    // 5×5, value 100 at the centre: interior L = −400 at the centre, +100 at its four
    // neighbours, 0 at the corners → mean 0, variance (400² + 4·100²) / 9
    const dot = grayFrom(5, 5, (x, y) => (x === 2 && y === 2 ? 100 : 0));
    expect(laplacianVariance(dot)).toBeCloseTo(200000 / 9, 6);
  });

  it('is NaN when there is no interior pixel', () => {
    expect(laplacianVariance(flatGray(2, 10))).toBeNaN();
    expect(laplacianVariance({ width: 0, height: 0, data: new Float32Array(0) })).toBeNaN();
  });
});
