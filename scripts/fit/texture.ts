/**
 * The texture models of `lbp_texture`: two class-balanced, L2-regularised logistic regressions fitted
 * by gradient descent on standardised inputs, one over the colour-texture features and one over the
 * two distortion measures. Their predictions are the engine's own (src/signals/texture-model.ts), so
 * what is judged here is what will be served.
 */
import {
  blendTextureProbability,
  DISTORTION_FEATURES,
  distortionProbability,
  liveTextureProbability,
  TEXTURE_FEATURES,
  type LogisticModel,
  type TextureModel,
} from '../../src/signals/texture-model.js';
import { isLive, type FitRecord } from './records.js';

/** Attack types the texture models learn from (camera presentation attacks). */
export const TRAIN_ATTACKS: readonly string[] = ['screen_replay', 'print'];
/**
 * Share of the distortion model in the texture probability: the middle of the 0.2–0.4 first
 * considered, kept after comparing 0, 0.1, 0.2, 0.3 and 0.4 on the cross-validated figures of the
 * development set (docs/ACCURACY.md, "Tried, measured, and left out").
 */
export const DISTORTION_SHARE = 0.3;
/** L2 penalty of the logistic regression (on standardised features). */
const LAMBDA = 0.01;
const ITERATIONS = 600;
const LEARNING_RATE = 0.3;

/** Live images and camera presentation attacks: what the texture models learn from. */
export const isTraining = (r: FitRecord): boolean => isLive(r) || TRAIN_ATTACKS.includes(r.attack);

/**
 * Class-balanced logistic regression by gradient descent on standardised features.
 * @param rows training records
 * @param names the inputs' names
 * @param inputs a record's inputs, in `names` order
 */
export function fitLogistic(rows: readonly FitRecord[], names: readonly string[], inputs: (r: FitRecord) => number[]): LogisticModel {
  const n = rows.length;
  const d = names.length;
  const mean: number[] = new Array(d).fill(0);
  const scale: number[] = new Array(d).fill(0);
  for (const r of rows) inputs(r).forEach((v, j) => (mean[j] += v / n));
  for (const r of rows) inputs(r).forEach((v, j) => (scale[j] += (v - mean[j]) ** 2 / n));
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]) + 1e-9;
  const z = rows.map((r) => inputs(r).map((v, j) => (v - mean[j]) / scale[j]));
  const y = rows.map((r) => (isLive(r) ? 1 : 0));
  const liveShare = y.reduce<number>((a, b) => a + b, 0) / n;
  const classWeight = y.map((t) => (t ? 0.5 / liveShare : 0.5 / (1 - liveShare)));
  const weights: number[] = new Array(d).fill(0);
  let bias = 0;
  for (let it = 0; it < ITERATIONS; it++) {
    const grad: number[] = new Array(d).fill(0);
    let gradBias = 0;
    for (let i = 0; i < n; i++) {
      let s = bias;
      for (let j = 0; j < d; j++) s += weights[j] * z[i][j];
      const g = (classWeight[i] * (1 / (1 + Math.exp(-s)) - y[i])) / n;
      for (let j = 0; j < d; j++) grad[j] += g * z[i][j];
      gradBias += g;
    }
    for (let j = 0; j < d; j++) weights[j] -= LEARNING_RATE * (grad[j] + LAMBDA * weights[j]);
    bias -= LEARNING_RATE * gradBias;
  }
  return { features: [...names], mean, scale, weights, bias };
}

/** The colour model fitted on `rows`. */
export const fitColourModel = (rows: readonly FitRecord[]): LogisticModel => fitLogistic(rows, TEXTURE_FEATURES, (r) => r.features);

/** The distortion model fitted on `rows`. */
export const fitDistortionModel = (rows: readonly FitRecord[]): LogisticModel => fitLogistic(rows, DISTORTION_FEATURES, (r) => r.distortion);

/** The two models as the engine holds them (texture-model.json's shape). */
export function textureModel(colour: LogisticModel, distortion: LogisticModel, share = DISTORTION_SHARE): TextureModel {
  return { ...colour, distortion, distortion_share: share };
}

/** What the engine's texture models say of one record (before the dominant-bin cap of `lbp_texture`). */
export function predictTexture(model: TextureModel, record: FitRecord): { colour: number; distortion: number; texture: number } {
  const colour = liveTextureProbability(record.features, model);
  const distortion = distortionProbability(record.distortion, model.distortion);
  return { colour, distortion, texture: blendTextureProbability(colour, distortion, model) };
}

/** texture-model.json for two fitted models: six significant digits, one line. */
export function textureModelJson(colour: LogisticModel, distortion: LogisticModel, share = DISTORTION_SHARE): string {
  const round = (v: number) => Number(v.toPrecision(6));
  const rounded = (m: LogisticModel): LogisticModel => ({ features: m.features, mean: m.mean.map(round), scale: m.scale.map(round), weights: m.weights.map(round), bias: round(m.bias) });
  return `${JSON.stringify({ ...rounded(colour), distortion: rounded(distortion), distortion_share: share })}\n`;
}
