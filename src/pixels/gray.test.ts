import { describe, expect, it } from 'vitest';
import { rgbaFrom, seededRandom } from '../signals/test-helpers.js';
import type { Box } from './types.js';
import { cropGrayNative, cropResizeGray, cropResizeGraySparse, cropResizeGrays, cropResizeMix, cropResizeRgbPlanes, nativeGrayCrop, rgbaToGray, type ChannelMix } from './gray.js';

/** An RGBA image whose every pixel is grey (r = g = b), so its luma equals the given level. */
function greyRgba(width: number, height: number, level: (x: number, y: number) => number): Uint8ClampedArray {
  return rgbaFrom(width, height, (x, y) => {
    const v = level(x, y);
    return [v, v, v];
  });
}

describe('rgbaToGray', () => {
  it('applies the BT.601 luma weights', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 0]);
    const gray = rgbaToGray(rgba, 2, 2);
    expect(gray.width).toBe(2);
    expect(gray.height).toBe(2);
    expect(gray.data[0]).toBeCloseTo(76.245, 3);
    expect(gray.data[1]).toBeCloseTo(149.685, 3);
    expect(gray.data[2]).toBeCloseTo(29.07, 3);
    expect(gray.data[3]).toBeCloseTo(255, 3); // alpha is ignored
  });

  it('refuses a buffer shorter than width × height × 4', () => {
    expect(() => rgbaToGray(new Uint8ClampedArray(15), 2, 2)).toThrow(RangeError);
    expect(() => rgbaToGray(new Uint8ClampedArray(16), 0, 2)).toThrow(RangeError);
  });
});

describe('cropResizeGray', () => {
  it('returns the image unchanged for the full box at full size', () => {
    const rgba = greyRgba(5, 4, (x, y) => x * 10 + y);
    const out = cropResizeGray(rgba, 5, 4, { x: 0, y: 0, width: 5, height: 4 }, 5, 4);
    expect(Array.from(out.data)).toEqual(Array.from(rgbaToGray(rgba, 5, 4).data));
  });

  it('averages the covered area when shrinking', () => {
    // 4×4 with 2×2 blocks whose pixels average to 10, 20, 30, 40
    const values = [
      [8, 12, 18, 22],
      [12, 8, 22, 18],
      [28, 32, 38, 42],
      [32, 28, 42, 38],
    ];
    const rgba = greyRgba(4, 4, (x, y) => values[y][x]);
    const out = cropResizeGray(rgba, 4, 4, { x: 0, y: 0, width: 4, height: 4 }, 2, 2);
    expect(Array.from(out.data)).toEqual([10, 20, 30, 40]);
  });

  it('weights partly covered pixels by their covered fraction', () => {
    // 3 source pixels [0, 30, 60] onto 2 outputs: footprints [0, 1.5) and [1.5, 3)
    const rgba = greyRgba(3, 1, (x) => x * 30);
    const out = cropResizeGray(rgba, 3, 1, { x: 0, y: 0, width: 3, height: 1 }, 2, 1);
    expect(out.data[0]).toBeCloseTo((0 * 1 + 30 * 0.5) / 1.5, 5);
    expect(out.data[1]).toBeCloseTo((30 * 0.5 + 60 * 1) / 1.5, 5);
  });

  it('interpolates bilinearly when enlarging', () => {
    const rgba = greyRgba(2, 1, (x) => x * 100);
    const out = cropResizeGray(rgba, 2, 1, { x: 0, y: 0, width: 2, height: 1 }, 4, 1);
    expect(Array.from(out.data)).toEqual([0, 25, 75, 100]);
  });

  it('clamps to the edge outside the image', () => {
    const rgba = greyRgba(4, 1, (x) => 50 + x * 10);
    const left = cropResizeGray(rgba, 4, 1, { x: -3, y: 0, width: 2, height: 1 }, 2, 1);
    expect(Array.from(left.data)).toEqual([50, 50]);
    const below = cropResizeGray(rgba, 4, 1, { x: 3, y: 5, width: 1, height: 2 }, 1, 2);
    expect(Array.from(below.data)).toEqual([80, 80]);
  });

  it('refuses an empty box or output size', () => {
    const rgba = greyRgba(4, 4, () => 0);
    expect(() => cropResizeGray(rgba, 4, 4, { x: 0, y: 0, width: 0, height: 4 }, 2, 2)).toThrow(RangeError);
    expect(() => cropResizeGray(rgba, 4, 4, { x: 0, y: 0, width: 4, height: 4 }, 0, 2)).toThrow(RangeError);
    expect(() => cropResizeGray(rgba, 4, 4, { x: Number.NaN, y: 0, width: 4, height: 4 }, 2, 2)).toThrow(RangeError);
  });
});

