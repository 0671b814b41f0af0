/**
 * The texture models of `lbp_texture` and the fitting they share with the stacker: class-balanced,
 * L2-regularised logistic regressions fitted by gradient descent on standardised inputs, one over the
 * colour-texture features and one over the two distortion measures. Their predictions are the
 * engine's own (src/signals/texture-model.ts), so what is judged here is what will be served.
 */
import {
  DISTORTION_FEATURES,
  distortionProbability,
  liveTextureProbability,
  TEXTURE_FEATURES,
  type LogisticModel,
  type StackerModel,
  type TextureModel,
} from '../../src/signals/texture-model.js';
import { isLive, type FitRecord } from './records.js';

/** Attack types the texture models and the stacker learn from (camera presentation attacks). */
export const TRAIN_ATTACKS: readonly string[] = ['screen_replay', 'print'];
/** L2 penalty of the logistic regression (on standardised features). */
const LAMBDA = 0.01;
const ITERATIONS = 600;
const LEARNING_RATE = 0.3;

/** Live images and camera presentation attacks: what the texture models and the stacker learn from. */
export const isTraining = (r: Pick<FitRecord, 'label' | 'attack'>): boolean => isLive(r) || TRAIN_ATTACKS.includes(r.attack);

/**
 * Class-balanced logistic regression by full-batch gradient descent on standardised features
 * (population standard deviation + 1e-9), 600 iterations, learning rate 0.3, L2 0.01.
 * @param rows training records
 * @param names the inputs' names
 * @param inputs a record's inputs, in `names` order
 */
export function fitLogistic<R extends Pick<FitRecord, 'label'>>(rows: readonly R[], names: readonly string[], inputs: (r: R) => ArrayLike<number>): LogisticModel {
  const n = rows.length;
  const d = names.length;
  const raw = rows.map(inputs);
  const mean: number[] = new Array(d).fill(0);
  const scale: number[] = new Array(d).fill(0);
  for (const x of raw) for (let j = 0; j < d; j++) mean[j] += x[j] / n;
  for (const x of raw) for (let j = 0; j < d; j++) scale[j] += (x[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]) + 1e-9;
  const z = new Float64Array(n * d);
  raw.forEach((x, i) => {
    for (let j = 0; j < d; j++) z[i * d + j] = (x[j] - mean[j]) / scale[j];
  });
  const y = rows.map((r) => (isLive(r) ? 1 : 0));
  const liveShare = y.reduce<number>((a, b) => a + b, 0) / n;
  const classWeight = y.map((t) => (t ? 0.5 / liveShare : 0.5 / (1 - liveShare)));
  const weights = new Float64Array(d);
  const grad = new Float64Array(d);
  let bias = 0;
  for (let it = 0; it < ITERATIONS; it++) {
    grad.fill(0);
    let gradBias = 0;
    for (let i = 0; i < n; i++) {
      const row = i * d;
      let s = bias;
      for (let j = 0; j < d; j++) s += weights[j] * z[row + j];
      const g = (classWeight[i] * (1 / (1 + Math.exp(-s)) - y[i])) / n;
      for (let j = 0; j < d; j++) grad[j] += g * z[row + j];
      gradBias += g;
    }
    for (let j = 0; j < d; j++) weights[j] -= LEARNING_RATE * (grad[j] + LAMBDA * weights[j]);
    bias -= LEARNING_RATE * gradBias;
  }
  return { features: [...names], mean, scale, weights: Array.from(weights), bias };
}

/** The colour model fitted on `rows`. */
export const fitColourModel = (rows: readonly FitRecord[]): LogisticModel => fitLogistic(rows, TEXTURE_FEATURES, (r) => r.features);

/** The distortion model fitted on `rows`. */
export const fitDistortionModel = (rows: readonly FitRecord[]): LogisticModel => fitLogistic(rows, DISTORTION_FEATURES, (r) => r.distortion);

/** The colour and distortion models fitted on `rows` (training classes only are used). */
export function fitTextureModels(rows: readonly FitRecord[]): { colour: LogisticModel; distortion: LogisticModel } {
  const training = rows.filter(isTraining);
  return { colour: fitColourModel(training), distortion: fitDistortionModel(training) };
}

/** What the engine's texture models say of one record. */
export function predictTexture(models: { colour: LogisticModel; distortion: LogisticModel }, record: FitRecord): { colour: number; distortion: number } {
  return { colour: liveTextureProbability(record.features, models.colour), distortion: distortionProbability(record.distortion, models.distortion) };
}

/** The three models as the engine holds them (texture-model.json's shape). */
export function textureModel(colour: LogisticModel, distortion: LogisticModel, stacker: StackerModel): TextureModel {
  return { ...colour, distortion, stacker };
}

/** texture-model.json for fitted models: six significant digits, one line. */
export function textureModelJson(model: TextureModel): string {
  const round = (v: number) => Number(v.toPrecision(6));
  const rounded = (m: LogisticModel): LogisticModel => ({ features: m.features, mean: m.mean.map(round), scale: m.scale.map(round), weights: m.weights.map(round), bias: round(m.bias) });
  const { stacker } = model;
  return `${JSON.stringify({
    ...rounded(model),
    distortion: rounded(model.distortion),
    stacker: { ...rounded(stacker), clip: stacker.clip, calibration: { a: stacker.calibration.a, delta: stacker.calibration.delta } },
  })}\n`;
}
