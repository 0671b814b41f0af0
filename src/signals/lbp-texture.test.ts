import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../config.js';
import { dominanceScore, entropyScore, lbpTexture, MAX_LBP_ENTROPY, textureScore } from './lbp-texture.js';
import { laplacianVariance } from '../pixels/laplacian.js';
import { medianResidualStd } from '../pixels/noise.js';
import { blendTextureProbability } from './texture-model.js';
import { flatGray, grayFrom, makeSignalInput, powerLawGray } from './test-helpers.js';

const T = DEFAULT_CONFIG.lbp_dominant_bin_spoof_threshold;

/** A 96×96 crop of power-law noise: fine texture at every scale, like camera-captured skin. */
function naturalTexture(seed: number) {
  const big = powerLawGray(128, 2.5, seed);
  return grayFrom(96, 96, (x, y) => big.data[(y + 16) * 128 + x + 16]);
}

describe('texture sub-scores', () => {
  it('entropy: 0 at 1.8 bits, 1 from 2.8 bits', () => {
    expect(MAX_LBP_ENTROPY).toBeCloseTo(3.3219, 4);
    expect(entropyScore(1.8)).toBe(0);
    expect(entropyScore(2.3)).toBeCloseTo(0.5, 12);
    expect(entropyScore(2.8)).toBe(1);
    expect(entropyScore(MAX_LBP_ENTROPY)).toBe(1);
  });

  it('dominance: 1 below T − 0.25, 0.55 at T, 0.35 at T + 0.05, 0 from T + 0.25', () => {
    expect(dominanceScore(0.3, T)).toBe(1);
    expect(dominanceScore(T, T)).toBeCloseTo(0.55, 12);
    expect(dominanceScore(T + 0.05, T)).toBeCloseTo(0.35, 12);
    expect(dominanceScore(T + 0.25, T)).toBe(0);
    expect(dominanceScore(1, T)).toBe(0);
  });

  it('combines the two halves equally', () => {
    expect(textureScore(2.8, 0.3, T)).toBe(1);
    expect(textureScore(1.8, 0.3, T)).toBe(0.5);
    // the most entropy a histogram with 66 % in one bin can have is ≈ 2.0 bits → < 0.35
    const entropyCap = -(0.66 * Math.log2(0.66)) - 0.34 * Math.log2(0.34 / 9);
    expect(textureScore(entropyCap, 0.66, T)).toBeLessThan(0.35);
  });
});

describe('lbpTexture signal', () => {
  it('scores fine natural texture ≥ 0.80', () => {
    for (const seed of [1, 2]) {
      const result = lbpTexture(makeSignalInput({ faceGray96: naturalTexture(seed) }), DEFAULT_CONFIG);
      expect(result.score).toBeGreaterThanOrEqual(0.8);
      expect(result.raw.lbp_dominant_ratio).toBeLessThan(T);
    }
  });

  it('scores a flat crop 0 (one pattern, no entropy)', () => {
    const result = lbpTexture(makeSignalInput({ faceGray96: flatGray(96, 96) }), DEFAULT_CONFIG);
    expect(result).toMatchObject({ score: 0, measured: true });
    expect(result.raw).toMatchObject({ lbp_entropy_bits: 0, lbp_dominant_ratio: 1 });
    expect(result.detail).toContain('uniform or periodic');
  });

  it('scores a smooth gradient (every pixel the same edge pattern) below 0.35', () => {
    const ramp = grayFrom(96, 96, (x, y) => x * 1.5 + y * 0.2);
    expect(lbpTexture(makeSignalInput({ faceGray96: ramp }), DEFAULT_CONFIG).score).toBeLessThan(0.35);
  });

  it('reads the dominant-bin threshold from the configuration', () => {
    const input = makeSignalInput({ faceGray96: naturalTexture(3) });
    const strict = lbpTexture(input, resolveConfig({ lbp_dominant_bin_spoof_threshold: 0.2 }));
    expect(strict.score).toBeLessThan(lbpTexture(input, DEFAULT_CONFIG).score);
  });

  it('mixes the colour-texture and distortion probabilities into its score', () => {
    const grain = powerLawGray(128, 2.5, 4);
    const result = lbpTexture(makeSignalInput({ faceGray96: naturalTexture(4), faceGray128: grain }), DEFAULT_CONFIG);
    const { colour_texture_probability: colour, distortion_probability: distortion, texture_probability: mixed } = result.raw;
    expect(mixed).toBeCloseTo(blendTextureProbability(colour, distortion), 12);
    expect(result.score).toBeCloseTo(mixed, 12); // dominant share under the threshold: no cap
    expect(result.raw.face_noise_log_std).toBeCloseTo(Math.log(medianResidualStd(grain) + 1e-3), 12);
    expect(result.raw.face_laplacian_log_var).toBeCloseTo(Math.log(laplacianVariance(grain) + 1e-3), 12);
    expect(result.detail).toMatch(/fine grain and sharpness \d\.\d\d \(together \d\.\d\d\)/);
  });

  it('gives a softened face square a lower distortion probability', () => {
    const grain = powerLawGray(128, 2.5, 5);
    const soft = grayFrom(128, 128, (x, y) => {
      let sum = 0;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) sum += grain.data[Math.min(127, Math.max(0, y + dy)) * 128 + Math.min(127, Math.max(0, x + dx))];
      return sum / 25;
    });
    const sharp = lbpTexture(makeSignalInput({ faceGray128: grain }), DEFAULT_CONFIG).raw.distortion_probability;
    const blurred = lbpTexture(makeSignalInput({ faceGray128: soft }), DEFAULT_CONFIG).raw.distortion_probability;
    expect(blurred).toBeLessThan(sharp);
  });

  it('falls back on the colour model alone when the 128×128 square has no interior', () => {
    const result = lbpTexture(makeSignalInput({ faceGray96: naturalTexture(6), faceGray128: flatGray(2, 2) }), DEFAULT_CONFIG);
    expect(result.measured).toBe(true);
    expect(result.score).toBeCloseTo(result.raw.colour_texture_probability, 12);
    expect(result.raw).not.toHaveProperty('distortion_probability');
    expect(result.detail).not.toMatch(/fine grain/);
  });

  it('names entropy and dominant share in the detail', () => {
    const result = lbpTexture(makeSignalInput({ faceGray96: naturalTexture(1) }), DEFAULT_CONFIG);
    expect(result.detail).toMatch(/entropy is \d\.\d\d of 3\.32 bits and the dominant pattern covers \d+\.\d %/);
  });

  it('is neutral and unmeasured on a crop under 3×3', () => {
    expect(lbpTexture(makeSignalInput({ faceGray96: flatGray(2, 2) }), DEFAULT_CONFIG)).toMatchObject({
      score: 0.5,
      measured: false,
    });
  });
});
