import { describe, expect, it } from 'vitest';
import { grayToPicture, lbpCodeMap, spectrumPicture } from './index.js';

const image = (width: number, height: number, f: (x: number, y: number) => number) => {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { width, height, data };
};

describe('visuals', () => {
  it('turns grey levels into opaque RGBA', () => {
    const picture = grayToPicture(image(2, 1, (x) => (x === 0 ? 10 : 200)));
    expect(Array.from(picture.data)).toEqual([10, 10, 10, 255, 200, 200, 200, 255]);
  });

  it('colours a flat image with the "all neighbours ≥ centre" bin everywhere', () => {
    const map = lbpCodeMap(image(5, 5, () => 100));
    expect(map.width).toBe(3);
    expect(map.height).toBe(3);
    const firstPixel = Array.from(map.data.slice(0, 4));
    for (let i = 0; i < 9; i++) expect(Array.from(map.data.slice(i * 4, i * 4 + 4))).toEqual(firstPixel);
    expect(firstPixel).toEqual([255, 255, 200, 255]);
  });

  it('puts the brightest spectrum pixels of a vertical sine at its frequency', () => {
    const size = 32;
    const cycles = 4;
    const picture = spectrumPicture(image(size, size, (x) => 128 + 100 * Math.sin((2 * Math.PI * cycles * x) / size)));
    const centre = size / 2;
    const at = (x: number, y: number) => picture.data[(y * size + x) * 4];
    expect(at(centre + cycles, centre)).toBe(255);
    expect(at(centre + cycles, centre)).toBeGreaterThan(at(centre, centre + cycles));
  });
});
