import { describe, expect, it } from 'vitest';
import { fitWithin, uprightSize } from './decode.js';

describe('uprightSize', () => {
  const stored = { width: 1920, height: 1350 };

  it('swaps width and height for the transposing EXIF orientations 5–8 of JPEG and PNG', () => {
    for (const format of ['jpeg', 'png'] as const) {
      for (const orientation of [5, 6, 7, 8]) expect(uprightSize(format, stored, orientation)).toEqual({ width: 1350, height: 1920 });
      for (const orientation of [undefined, 1, 2, 3, 4]) expect(uprightSize(format, stored, orientation)).toEqual(stored);
    }
  });

  it('keeps the stored size of WebP and BMP, whose EXIF orientation the browser does not apply', () => {
    for (const format of ['webp', 'bmp'] as const) expect(uprightSize(format, stored, 6)).toEqual(stored);
  });

  it('gives the resize target in upright pixels (a portrait photo stays portrait)', () => {
    const upright = uprightSize('png', stored, 6);
    expect(fitWithin(upright.width, upright.height, 1280)).toEqual({ width: 900, height: 1280 });
  });
});
