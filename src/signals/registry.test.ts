import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../config.js';
import { activeSignals, LEARNED_TEXTURE_SIGNAL, SIGNALS } from './registry.js';
import { flatGray, makeSignalInput } from './test-helpers.js';
import type { SignalInput } from './types.js';

describe('SIGNALS registry', () => {
  it('lists the eight contract signals in order with their labels', () => {
    expect(SIGNALS.map(({ name, label }) => [name, label])).toEqual([
      ['sharpness', 'Image sharpness'],
      ['eye_aspect_ratio', 'Eyes open'],
      ['head_pose', 'Head pose'],
      ['face_area_ratio', 'Face size in frame'],
      ['facial_symmetry', 'Facial symmetry'],
      ['lbp_texture', 'Skin texture (LBP)'],
      ['exif_metadata', 'Camera metadata (EXIF)'],
      ['fft_deepfake', 'Frequency spectrum'],
    ]);
  });

  it('is frozen, entries included, and carries no weights', () => {
    expect(Object.isFrozen(SIGNALS)).toBe(true);
    for (const entry of SIGNALS) {
      expect(Object.isFrozen(entry)).toBe(true);
      expect(Object.keys(entry).sort()).toEqual(['label', 'measure', 'name']);
    }
  });

  it('gives every signal a finite score in [0, 1] and a detail sentence on a plausible input', () => {
    for (const { measure } of SIGNALS) {
      const result = measure(makeSignalInput(), DEFAULT_CONFIG);
      expect(Number.isFinite(result.score)).toBe(true);
      expect(result.score).toBeGreaterThanOrEqual(0);
      expect(result.score).toBeLessThanOrEqual(1);
      expect(result.detail.length).toBeGreaterThan(10);
    }
  });

  it('never returns NaN on degenerate input: neutral 0.5, or a finite measured score', () => {
    const empty = { width: 0, height: 0, data: new Float32Array(0) };
    const degenerate: Partial<SignalInput>[] = [
      { landmarks: [], faceGray: empty, faceGray96: empty, faceGray128: empty, transformMatrix: [] },
      { imageWidth: 0, imageHeight: 0, faceBox: { x: Number.NaN, y: 0, width: 0, height: 0 } },
      { landmarks: makeSignalInput().landmarks.map(() => ({ x: Number.NaN, y: Number.NaN, z: Number.NaN })) },
      { transformMatrix: new Array(16).fill(Number.POSITIVE_INFINITY), exif: { present: true, fNumber: Number.NaN } },
      { faceGray: flatGray(1, 300), faceGray96: flatGray(96, 1), faceGray128: flatGray(3, 3) },
      { landmarks: makeSignalInput().landmarks.map((p) => ({ ...p, x: 5, y: 5, z: 0 })) },
    ];
    for (const overrides of degenerate) {
      const input = makeSignalInput(overrides);
      for (const { name, measure } of SIGNALS) {
        const result = measure(input, DEFAULT_CONFIG);
        expect(Number.isFinite(result.score), name).toBe(true);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(1);
        if (!result.measured) expect(result.score, name).toBe(0.5);
        for (const value of Object.values(result.raw)) expect(Number.isFinite(value), name).toBe(true);
      }
    }
  });
});

describe('activeSignals', () => {
  it('is the eight contract signals when every switch is off, the same frozen table', () => {
    expect(activeSignals(DEFAULT_CONFIG)).toBe(SIGNALS);
  });

  it('appends learned_texture after the eight when enable_learned_texture is on', () => {
    const table = activeSignals(resolveConfig({ enable_learned_texture: true }));
    expect(table.map((s) => s.name)).toEqual([...SIGNALS.map((s) => s.name), 'learned_texture']);
    expect(table.at(-1)).toBe(LEARNED_TEXTURE_SIGNAL);
    expect(Object.isFrozen(table)).toBe(true);
    expect(Object.isFrozen(LEARNED_TEXTURE_SIGNAL)).toBe(true);
  });
});
