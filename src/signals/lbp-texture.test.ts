import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../config.js';
import { dominanceScore, entropyScore, lbpTexture, MAX_LBP_ENTROPY, textureScore } from './lbp-texture.js';
import type { BoundaryMeasured } from '../pixels/boundary.js';
import { laplacianVariance } from '../pixels/laplacian.js';
import { medianResidualStd } from '../pixels/noise.js';
import { calibratedProbability, stackerInputs, stackerLogit } from './texture-model.js';
import { flatGray, grayFrom, makeSignalInput, miniFasNetSaying, powerLawGray } from './test-helpers.js';

const T = DEFAULT_CONFIG.lbp_dominant_bin_spoof_threshold;

/** A boundary measurement with three dark frame sides found (the measure itself is tested in pixels/). */
const measuredFrame: BoundaryMeasured = {
  measurable: true,
  quad: null,
  sideCount: 3,
  sides: [],
  runSum: 2.7,
  contrast: 120,
  step: 90,
  darkSides: 3,
  skinShare: 0,
  probability: 0.99,
  detail: '',
};

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
  it('scores fine natural texture that MiniFASNet calls real ≥ 0.80', () => {
    for (const seed of [1, 2]) {
      const live = lbpTexture(makeSignalInput({ faceGray96: naturalTexture(seed), miniFasNet: miniFasNetSaying(0.99, 0.99) }), DEFAULT_CONFIG);
      expect(live.score).toBeGreaterThanOrEqual(0.8);
      expect(live.raw.lbp_dominant_ratio).toBeLessThan(T);
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

  it('weighs MiniFASNet, the colour-texture and the distortion probabilities in the stacker, calibrated', () => {
    const grain = powerLawGray(128, 2.5, 4);
    const result = lbpTexture(makeSignalInput({ faceGray96: naturalTexture(4), faceGray128: grain, miniFasNet: miniFasNetSaying(0.7, 0.4) }), DEFAULT_CONFIG);
    const { colour_texture_probability: colour, distortion_probability: distortion, stacker_logit: z, texture_probability: probability } = result.raw;
    expect(z).toBeCloseTo(stackerLogit(stackerInputs({ miniFasNetV2: 0.7, miniFasNetV1se: 0.4, colour, distortion })), 12);
    expect(probability).toBeCloseTo(calibratedProbability(z), 12);
    expect(result.score).toBeCloseTo(probability, 12); // dominant share under the threshold: no cap
    expect(result.raw).toMatchObject({ minifasnet_v2_p_real: 0.7, minifasnet_v1se_p_real: 0.4, minifasnet_p_real: 0.55, minifasnet_context_reduced: 0 });
    expect(result.raw.face_noise_log_std).toBeCloseTo(Math.log(medianResidualStd(grain) + 1e-3), 12);
    expect(result.raw.face_laplacian_log_var).toBeCloseTo(Math.log(laplacianVariance(grain) + 1e-3), 12);
    expect(result.detail).toMatch(/^MiniFASNet \(face context 2\.7× and 4\.0×\) scores the face 0\.55 real; colour texture of the face and its surroundings \d\.\d\d, fine grain and sharpness \d\.\d\d; together \d\.\d\d/);
  });

  it('rises with each MiniFASNet model\'s real probability', () => {
    const scoreWith = (v2: number, v1se: number) => lbpTexture(makeSignalInput({ faceGray96: naturalTexture(7), miniFasNet: miniFasNetSaying(v2, v1se) }), DEFAULT_CONFIG).score;
    expect(scoreWith(0.5, 0.2)).toBeGreaterThan(scoreWith(0.2, 0.2));
    expect(scoreWith(0.2, 0.5)).toBeGreaterThan(scoreWith(0.2, 0.2));
  });

  it('says when a MiniFASNet context ran off the image, and what was done about it', () => {
    const outcome = miniFasNetSaying(0.8, 0.6);
    if (!outcome.ok) throw new Error('unreachable');
    outcome.models[1] = { ...outcome.models[1], scaleUsed: 2.31, scaleReduced: true, shifted: true };
    const result = lbpTexture(makeSignalInput({ miniFasNet: outcome }), DEFAULT_CONFIG);
    expect(result.detail).toContain('(the 4.0× context ran off the image: cut at 2.31×, moved inside the image, the face off centre, as the models\' authors do)');
    expect(result.raw).toMatchObject({ minifasnet_v1se_scale_used: 2.31, minifasnet_context_reduced: 1, minifasnet_context_shifted: 1 });
  });

  it('is unmeasured, never a spoof-like score, when MiniFASNet could not run', () => {
    const result = lbpTexture(makeSignalInput({ miniFasNet: { ok: false, reason: 'the face box is empty' } }), DEFAULT_CONFIG);
    expect(result).toMatchObject({ score: 0.5, measured: false });
    expect(result.detail).toContain('MiniFASNet could not run (the face box is empty)');
  });

  it('reports the frame around the face in its detail and measurements, without moving the score', () => {
    const base = makeSignalInput({ faceGray96: naturalTexture(8) });
    const framed = { ...base, boundary: { ...measuredFrame, detail: 'a dark rectangular border encloses the face on 3 sides (left, top and right)' } };
    const without = lbpTexture(base, DEFAULT_CONFIG);
    const withFrame = lbpTexture(framed, DEFAULT_CONFIG);
    expect(withFrame.score).toBe(without.score);
    expect(withFrame.detail).toContain('Around the face, a dark rectangular border encloses the face on 3 sides (left, top and right).');
    expect(withFrame.raw).toMatchObject({ frame_measurable: 1, frame_sides: 3, frame_dark_sides: 3 });
    expect(without.raw.frame_measurable).toBe(0);
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

  it('leaves the distortion input out of the stacker (at its training mean) when the 128×128 square has no interior', () => {
    const result = lbpTexture(makeSignalInput({ faceGray96: naturalTexture(6), faceGray128: flatGray(2, 2) }), DEFAULT_CONFIG);
    expect(result.measured).toBe(true);
    const z = stackerLogit(stackerInputs({ miniFasNetV2: 0.9, miniFasNetV1se: 0.9, colour: result.raw.colour_texture_probability, distortion: Number.NaN }));
    expect(result.raw.stacker_logit).toBeCloseTo(z, 12);
    expect(result.raw).not.toHaveProperty('distortion_probability');
    expect(result.detail).toContain('fine grain and sharpness not measured');
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
