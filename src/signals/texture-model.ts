/**
 * The fitted part of `lbp_texture`: a logistic model over colour texture (Boulkenafet, Komulainen &
 * Hadid 2016, "Face spoof detection using colour texture analysis"): uniform-LBP histograms of the
 * YCbCr and HSV channels of the face square and of its 1.6× context, at 64×64 and 128×128, plus the
 * entropy and dominant-bin share of the greyscale 96×96 LBP histogram. Its coefficients are fitted by
 * `scripts/fit.mjs` and stored in `texture-model.json`.
 */
import { COLOUR_CHANNELS, colourLbpHistograms } from '../pixels/colour';
import { LBP_BINS } from '../pixels/lbp';
import fitted from './texture-model.json';
import type { ColourCrops } from './types';

/** The crops, in feature order. */
export const TEXTURE_CROPS = ['face64', 'face128', 'context64', 'context128'] as const satisfies readonly (keyof ColourCrops)[];

/** Names of the model's inputs, in order: 240 colour-LBP shares, then the two greyscale measurements. */
export const TEXTURE_FEATURES: readonly string[] = Object.freeze([
  ...TEXTURE_CROPS.flatMap((crop) => COLOUR_CHANNELS.flatMap((channel) => Array.from({ length: LBP_BINS }, (_, bin) => `tex_${crop}_${channel}_${bin}`))),
  'lbp_entropy_bits',
  'lbp_dominant_ratio',
]);

/** A standardised logistic model: p = σ(bias + Σ weights_i · (x_i − mean_i) / scale_i). */
export interface TextureModel {
  features: string[];
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

/** The committed fitted model. */
export const TEXTURE_MODEL: TextureModel = fitted as TextureModel;

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
 * Probability that the texture is camera-captured skin, in (0, 1).
 * @throws Error when the model was fitted on other features than TEXTURE_FEATURES.
 */
export function liveTextureProbability(features: ArrayLike<number>, model: TextureModel = TEXTURE_MODEL): number {
  if (model.features.length !== features.length || model.features.some((name, i) => name !== TEXTURE_FEATURES[i])) {
    throw new Error('texture-model.json does not match the texture features; refit it with scripts/fit.mjs.');
  }
  let z = model.bias;
  for (let i = 0; i < features.length; i++) z += (model.weights[i] * (features[i] - model.mean[i])) / model.scale[i];
  return 1 / (1 + Math.exp(-z));
}
