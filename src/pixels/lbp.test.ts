import { describe, expect, it } from 'vitest';
import { flatGray, grayFrom, seededRandom } from '../signals/test-helpers.js';
import type { GrayImage } from './types.js';
import { dominantBinRatio, LBP_BINS, LBP_NON_UNIFORM_BIN, lbpCodes, lbpHistogram, lbpHistogramInto, shannonEntropy } from './lbp.js';

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

/** The straightforward riu2 histogram (a loop over the eight neighbours), which the fast paths must match. */
function referenceHistogram(img: GrayImage): number[] {
  const { width, height, data } = img;
  const hist = new Array<number>(LBP_BINS).fill(0);
  if (width < 3 || height < 3) return hist;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const centre = data[y * width + x];
      let pattern = 0;
      RING.forEach(([px, py], k) => {
        if (data[(y + py - 1) * width + (x + px - 1)] >= centre) pattern |= 1 << k;
      });
      let ones = 0;
      let transitions = 0;
      for (let k = 0; k < 8; k++) {
        const bit = (pattern >> k) & 1;
        ones += bit;
        if (bit !== ((pattern >> ((k + 1) % 8)) & 1)) transitions++;
      }
      hist[transitions <= 2 ? ones : LBP_NON_UNIFORM_BIN]++;
    }
  }
  const count = (width - 2) * (height - 2);
  return hist.map((n) => n / count);
}

describe('lbpHistogram against the straightforward loop', () => {
  const random = seededRandom(5);
  const images: [string, GrayImage][] = [
    ['float noise', grayFrom(37, 29, () => 255 * random())],
    ['levels with many ties', grayFrom(40, 33, () => Math.floor(4 * random()) * 60)],
    ['+0, tiny and huge values, +∞', grayFrom(21, 19, () => [0, 1e-40, 3e38, Number.POSITIVE_INFINITY, 1][Math.floor(5 * random())])],
    ['negative values and −0', grayFrom(23, 17, () => [-0, 0, -5.5, 7, -1e30][Math.floor(5 * random())])],
    ['NaN', grayFrom(15, 15, () => (random() < 0.1 ? Number.NaN : 100 * random()))],
    ['3×3', grayFrom(3, 3, () => 255 * random())],
    ['one interior row', grayFrom(9, 3, () => Math.floor(3 * random()))],
  ];

  for (const [name, img] of images) {
    it(`matches on ${name}`, () => {
      expect(Array.from(lbpHistogram(img))).toEqual(referenceHistogram(img));
      const codes = lbpCodes(img);
      const fromCodes = new Array<number>(LBP_BINS).fill(0);
      codes.forEach((bin) => fromCodes[bin]++);
      expect(fromCodes.map((n) => n / codes.length)).toEqual(referenceHistogram(img));
    });
  }

  it('reads only the image from a longer buffer', () => {
    const img = grayFrom(12, 10, () => 255 * random());
    const longer = new Float32Array(200).fill(Number.NaN);
    longer.set(img.data);
    const out = new Float64Array(LBP_BINS + 3);
    lbpHistogramInto(longer, 12, 10, out, 3);
    expect(Array.from(out.subarray(3))).toEqual(referenceHistogram(img));
  });
});
