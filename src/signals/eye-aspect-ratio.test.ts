import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config.js';
import { earFromLandmarks, eyeAspectRatio, eyeOpennessScore, LEFT_EYE_INDICES, RIGHT_EYE_INDICES } from './eye-aspect-ratio.js';
import { frontalLandmarks, makeSignalInput } from './test-helpers.js';
import type { Point3 } from '../face/geometry.js';

const p = (x: number, y: number): Point3 => ({ x, y, z: 0 });

describe('earFromLandmarks', () => {
  it('equals (|p2−p6| + |p3−p5|) / (2|p1−p4|) for hand-placed points', () => {
    // p1 (0,0), p4 (10,0): width 10; p2–p6 4 apart, p3–p5 2 apart → (4 + 2) / 20 = 0.3
    const points = [p(0, 0), p(3, -2), p(7, -1), p(10, 0), p(7, 1), p(3, 2)];
    expect(earFromLandmarks(points, [0, 1, 2, 3, 4, 5])).toBeCloseTo(0.3, 12);
  });

  it('reads the MediaPipe eye indices of both eyes', () => {
    const landmarks = frontalLandmarks({ ear: 0.27 });
    expect(earFromLandmarks(landmarks, LEFT_EYE_INDICES)).toBeCloseTo(0.27, 12);
    expect(earFromLandmarks(landmarks, RIGHT_EYE_INDICES)).toBeCloseTo(0.27, 12);
  });

  it('is NaN for missing points or an eye without width', () => {
    expect(earFromLandmarks([], LEFT_EYE_INDICES)).toBeNaN();
    expect(earFromLandmarks([p(0, 0), p(0, 0), p(0, 0), p(0, 0), p(0, 0), p(0, 0)], [0, 1, 2, 3, 4, 5])).toBeNaN();
    expect(earFromLandmarks([p(0, 0)], [0, 0, 0])).toBeNaN();
  });
});

describe('eyeOpennessScore', () => {
  const MIN = DEFAULT_CONFIG.min_ear;

  it('hits the band edges: min_ear → 0.50, the whole open range 0.25–0.35 → 1.0', () => {
    expect(eyeOpennessScore(MIN, MIN)).toBeCloseTo(0.5, 12);
    expect(eyeOpennessScore(0.25, MIN)).toBe(1);
    expect(eyeOpennessScore(0.3, MIN)).toBe(1);
    expect(eyeOpennessScore(0.35, MIN)).toBe(1);
  });

  it('is < 0.50 below min_ear and 0.50–0.79 for partly open eyes', () => {
    expect(eyeOpennessScore(0.1, MIN)).toBeLessThan(0.5);
    expect(eyeOpennessScore(0, MIN)).toBe(0);
    const partly = eyeOpennessScore(0.2, MIN);
    expect(partly).toBeGreaterThanOrEqual(0.5);
    expect(partly).toBeLessThan(0.8);
  });

  it('eases back towards neutral for implausibly wide eyes', () => {
    expect(eyeOpennessScore(0.5, MIN)).toBeCloseTo(0.8, 12);
    expect(eyeOpennessScore(0.9, MIN)).toBe(0.5);
  });
});

describe('eyeAspectRatio signal', () => {
  it('scores open eyes ≥ 0.80 and reports the mean EAR', () => {
    const result = eyeAspectRatio(makeSignalInput({ landmarks: frontalLandmarks({ ear: 0.3 }) }), DEFAULT_CONFIG);
    expect(result.score).toBe(1);
    expect(result.raw.ear).toBeCloseTo(0.3, 12);
    expect(result.detail).toContain('0.300');
  });

  it('scores closed eyes below 0.50', () => {
    const result = eyeAspectRatio(makeSignalInput({ landmarks: frontalLandmarks({ ear: 0.08 }) }), DEFAULT_CONFIG);
    expect(result.score).toBeLessThan(0.5);
    expect(result.detail).toContain('closed');
  });

  it('is neutral and unmeasured without landmarks', () => {
    expect(eyeAspectRatio(makeSignalInput({ landmarks: [] }), DEFAULT_CONFIG)).toMatchObject({ score: 0.5, measured: false });
  });
});
