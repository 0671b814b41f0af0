import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config.js';
import { learnedTexture, learnedTextureScore } from './learned-texture.js';
import { makeSignalInput } from './test-helpers.js';

describe('learnedTextureScore', () => {
  it('maps the authors’ raw score: 0 → 1, their threshold 0.2 → 0.5, 1 → 0, monotone', () => {
    expect(learnedTextureScore(0)).toBe(1);
    expect(learnedTextureScore(0.1)).toBeCloseTo(0.75, 12);
    expect(learnedTextureScore(0.2)).toBe(0.5);
    expect(learnedTextureScore(0.6)).toBeCloseTo(0.25, 12);
    expect(learnedTextureScore(1)).toBe(0);
    expect(learnedTextureScore(1.1)).toBe(0);
    expect(learnedTextureScore(Number.NaN)).toBeNaN();
  });
});

describe('learnedTexture', () => {
  it('scores a measured outcome and says what was measured', () => {
    const result = learnedTexture(makeSignalInput({ learnedTexture: { ok: true, raw: 0.039, leaf: 3 } }), DEFAULT_CONFIG);
    expect(result.measured).toBe(true);
    expect(result.score).toBeCloseTo(0.9025, 4);
    expect(result.detail).toMatch(/spoof score 0\.039 .*leaf 4 of 8.*live face/);
    expect(result.raw).toEqual({ raw: 0.039, leaf: 3 });
    const spoof = learnedTexture(makeSignalInput({ learnedTexture: { ok: true, raw: 0.99, leaf: 0 } }), DEFAULT_CONFIG);
    expect(spoof.score).toBeLessThan(0.05);
    expect(spoof.detail).toMatch(/presentation attack/);
  });

  it('is unmeasured (neutral, flagged), not spoof-like, when the model could not run', () => {
    const failed = learnedTexture(makeSignalInput({ learnedTexture: { ok: false, reason: 'HTTP 404' } }), DEFAULT_CONFIG);
    expect(failed).toMatchObject({ score: 0.5, measured: false });
    expect(failed.detail).toMatch(/could not run \(HTTP 404\)/);
    expect(learnedTexture(makeSignalInput(), DEFAULT_CONFIG).measured).toBe(false);
  });
});
