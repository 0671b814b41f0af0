import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../config.js';
import { activeSignals, SIGNAL_REGISTRY } from './registry.js';
import { flatGray, makeSignalInput } from './test-helpers.js';
import type { SignalInput } from './types.js';

const SIGNALS = activeSignals(DEFAULT_CONFIG);

describe('signal registry', () => {
  it('lists the eight contract signals in order with their labels, then learned_texture behind its switch', () => {
    expect(SIGNAL_REGISTRY.map(({ name, label, switchedOnBy }) => [name, label, switchedOnBy])).toEqual([
      ['sharpness', 'Image sharpness', undefined],
      ['eye_aspect_ratio', 'Eyes open', undefined],
      ['head_pose', 'Head pose', undefined],
      ['face_area_ratio', 'Face size in frame', undefined],
      ['facial_symmetry', 'Facial symmetry', undefined],
      ['lbp_texture', 'Skin texture (LBP)', undefined],
      ['exif_metadata', 'Camera metadata (EXIF)', undefined],
      ['fft_deepfake', 'Frequency spectrum', undefined],
      ['learned_texture', 'Learned texture (anti-spoof model)', 'enable_learned_texture'],
    ]);
  });

  it('is frozen, entries included, and carries no weights', () => {
    expect(Object.isFrozen(SIGNAL_REGISTRY)).toBe(true);
    for (const entry of SIGNAL_REGISTRY) {
      expect(Object.isFrozen(entry)).toBe(true);
      expect(Object.keys(entry).filter((key) => key !== 'switchedOnBy').sort()).toEqual(['label', 'measure', 'name']);
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
  it('is the eight contract signals when every switch is off, the same frozen table each time', () => {
    expect(SIGNALS.map((s) => s.name)).toEqual(SIGNAL_REGISTRY.slice(0, 8).map((s) => s.name));
    expect(activeSignals(DEFAULT_CONFIG)).toBe(SIGNALS);
    expect(Object.isFrozen(SIGNALS)).toBe(true);
  });

  it('appends learned_texture after the eight when enable_learned_texture is on', () => {
    const table = activeSignals(resolveConfig({ enable_learned_texture: true }));
    expect(table.map((s) => s.name)).toEqual([...SIGNALS.map((s) => s.name), 'learned_texture']);
    expect(table.at(-1)).toBe(SIGNAL_REGISTRY[8]);
    expect(Object.isFrozen(table)).toBe(true);
  });
});
