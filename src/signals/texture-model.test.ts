import { describe, expect, it } from 'vitest';
import { noiseRgb } from './test-helpers.js';
import {
  calibratedProbability,
  clippedLogit,
  DISTORTION_FEATURES,
  distortionProbability,
  liveTextureProbability,
  STACKER_FEATURES,
  stackerInputs,
  stackerLogit,
  TEXTURE_FEATURES,
  TEXTURE_MODEL,
  textureFeatures,
} from './texture-model.js';
import type { ColourCrops } from './types.js';
import type { GrayImage, RgbPlanes } from '../pixels/types.js';

const flat = (side: number, value: number): RgbPlanes => {
  const plane = (): GrayImage => ({ width: side, height: side, data: new Float32Array(side * side).fill(value) });
  return [plane(), plane(), plane()];
};

describe('texture model', () => {
  it('is fitted on exactly the features the signal computes, with finite coefficients', () => {
    expect(TEXTURE_FEATURES).toHaveLength(242);
    expect(TEXTURE_MODEL.features).toEqual(TEXTURE_FEATURES);
    for (const list of [TEXTURE_MODEL.mean, TEXTURE_MODEL.scale, TEXTURE_MODEL.weights]) {
      expect(list).toHaveLength(242);
      expect(list.every(Number.isFinite)).toBe(true);
    }
    expect(TEXTURE_MODEL.scale.every((s) => s > 0)).toBe(true);
    expect(TEXTURE_MODEL.weights.some((w) => w !== 0)).toBe(true);
  });

  it('carries a fitted two-input distortion model', () => {
    const { distortion } = TEXTURE_MODEL;
    expect(distortion.features).toEqual(DISTORTION_FEATURES);
    for (const list of [distortion.mean, distortion.scale, distortion.weights]) {
      expect(list).toHaveLength(2);
      expect(list.every(Number.isFinite)).toBe(true);
    }
    expect(distortion.scale.every((s) => s > 0)).toBe(true);
    // a camera's own capture has more grain and more Laplacian energy than a recapture: both weights positive
    expect(distortion.weights.every((w) => w > 0)).toBe(true);
  });

  it('carries a fitted stacker over the four logits, each weighing in as more live, and a calibration', () => {
    const { stacker } = TEXTURE_MODEL;
    expect(stacker.features).toEqual(STACKER_FEATURES);
    for (const list of [stacker.mean, stacker.scale, stacker.weights]) {
      expect(list).toHaveLength(4);
      expect(list.every(Number.isFinite)).toBe(true);
    }
    expect(stacker.scale.every((s) => s > 0)).toBe(true);
    expect(stacker.weights.every((w) => w > 0)).toBe(true);
    expect(stacker.clip).toBe(1e-4);
    expect(stacker.calibration.a).toBeGreaterThan(0);
    expect(Number.isFinite(stacker.calibration.delta)).toBe(true);
  });

  it('computes the stacker logit on clipped logits, an unmeasured input adding nothing, and calibrates it', () => {
    const model = { features: [...STACKER_FEATURES], mean: [0, 1, 0, 0], scale: [2, 1, 1, 4], weights: [1, 0.5, 0.25, 2], bias: 0.1, clip: 1e-4, calibration: { a: 1.5, delta: -0.5 } };
    expect(clippedLogit(0.5, 1e-4)).toBe(0);
    expect(clippedLogit(1, 1e-4)).toBeCloseTo(Math.log(0.9999 / 0.0001), 12);
    expect(clippedLogit(0, 1e-4)).toBeCloseTo(-Math.log(0.9999 / 0.0001), 12);
    const inputs = stackerInputs({ miniFasNetV2: 0.8, miniFasNetV1se: 0.5, colour: 1, distortion: Number.NaN }, model);
    expect(inputs[3]).toBeNaN();
    const z = 0.1 + (1 * Math.log(4)) / 2 + (0.5 * (0 - 1)) / 1 + (0.25 * Math.log(0.9999 / 0.0001)) / 1;
    expect(stackerLogit(inputs, model)).toBeCloseTo(z, 12);
    expect(calibratedProbability(z, model.calibration)).toBeCloseTo(1 / (1 + Math.exp(-(1.5 * z - 0.5))), 12);
    expect(() => stackerLogit(inputs, { ...model, features: [...STACKER_FEATURES].reverse() })).toThrow(/refit/);
  });

  it('computes the distortion probability as σ(bias + Σ w·(x − mean)/scale)', () => {
    const model = { features: [...DISTORTION_FEATURES], mean: [1, 4], scale: [0.5, 2], weights: [1.5, -0.5], bias: -0.2 };
    const z = -0.2 + (1.5 * (2 - 1)) / 0.5 + (-0.5 * (8 - 4)) / 2;
    expect(distortionProbability([2, 8], model)).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
    expect(() => distortionProbability([2, 8], { ...model, features: [...DISTORTION_FEATURES].reverse() })).toThrow(/refit/);
  });

  it('lays the features out crop by crop, channel by channel, then the greyscale pair', () => {
    const crops: ColourCrops = { face64: flat(64, 90), face128: flat(128, 90), context64: noiseRgb(64, 1), context128: noiseRgb(128, 4) };
    const features = textureFeatures(crops, 2.5, 0.4);
    expect(features[8]).toBe(1); // face64, Y channel: a flat crop is all "neighbours ≥ centre"
    expect(features[60 + 8]).toBe(1); // face128, Y
    expect(features[120 + 8]).toBeLessThan(1); // context64 is noise
    expect(Array.from(features.slice(240))).toEqual([2.5, 0.4]);
  });

  it('computes σ(bias + Σ w·(x − mean)/scale)', () => {
    const model = { features: [...TEXTURE_FEATURES], mean: new Array(242).fill(0.1), scale: new Array(242).fill(2), weights: new Array(242).fill(0), bias: 0.5 };
    model.weights[0] = 4;
    const x = new Float64Array(242);
    x[0] = 0.6;
    expect(liveTextureProbability(x, model)).toBeCloseTo(1 / (1 + Math.exp(-(0.5 + (4 * 0.5) / 2))), 12);
  });

  it('refuses a model fitted on other features', () => {
    const model = { ...TEXTURE_MODEL, features: [...TEXTURE_MODEL.features].reverse() };
    expect(() => liveTextureProbability(new Float64Array(242), model)).toThrow(/refit it with scripts\/fit-texture.mjs|refit/);
  });
});
