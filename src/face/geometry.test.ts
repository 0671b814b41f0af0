import { describe, expect, it } from 'vitest';
import { boxFromLandmarks, expandBox, largestFaceIndex, mapFromDetection } from './geometry';

describe('face geometry', () => {
  it('boxes landmarks and clamps to the image', () => {
    const box = boxFromLandmarks([{ x: -5, y: 10, z: 0 }, { x: 50, y: 60, z: 0 }, { x: 20, y: 120, z: 0 }], 100, 100);
    expect(box).toEqual({ x: 0, y: 10, width: 50, height: 90 });
  });

  it('picks the largest face', () => {
    expect(largestFaceIndex([{ x: 0, y: 0, width: 10, height: 10 }, { x: 0, y: 0, width: 20, height: 20 }, { x: 0, y: 0, width: 5, height: 5 }])).toBe(1);
  });

  it('maps padded, downscaled detections back to the original pixels', () => {
    // A 1000×500 image shrunk by 0.5 to 500×250, padded by 125/62 px: detection image 750×374.
    const detection = { width: 750, height: 374, padX: 125, padY: 62, scale: 0.5 };
    const [p] = mapFromDetection([{ x: 375 / 750, y: 187 / 374, z: 0.01 }], detection, { width: 1000, height: 500 });
    expect(p.x).toBeCloseTo(500, 6);
    expect(p.y).toBeCloseTo(250, 6);
    expect(p.z).toBeCloseTo(15, 6);
    const [outside] = mapFromDetection([{ x: 0, y: 0, z: 0 }], detection, { width: 1000, height: 500 });
    expect(outside).toMatchObject({ x: 0, y: 0 });
  });

  it('expands a box by a margin within the image', () => {
    expect(expandBox({ x: 10, y: 10, width: 20, height: 20 }, 0.5, 35, 100)).toEqual({ x: 0, y: 0, width: 35, height: 40 });
  });
});
