import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config.js';
import { azimuthalScore, fftDeepfake, highFrequencyScore, kurtosisScore } from './fft-deepfake.js';
import { flatGray, grayFrom, makeSignalInput, powerLawGray } from './test-helpers.js';

describe('fft sub-scores', () => {
  it('kurtosis: 1 up to 4, 0 at fft_kurtosis_max', () => {
    expect(kurtosisScore(3, 12)).toBe(1);
    expect(kurtosisScore(4, 12)).toBe(1);
    expect(kurtosisScore(8, 12)).toBeCloseTo(0.5, 12);
    expect(kurtosisScore(12, 12)).toBe(0);
    expect(kurtosisScore(30, 12)).toBe(0);
  });

  it('high-frequency share: 1 within ±0.10 of the baseline, 0 at ±0.30', () => {
    expect(highFrequencyScore(0.65, 0.65)).toBe(1);
    expect(highFrequencyScore(0.74, 0.65)).toBe(1);
    expect(highFrequencyScore(0.45, 0.65)).toBeCloseTo(0.5, 12);
    expect(highFrequencyScore(0.35, 0.65)).toBe(0);
    expect(highFrequencyScore(0.95, 0.65)).toBe(0);
  });

  it('azimuthal variance: 1 up to half the ceiling, 0 at and above it', () => {
    expect(azimuthalScore(0.1, 0.35)).toBe(1);
    expect(azimuthalScore(0.2625, 0.35)).toBeCloseTo(0.5, 12);
    expect(azimuthalScore(0.35, 0.35)).toBe(0);
    expect(azimuthalScore(0.9, 0.35)).toBe(0);
  });
});

describe('fftDeepfake signal', () => {
  it('scores a natural power-law spectrum ≥ 0.80 and names the three values', () => {
    const result = fftDeepfake(makeSignalInput({ faceGray128: powerLawGray(128, 3, 2) }), DEFAULT_CONFIG);
    expect(result.score).toBeGreaterThanOrEqual(0.8);
    expect(result.measured).toBe(true);
    expect(result.detail).toMatch(/ring kurtosis is \d+\.\d\d .*high-frequency share \d\.\d\d .*azimuthal variance \d\.\d{3}/);
    expect(Object.keys(result.raw)).toEqual(expect.arrayContaining(['ring_kurtosis', 'hf_ratio', 'azimuthal_variance']));
  });

  it('scores a periodic grid artefact (up-sampling checkerboard) below 0.40', () => {
    const base = powerLawGray(128, 3, 2);
    const grid = grayFrom(128, 128, (x, y) => base.data[y * 128 + x] + 25 * ((((x >> 1) + (y >> 1)) % 2) * 2 - 1));
    const result = fftDeepfake(makeSignalInput({ faceGray128: grid }), DEFAULT_CONFIG);
    expect(result.raw.ring_kurtosis).toBeGreaterThan(DEFAULT_CONFIG.fft_kurtosis_max);
    expect(result.score).toBeLessThan(0.4);
  });

  it('penalises directional structure (stripes at every scale)', () => {
    const stripes = grayFrom(128, 128, (x) => 128 + 40 * Math.sin(x * 0.7) + 30 * Math.sin(x * 2.1) + 20 * Math.sin(x * 0.25));
    const result = fftDeepfake(makeSignalInput({ faceGray128: stripes }), DEFAULT_CONFIG);
    expect(result.raw.azimuthal_variance).toBeGreaterThan(DEFAULT_CONFIG.fft_az_variance_max);
    expect(result.raw.azimuthal_score).toBe(0);
  });

  it('is neutral and unmeasured for a flat or non-square crop', () => {
    expect(fftDeepfake(makeSignalInput({ faceGray128: flatGray(128, 128) }), DEFAULT_CONFIG)).toMatchObject({
      score: 0.5,
      measured: false,
    });
    expect(fftDeepfake(makeSignalInput({ faceGray128: flatGray(128, 96) }), DEFAULT_CONFIG)).toMatchObject({
      score: 0.5,
      measured: false,
    });
  });
});
