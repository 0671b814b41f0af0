import { describe, expect, it } from 'vitest';
import { inRegion, regionBounds } from './crops.js';

describe('the face region', () => {
  it('covers every box in whole pixels with a two-pixel margin, cut to the image', () => {
    expect(regionBounds([{ x: 10.5, y: 20.2, width: 30, height: 30 }, { x: 5, y: 25, width: 10, height: 10 }], 200, 100)).toEqual({ x: 3, y: 18, width: 40, height: 35 });
    // past the image: cut to it
    expect(regionBounds([{ x: -40, y: -40, width: 300, height: 300 }], 200, 100)).toEqual({ x: 0, y: 0, width: 200, height: 100 });
  });

  it('is never empty, even for a box outside the image', () => {
    expect(regionBounds([{ x: 500, y: 500, width: 10, height: 10 }], 200, 100)).toEqual({ x: 199, y: 99, width: 1, height: 1 });
  });

  it('moves a box into the region coordinates', () => {
    expect(inRegion({ x: 12, y: 30, width: 5, height: 6 }, { x: 10, y: 20 })).toEqual({ x: 2, y: 10, width: 5, height: 6 });
  });
});
