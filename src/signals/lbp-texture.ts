/**
 * Signal 6, `lbp_texture`: micro-texture of the skin on a 96×96 face crop. Camera-captured skin
 * has pores, fine shading and sensor noise that spread the uniform-LBP histogram; paper, screens
 * and smoothed renders concentrate it in a few patterns (Määttä, Hadid & Pietikäinen 2011,
 * "Face spoofing detection from single images using micro-texture analysis").
 */
import { laplacianVariance } from '../pixels/laplacian.js';
import { medianResidualStd } from '../pixels/noise.js';
import { dominantBinRatio, LBP_BINS, lbpHistogram, shannonEntropy } from '../pixels/lbp.js';
import { fmt, piecewiseLinear, measuredScore, unmeasured, type Knot } from './mapping.js';
import { blendTextureProbability, distortionProbability, liveTextureProbability, TEXTURE_FEATURES, textureFeatures } from './texture-model.js';
import type { SignalFunction } from './types.js';

/** Largest possible entropy of the 10-bin histogram, log2(10) ≈ 3.32 bits. */
export const MAX_LBP_ENTROPY = Math.log2(LBP_BINS);
/** Entropy (bits) at or below which the entropy sub-score is 0, and from which it is 1. */
const LOW_ENTROPY_BITS = 1.8;
const HIGH_ENTROPY_BITS = 2.8;
// Dominant-bin shares are judged against T = lbp_dominant_bin_spoof_threshold.
/** Below `T − 0.25` the dominance sub-score is 1 (camera skin crops: ≈ 0.25–0.45). */
const DOMINANCE_CLEAR_MARGIN = 0.25;
/** At `T + 0.05` the dominance sub-score is SPOOF_SCORE (spoofs usually exceed 0.65). */
const DOMINANCE_SPOOF_MARGIN = 0.05;
/** At `T + 0.25` the dominance sub-score is 0. */
const DOMINANCE_ZERO_MARGIN = 0.25;
/** Dominance sub-score at T and at `T + 0.05`; also band edges of the signal score. */
const AT_THRESHOLD_SCORE = 0.55;
const SPOOF_SCORE = 0.35;
/** Weights of the two sub-scores in the signal score. */
const ENTROPY_WEIGHT = 0.5;
const DOMINANCE_WEIGHT = 0.5;
/** Added before taking logarithms of the distortion measures (grey levels, grey levels²), so a flat crop stays finite. */
const LOG_FLOOR = 1e-3;
/** Band edges of the contract. */
const REAL_SKIN_SCORE = 0.8;

/**
 * Entropy sub-score: linear from 0 at 1.8 bits to 1 at 2.8 bits (camera skin crops: ≈ 2.4–3.1 bits).
 * @param entropy Shannon entropy of the uniform-LBP histogram, in bits.
 */
export function entropyScore(entropy: number): number {
  return piecewiseLinear(entropy, [
    [LOW_ENTROPY_BITS, 0],
    [HIGH_ENTROPY_BITS, 1],
  ]);
}

/**
 * Dominance sub-score, piecewise-linear in the dominant-bin share `d` against the threshold `T`:
 * `T − 0.25 → 1`, `T → 0.55`, `T + 0.05 → 0.35`, `T + 0.25 → 0`.
 * @param dominant share of the most populated bin, in [0.1, 1].
 * @param threshold `lbp_dominant_bin_spoof_threshold` (default 0.60).
 */
export function dominanceScore(dominant: number, threshold: number): number {
  const knots: Knot[] = [
    [threshold - DOMINANCE_CLEAR_MARGIN, 1],
    [threshold, AT_THRESHOLD_SCORE],
    [threshold + DOMINANCE_SPOOF_MARGIN, SPOOF_SCORE],
    [threshold + DOMINANCE_ZERO_MARGIN, 0],
  ];
  return piecewiseLinear(dominant, knots);
}

