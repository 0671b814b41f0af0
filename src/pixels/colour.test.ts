import { describe, expect, it } from 'vitest';
import { seededRandom } from '../signals/test-helpers.js';
import type { RgbPlanes } from './types.js';
import { COLOUR_CHANNELS, colourLbpHistograms, colourPlanes, cropResizeRgb, cropResizeRgba } from './colour.js';
import { lbpHistogram } from './lbp.js';

const plane = (width: number, height: number, f: (x: number, y: number) => number) => {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { width, height, data };
};
const one = (v: number) => plane(1, 1, () => v);

describe('colourPlanes', () => {
  it('converts pure colours to YCbCr and HSV', () => {
    const red = colourPlanes([one(255), one(0), one(0)]);
    expect(red.y.data[0]).toBeCloseTo(76.245, 3);
    expect(red.cr.data[0]).toBeCloseTo(255.5, 3);
    expect([red.h.data[0], red.s.data[0], red.v.data[0]]).toEqual([0, 255, 255]);
    const blue = colourPlanes([one(0), one(0), one(255)]);
    expect(blue.cb.data[0]).toBeCloseTo(255.5, 3);
    expect(blue.h.data[0]).toBeCloseTo((4 / 6) * 255, 4);
    const grey = colourPlanes([one(90), one(90), one(90)]);
    expect(grey.y.data[0]).toBeCloseTo(90, 4);
    expect(grey.cb.data[0]).toBeCloseTo(128, 4);
    expect(grey.cr.data[0]).toBeCloseTo(128, 4);
    expect(grey.s.data[0]).toBe(0);
  });
});

describe('cropResizeRgb', () => {
  it('crops R, G, B planes of a region', () => {
    const rgba = new Uint8ClampedArray(4 * 4 * 4);
    for (let i = 0; i < 16; i++) rgba.set([10, 20, 30, 255], i * 4);
    const [r, g, b] = cropResizeRgb(rgba, 4, 4, { x: 1, y: 1, width: 2, height: 2 }, 2);
    expect([r.data[0], g.data[0], b.data[0]]).toEqual([10, 20, 30]);
  });
});

describe('colourLbpHistograms', () => {
  it('gives six 10-bin histograms summing to 1 each', () => {
    const noise = (seed: number) => plane(32, 32, (x, y) => ((Math.sin(x * 12.9898 + y * 78.233 + seed) * 43758.5453) % 1) * 127 + 128);
    const features = colourLbpHistograms([noise(1), noise(2), noise(3)]);
    expect(features.length).toBe(60);
    for (let h = 0; h < 6; h++) expect(features.slice(h * 10, h * 10 + 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('puts a flat crop entirely in the "all neighbours ≥ centre" bin of every channel', () => {
    const flat = plane(16, 16, () => 100);
    const features = colourLbpHistograms([flat, flat, flat]);
    for (let h = 0; h < 6; h++) expect(features[h * 10 + 8]).toBe(1);
  });
});

describe('cropResizeRgba', () => {
  it('packs the resampled R, G, B planes into an opaque 8-bit RGBA copy', () => {
    const rgba = new Uint8ClampedArray(4 * 4 * 4);
    for (let i = 0; i < 16; i++) rgba.set([10 + i, 20, 30, 7], i * 4);
    const copy = cropResizeRgba(rgba, 4, 4, { x: 0, y: 0, width: 4, height: 4 }, 2);
    // each output pixel averages a 2×2 block: red 10 + (0, 1, 4, 5) → 12.5 → 12 (Uint8ClampedArray rounds half to even)
    expect(Array.from(copy.slice(0, 4))).toEqual([12, 20, 30, 255]);
    expect(copy.length).toBe(2 * 2 * 4);
  });
});

/** The conversion written plainly (Math.max/Math.min), which `colourPlanes` must match bit for bit. */
function referencePlanes(r: Float32Array, g: Float32Array, b: Float32Array): Float32Array[] {
  const planes = Array.from({ length: 6 }, () => new Float32Array(r.length));
  for (let i = 0; i < r.length; i++) {
    const [R, G, B] = [r[i], g[i], b[i]];
    const max = Math.max(R, G, B);
    const delta = max - Math.min(R, G, B);
    let hue = 0;
    if (delta > 0) {
      if (max === R) hue = ((G - B) / delta + 6) % 6;
      else if (max === G) hue = (B - R) / delta + 2;
      else hue = (R - G) / delta + 4;
    }
    const values = [
      0.299 * R + 0.587 * G + 0.114 * B,
      128 - 0.168736 * R - 0.331264 * G + 0.5 * B,
      128 + 0.5 * R - 0.418688 * G - 0.081312 * B,
      (hue / 6) * 255,
      max > 0 ? (delta / max) * 255 : 0,
      max,
    ];
    values.forEach((value, c) => (planes[c][i] = value));
  }
  return planes;
}

describe('colour texture against the plain conversion', () => {
  const random = seededRandom(3);
  // resampled channels (fractional), 8-bit levels (ties between channels) and grey pixels
  const fractional = () => plane(29, 23, () => 255 * random());
  const levels = () => plane(29, 23, () => Math.floor(6 * random()) * 51);

  it('converts to the same YCbCr and HSV planes, bit for bit', () => {
    for (const make of [fractional, levels]) {
      const rgb = [make(), make(), make()] as const;
      const expected = referencePlanes(rgb[0].data, rgb[1].data, rgb[2].data);
      const planes = colourPlanes(rgb);
      COLOUR_CHANNELS.forEach((channel, c) => expect(planes[channel].data).toEqual(expected[c]));
    }
  });

  it('gives the histograms of the plain planes, at any size', () => {
    const sizes = [64, 16, 128, 5, 64];
    for (const side of sizes) {
      const rgb = [0, 1, 2].map(() => plane(side, side, () => Math.floor(255 * random()))) as unknown as RgbPlanes;
      const expected = referencePlanes(rgb[0].data, rgb[1].data, rgb[2].data).flatMap((data) => Array.from(lbpHistogram({ width: side, height: side, data })));
      expect(Array.from(colourLbpHistograms(rgb))).toEqual(expected);
    }
  });
});
