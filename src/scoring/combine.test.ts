import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../config.js';
import { DEFAULT_WEIGHTS_WITH_LEARNED } from '../config.js';
import { SIGNAL_NAMES } from '../signals/catalog.js';
import { unmeasured } from '../signals/mapping.js';
import type { SignalScore } from '../signals/types.js';
import { combineSignals } from './combine.js';

const scores = (values: number[]): SignalScore[] => values.map((score) => ({ score, detail: `measured ${score}.`, raw: {}, measured: true }));
const single = { faceCount: 1, weakFace: false, rotation: 0, landmarkCount: 478 };

describe('combineSignals', () => {
  it('weights the scores into the confidence, in registry order', () => {
    const values = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
    const result = combineSignals(scores(values), DEFAULT_CONFIG, single);
    const expected = SIGNAL_NAMES.reduce((sum, name, i) => sum + DEFAULT_CONFIG.weights[name] * values[i], 0);
    expect(result.confidence).toBeCloseTo(expected, 4);
    expect(result.signals.map((s) => s.name)).toEqual(SIGNAL_NAMES);
    expect(result.signals.map((s) => s.passed)).toEqual([true, true, true, true, true, false, false, false]);
    expect(result.threshold).toBe(0.58);
    expect(result.face_detected).toBe(true);
  });

  it('gives LIVE, INCONCLUSIVE and SPOOF around the threshold', () => {
    expect(combineSignals(scores(new Array(8).fill(0.62)), DEFAULT_CONFIG, single).verdict).toBe('LIVE');
    expect(combineSignals(scores(new Array(8).fill(0.58)), DEFAULT_CONFIG, single).verdict).toBe('INCONCLUSIVE');
    expect(combineSignals(scores(new Array(8).fill(0.53)), DEFAULT_CONFIG, single).verdict).toBe('SPOOF');
    const strict = resolveConfig({ live_threshold: 0.7 });
    expect(combineSignals(scores(new Array(8).fill(0.62)), strict, single).verdict).toBe('SPOOF');
  });

  it('makes more than one face INCONCLUSIVE and says how many', () => {
    const result = combineSignals(scores(new Array(8).fill(0.95)), DEFAULT_CONFIG, { ...single, faceCount: 3 });
    expect(result.verdict).toBe('INCONCLUSIVE');
    expect(result.face_detected).toBe(true);
    expect(result.signals.find((s) => s.name === 'face_area_ratio')!.detail).toMatch(/3 faces were found; the largest was analysed/);
  });

  it('makes a face found below min_face_confidence INCONCLUSIVE with face_detected false', () => {
    const result = combineSignals(scores(new Array(8).fill(0.95)), DEFAULT_CONFIG, { ...single, weakFace: true });
    expect(result.verdict).toBe('INCONCLUSIVE');
    expect(result.face_detected).toBe(false);
    expect(result.signals.find((s) => s.name === 'face_area_ratio')!.detail).toMatch(/below the required detection confidence of 0.6/);
  });

  it('clamps scores into [0,1] and rounds to 4 decimals', () => {
    const result = combineSignals(scores([1.5, -0.2, 0.123456, 0.5, 0.5, 0.5, 0.5, 0.5]), DEFAULT_CONFIG, single);
    expect(result.signals.slice(0, 3).map((s) => s.score)).toEqual([1, 0, 0.1235]);
  });

  it('appends learned_texture as the ninth signal when it is on, weights summing to 1', () => {
    const config = resolveConfig({ enable_learned_texture: true });
    const values = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];
    const result = combineSignals(scores(values), config, single);
    expect(result.signals.map((s) => s.name)).toEqual([...SIGNAL_NAMES, 'learned_texture']);
    expect(result.signals.reduce((sum, s) => sum + s.weight, 0)).toBeCloseTo(1, 12);
    const names = Object.keys(DEFAULT_WEIGHTS_WITH_LEARNED) as (keyof typeof DEFAULT_WEIGHTS_WITH_LEARNED)[];
    const expected = names.reduce((sum, name, i) => sum + DEFAULT_WEIGHTS_WITH_LEARNED[name] * values[i], 0);
    expect(result.confidence).toBeCloseTo(expected, 4);
  });

  it('gives an unmeasured learned signal weight 0 and scales the others back to 1', () => {
    const config = resolveConfig({ enable_learned_texture: true });
    const values = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
    const result = combineSignals([...scores(values), unmeasured('The model could not run.')], config, single);
    const learned = result.signals[8];
    expect(learned).toMatchObject({ name: 'learned_texture', score: 0.5, weight: 0 });
    expect(result.signals.reduce((sum, s) => sum + s.weight, 0)).toBeCloseTo(1, 12);
    const kept = 1 - DEFAULT_WEIGHTS_WITH_LEARNED.learned_texture;
    const expected = SIGNAL_NAMES.reduce((sum, name, i) => sum + (DEFAULT_WEIGHTS_WITH_LEARNED[name] / kept) * values[i], 0);
    expect(result.confidence).toBeCloseTo(expected, 4);
  });
});
