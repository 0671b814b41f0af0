/**
 * The fitted part of `lbp_texture`, three logistic models fitted by `scripts/fit.mjs` and stored in
 * `texture-model.json`:
 * - the colour-texture model (Boulkenafet, Komulainen & Hadid 2016, "Face spoof detection using colour
 *   texture analysis"): uniform-LBP histograms of the YCbCr and HSV channels of the face square and of
 *   its 1.6× context, at 64×64 and 128×128, plus the entropy and dominant-bin share of the greyscale
 *   96×96 LBP histogram;
 * - the distortion model over the face's noise residual and Laplacian energy (image distortion
 *   analysis, Wen, Han & Jain 2015);
 * - the stacker, which weighs the logits of MiniFASNetV2, MiniFASNetV1SE and the two models above into
 *   one logit, calibrated to the verdict's threshold by a slope and an offset (stacked generalisation,
 *   Wolpert 1992).
 */
import { COLOUR_CHANNELS, colourLbpHistograms } from '../pixels/colour.js';
import { LBP_BINS } from '../pixels/lbp.js';
import fitted from './texture-model.json';
import type { ColourCrops } from './types.js';

/** The crops, in feature order. */
export const TEXTURE_CROPS = ['face64', 'face128', 'context64', 'context128'] as const satisfies readonly (keyof ColourCrops)[];

/** Names of the model's inputs, in order: 240 colour-LBP shares, then the two greyscale measurements. */
export const TEXTURE_FEATURES: readonly string[] = Object.freeze([
  ...TEXTURE_CROPS.flatMap((crop) => COLOUR_CHANNELS.flatMap((channel) => Array.from({ length: LBP_BINS }, (_, bin) => `tex_${crop}_${channel}_${bin}`))),
  'lbp_entropy_bits',
  'lbp_dominant_ratio',
]);

/** A standardised logistic model: p = σ(bias + Σ weights_i · (x_i − mean_i) / scale_i). */
export interface LogisticModel {
  features: string[];
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

/**
 * The stacker: a logistic model over the logits of its inputs (STACKER_FEATURES order, each probability
 * clipped to [clip, 1 − clip] first), and the calibration of its logit z: `σ(a·z + delta)`.
 */
export interface StackerModel extends LogisticModel {
  /** Probabilities are clipped to [clip, 1 − clip] before their logit is taken. */
  clip: number;
  calibration: { a: number; delta: number };
}

/**
 * The colour-texture model, with the distortion model and the stacker that weighs both with MiniFASNet.
 * The 242-input colour model separates the sources it has seen almost perfectly and saturates at 0 or
 * 1; the two distortion measures are weaker alone but rank faces that the colour model scores alike;
 * MiniFASNet, trained on large collections of attacks, carries most of the recapture evidence.
 */
export interface TextureModel extends LogisticModel {
  distortion: LogisticModel;
  stacker: StackerModel;
}

/** The committed fitted model. */
export const TEXTURE_MODEL: TextureModel = fitted as TextureModel;

/** Names of the distortion model's inputs, in order (both measured on the 128×128 greyscale face square). */
export const DISTORTION_FEATURES: readonly string[] = Object.freeze(['face_noise_log_std', 'face_laplacian_log_var']);

/** The model's inputs for one face, in TEXTURE_FEATURES order. */
export function textureFeatures(crops: ColourCrops, entropy: number, dominant: number): Float64Array {
  const features = new Float64Array(TEXTURE_FEATURES.length);
  const perCrop = COLOUR_CHANNELS.length * LBP_BINS;
  TEXTURE_CROPS.forEach((crop, i) => features.set(colourLbpHistograms(crops[crop]), i * perCrop));
  features[TEXTURE_CROPS.length * perCrop] = entropy;
  features[TEXTURE_CROPS.length * perCrop + 1] = dominant;
  return features;
}

/**
 * Probability that the colour texture is camera-captured skin, in (0, 1).
 * @throws Error when the model was fitted on other features than TEXTURE_FEATURES.
 */
export function liveTextureProbability(features: ArrayLike<number>, model: LogisticModel = TEXTURE_MODEL): number {
  return logisticProbability(features, model, TEXTURE_FEATURES);
}

/**
 * Probability from the distortion measures (DISTORTION_FEATURES order) that the face is a camera's
 * own capture, in (0, 1).
 * @throws Error when the model was fitted on other features than DISTORTION_FEATURES.
 */
export function distortionProbability(features: ArrayLike<number>, model: LogisticModel = TEXTURE_MODEL.distortion): number {
  return logisticProbability(features, model, DISTORTION_FEATURES);
}

/** Names of the stacker's inputs, in order: each is the logit of a probability. */
export const STACKER_FEATURES: readonly string[] = Object.freeze(['minifasnet_v2', 'minifasnet_v1se', 'colour', 'distortion']);

/** The probabilities the stacker weighs (a `NaN` distortion: not measured). */
export interface StackerProbabilities {
  /** MiniFASNetV2's and MiniFASNetV1SE's real probabilities. */
  miniFasNetV2: number;
  miniFasNetV1se: number;
  /** The colour-texture and distortion models' probabilities. */
  colour: number;
  distortion: number;
}

/** `ln(p / (1 − p))` of `p` clipped to [clip, 1 − clip]. */
export function clippedLogit(p: number, clip: number): number {
  const q = Math.min(1 - clip, Math.max(clip, p));
  return Math.log(q / (1 - q));
}

/** The stacker's inputs (STACKER_FEATURES order): the clipped logits of the probabilities. */
export function stackerInputs(p: StackerProbabilities, model: StackerModel = TEXTURE_MODEL.stacker): number[] {
  return [p.miniFasNetV2, p.miniFasNetV1se, p.colour, p.distortion].map((v) => (Number.isNaN(v) ? Number.NaN : clippedLogit(v, model.clip)));
}

/**
 * The stacker's logit z = bias + Σ weights_i · (x_i − mean_i) / scale_i. An input that is `NaN` (not
 * measured) adds nothing, as if it sat at its training mean.
 * @throws Error when the model was fitted on other inputs than STACKER_FEATURES.
 */
export function stackerLogit(inputs: ArrayLike<number>, model: StackerModel = TEXTURE_MODEL.stacker): number {
  checkFeatures(model, STACKER_FEATURES, inputs.length);
  let z = model.bias;
  for (let i = 0; i < inputs.length; i++) if (!Number.isNaN(inputs[i])) z += (model.weights[i] * (inputs[i] - model.mean[i])) / model.scale[i];
  return z;
}

/** The calibrated probability of a stacker logit: `σ(a·z + delta)`. */
export function calibratedProbability(z: number, calibration: { a: number; delta: number } = TEXTURE_MODEL.stacker.calibration): number {
  return 1 / (1 + Math.exp(-(calibration.a * z + calibration.delta)));
}

function checkFeatures(model: LogisticModel, expected: readonly string[], count: number): void {
  if (model.features.length !== count || model.features.some((name, i) => name !== expected[i])) {
    throw new Error('texture-model.json does not match the texture features; refit it with scripts/fit.mjs.');
  }
}

function logisticProbability(features: ArrayLike<number>, model: LogisticModel, expected: readonly string[]): number {
  checkFeatures(model, expected, features.length);
  let z = model.bias;
  for (let i = 0; i < features.length; i++) z += (model.weights[i] * (features[i] - model.mean[i])) / model.scale[i];
  return 1 / (1 + Math.exp(-z));
}