/**
 * Texture score: `0.5 · entropyScore + 0.5 · dominanceScore`. At the default T = 0.60 the two
 * agree: a dominant share above 0.65 caps the entropy near 2 bits, so such a crop scores < 0.35.
 */
export function textureScore(entropy: number, dominant: number, threshold: number): number {
  return ENTROPY_WEIGHT * entropyScore(entropy) + DOMINANCE_WEIGHT * dominanceScore(dominant, threshold);
}

/**
 * Skin texture: the fitted colour-texture model (see texture-model.ts) on the face and its context,
 * with the greyscale 96×96 uniform-LBP entropy and dominant-bin share among its inputs, mixed with the
 * fitted distortion model over the 128×128 face square's noise residual and Laplacian energy. A
 * dominant share above `lbp_dominant_bin_spoof_threshold` caps the score at the greyscale texture score.
 */
export const lbpTexture: SignalFunction = (input, config) => {
  const img = input.faceGray96;
  if (img.width < 3 || img.height < 3) {
    return unmeasured(`Skin texture could not be measured: the face crop (${img.width}×${img.height} px) is too small.`);
  }
  // uniform LBP P=8 R=1 (Ojala 2002) histogram, then its entropy and dominant bin
  const hist = lbpHistogram(img);
  const entropy = shannonEntropy(hist);
  const dominant = dominantBinRatio(hist);
  const threshold = config.lbp_dominant_bin_spoof_threshold;
  // colour texture analysis: logistic model over YCbCr/HSV uniform-LBP histograms
  const features = textureFeatures(input.colourCrops, entropy, dominant);
  const colourProbability = liveTextureProbability(features);
  // image distortion: the face's noise residual and Laplacian energy (a recapture softens both)
  // (the 128×128 square always has an interior; should it not, the colour model decides alone)
  const noise = Math.log(medianResidualStd(input.faceGray128) + LOG_FLOOR);
  const laplacian = Math.log(laplacianVariance(input.faceGray128) + LOG_FLOOR);
  const distortionMeasured = Number.isFinite(noise) && Number.isFinite(laplacian);
  const distortion = distortionMeasured ? distortionProbability([noise, laplacian]) : Number.NaN;
  const probability = distortionMeasured ? blendTextureProbability(colourProbability, distortion) : colourProbability;
  const capped = dominant > threshold;
  const score = capped ? Math.min(probability, textureScore(entropy, dominant, threshold)) : probability;
  const verdict =
    score >= REAL_SKIN_SCORE
      ? 'consistent with camera-captured skin'
      : score >= AT_THRESHOLD_SCORE
        ? 'broadly consistent with skin'
        : score >= SPOOF_SCORE
          ? 'partly uniform, possibly a flat medium such as paper or a screen'
          : 'uniform or periodic, a strong spoof indicator';
  const raw: Record<string, number> = {
    texture_probability: probability,
    colour_texture_probability: colourProbability,
    ...(distortionMeasured ? { distortion_probability: distortion, face_noise_log_std: noise, face_laplacian_log_var: laplacian } : {}),
    lbp_entropy_bits: entropy,
    lbp_dominant_ratio: dominant,
    lbp_dominant_threshold: threshold,
  };
  TEXTURE_FEATURES.forEach((name, i) => {
    if (name.startsWith('tex_')) raw[name] = features[i];
  });
  return measuredScore(
    score,
    `Colour texture of the face and its surroundings scores ${fmt(colourProbability, 2)} live-likelihood${distortionMeasured ? ` and the face's fine grain and sharpness ${fmt(distortion, 2)} (together ${fmt(probability, 2)})` : ''}; greyscale LBP entropy is ${fmt(entropy, 2)} of ${fmt(MAX_LBP_ENTROPY, 2)} bits and the dominant pattern covers ${fmt(dominant * 100, 1)} % (threshold ${fmt(threshold * 100, 0)} %${capped ? ', exceeded' : ''}): ${verdict}.`,
    raw,
  );
};
