import { describe, expect, it } from 'vitest';
import { flatGray, grayFrom } from '../signals/test-helpers';
import type { GrayImage } from '../signals/types';
import { dominantBinRatio, LBP_BINS, LBP_NON_UNIFORM_BIN, lbpCodes, lbpHistogram, shannonEntropy } from './lbp';

/** A 3×3 patch from rows of grey levels. */
function patch(rows: readonly (readonly number[])[]): GrayImage {
  return grayFrom(3, 3, (x, y) => rows[y][x]);
}

/** Neighbour positions (x, y) in the LBP's circular order E, NE, N, NW, W, SW, S, SE. */
const RING: readonly (readonly [number, number])[] = [
  [2, 1],
  [2, 0],
  [1, 0],
  [0, 0],
  [0, 1],
  [0, 2],
  [1, 2],
  [2, 2],
];

describe('lbpCodes (uniform LBP, P=8 R=1)', () => {
  it('gives bin 8 for a flat patch (every neighbour ≥ centre)', () => {
    expect(Array.from(lbpCodes(flatGray(3, 3, 77)))).toEqual([8]);
  });

  it('gives bin 0 for a single bright pixel at the centre', () => {
    expect(Array.from(lbpCodes(patch([[10, 10, 10], [10, 200, 10], [10, 10, 10]])))).toEqual([0]);
  });

  it('gives bin 8 for a single dark pixel at the centre', () => {
    expect(Array.from(lbpCodes(patch([[90, 90, 90], [90, 5, 90], [90, 90, 90]])))).toEqual([8]);
  });

  it('counts the ones of a uniform pattern (bright top row → 3)', () => {
    expect(Array.from(lbpCodes(patch([[200, 200, 200], [0, 100, 0], [0, 0, 0]])))).toEqual([3]);
  });

  it('gives bin 9 for a non-uniform pattern (alternating neighbours)', () => {
    expect(Array.from(lbpCodes(patch([[0, 200, 0], [200, 100, 200], [0, 200, 0]])))).toEqual([LBP_NON_UNIFORM_BIN]);
  });

  it('maps the 256 patterns to 58 uniform ones (1, 8×7, 1) and 198 non-uniform ones', () => {
    const perBin = new Array<number>(LBP_BINS).fill(0);
    for (let pattern = 0; pattern < 256; pattern++) {
      const levels = [
        [0, 0, 0],
        [0, 100, 0],
        [0, 0, 0],
      ];
      RING.forEach(([x, y], k) => {
        levels[y][x] = (pattern >> k) & 1 ? 200 : 0;
      });
      perBin[lbpCodes(patch(levels))[0]]++;
    }
    expect(perBin).toEqual([1, 8, 8, 8, 8, 8, 8, 8, 1, 198]);
  });

  it('returns one code per interior pixel, none for images under 3×3', () => {
    expect(lbpCodes(flatGray(6, 5)).length).toBe(4 * 3);
    expect(lbpCodes(flatGray(2, 5)).length).toBe(0);
  });
});

describe('lbpHistogram', () => {
  it('is normalised and puts a flat image in bin 8', () => {
    const hist = lbpHistogram(flatGray(8, 8));
    expect(hist.length).toBe(10);
    expect(hist[8]).toBe(1);
    expect(hist.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('splits a vertical step edge between its patterns', () => {
    // columns 0-1 dark, 2-3 bright, 4×3 image: interior pixels (1,1) and (2,1)
    const hist = lbpHistogram(grayFrom(4, 3, (x) => (x < 2 ? 0 : 200)));
    // (1,1): dark centre, neighbours ≥ it everywhere → 8; (2,1): bright centre, the right column
    // and the column above/below are ≥ it (NE, N, S, SE, E) → 5 contiguous ones
    expect(hist[8]).toBe(0.5);
    expect(hist[5]).toBe(0.5);
  });
});

describe('shannonEntropy', () => {
  it('is log2(10) for a uniform 10-bin histogram', () => {
    expect(shannonEntropy(new Array(10).fill(0.1))).toBeCloseTo(Math.log2(10), 12);
  });

  it('is 0 for a one-hot histogram and 1 bit for two equal bins', () => {
    expect(shannonEntropy([0, 0, 1, 0])).toBe(0);
    expect(shannonEntropy([0.5, 0, 0.5])).toBe(1);
  });

  it('normalises unnormalised counts and returns 0 for an empty histogram', () => {
    expect(shannonEntropy([3, 3])).toBe(1);
    expect(shannonEntropy([0, 0])).toBe(0);
  });
});

describe('dominantBinRatio', () => {
  it('is the share of the largest bin', () => {
    expect(dominantBinRatio([0.2, 0.8])).toBe(0.8);
    expect(dominantBinRatio([1, 3])).toBe(0.75);
    expect(dominantBinRatio(new Array(10).fill(0.1))).toBeCloseTo(0.1, 12);
  });

  it('is NaN for an all-zero histogram', () => {
    expect(dominantBinRatio([0, 0, 0])).toBeNaN();
  });
});
