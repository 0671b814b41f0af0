import { describe, expect, it } from 'vitest';
import { contextCropBgr, contextRect, landmarkBox, miniFasNetCrops, toSourcePixels, trainingFaceBox } from './crop.js';

/** RGBA image from a function of (x, y) giving [r, g, b]. */
function image(width: number, height: number, rgb: (x: number, y: number) => [number, number, number]): Uint8ClampedArray {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = rgb(x, y);
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  return data;
}

describe('contextRect (the authors\' _get_new_box)', () => {
  it('scales the box about its centre when it fits', () => {
    expect(contextRect({ x: 270, y: 190, width: 100, height: 100 }, 640, 480, 2.7)).toEqual({ left: 185, top: 105, right: 455, bottom: 375, scale: 2.7, scaleReduced: false, shifted: false });
  });

  it('moves a box that runs off the left edge back inside, keeping its size', () => {
    expect(contextRect({ x: 10, y: 190, width: 100, height: 100 }, 640, 480, 2.7)).toEqual({ left: 0, top: 105, right: 270, bottom: 375, scale: 2.7, scaleReduced: false, shifted: true });
  });

  it('moves a box off the bottom-right corner back inside on both axes', () => {
    expect(contextRect({ x: 80, y: 85, width: 10, height: 10 }, 100, 100, 4)).toEqual({ left: 59, top: 59, right: 99, bottom: 99, scale: 4, scaleReduced: false, shifted: true });
  });

  it('lowers the scale to (side − 1) / box side when the scaled box is larger than the image', () => {
    const r = contextRect({ x: 50, y: 100, width: 100, height: 100 }, 200, 300, 4);
    expect(r.scale).toBeCloseTo(1.99, 12);
    expect(r).toMatchObject({ left: 0, top: 50, right: 199, bottom: 249, scaleReduced: true, shifted: true });
  });

  it('truncates fractional corners as Python int() does', () => {
    expect(contextRect({ x: 100.6, y: 50.2, width: 40, height: 60 }, 1000, 1000, 2)).toMatchObject({ left: 80, top: 20, right: 160, bottom: 140 }); // 80.6, 20.2, 160.6, 140.2
  });

  it('rejects an empty box', () => {
    expect(() => contextRect({ x: 0, y: 0, width: 0, height: 10 }, 100, 100, 2.7)).toThrow(RangeError);
  });
});

describe('contextCropBgr (cv2.resize INTER_LINEAR of the inclusive rectangle)', () => {
  const rect = (left: number, top: number, right: number, bottom: number) => ({ left, top, right, bottom, scale: 1, scaleReduced: false, shifted: false });

  it('copies an 80×80 rectangle exactly, in BGR order', () => {
    const rgba = image(100, 90, (x, y) => [x, y, (x + y) % 256]);
    const out = contextCropBgr(rgba, 100, 90, rect(10, 5, 89, 84));
    expect(Array.from(out.subarray(0, 3))).toEqual([15, 5, 10]);
    const last = (79 * 80 + 79) * 3;
    expect(Array.from(out.subarray(last, last + 3))).toEqual([173, 84, 89]);
  });

  it('averages 2×2 blocks for an exact 2× reduction (OpenCV switches to INTER_AREA)', () => {
    const rgba = image(160, 160, (x, y) => [(x % 2) * 100 + (y % 2) * 50, 0, 0]);
    const out = contextCropBgr(rgba, 160, 160, rect(0, 0, 159, 159));
    // (0 + 100 + 50 + 150) / 4 = 75 in every red value
    expect(new Set(Array.from({ length: 6400 }, (_, i) => out[i * 3 + 2]))).toEqual(new Set([75]));
  });

  it('interpolates between pixel centres when enlarging, repeating the edge pixels', () => {
    // a 40-pixel ramp 0, 6, 12, … enlarged 2×: output u samples source (u + 0.5) / 2 − 0.5
    const rgba = image(40, 40, (x) => [0, 6 * x, 0]);
    const out = contextCropBgr(rgba, 40, 40, rect(0, 0, 39, 39));
    const green = (u: number) => out[u * 3 + 1];
    expect(green(0)).toBe(0); // −0.25 → edge pixel
    expect(green(1)).toBe(2); // 0.25 → 1.5 → rounds to 2
    expect(green(2)).toBe(5); // 0.75 → 4.5 → rounds to 5
    expect(green(79)).toBe(234); // 39.25 → edge pixel 39
  });

  it('rejects a rectangle outside the image', () => {
    expect(() => contextCropBgr(new Uint8ClampedArray(40 * 40 * 4), 40, 40, rect(0, 0, 40, 39))).toThrow(RangeError);
  });
});

describe('face boxes', () => {
  it('takes the min/max box of the landmarks, not cut to the image', () => {
    expect(landmarkBox([{ x: 10, y: 20, z: 0 }, { x: 30, y: 5, z: 1 }, { x: 25, y: 40, z: -1 }])).toEqual({ x: 10, y: 5, width: 20, height: 35 });
    expect(landmarkBox([{ x: -12, y: 20, z: 0 }, { x: 30, y: 150, z: 0 }])).toEqual({ x: -12, y: 20, width: 42, height: 130 });
  });

  it('maps a landmark box by width and height factors about its centre and a downward shift', () => {
    const box = trainingFaceBox({ x: 100, y: 100, width: 100, height: 200 }, { width: 0.9, height: 1.1, shiftDown: -0.05 });
    const want = { x: 105, y: 80, width: 90, height: 220 };
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(box[key]).toBeCloseTo(want[key], 9);
  });

  it('scales an analysed-image box to full-resolution pixels', () => {
    expect(toSourcePixels({ x: 10, y: 20, width: 30, height: 40 }, { width: 640, height: 480 }, { width: 1280, height: 960 })).toEqual({ x: 20, y: 40, width: 60, height: 80 });
  });

  it('cuts one crop per scale and says when a context ran off the image', () => {
    const rgba = image(200, 200, () => [10, 20, 30]);
    const centred = miniFasNetCrops(rgba, 200, 200, { x: 80, y: 80, width: 40, height: 40 }, [2.7, 4]);
    expect(centred.contextOffImage).toBe(false);
    expect(Array.from(centred.crops[1].subarray(0, 3))).toEqual([30, 20, 10]);
    const corner = miniFasNetCrops(rgba, 200, 200, { x: 0, y: 0, width: 40, height: 40 }, [2.7, 4]);
    expect(corner.contextOffImage).toBe(true);
    expect(corner.rects.map((r) => r.shifted)).toEqual([true, true]);
  });
});
