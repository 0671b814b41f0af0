import { describe, expect, it } from 'vitest';
import {
  addCheckerboard,
  centreSquare,
  downscaleArea,
  grayFrom,
  jpegRoundTrip,
  powerLawImage,
  seededRandom,
  upsampleNearest,
  upsampleTransposedBilinear,
} from './test-images.js';
import {
  laplacianMagnitude,
  lumaRegion,
  nativeFaceSquare,
  PERIODICITY_MAX_SIDE,
  PERIODICITY_MIN_SIDE,
  PERIODICITY_TILE,
  peakProminence,
  powerAt,
  SAMPLING_SPREAD,
  upsamplingPeriodicity,
  welchColumns,
  type WelchColumns,
} from './upsampling.js';

const ALL_COLUMNS = (tile: number): number[] => Array.from({ length: tile / 2 + 1 }, (_, i) => i);

/** The bin (kx, ky), kx ≤ tile/2, holding the most power. */
function strongestBin(spectrum: WelchColumns): [number, number] {
  let best: [number, number] = [0, 0];
  let bestPower = -1;
  spectrum.columns.forEach((kx, c) => {
    for (let ky = 0; ky < spectrum.tile; ky++) {
      const p = spectrum.power[c * spectrum.tile + ky];
      if (p > bestPower) {
        bestPower = p;
        best = [kx, ky];
      }
    }
  });
  return best;
}

/** A 2×2-periodic multiplicative pattern on a textured image: the axis-Nyquist modulation in its purest form. */
const SEPARABLE_GAINS: [number, number, number, number] = [1, 0.7, 0.7, 0.49];

describe('welchColumns', () => {
  const TILE = 32;

  it('puts a pure sinusoid at its frequency bin', () => {
    // 5 cycles per 32 px across, 3 per 32 px down
    const sine = grayFrom(96, 96, (x, y) => 128 + 50 * Math.cos((2 * Math.PI * (5 * x + 3 * y)) / TILE));
    const spectrum = welchColumns(sine, TILE, TILE / 2, ALL_COLUMNS(TILE));
    expect(spectrum.tiles).toBe(25);
    expect(strongestBin(spectrum)).toEqual([5, 3]);
    // the conjugate bin (−5, −3) is read through the symmetry of a real image's spectrum
    expect(powerAt(spectrum, -5, -3)).toBe(powerAt(spectrum, 5, 3));
  });

  it('scales the peak of a sinusoid as (A/2)² (Σw)² / Σw² of the periodic Hann window', () => {
    const amplitude = 40;
    const sine = grayFrom(TILE, TILE, (x) => 128 + amplitude * Math.cos((2 * Math.PI * 4 * x) / TILE));
    const spectrum = welchColumns(sine, TILE, TILE, ALL_COLUMNS(TILE));
    // periodic Hann over 32 samples: Σw = 16, Σw² = 12 per axis
    const expected = ((amplitude / 2) ** 2 * (16 * 16) ** 2) / (12 * 12);
    expect(powerAt(spectrum, 4, 0) / expected).toBeCloseTo(1, 9);
  });

  it('finds the alternating column pattern at the horizontal Nyquist bin', () => {
    const columnsAlternate = grayFrom(64, 64, (x, y) => 128 + 20 * (x % 2 === 0 ? 1 : -1) + 5 * Math.sin(y / 7));
    const spectrum = welchColumns(columnsAlternate, TILE, TILE / 2, ALL_COLUMNS(TILE));
    expect(strongestBin(spectrum)).toEqual([TILE / 2, 0]);
  });

  it('equals a direct 2-D DFT of each mean-removed, Hann-windowed tile, averaged', () => {
    const tile = 16;
    const step = 8;
    const random = seededRandom(5);
    const img = grayFrom(45, 40, () => Math.round(255 * random()));
    const spectrum = welchColumns(img, tile, step, ALL_COLUMNS(tile));
    // reference: textbook DFT, tiles at (0|8|16|24, 0|8|16|24) inside 45×40
    const hann = Array.from({ length: tile }, (_, k) => 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / tile));
    const energy = hann.reduce((s, w) => s + w * w, 0) ** 2;
    let tiles = 0;
    const reference = new Float64Array(spectrum.power.length);
    for (let ty = 0; ty + tile <= img.height; ty += step) {
      for (let tx = 0; tx + tile <= img.width; tx += step) {
        tiles++;
        let mean = 0;
        for (let y = 0; y < tile; y++) for (let x = 0; x < tile; x++) mean += img.data[(ty + y) * img.width + tx + x];
        mean /= tile * tile;
        for (let kx = 0; kx <= tile / 2; kx++) {
          for (let ky = 0; ky < tile; ky++) {
            let re = 0;
            let im = 0;
            for (let y = 0; y < tile; y++) {
              for (let x = 0; x < tile; x++) {
                const v = (img.data[(ty + y) * img.width + tx + x] - mean) * hann[x] * hann[y];
                const phase = (-2 * Math.PI * (kx * x + ky * y)) / tile;
                re += v * Math.cos(phase);
                im += v * Math.sin(phase);
              }
            }
            reference[kx * tile + ky] += (re * re + im * im) / energy;
          }
        }
      }
    }
    expect(spectrum.tiles).toBe(tiles);
    for (let i = 0; i < reference.length; i++) {
      expect(Math.abs(spectrum.power[i] - reference[i] / tiles)).toBeLessThan(1e-9 * (1 + reference[i] / tiles));
    }
  });

  it('gives a flat image no power and a too-small image no tiles', () => {
    const flat = welchColumns(grayFrom(64, 64, () => 90), TILE, TILE / 2, [0, 16]);
    expect(flat.tiles).toBe(9);
    expect(Math.max(...flat.power)).toBe(0);
    expect(welchColumns(grayFrom(31, 64, () => 90), TILE, TILE / 2, [0]).tiles).toBe(0);
  });

  it('refuses a tile that is not a power of two and a column above tile/2', () => {
    const img = grayFrom(64, 64, () => 0);
    expect(() => welchColumns(img, 48, 24, [0])).toThrow(RangeError);
    expect(() => welchColumns(img, 32, 16, [17])).toThrow(/Columns must be whole frequencies/);
    const spectrum = welchColumns(img, 32, 16, [0, 1]);
    expect(() => powerAt(spectrum, 5, 0)).toThrow(/Column 5/);
  });
});

