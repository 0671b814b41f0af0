import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config.js';
import { faceAreaRatio, faceAreaScore } from './face-area-ratio.js';
import { makeSignalInput } from './test-helpers.js';

/** Score of a square face covering `ratio` of a 1000×1000 image. */
function scoreForRatio(ratio: number): number {
  const side = Math.sqrt(ratio) * 1000;
  const input = makeSignalInput({ imageWidth: 1000, imageHeight: 1000, faceBox: { x: 10, y: 10, width: side, height: side } });
  return faceAreaRatio(input, DEFAULT_CONFIG).score;
}

describe('faceAreaRatio signal', () => {
  it('peaks at 1.0 for a face covering 20 % of the frame', () => {
    expect(scoreForRatio(0.2)).toBeCloseTo(1, 9);
  });

  it('is fixed at 0.50 above 80 %', () => {
    expect(scoreForRatio(0.9)).toBe(0.5);
    expect(scoreForRatio(0.81)).toBe(0.5);
  });

  it('penalises faces below min_face_area_ratio (< 0.50)', () => {
    expect(scoreForRatio(0.02)).toBeCloseTo(0.25, 9);
    expect(scoreForRatio(0.039)).toBeLessThan(0.5);
    expect(scoreForRatio(0.04)).toBeCloseTo(0.5, 9);
  });

  it('scores good selfies (10–40 %) at least 0.80', () => {
    for (const ratio of [0.1, 0.15, 0.25, 0.3, 0.4]) expect(scoreForRatio(ratio)).toBeGreaterThanOrEqual(0.8 - 1e-9);
    expect(scoreForRatio(0.6)).toBeLessThan(0.8);
  });

  it('counts only the part of the face box inside the image and names the share', () => {
    const input = makeSignalInput({ imageWidth: 100, imageHeight: 100, faceBox: { x: -50, y: 0, width: 100, height: 40 } });
    const result = faceAreaRatio(input, DEFAULT_CONFIG);
    expect(result.raw.face_area_ratio).toBeCloseTo(0.2, 12);
    expect(result.detail).toContain('20.0 %');
  });

  it('is neutral and unmeasured for an empty image', () => {
    expect(faceAreaRatio(makeSignalInput({ imageWidth: 0 }), DEFAULT_CONFIG)).toMatchObject({ score: 0.5, measured: false });
  });
});

describe('faceAreaScore', () => {
  it('follows a raised minimum', () => {
    expect(faceAreaScore(0.08, 0.1)).toBeCloseTo(0.4, 12);
    expect(faceAreaScore(0.1, 0.1)).toBeCloseTo(0.5, 12);
    expect(faceAreaScore(0.2, 0.1)).toBe(1);
  });
});
