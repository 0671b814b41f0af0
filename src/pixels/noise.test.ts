import { describe, expect, it } from 'vitest';
import { flatGray, grayFrom, noiseGray } from '../signals/test-helpers.js';
import { medianResidualStd } from './noise.js';

/** 3×3 box blur of the interior (the border copied), to soften an image the way a recapture does. */
function boxBlur(img: ReturnType<typeof noiseGray>) {
  return grayFrom(img.width, img.height, (x, y) => {
    if (x === 0 || y === 0 || x === img.width - 1 || y === img.height - 1) return img.data[y * img.width + x];
    let sum = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += img.data[(y + dy) * img.width + x + dx];
    return sum / 9;
  });
}

describe('medianResidualStd', () => {
  it('is 0 for a flat image and for a linear ramp (the median of a plane is its centre)', () => {
    expect(medianResidualStd(flatGray(16, 12, 93))).toBe(0);
    expect(medianResidualStd(grayFrom(10, 10, (x, y) => 3 * x + 2 * y))).toBe(0);
  });

  it('matches the hand value for a single bright pixel', () => {
    // 5×5, value 100 at the centre: the centre's median is 0 (residual 100), every other interior
    // pixel's median is 0 (residual 0) → mean 100/9, variance 100²/9 − (100/9)² = 80000/81
    const dot = grayFrom(5, 5, (x, y) => (x === 2 && y === 2 ? 100 : 0));
    expect(medianResidualStd(dot)).toBeCloseTo(Math.sqrt(80000) / 9, 5);
  });

  it('takes the median of all nine values of each window', () => {
    // two interior pixels: 8 − median(9,1,5,2,8,3,7,4,6) = 8 − 5 = 3 and 4 − median(2,8,3,7,4,6,0,0,0) = 4 − 3 = 1
    const values = [9, 1, 5, 2, 8, 3, 7, 4, 6, 0, 0, 0];
    const img = grayFrom(3, 4, (x, y) => values[y * 3 + x]);
    expect(medianResidualStd(img)).toBeCloseTo(1, 6); // std of {3, 1}
  });

  it('equals the residual of a sort-based 3×3 median on random images', () => {
    const naive = (img: ReturnType<typeof noiseGray>) => {
      const residuals: number[] = [];
      for (let y = 1; y < img.height - 1; y++) {
        for (let x = 1; x < img.width - 1; x++) {
          const window: number[] = [];
          for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) window.push(img.data[(y + dy) * img.width + x + dx]);
          window.sort((p, q) => p - q);
          residuals.push(img.data[y * img.width + x] - window[4]);
        }
      }
      const mean = residuals.reduce((a, b) => a + b, 0) / residuals.length;
      return Math.sqrt(residuals.reduce((a, r) => a + (r - mean) ** 2, 0) / residuals.length);
    };
    for (const [w, h, seed] of [[17, 9, 1], [40, 33, 2], [3, 3, 3]]) {
      // quantised levels, so that windows hold ties
      const img = grayFrom(w, h, (x, y) => Math.round(noiseGray(w, h, seed).data[y * w + x] / 16) * 16);
      expect(medianResidualStd(img)).toBeCloseTo(naive(img), 9);
    }
  });

  it('falls when the same noise is softened', () => {
    const grain = noiseGray(64, 64, 3);
    expect(medianResidualStd(boxBlur(grain))).toBeLessThan(0.5 * medianResidualStd(grain));
  });

  it('is NaN when there is no interior pixel', () => {
    expect(medianResidualStd(flatGray(2, 10))).toBeNaN();
    expect(medianResidualStd({ width: 0, height: 0, data: new Float32Array(0) })).toBeNaN();
  });
});