describe('peakProminence', () => {
  it('is ln(peak / background) for a single raised bin and 0 on a flat spectrum', () => {
    const tile = 16;
    const columns = ALL_COLUMNS(tile);
    const power = new Float64Array(columns.length * tile).fill(2);
    const flat: WelchColumns = { tile, columns, power, tiles: 1 };
    expect(peakProminence(flat, 8, 0)).toBeCloseTo(0, 12);
    const raised = new Float64Array(power);
    raised[8 * tile + 0] = 2 * Math.E ** 3;
    expect(peakProminence({ ...flat, power: raised }, 8, 0)).toBeCloseTo(3, 12);
  });

  it('cancels a linear trend of ln P across the annulus', () => {
    const tile = 32;
    const columns = ALL_COLUMNS(tile);
    const power = new Float64Array(columns.length * tile);
    // ln P = 0.3·kx − 0.2·ky over the neighbourhood of (8, 8): a tilted plane
    columns.forEach((kx, c) => {
      for (let ky = 0; ky < tile; ky++) power[c * tile + ky] = Math.exp(0.3 * kx - 0.2 * ky);
    });
    expect(peakProminence({ tile, columns, power, tiles: 1 }, 8, 8)).toBeCloseTo(0, 10);
  });
});

describe('laplacianMagnitude', () => {
  it('is |4g − neighbours| / 4 on the interior', () => {
    const img = grayFrom(4, 3, (x, y) => x * x + 10 * y);
    const out = laplacianMagnitude(img);
    expect([out.width, out.height]).toEqual([2, 1]);
    // second difference of x² is 2 in x, 0 in y: |−2| / 4
    expect(Array.from(out.data)).toEqual([0.5, 0.5]);
  });

  it('turns an alternating ±20 column pattern into a constant 20', () => {
    const out = laplacianMagnitude(grayFrom(6, 6, (x) => 128 + (x % 2 === 0 ? 20 : -20)));
    expect(new Set(out.data)).toEqual(new Set([20]));
  });
});

