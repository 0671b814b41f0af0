import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config.js';
import { powerLawImage, upsampleTransposedBilinear } from '../pixels/test-images.js';
import {
  azimuthalScore,
  fftDeepfake,
  highFrequencyScore,
  kurtosisScore,
  periodicityCap,
  periodicityDetail,
  PERIODICITY_FLOOR,
  PERIODICITY_FULL,
  PERIODICITY_KNEE,
} from './fft-deepfake.js';
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

describe('periodicityCap', () => {
  it('leaves the score alone up to the knee and when not measured', () => {
    expect(periodicityCap(-2)).toBe(1);
    expect(periodicityCap(PERIODICITY_KNEE)).toBe(1);
    expect(periodicityCap(Number.NaN)).toBe(1);
  });

  it('falls linearly to the floor, inside the contract band for strong periodic artefacts (< 0.40)', () => {
    const middle = (PERIODICITY_KNEE + PERIODICITY_FULL) / 2;
    expect(periodicityCap(middle)).toBeCloseTo((1 + PERIODICITY_FLOOR) / 2, 12);
    expect(periodicityCap(PERIODICITY_FULL)).toBe(PERIODICITY_FLOOR);
    expect(periodicityCap(5)).toBe(PERIODICITY_FLOOR);
    expect(PERIODICITY_FLOOR).toBeLessThan(0.4);
  });

  it('says what was found: the peak ratio, the tiles and the verdict', () => {
    const found = periodicityDetail({ periodicity: Math.log(2), horizontal: 0.7, vertical: 0.69, diagonal: 0, tiles: 196, spread: 0.1, evidence: 0.49 });
    expect(found).toContain('2.00×');
    expect(found).toContain('196 tiles');
    expect(found).toContain('traces of up-sampling');
    const natural = periodicityDetail({ periodicity: 0, horizontal: 0, vertical: 0, diagonal: 0, tiles: 49, spread: 0.2, evidence: -0.4 });
    expect(natural).toContain('no up-sampling trace');
    const none = periodicityDetail({ periodicity: Number.NaN, horizontal: Number.NaN, vertical: Number.NaN, diagonal: Number.NaN, tiles: 0, spread: Number.NaN, evidence: Number.NaN });
    expect(none).toContain('not measured');
  });
});

describe('fftDeepfake on a face up-sampled ×2 as a generator does', () => {
  const natural = powerLawImage(256, 2, 101);
  const upsampled = upsampleTransposedBilinear(powerLawImage(128, 2, 1));

  it('caps the score into the strong-artefact band when the native-resolution face carries the trace', () => {
    const clean = fftDeepfake(makeSignalInput({ faceGray128: powerLawGray(128, 3, 2), faceNative: natural }), DEFAULT_CONFIG);
    const generated = fftDeepfake(makeSignalInput({ faceGray128: powerLawGray(128, 3, 2), faceNative: upsampled }), DEFAULT_CONFIG);
    expect(clean.raw.periodicity_cap).toBe(1);
    expect(clean.score).toBeGreaterThanOrEqual(0.8);
    expect(generated.raw.periodicity_evidence).toBeGreaterThan(PERIODICITY_FULL);
    expect(generated.raw.periodicity_cap).toBe(PERIODICITY_FLOOR);
    expect(generated.score).toBe(PERIODICITY_FLOOR);
    expect(generated.detail).toMatch(/period-2 peaks .* stand \d+\.\d\d× .* over 36 tiles .*traces of up-sampling/);
  });

  it('leaves the score alone when the face is too small to measure at native resolution', () => {
    const small = fftDeepfake(makeSignalInput({ faceGray128: powerLawGray(128, 3, 2), faceNative: { width: 0, height: 0, data: new Float32Array(0) } }), DEFAULT_CONFIG);
    expect(small.raw.periodicity_cap).toBe(1);
    expect(small.raw.periodicity_tiles).toBe(0);
    expect(small.detail).toContain('up-sampling periodicity not measured');
  });
});
