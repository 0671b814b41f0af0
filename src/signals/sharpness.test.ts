import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../config.js';
import { sharpness, sharpnessScore } from './sharpness.js';
import { flatGray, grayFrom, makeSignalInput } from './test-helpers.js';

const FLOOR = DEFAULT_CONFIG.min_blur_variance;

describe('sharpnessScore', () => {
  it('hits the contract band edges: floor → 0.50, 300 → 0.80, and stays at 0.80 however sharp', () => {
    expect(sharpnessScore(FLOOR, FLOOR)).toBeCloseTo(0.5, 12);
    expect(sharpnessScore(300, FLOOR)).toBeCloseTo(0.8, 12);
    expect(sharpnessScore(1500, FLOOR)).toBe(0.8);
    expect(sharpnessScore(1e6, FLOOR)).toBe(0.8);
    expect(sharpnessScore(0, FLOOR)).toBe(0);
  });

  it('is < 0.50 below the floor and in 0.50–0.79 between floor and 300 (typical compressed selfie)', () => {
    expect(sharpnessScore(FLOOR - 1, FLOOR)).toBeLessThan(0.5);
    expect(sharpnessScore(10, FLOOR)).toBeLessThan(0.5);
    for (const v of [FLOOR, 80, 150, 299]) {
      expect(sharpnessScore(v, FLOOR)).toBeGreaterThanOrEqual(0.5);
      expect(sharpnessScore(v, FLOOR)).toBeLessThan(0.8);
    }
  });

  it('is monotone and follows a configured floor', () => {
    let previous = -1;
    for (let v = 0; v <= 3000; v += 7) {
      const score = sharpnessScore(v, FLOOR);
      expect(score).toBeGreaterThanOrEqual(previous);
      previous = score;
    }
    expect(sharpnessScore(10, 10)).toBeCloseTo(0.5, 12);
    expect(sharpnessScore(300, 250)).toBeLessThan(0.8); // "sharp" moves up with a high floor
    expect(sharpnessScore(5, 0)).toBeGreaterThanOrEqual(0.5);
  });
});

describe('sharpness signal', () => {
  it('scores a flat face region 0 and names the measured value', () => {
    const result = sharpness(makeSignalInput({ faceGray: flatGray(50, 50) }), DEFAULT_CONFIG);
    expect(result).toMatchObject({ score: 0, measured: true });
    expect(result.raw.laplacian_variance).toBe(0);
    expect(result.detail).toContain('0.0');
  });

  it('scores a detailed region as sharp', () => {
    const result = sharpness(makeSignalInput(), DEFAULT_CONFIG);
    expect(result.score).toBeGreaterThanOrEqual(0.8);
    expect(result.detail).toMatch(/Laplacian variance of the face is \d+\.\d/);
  });

  it('applies min_blur_variance from the configuration', () => {
    // a checkerboard 100 ± a has L = ±8a, so variance 64a²: a = 2 → 256
    const board = grayFrom(20, 20, (x, y) => 100 + 2 * (((x + y) % 2) * 2 - 1));
    const input = makeSignalInput({ faceGray: board });
    expect(sharpness(input, DEFAULT_CONFIG).raw.laplacian_variance).toBeCloseTo(256, 6);
    expect(sharpness(input, resolveConfig({ min_blur_variance: 500 })).score).toBeLessThan(0.5);
    expect(sharpness(input, DEFAULT_CONFIG).score).toBeGreaterThanOrEqual(0.5);
  });

  it('is neutral and unmeasured on a region too small for the kernel', () => {
    const result = sharpness(makeSignalInput({ faceGray: flatGray(2, 2) }), DEFAULT_CONFIG);
    expect(result).toMatchObject({ score: 0.5, measured: false });
    expect(result.detail).toContain('could not be measured');
  });
});