describe('cropGrayNative', () => {
  const rgba = greyRgba(10, 8, (x, y) => x + 10 * y);

  it('copies the box at native resolution', () => {
    const out = cropGrayNative(rgba, 10, 8, { x: 2, y: 3, width: 3, height: 2 }, 64);
    expect([out.width, out.height]).toEqual([3, 2]);
    expect(Array.from(out.data)).toEqual([32, 33, 34, 42, 43, 44]);
  });

  it('widens a fractional box to whole pixels and cuts it to the image', () => {
    const out = cropGrayNative(rgba, 10, 8, { x: 8.5, y: -2, width: 5, height: 3.2 }, 64);
    expect([out.width, out.height]).toEqual([2, 2]);
    expect(Array.from(out.data)).toEqual([8, 9, 18, 19]);
  });

  it('downscales only when the longer side exceeds maxSide, keeping the aspect', () => {
    const out = cropGrayNative(rgba, 10, 8, { x: 0, y: 0, width: 10, height: 8 }, 5);
    expect([out.width, out.height]).toEqual([5, 4]);
    expect(out.data[0]).toBeCloseTo((0 + 1 + 10 + 11) / 4, 5);
  });

  it('returns an empty image when the box misses the image', () => {
    const out = cropGrayNative(rgba, 10, 8, { x: 20, y: 0, width: 5, height: 5 }, 64);
    expect([out.width, out.height, out.data.length]).toEqual([0, 0, 0]);
  });
});

/**
 * The straightforward form of the resampling (every row resampled along x into a buffer, then
 * every column; one channel mix at a time), which the streamed, three-channel kernels must match
 * bit for bit.
 */
function referenceCropResizeMix(rgba: Uint8ClampedArray, width: number, height: number, box: Box, outW: number, outH: number, mix: ChannelMix): Float32Array {
  const axis = (origin: number, extent: number, outSize: number, limit: number) => {
    const scale = extent / outSize;
    const taps: { index: number; weight: number }[][] = [];
    const clampTo = (i: number) => Math.min(limit - 1, Math.max(0, i));
    for (let o = 0; o < outSize; o++) {
      const list: { index: number; weight: number }[] = [];
      if (scale >= 1) {
        const a = origin + o * scale;
        const b = a + scale;
        for (let p = Math.floor(a); p < b; p++) {
          const coverage = Math.min(b, p + 1) - Math.max(a, p);
          if (coverage > 0) list.push({ index: clampTo(p), weight: coverage / scale });
        }
      } else {
        const centre = origin + (o + 0.5) * scale - 0.5;
        const i0 = Math.floor(centre);
        const frac = centre - i0;
        list.push({ index: clampTo(i0), weight: 1 - frac }, { index: clampTo(i0 + 1), weight: frac });
      }
      taps.push(list);
    }
    return taps;
  };
  const cols = axis(box.x, box.width, outW, width);
  const rows = axis(box.y, box.height, outH, height);
  const horizontal = new Float64Array(height * outW);
  for (let r = 0; r < height; r++) {
    for (let ox = 0; ox < outW; ox++) {
      let sum = 0;
      for (const { index, weight } of cols[ox]) {
        const j = (r * width + index) * 4;
        sum += (mix[0] * rgba[j] + mix[1] * rgba[j + 1] + mix[2] * rgba[j + 2]) * weight;
      }
      horizontal[r * outW + ox] = sum;
    }
  }
  const data = new Float32Array(outW * outH);
  for (let oy = 0; oy < outH; oy++) {
    for (const { index, weight } of rows[oy]) {
      for (let ox = 0; ox < outW; ox++) data[oy * outW + ox] += horizontal[index * outW + ox] * weight;
    }
  }
  return data;
}

