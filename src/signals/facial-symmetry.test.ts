import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config.js';
import { asymmetryIndex, facialSymmetry, symmetryScore } from './facial-symmetry.js';
import { frontalLandmarks, makeSignalInput } from './test-helpers.js';
import type { Point3 } from '../face/geometry.js';

/** Rotate landmarks about the vertical axis through (cx, ·, 0) by `deg` (a head turn, in 3-D). */
function turn(points: readonly Point3[], deg: number, cx = 320): Point3[] {
  const a = (deg * Math.PI) / 180;
  return points.map((p) => ({ x: cx + (p.x - cx) * Math.cos(a) + p.z * Math.sin(a), y: p.y, z: -(p.x - cx) * Math.sin(a) + p.z * Math.cos(a) }));
}

describe('asymmetryIndex', () => {
  it('is 0 for mirror-symmetric landmarks, also when the face is rolled or turned', () => {
    expect(asymmetryIndex(frontalLandmarks())).toBeCloseTo(0, 12);
    expect(asymmetryIndex(frontalLandmarks({ rollDeg: 25 }))).toBeCloseTo(0, 12);
    expect(asymmetryIndex(turn(frontalLandmarks(), 20))).toBeCloseTo(0, 12);
  });

  it('equals mean |distance difference| / face width for a displaced point', () => {
    // face width 200 px; the right mouth corner moves 10 px outwards: one pair of ten differs by 10
    const points = frontalLandmarks({ faceWidth: 200 });
    points[291] = { ...points[291], x: points[291].x + 10 };
    expect(asymmetryIndex(points)).toBeCloseTo(10 / 10 / 200, 12);
  });

  it('is NaN without the midline or pair landmarks', () => {
    expect(asymmetryIndex([])).toBeNaN();
  });
});

describe('facialSymmetry signal', () => {
  it('scores symmetric landmarks 1.0', () => {
    const result = facialSymmetry(makeSignalInput(), DEFAULT_CONFIG);
    expect(result.score).toBeCloseTo(1, 12);
    expect(result.detail).toContain('highly symmetric');
  });

  it('is 1.0 up to a fifth of max_asymmetry, then linear to 0 at max_asymmetry', () => {
    expect(symmetryScore(0, DEFAULT_CONFIG.max_asymmetry)).toBe(1);
    expect(symmetryScore(0.04, DEFAULT_CONFIG.max_asymmetry)).toBe(1);
    expect(symmetryScore(0.1, DEFAULT_CONFIG.max_asymmetry)).toBeCloseTo(0.625, 12);
    expect(symmetryScore(0.2, DEFAULT_CONFIG.max_asymmetry)).toBe(0);
    expect(symmetryScore(0.5, DEFAULT_CONFIG.max_asymmetry)).toBe(0);
  });

  it('scores a strongly lopsided face at 0', () => {
    const points = frontalLandmarks({ faceWidth: 200 });
    // push every right-side point except the face edge 60 px outwards
    for (const index of [263, 362, 291, 300, 334, 336, 358, 288, 397]) points[index] = { ...points[index], x: points[index].x + 60 };
    const result = facialSymmetry(makeSignalInput({ landmarks: points }), DEFAULT_CONFIG);
    expect(result.raw.asymmetry_index).toBeGreaterThanOrEqual(DEFAULT_CONFIG.max_asymmetry);
    expect(result.score).toBe(0);
  });

  it('is neutral and unmeasured without landmarks', () => {
    expect(facialSymmetry(makeSignalInput({ landmarks: [] }), DEFAULT_CONFIG)).toMatchObject({ score: 0.5, measured: false });
  });
});
