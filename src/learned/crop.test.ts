import { describe, expect, it } from 'vitest';
import { ANTI_SPOOF_SIDE, antiSpoofInput } from './crop.js';

/** RGBA pixels from a function of (x, y) giving [r, g, b]. */
function image(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): Uint8ClampedArray {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      data.set([...colour(x, y), 255], (y * width + x) * 4);
    }
  return data;
}

describe('antiSpoofInput', () => {
  it('is 256×256 RGB in [0,1], channels in R, G, B order', () => {
    const rgba = image(300, 300, () => [255, 51, 0]);
    const input = antiSpoofInput(rgba, 300, 300, { x: 10, y: 20, width: 256, height: 256 });
    expect(input).toHaveLength(ANTI_SPOOF_SIDE * ANTI_SPOOF_SIDE * 3);
    expect(Array.from(input.subarray(0, 3))).toEqual([1, Math.fround(0.2), 0]);
    expect(Array.from(input.subarray(input.length - 3))).toEqual([1, Math.fround(0.2), 0]);
  });

  it('copies pixels exactly at 1:1 scale, from the whole-pixel crop', () => {
    const rgba = image(400, 300, (x, y) => [x % 256, y % 256, (x + y) % 256]);
    // 10.4 rounds to 10, like android.graphics.Rect of an integer box
    const input = antiSpoofInput(rgba, 400, 300, { x: 10.4, y: 20, width: 256, height: 256 });
    const at = (u: number, v: number) => Array.from(input.subarray((v * 256 + u) * 3, (v * 256 + u) * 3 + 3)).map((c) => Math.round(c * 255));
    expect(at(0, 0)).toEqual([10, 20, 30]);
    expect(at(100, 7)).toEqual([110, 27, 137]);
    expect(at(255, 255)).toEqual([265 % 256, 275 % 256, (265 + 275) % 256]);
  });

  it('resamples bilinearly with pixel centres at +0.5 (a 2× downscale averages 2×2 blocks)', () => {
    const rgba = image(512, 512, (x, y) => [x % 2 === 0 ? 0 : 200, y % 2 === 0 ? 0 : 100, 50]);
    const input = antiSpoofInput(rgba, 512, 512, { x: 0, y: 0, width: 512, height: 512 });
    // output pixel u samples source x = 2u + 0.5: halfway between an even and an odd column
    expect(input[0] * 255).toBeCloseTo(100, 4);
    expect(input[1] * 255).toBeCloseTo(50, 4);
    expect(input[2] * 255).toBeCloseTo(50, 4);
  });

  it('repeats the crop edge when upscaling, never reads past the image', () => {
    const rgba = image(4, 4, (x) => [x * 60, 0, 0]);
    const input = antiSpoofInput(rgba, 4, 4, { x: 0, y: 0, width: 4, height: 4 });
    expect(input[0] * 255).toBeCloseTo(0, 4);
    expect(input[(255 * 3) as number] * 255).toBeCloseTo(180, 4);
    expect(input.every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});