describe('resampling kernels against the straightforward form', () => {
  const random = seededRandom(11);
  const noisyRgba = (width: number, height: number) => rgbaFrom(width, height, () => [255 * random(), 255 * random(), 255 * random()].map(Math.round) as [number, number, number]);
  // shrinking by whole and fractional factors, enlarging, boxes past every edge, a single row
  const cases: { width: number; height: number; box: Box; outW: number; outH: number }[] = [
    { width: 97, height: 83, box: { x: 3.7, y: 5.2, width: 81.3, height: 70.9 }, outW: 32, outH: 27 },
    { width: 64, height: 64, box: { x: 0, y: 0, width: 64, height: 64 }, outW: 16, outH: 16 },
    { width: 50, height: 40, box: { x: -12.4, y: -8.1, width: 70.6, height: 70.6 }, outW: 25, outH: 25 },
    { width: 30, height: 30, box: { x: 4.3, y: 6.6, width: 9.5, height: 11.2 }, outW: 23, outH: 19 },
    { width: 20, height: 15, box: { x: 12.5, y: 9.25, width: 14, height: 14 }, outW: 14, outH: 14 },
    { width: 41, height: 1, box: { x: 0.5, y: 0, width: 40, height: 1 }, outW: 13, outH: 3 },
  ];

  it('gives the same luma crops, bit for bit', () => {
    for (const { width, height, box, outW, outH } of cases) {
      const rgba = noisyRgba(width, height);
      const expected = referenceCropResizeMix(rgba, width, height, box, outW, outH, [0.299, 0.587, 0.114]);
      expect(cropResizeGray(rgba, width, height, box, outW, outH).data).toEqual(expected);
    }
  });

  it('gives the same R, G, B planes and channel mixes, bit for bit', () => {
    const mixes: ChannelMix[] = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0.2, 0.5, 0.3],
    ];
    for (const { width, height, box, outW, outH } of cases) {
      const rgba = noisyRgba(width, height);
      const expected = mixes.map((mix) => referenceCropResizeMix(rgba, width, height, box, outW, outH, mix));
      const planes = cropResizeRgbPlanes(rgba, width, height, box, outW, outH);
      planes.forEach((plane, c) => expect(plane.data).toEqual(expected[c]));
      mixes.forEach((mix, i) => expect(cropResizeMix(rgba, width, height, box, outW, outH, mix).data).toEqual(expected[i]));
    }
  });
});

describe('cropResizeGrays', () => {
  const random = seededRandom(17);
  const rgba = rgbaFrom(61, 47, () => [255 * random(), 255 * random(), 255 * random()].map(Math.round) as [number, number, number]);

  it('gives each crop exactly as cropResizeGray and cropGrayNative do', () => {
    const face: Box = { x: 9.4, y: 3.1, width: 38.2, height: 41.7 };
    const square: Box = { x: 8.6, y: 2.9, width: 41.7, height: 41.7 };
    const native = nativeGrayCrop(61, 47, face, 24);
    expect(native).not.toBeNull();
    const crops = [{ box: square, outW: 12, outH: 12 }, { box: square, outW: 16, outH: 16 }, native!, { box: { x: -5, y: 30, width: 20, height: 30 }, outW: 25, outH: 31 }];
    const [a, b, c, d] = cropResizeGrays(rgba, 61, 47, crops);
    expect(a.data).toEqual(cropResizeGray(rgba, 61, 47, square, 12, 12).data);
    expect(b.data).toEqual(cropResizeGray(rgba, 61, 47, square, 16, 16).data);
    expect(c).toEqual(cropGrayNative(rgba, 61, 47, face, 24));
    expect(d.data).toEqual(cropResizeGray(rgba, 61, 47, crops[3].box, 25, 31).data);
    expect(cropResizeGrays(rgba, 61, 47, [])).toEqual([]);
  });

  it('has no native crop for a box outside the image', () => {
    expect(nativeGrayCrop(61, 47, { x: 70, y: 0, width: 5, height: 5 }, 24)).toBeNull();
    expect(() => nativeGrayCrop(61, 47, { x: 0, y: 0, width: 0, height: 5 }, 24)).toThrow(RangeError);
  });
});

describe('cropResizeGraySparse', () => {
  const random = seededRandom(9);
  const width = 61;
  const height = 47;
  const rgba = rgbaFrom(width, height, () => [Math.round(255 * random()), Math.round(255 * random()), Math.round(255 * random())]);
  const box: Box = { x: 3.5, y: 2.25, width: 50, height: 40 };

  it('is cropResizeGray, bit for bit, with stride 1', () => {
    expect(cropResizeGraySparse(rgba, width, height, box, 13, 11, 1)).toEqual(cropResizeGray(rgba, width, height, box, 13, 11));
  });

  it('reads every stride-th row and column: the crop of the subsampled image, box scaled alike', () => {
    const q = 3;
    const sw = Math.ceil(width / q);
    const sh = Math.ceil(height / q);
    const sub = new Uint8ClampedArray(sw * sh * 4);
    for (let y = 0; y < sh; y++) for (let x = 0; x < sw; x++) sub.set(rgba.subarray(((y * q) * width + x * q) * 4, ((y * q) * width + x * q) * 4 + 4), (y * sw + x) * 4);
    const expected = cropResizeGray(sub, sw, sh, { x: box.x / q, y: box.y / q, width: box.width / q, height: box.height / q }, 7, 5);
    expect(cropResizeGraySparse(rgba, width, height, box, 7, 5, q)).toEqual(expected);
  });

  it('refuses a stride that is not a positive integer', () => {
    expect(() => cropResizeGraySparse(rgba, width, height, box, 7, 5, 0)).toThrow(RangeError);
    expect(() => cropResizeGraySparse(rgba, width, height, box, 7, 5, 1.5)).toThrow(RangeError);
  });
});
