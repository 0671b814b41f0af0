import { describe, expect, it } from 'vitest';
import {
  BOUNDARY_DEFAULTS,
  FRAME_MODEL,
  frameProbability,
  isSkinColour,
  measureBoundary,
  SIDE_NAMES,
  type BoundaryMeasured,
  type BoundaryMeasurement,
  type Point,
} from './boundary.js';
import { canvas, doorwayScene, drawFace, fillEllipse, fillRect, pageScene, phoneScene, SKIN, type Scene } from './test-scenes.js';

function measured(m: BoundaryMeasurement): BoundaryMeasured {
  if (!m.measurable) throw new Error(`expected a measurement, got "${m.reason}"`);
  return m;
}

function side(m: BoundaryMeasured, name: (typeof SIDE_NAMES)[number]) {
  const s = m.sides.find((x) => x.side === name);
  if (!s) throw new Error(`no ${name} side`);
  return s;
}

/** Largest distance between matching corners. */
function cornerError(quad: readonly Point[] | null, expected: readonly (readonly [number, number])[]): number {
  if (quad === null) return Infinity;
  return Math.max(...quad.map((p, i) => Math.hypot(p.x - expected[i][0], p.y - expected[i][1])));
}

// A found line sits on the brightness step; with the step taken ±2 working px across it, ties put it
// up to 2 working px (2.5 image px at 64 px per 80 px face) inside the drawn edge.
const EDGE_TOLERANCE_PX = 4;

describe('measureBoundary on a phone held up to the camera', () => {
  const scene = phoneScene();
  const m = measured(measureBoundary(scene));

  it('finds the four sides of the screen and their corners', () => {
    expect(m.sideCount).toBe(4);
    expect(m.sides.map((s) => s.found)).toEqual([true, true, true, true]);
    // left, top, right: the screen's edge (bright screen against the black bezel); bottom: the
    // bezel's outer edge (the shirt at the screen's bottom is darker than the room behind the phone)
    expect(cornerError(m.quad, [[230, 90], [410, 90], [410, 402], [230, 402]])).toBeLessThan(EDGE_TOLERANCE_PX);
    for (const s of m.sides) expect(s.slope).toBe(0);
  });

  it('measures continuity, contrast and the inside/outside step of the sides', () => {
    for (const name of ['left', 'top', 'right'] as const) {
      const s = side(m, name);
      expect(s.continuity).toBe(1);
      expect(s.polarity).toBe(-1); // the bezel outside is darker than the screen inside
      expect(s.contrast).toBeGreaterThan(170); // screen ≈ 208 grey levels, bezel ≈ 18
      expect(s.step).toBeLessThan(-120);
    }
    expect(side(m, 'bottom').polarity).toBe(1); // room (110) outside the bezel (18)
    expect(side(m, 'left').darkBand).toBe(true);
    expect(side(m, 'right').darkBand).toBe(true);
  });

  it('scores it as a frame and says so', () => {
    expect(m.runSum).toBeGreaterThan(3.8);
    expect(m.probability).toBeGreaterThan(0.99);
    expect(m.detail).toBe('a dark rectangular border encloses the face on all 4 sides');
  });

  it('gives the same sides and a quadrilateral twice as large at twice the resolution', () => {
    const big = measured(measureBoundary(phoneScene(2)));
    expect(big.sides.map((s) => s.found)).toEqual(m.sides.map((s) => s.found));
    for (let i = 0; i < 4; i++) {
      expect(big.sides[i].offset).toBeCloseTo(m.sides[i].offset!, 1);
      expect(Math.abs(big.quad![i].x - 2 * m.quad![i].x)).toBeLessThan(2 * EDGE_TOLERANCE_PX);
      expect(Math.abs(big.quad![i].y - 2 * m.quad![i].y)).toBeLessThan(2 * EDGE_TOLERANCE_PX);
    }
  });
});

describe('measureBoundary on a region of the image', () => {
  it('measures the same from a region around the face as from the whole image, in the region\'s coordinates', () => {
    const scene = phoneScene();
    const whole = measured(measureBoundary(scene));
    // the pixels x 40–600 of the 640×480 scene: the face box (x 280–360) and searchFar + regionPad face sizes either side
    const region = { x: 40, y: 0, width: 560, height: 480 };
    const rgba = new Uint8ClampedArray(region.width * region.height * 4);
    for (let y = 0; y < region.height; y++) {
      const from = ((region.y + y) * scene.width + region.x) * 4;
      rgba.set(scene.rgba.subarray(from, from + region.width * 4), y * region.width * 4);
    }
    const faceBox = { ...scene.faceBox!, x: scene.faceBox!.x - region.x, y: scene.faceBox!.y - region.y };
    const imageBox = { x: -region.x, y: -region.y, width: scene.width, height: scene.height };
    const part = measured(measureBoundary({ rgba, width: region.width, height: region.height, faceBox, imageBox }));
    expect(part.sides.map((s) => [s.found, s.run, s.offset, s.slope])).toEqual(whole.sides.map((s) => [s.found, s.run, s.offset, s.slope]));
    expect(part.probability).toBeCloseTo(whole.probability, 6);
    expect(part.quad!.map((p) => [p.x + region.x, p.y + region.y])).toEqual(whole.quad!.map((p) => [expect.closeTo(p.x, 6), expect.closeTo(p.y, 6)]));
  });
});

