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
import { calibratedProbability, distortionProbability, liveTextureProbability, stackerInputs, stackerLogit, TEXTURE_FEATURES, textureFeatures } from './texture-model.js';
import type { BoundaryMeasurement } from '../pixels/boundary.js';
import type { MiniFasNetOutcome, SignalFunction } from './types.js';

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

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The short key of a MiniFASNet model in raw measurements: `v2`, `v1se`. */
function modelKey(name: string): string {
  return name.replace(/^MiniFASNet/i, '').toLowerCase();
}

/**
 * MiniFASNet's outputs as raw measurements: each model's real probability (`minifasnet_v2_p_real`,
 * `minifasnet_v1se_p_real`) and their mean (`minifasnet_p_real`), the scale each crop was cut at
 * (`minifasnet_v2_scale_used`, …), 1 when a context did not fit and its scale was lowered
 * (`minifasnet_context_reduced`) or it was moved inside the image (`minifasnet_context_shifted`), and 1
 * when cut at full resolution (`minifasnet_full_resolution`). Empty when it did not run.
 */
export function miniFasNetMeasurements(outcome: MiniFasNetOutcome): Record<string, number> {
  if (!outcome.ok) return {};
  const raw: Record<string, number> = {
    minifasnet_p_real: outcome.real,
    minifasnet_context_reduced: outcome.models.some((m) => m.scaleReduced) ? 1 : 0,
    minifasnet_context_shifted: outcome.models.some((m) => m.shifted) ? 1 : 0,
    minifasnet_full_resolution: outcome.fullResolution ? 1 : 0,
  };
  for (const model of outcome.models) {
    const key = modelKey(model.name);
    raw[`minifasnet_${key}_p_real`] = model.real;
    raw[`minifasnet_${key}_scale_used`] = model.scaleUsed;
  }
  return raw;
}

/**
 * What MiniFASNet said, in words: its real probability and, when a context ran off the image, what its
 * authors' rule did about it (the scale lowered, the crop moved inside the image).
 */
export function miniFasNetDetail(outcome: MiniFasNetOutcome): string {
  if (!outcome.ok) return `MiniFASNet could not run (${outcome.reason})`;
  const scales = outcome.models.map((m) => `${fmt(m.scale, 1)}×`).join(' and ');
  const fitted = outcome.models.filter((m) => m.scaleReduced || m.shifted);
  const reduced = fitted.filter((m) => m.scaleReduced);
  const what = [
    reduced.length ? `cut at ${reduced.map((m) => `${fmt(m.scaleUsed, 2)}×`).join(' and ')}` : '',
    fitted.some((m) => m.shifted) ? 'moved inside the image, the face off centre' : '',
  ].filter(Boolean);
  const context = fitted.length
    ? ` (the ${fitted.map((m) => `${fmt(m.scale, 1)}×`).join(' and ')} context${fitted.length > 1 ? 's' : ''} ran off the image: ${what.join(', ')}, as the models' authors do)`
    : '';
  return `MiniFASNet (face context ${scales}) scores the face ${fmt(outcome.real, 2)} real${context}${outcome.fullResolution ? '' : ', on the analysed copy, not the full resolution'}`;
}

/**
 * The boundary measure as raw measurements: `frame_measurable` (0: too little image around the face
 * to look), and when measured the frame sides found, the sum of their runs, their contrast and step
 * (grey levels), the dark uniform sides, the skin share outside them, and the frame score.
 */
export function frameMeasurements(boundary: BoundaryMeasurement): Record<string, number> {
  if (!boundary.measurable) return { frame_measurable: 0 };
  return {
    frame_measurable: 1,
    frame_sides: boundary.sideCount,
    frame_run_sum: boundary.runSum,
    frame_contrast: boundary.contrast,
    frame_step: boundary.step,
    frame_dark_sides: boundary.darkSides,
    frame_skin_share: boundary.skinShare,
    frame_probability: boundary.probability,
  };
}

