import { describe, expect, it } from 'vitest';
import { boxFromLandmarks, boxIoU, centredSquare, distinctBoxes, largestFaceIndex, mapFromDetection, squareAround, tileWindows } from './geometry.js';

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

  it('tiles the image with overlapping half-size squares that reach every edge', () => {
    const windows = tileWindows(1280, 960, 160);
    // side 480, stride 240: x at 0, 240, 480, 720, 800; y at 0, 240, 480
    expect(windows).toHaveLength(15);
    expect(new Set(windows.map((w) => w.width))).toEqual(new Set([480]));
    expect(Math.max(...windows.map((w) => w.x + w.width))).toBe(1280);
    expect(Math.max(...windows.map((w) => w.y + w.height))).toBe(960);
    expect(windows.map((w) => w.x).filter((x, i, all) => all.indexOf(x) === i)).toEqual([0, 240, 480, 720, 800]);
    // every point of the image lies in some window
    for (const [x, y] of [[0, 0], [1279, 959], [640, 480], [1279, 0]]) {
      expect(windows.some((w) => x >= w.x && x < w.x + w.width && y >= w.y && y < w.y + w.height)).toBe(true);
    }
    expect(tileWindows(300, 200, 160)).toEqual([]);
    expect(tileWindows(320, 320, 160)).toEqual([{ x: 0, y: 0, width: 160, height: 160 }, { x: 80, y: 0, width: 160, height: 160 }, { x: 160, y: 0, width: 160, height: 160 }, { x: 0, y: 80, width: 160, height: 160 }, { x: 80, y: 80, width: 160, height: 160 }, { x: 160, y: 80, width: 160, height: 160 }, { x: 0, y: 160, width: 160, height: 160 }, { x: 80, y: 160, width: 160, height: 160 }, { x: 160, y: 160, width: 160, height: 160 }]);
  });

  it('measures box overlap and keeps one box per face', () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    expect(boxIoU(a, a)).toBe(1);
    expect(boxIoU(a, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150);
    expect(boxIoU(a, { x: 10, y: 0, width: 10, height: 10 })).toBe(0);
    const same = { x: 1, y: 1, width: 10, height: 10 };
    const other = { x: 40, y: 40, width: 10, height: 10 };
    expect(distinctBoxes([a, same, other, { x: 41, y: 40, width: 10, height: 10 }])).toEqual([0, 2]);
  });
});

describe('crop squares', () => {
  it('centredSquare grows the longer side of the box about its centre, unclamped', () => {
    expect(centredSquare({ x: 10, y: 20, width: 40, height: 20 }, 1.5)).toEqual({ x: 0, y: 0, width: 60, height: 60 });
    expect(centredSquare({ x: -5, y: 0, width: 10, height: 10 }, 2)).toEqual({ x: -10, y: -5, width: 20, height: 20 });
  });

  it('squareAround makes the box square on its longer side and keeps it inside the image', () => {
    expect(squareAround({ x: 40, y: 40, width: 20, height: 10 }, 100, 100)).toEqual({ x: 40, y: 35, width: 20, height: 20 });
    // pushed back inside at the edge
    expect(squareAround({ x: 90, y: 0, width: 10, height: 30 }, 100, 100)).toEqual({ x: 70, y: 0, width: 30, height: 30 });
    // never larger than the image's shorter side
    expect(squareAround({ x: 0, y: 0, width: 100, height: 60 }, 100, 60)).toEqual({ x: 20, y: 0, width: 60, height: 60 });
  });
});