describe('measureBoundary on partial frames', () => {
  it('closes a phone that runs off the bottom of the image with the image border (3 sides)', () => {
    const m = measured(measureBoundary(phoneScene(1, [230, 90, 410, 520])));
    expect(m.sides.map((s) => s.found)).toEqual([true, true, true, false]);
    expect(m.sideCount).toBe(3);
    expect(m.quad![2].y).toBe(480);
    expect(m.quad![3].y).toBe(480);
    expect(cornerError(m.quad, [[230, 90], [410, 90], [410, 480], [230, 480]])).toBeLessThan(EDGE_TOLERANCE_PX);
    expect(m.detail).toBe('a dark rectangular border encloses the face on 3 sides (left, top and right)');
  });

  it('finds the two long sides of a phone held so close that it fills the image top to bottom', () => {
    const m = measured(measureBoundary(phoneScene(1, [230, -30, 410, 520])));
    expect(m.sides.map((s) => s.found)).toEqual([true, false, true, false]);
    expect(cornerError(m.quad, [[230, 0], [410, 0], [410, 480], [230, 480]])).toBeLessThan(EDGE_TOLERANCE_PX);
    expect(m.probability).toBeGreaterThan(0.9);
  });
});

describe('measureBoundary on a page held at an angle', () => {
  const slope = 0.18; // one of the searched tilts: the lines can match exactly
  const angle = Math.atan(slope);
  const scene = pageScene(angle);
  const m = measured(measureBoundary(scene));

  it('follows the turned page edges with the matching tilt on every side', () => {
    expect(m.sideCount).toBe(4);
    // turning the page clockwise (y down) leans the left and right edges to -dx/dy and the top and bottom to +dy/dx
    expect(m.sides.map((s) => s.slope)).toEqual([-slope, slope, -slope, slope]);
    expect(cornerError(m.quad, scene.corners)).toBeLessThan(EDGE_TOLERANCE_PX);
  });

  it('reads a bright page against a mid-grey table as a rectangular edge, not a dark border', () => {
    for (const s of m.sides) {
      expect(s.polarity).toBe(-1);
      expect(s.darkBand).toBe(false);
    }
    expect(m.darkSides).toBe(0);
    expect(m.detail).toBe('a rectangular edge encloses the face on all 4 sides');
  });

  it('still finds a page turned between two searched tilts (6°), to within a few pixels', () => {
    const six = pageScene((6 * Math.PI) / 180);
    const m6 = measured(measureBoundary(six));
    expect(m6.sideCount).toBe(4);
    expect(cornerError(m6.quad, six.corners)).toBeLessThan(2 * EDGE_TOLERANCE_PX);
  });
});

describe('measureBoundary on straight lines that do not enclose the face', () => {
  it('rejects door jambs beside the head because the shoulders cut them', () => {
    const m = measured(measureBoundary(doorwayScene()));
    const left = side(m, 'left');
    const right = side(m, 'right');
    // straight along the face's span…
    expect(left.candidate).toBe(true);
    expect(right.candidate).toBe(true);
    // on the jamb's inner or outer edge (both equally long and strong): 53 or 65 px from the face box
    expect(left.offset).toBeGreaterThan((280 - 227) / 80 - 0.05);
    expect(left.offset).toBeLessThan((280 - 215) / 80 + 0.05);
    // …but hidden behind the shoulders for much of their run: not a frame
    expect(left.run).toBeLessThan(BOUNDARY_DEFAULTS.runMin);
    expect(right.run).toBeLessThan(BOUNDARY_DEFAULTS.runMin);
    expect(left.found).toBe(false);
    expect(right.found).toBe(false);
    expect(m.sideCount).toBeLessThanOrEqual(1);
    expect(m.quad).toBeNull();
    expect(m.probability).toBeLessThan(0.5);
    expect(m.probability).toBeLessThan(measured(measureBoundary(phoneScene())).probability - 0.4);
    expect(m.detail).toBe('a straight edge runs along the top of the face'); // the lintel
  });

  it('ignores lines farther than searchFar face sizes and lines shorter than the face', () => {
    const c = canvas(800, 480, [120, 120, 120], 6, 3);
    const faceBox = drawFace(c, 400, 240, 80, 100);
    fillRect(c, 400 - 40 - 3 * 80, 0, 400 - 40 - 3 * 80 + 10, 480, [20, 20, 20]); // 3 face widths out
    fillRect(c, 400 + 40 + 40, 200, 400 + 40 + 50, 240, [20, 20, 20]); // 0.5 face widths out, 0.4 face heights long
    const m = measured(measureBoundary({ ...c, faceBox }));
    expect(m.sides.every((s) => !s.candidate)).toBe(true);
    expect(m.sideCount).toBe(0);
    expect(m.probability).toBeCloseTo(frameProbability(0, 0), 10);
    expect(m.detail).toBe('no frame around the face: no straight edge runs along it');
  });
});