describe('nativeFaceSquare and lumaRegion', () => {
  it('centres a square of the shorter box side on the face box', () => {
    expect(nativeFaceSquare({ x: 100, y: 50, width: 200, height: 240 }, 640, 480)).toEqual({ x: 100, y: 70, width: 200, height: 200 });
  });

  it('moves the square inside the image rather than shrinking it', () => {
    expect(nativeFaceSquare({ x: -30, y: 400, width: 150, height: 150 }, 640, 480)).toEqual({ x: 0, y: 330, width: 150, height: 150 });
  });

  it('cuts large faces to their centre at most PERIODICITY_MAX_SIDE wide, and refuses faces below one tile', () => {
    const big = nativeFaceSquare({ x: 0, y: 0, width: 1000, height: 1000 }, 1024, 1024);
    expect(big).toEqual({ x: 244, y: 244, width: PERIODICITY_MAX_SIDE, height: PERIODICITY_MAX_SIDE });
    expect(nativeFaceSquare({ x: 10, y: 10, width: PERIODICITY_MIN_SIDE - 1, height: 200 }, 640, 480)).toBeNull();
    expect(nativeFaceSquare({ x: Number.NaN, y: 0, width: 100, height: 100 }, 640, 480)).toBeNull();
  });

  it('reads BT.601 luma pixel for pixel from RGBA', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 0]);
    const luma = lumaRegion(rgba, 2, 2, { x: 1, y: 0, width: 1, height: 2 });
    expect(luma.width).toBe(1);
    expect(luma.data[0]).toBeCloseTo(0.587 * 255, 4);
    expect(luma.data[1]).toBeCloseTo(0.299 * 10 + 0.587 * 20 + 0.114 * 30, 4);
    expect(() => lumaRegion(rgba, 2, 2, { x: 1, y: 1, width: 2, height: 1 })).toThrow(RangeError);
  });
});

describe('upsamplingPeriodicity', () => {
  const SEEDS = [1, 2, 3];
  const natural = SEEDS.map((seed) => powerLawImage(256, 2, seed + 100));
  const small = SEEDS.map((seed) => powerLawImage(128, 2, seed));

  it('finds no Nyquist peak in natural-like 1/f² texture', () => {
    for (const img of natural) {
      const p = upsamplingPeriodicity(img);
      expect(p.tiles).toBe(36);
      expect(Math.abs(p.periodicity)).toBeLessThan(0.5);
      expect(p.evidence).toBeLessThan(0);
    }
  });

  it('finds strong peaks after ×2 up-sampling by a bilinear transposed convolution', () => {
    for (const img of small) {
      const p = upsamplingPeriodicity(upsampleTransposedBilinear(img));
      expect(p.horizontal).toBeGreaterThan(3);
      expect(p.vertical).toBeGreaterThan(3);
    }
  });

  it('finds the checkerboard a transposed convolution adds to nearest-neighbour up-sampling', () => {
    for (const img of small) {
      expect(upsamplingPeriodicity(upsampleNearest(img)).evidence).toBeLessThan(0);
      expect(upsamplingPeriodicity(addCheckerboard(upsampleNearest(img), SEPARABLE_GAINS)).evidence).toBeGreaterThan(3);
    }
  });

  it('keeps both verdicts through a JPEG-like round trip at quality 80 and 90', () => {
    for (const quality of [80, 90]) {
      natural.forEach((img, i) => {
        const before = upsamplingPeriodicity(img);
        const after = upsamplingPeriodicity(jpegRoundTrip(img, quality));
        expect(after.evidence).toBeLessThan(0);
        expect(Math.abs(after.periodicity - before.periodicity)).toBeLessThan(0.5);
        const upsampled = addCheckerboard(upsampleNearest(small[i]), SEPARABLE_GAINS);
        expect(upsamplingPeriodicity(jpegRoundTrip(upsampled, quality)).evidence).toBeGreaterThan(1);
        expect(upsamplingPeriodicity(jpegRoundTrip(upsampleTransposedBilinear(small[i]), quality)).evidence).toBeGreaterThan(3);
      });
    }
  });

  it('does not mistake downscaling for up-sampling', () => {
    for (const seed of SEEDS) {
      expect(upsamplingPeriodicity(downscaleArea(powerLawImage(512, 2, seed + 200), 2)).evidence).toBeLessThan(0);
    }
  });

  it('reads the same trace from any centre crop of the up-sampled face', () => {
    const upsampled = addCheckerboard(upsampleNearest(small[0]), SEPARABLE_GAINS);
    const crop = upsamplingPeriodicity(centreSquare(upsampled, 130));
    expect(crop.tiles).toBe(9);
    expect(crop.evidence).toBeGreaterThan(2);
  });

  it('derives the evidence from the periodicity and the tile count', () => {
    const p = upsamplingPeriodicity(natural[0]);
    expect(p.spread).toBeCloseTo(SAMPLING_SPREAD / 6, 12);
    expect(p.evidence).toBeCloseTo(p.periodicity - 2 * p.spread, 12);
  });

  it('reports not measured for a flat face and for a face smaller than one tile', () => {
    const flat = upsamplingPeriodicity(grayFrom(128, 128, () => 120));
    expect(flat.periodicity).toBeNaN();
    expect(flat.evidence).toBeNaN();
    const tiny = upsamplingPeriodicity(grayFrom(PERIODICITY_TILE + 1, PERIODICITY_TILE + 1, (x, y) => (x * y) % 255));
    expect(tiny.tiles).toBe(0);
    expect(tiny.periodicity).toBeNaN();
  });
});
