import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random.js';
import {
  applyHomography,
  assertRgbaImage,
  createPlanes,
  encodePlanes,
  gaussianBlur,
  invert3x3,
  resizePlanes,
  squareToQuad,
  toLinearPlanes,
} from './raster.js';

describe('squareToQuad', () => {
  const quad = [10, 20, 110, 25, 100, 90, 5, 80];
  const toQuad = squareToQuad(quad);
  const point = new Float64Array(2);

  it('maps the unit square corners onto the quad', () => {
    const corners = [[0, 0], [1, 0], [1, 1], [0, 1]];
    corners.forEach(([u, v], k) => {
      applyHomography(toQuad, u, v, point);
      expect(point[0]).toBeCloseTo(quad[2 * k], 9);
      expect(point[1]).toBeCloseTo(quad[2 * k + 1], 9);
    });
  });

  it('is undone by its inverse', () => {
    applyHomography(toQuad, 0.3, 0.7, point);
    applyHomography(invert3x3(toQuad), point[0], point[1], point);
    expect(point[0]).toBeCloseTo(0.3, 9);
    expect(point[1]).toBeCloseTo(0.7, 9);
  });
});

describe('planes', () => {
  it('round-trip an RGBA image through linear light without noise', () => {
    const data = new Uint8ClampedArray([0, 64, 128, 255, 200, 255, 10, 255]);
    const img = { width: 2, height: 1, data };
    expect(Array.from(encodePlanes(toLinearPlanes(img), mulberry32(1), 0).data)).toEqual(Array.from(data));
  });

  it('keep the mean through a blur and an area-averaging resize', () => {
    const planes = createPlanes(40, 30);
    const random = mulberry32(5);
    for (let i = 0; i < planes.r.length; i++) planes.r[i] = planes.g[i] = planes.b[i] = random();
    const mean = (p: Float32Array): number => p.reduce((s, v) => s + v, 0) / p.length;
    const before = mean(planes.r);
    const small = resizePlanes(planes, 10, 10);
    expect(mean(small.r)).toBeCloseTo(before, 4);
    gaussianBlur(planes, 1.5);
    expect(mean(planes.r)).toBeCloseTo(before, 2);
  });

  it('refuses a malformed image', () => {
    expect(() => assertRgbaImage({ width: 40, height: 40, data: new Uint8ClampedArray(10) }, 32)).toThrow(RangeError);
    expect(() => assertRgbaImage({ width: 8, height: 8, data: new Uint8ClampedArray(256) }, 32)).toThrow(/at least 32/);
  });
});