/**
 * Skin texture, or "is this skin seen directly by a camera": the stacker of texture-model.ts weighs
 * MiniFASNet's two models (recapture detectors run on the face with 2.7× and 4.0× context), the fitted
 * colour-texture model (the face and its context, with the greyscale 96×96 uniform-LBP entropy and
 * dominant-bin share among its inputs) and the distortion model (the 128×128 face square's noise residual
 * and Laplacian energy), calibrated to the verdict's threshold. A dominant share above
 * `lbp_dominant_bin_spoof_threshold` caps the score at the greyscale texture score. The boundary measure
 * (a frame closing around the face) is reported in the measurements and the detail; it does not move
 * the score (docs/ACCURACY.md: no gain on the development sources).
 */
export const lbpTexture: SignalFunction = (input, config) => {
  const img = input.faceGray96;
  if (img.width < 3 || img.height < 3) {
    return unmeasured(`Skin texture could not be measured: the face crop (${img.width}×${img.height} px) is too small.`);
  }
  const miniFasNet = input.miniFasNet;
  if (!miniFasNet.ok) return unmeasured(`Skin texture could not be measured: ${miniFasNetDetail(miniFasNet)}.`);
  // uniform LBP P=8 R=1 (Ojala 2002) histogram, then its entropy and dominant bin
  const hist = lbpHistogram(img);
  const entropy = shannonEntropy(hist);
  const dominant = dominantBinRatio(hist);
  const threshold = config.lbp_dominant_bin_spoof_threshold;
  // colour texture analysis: logistic model over YCbCr/HSV uniform-LBP histograms
  const features = textureFeatures(input.colourCrops, entropy, dominant);
  const colourProbability = liveTextureProbability(features);
  // image distortion: the face's noise residual and Laplacian energy (a recapture softens both)
  // (the 128×128 square always has an interior; should it not, the stacker leaves that input out)
  const noise = Math.log(medianResidualStd(input.faceGray128) + LOG_FLOOR);
  const laplacian = Math.log(laplacianVariance(input.faceGray128) + LOG_FLOOR);
  const distortionMeasured = Number.isFinite(noise) && Number.isFinite(laplacian);
  const distortion = distortionMeasured ? distortionProbability([noise, laplacian]) : Number.NaN;
  // stacked generalisation: one logistic model over the four logits, calibrated to the threshold
  const [v2, v1se] = miniFasNet.models.map((m) => m.real);
  const z = stackerLogit(stackerInputs({ miniFasNetV2: v2, miniFasNetV1se: v1se, colour: colourProbability, distortion }));
  const probability = calibratedProbability(z);
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
    ...miniFasNetMeasurements(miniFasNet),
    stacker_logit: z,
    texture_probability: probability,
    colour_texture_probability: colourProbability,
    ...(distortionMeasured ? { distortion_probability: distortion, face_noise_log_std: noise, face_laplacian_log_var: laplacian } : {}),
    lbp_entropy_bits: entropy,
    lbp_dominant_ratio: dominant,
    lbp_dominant_threshold: threshold,
    ...frameMeasurements(input.boundary),
  };
  TEXTURE_FEATURES.forEach((name, i) => {
    if (name.startsWith('tex_')) raw[name] = features[i];
  });
  const evidence = `${capitalised(miniFasNetDetail(miniFasNet))}; colour texture of the face and its surroundings ${fmt(colourProbability, 2)}, fine grain and sharpness ${distortionMeasured ? fmt(distortion, 2) : 'not measured'}; together ${fmt(probability, 2)}`;
  const lbp = `greyscale LBP entropy is ${fmt(entropy, 2)} of ${fmt(MAX_LBP_ENTROPY, 2)} bits and the dominant pattern covers ${fmt(dominant * 100, 1)} % (threshold ${fmt(threshold * 100, 0)} %${capped ? ', exceeded: the score is capped' : ''})`;
  return measuredScore(score, `${evidence}: ${verdict}. The ${lbp}. Around the face, ${input.boundary.detail}.`, raw);
};