describe('measureBoundary: could not measure', () => {
  it('says a tight face crop leaves too little room for a frame', () => {
    const c = canvas(100, 120, [120, 120, 120]);
    const faceBox = drawFace(c, 50, 60, 84, 104);
    const m = measureBoundary({ ...c, faceBox });
    expect(m.measurable).toBe(false);
    if (m.measurable) return;
    expect(m.reason).toBe('too-little-context');
    expect(m.sides!.filter((s) => s.observable)).toHaveLength(0);
    expect(m.detail).toBe('could not look for a frame: the image shows too little around the face');
  });

  it('needs room on two sides: a face in the bottom-right corner is measured only with room left and above', () => {
    // room above (1 face height) and to the left (0.25 face widths, the minimum): two sides
    const twoSides = measureBoundary({ ...canvas(130, 220, [120, 120, 120]), faceBox: { x: 25, y: 110, width: 100, height: 110 } });
    expect(twoSides.measurable).toBe(true);
    expect(twoSides.sides!.map((s) => s.observable)).toEqual([true, true, false, false]);
    // 0.2 face widths to the left is too little: only the top side has room
    const oneSide = measureBoundary({ ...canvas(125, 220, [120, 120, 120]), faceBox: { x: 20, y: 110, width: 100, height: 110 } });
    expect(oneSide).toMatchObject({ measurable: false, reason: 'too-little-context' });
    expect(oneSide.sides!.map((s) => s.observable)).toEqual([false, true, false, false]);
  });

  it('has its own state for a missing face box and a face too small to search around', () => {
    const c = canvas(64, 48, [120, 120, 120]);
    const none = measureBoundary({ ...c, faceBox: null });
    expect(none).toMatchObject({ measurable: false, reason: 'no-face-box', sides: null });
    const outside = measureBoundary({ ...c, faceBox: { x: 100, y: 10, width: 30, height: 30 } });
    expect(outside).toMatchObject({ measurable: false, reason: 'no-face-box' });
    const tiny = measureBoundary({ ...c, faceBox: { x: 20, y: 10, width: BOUNDARY_DEFAULTS.minFacePx - 1, height: 20 } });
    expect(tiny).toMatchObject({ measurable: false, reason: 'face-too-small' });
  });

  it('refuses a buffer shorter than width × height × 4', () => {
    expect(() => measureBoundary({ rgba: new Uint8ClampedArray(10), width: 4, height: 4, faceBox: null })).toThrow(RangeError);
    expect(() => measureBoundary({ rgba: new Uint8ClampedArray(16), width: 0, height: 4, faceBox: null })).toThrow(RangeError);
  });
});

describe('fingers gripping the frame', () => {
  it('counts skin-coloured blobs outside a side and mentions them', () => {
    const scene: Scene = phoneScene();
    for (let i = 0; i < 5; i++) fillEllipse(scene, 425, 180 + i * 34, 22, 13, SKIN); // over the right bezel
    const m = measured(measureBoundary(scene));
    const right = side(m, 'right');
    expect(right.found).toBe(true); // the fingers cover the bezel, not the screen's edge
    expect(right.skinShare).toBeGreaterThan(0.3);
    expect(side(m, 'left').skinShare).toBe(0);
    expect(m.skinShare).toBe(right.skinShare);
    // the fingers break the right bezel's dark band: one dark side of four is not a dark border
    expect(m.darkSides).toBe(1);
    expect(m.detail).toBe('a rectangular edge encloses the face on all 4 sides, with skin-coloured patches against it, as fingers holding it would be');
  });
});

describe('isSkinColour', () => {
  it('accepts skin tones and refuses blue, grey and dark brown', () => {
    expect(isSkinColour(205, 150, 120)).toBe(true);
    expect(isSkinColour(240, 195, 170)).toBe(true);
    expect(isSkinColour(0, 0, 255)).toBe(false);
    expect(isSkinColour(128, 128, 128)).toBe(false);
    expect(isSkinColour(70, 52, 40)).toBe(false); // in the chroma box, but too dark
    expect(isSkinColour(70, 52, 40, 0)).toBe(true);
  });
});

describe('frameProbability', () => {
  it('is the logistic of the fitted model', () => {
    expect(frameProbability(0, 0)).toBeCloseTo(1 / (1 + Math.exp(-FRAME_MODEL.intercept)), 12);
    const z = FRAME_MODEL.intercept + 2 * FRAME_MODEL.runSum + 0.5 * FRAME_MODEL.contrast;
    expect(frameProbability(2, 50)).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
  });

  it('rises with closed sides and with contrast', () => {
    expect(frameProbability(1, 60)).toBeGreaterThan(frameProbability(0.5, 60));
    expect(frameProbability(3, 60)).toBeGreaterThan(frameProbability(2, 60));
    expect(frameProbability(2, 120)).toBeGreaterThan(frameProbability(2, 40));
  });
});
