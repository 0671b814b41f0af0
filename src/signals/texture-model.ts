/**
 * The fitted part of `lbp_texture`: a logistic model over colour texture (Boulkenafet, Komulainen &
 * Hadid 2016, "Face spoof detection using colour texture analysis"): uniform-LBP histograms of the
 * YCbCr and HSV channels of the face square and of its 1.6× context, at 64×64 and 128×128, plus the
 * entropy and dominant-bin share of the greyscale 96×96 LBP histogram; blended with a two-input
 * distortion model over the face's noise residual and Laplacian energy (image distortion analysis,
 * Wen, Han & Jain 2015). Both sets of coefficients are fitted by `scripts/fit.mjs` and stored in
 * `texture-model.json`.
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
 * The colour-texture model, with the distortion model and its share of the texture probability.
 * The 242-input colour model separates the sources it has seen almost perfectly and saturates at 0 or
 * 1; the two distortion measures are weaker alone but rank faces that the colour model scores alike.
 */
export interface TextureModel extends LogisticModel {
  distortion: LogisticModel;
  /** Share of the distortion model in the texture probability, in [0, 1]. */
  distortion_share: number;
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

/** The texture probability: the two models' probabilities mixed by `distortion_share`. */
export function blendTextureProbability(colour: number, distortion: number, model: TextureModel = TEXTURE_MODEL): number {
  return (1 - model.distortion_share) * colour + model.distortion_share * distortion;
}

function logisticProbability(features: ArrayLike<number>, model: LogisticModel, expected: readonly string[]): number {
  if (model.features.length !== features.length || model.features.some((name, i) => name !== expected[i])) {
    throw new Error('texture-model.json does not match the texture features; refit it with scripts/fit.mjs.');
  }
  let z = model.bias;
  for (let i = 0; i < features.length; i++) z += (model.weights[i] * (features[i] - model.mean[i])) / model.scale[i];
  return 1 / (1 + Math.exp(-z));
}
