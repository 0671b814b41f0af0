import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, DEFAULT_WEIGHTS, DEFAULT_WEIGHTS_WITH_LEARNED, resolveConfig } from './config.js';
import { ConfigError } from './errors/index.js';

describe('DEFAULT_CONFIG', () => {
  it('has the contract defaults', () => {
    expect(DEFAULT_CONFIG).toMatchObject({
      live_threshold: 0.58,
      inconclusive_margin: 0.04,
      min_face_confidence: 0.6,
      min_blur_variance: 40,
      min_ear: 0.15,
      max_yaw_deg: 35,
      max_pitch_deg: 30,
      min_face_area_ratio: 0.04,
      max_asymmetry: 0.2,
      lbp_dominant_bin_spoof_threshold: 0.6,
      fft_kurtosis_max: 12,
      fft_hf_ratio_baseline: 0.65,
      fft_az_variance_max: 0.35,
    });
  });

  it('weights sum to 1 with lbp_texture strictly highest', () => {
    const values = Object.values(DEFAULT_WEIGHTS);
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const others = Object.entries(DEFAULT_WEIGHTS).filter(([name]) => name !== 'lbp_texture');
    for (const [, weight] of others) expect(DEFAULT_WEIGHTS.lbp_texture).toBeGreaterThan(weight);
  });

  it('matches every @default written in the JSDoc', () => {
    const source = readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
    const documented = [...source.matchAll(/@default ([0-9.]+) \*\/\n\s+(\w+):/g)];
    expect(documented.length).toBe(13);
    for (const [, value, key] of documented) {
      expect(DEFAULT_CONFIG[key as keyof typeof DEFAULT_CONFIG], key).toBe(Number(value));
    }
  });

  it('matches the README configuration table', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [key, value] of Object.entries(DEFAULT_CONFIG)) {
      if (key === 'weights') continue;
      const row = new RegExp('\\|\\s*`' + key + '`\\s*\\|\\s*([0-9.]+|true|false)\\s*\\|').exec(readme);
      expect(row, `README row for ${key}`).not.toBeNull();
      expect(typeof value === 'boolean' ? row![1] === 'true' : Number(row![1]), key).toBe(value);
    }
    for (const [name, weight] of Object.entries(DEFAULT_WEIGHTS)) {
      const row = new RegExp('\\|\\s*`' + name + '`\\s*\\|[^|]*\\|\\s*([0-9.]+)\\s*\\|').exec(readme);
      expect(row, `README weight row for ${name}`).not.toBeNull();
      expect(Number(row![1]), name).toBe(weight);
    }
  });
});

describe('resolveConfig', () => {
  it('fills defaults and keeps given values', () => {
    const config = resolveConfig({ live_threshold: 0.7, weights: { lbp_texture: 0.42, fft_deepfake: 0.21 } });
    expect(config.live_threshold).toBe(0.7);
    expect(config.min_ear).toBe(0.15);
    expect(config.weights.lbp_texture).toBe(0.42);
    expect(config.weights.sharpness).toBe(DEFAULT_WEIGHTS.sharpness);
  });

  it('refuses an unknown key, naming it', () => {
    expect(() => resolveConfig({ live_treshold: 0.5 })).toThrow(ConfigError);
    expect(() => resolveConfig({ live_treshold: 0.5 })).toThrow(/Unknown configuration key "live_treshold"/);
  });

  it('refuses non-numbers and out-of-range values', () => {
    expect(() => resolveConfig({ live_threshold: '0.5' })).toThrow(/"live_threshold" must be a finite number, got "0.5"/);
    expect(() => resolveConfig({ live_threshold: Number.NaN })).toThrow(/finite number/);
    expect(() => resolveConfig({ live_threshold: 1.2 })).toThrow(/"live_threshold" must be at least 0 and at most 1, got 1.2/);
    expect(() => resolveConfig({ max_yaw_deg: 0 })).toThrow(/greater than 0/);
    expect(() => resolveConfig({ min_blur_variance: -1 })).toThrow(/min_blur_variance/);
  });

  it('refuses weights that do not sum to 1 or name unknown signals', () => {
    expect(() => resolveConfig({ weights: { lbp_texture: 0.5 } })).toThrow(/sum to 1.0, they sum to 1.1/);
    expect(() => resolveConfig({ weights: { blink: 0.1 } })).toThrow(/Unknown signal "blink"/);
    expect(() => resolveConfig({ weights: [0.1] })).toThrow(/"weights" must be an object/);
  });

  it('keeps the learned signal off by default, with the eight weights only', () => {
    expect(DEFAULT_CONFIG.enable_learned_texture).toBe(false);
    const config = resolveConfig({});
    expect(config.enable_learned_texture).toBe(false);
    expect(Object.keys(config.weights)).toEqual(Object.keys(DEFAULT_WEIGHTS));
  });

  it('switches to the nine fitted weights when the learned signal is on', () => {
    const config = resolveConfig({ enable_learned_texture: true });
    expect(config.weights).toEqual(DEFAULT_WEIGHTS_WITH_LEARNED);
    const values = Object.values(config.weights);
    expect(values).toHaveLength(9);
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const others = Object.entries(DEFAULT_WEIGHTS_WITH_LEARNED).filter(([name]) => name !== 'lbp_texture');
    for (const [, weight] of others) expect(DEFAULT_WEIGHTS_WITH_LEARNED.lbp_texture).toBeGreaterThan(weight);
  });

  it('validates the switch and the learned weight', () => {
    expect(() => resolveConfig({ enable_learned_texture: 1 })).toThrow(/"enable_learned_texture" must be true or false, got 1/);
    expect(() => resolveConfig({ weights: { learned_texture: 0.1 } })).toThrow(/applies only with "enable_learned_texture": true/);
    const { learned_texture, lbp_texture } = DEFAULT_WEIGHTS_WITH_LEARNED;
    const moved = resolveConfig({ enable_learned_texture: true, weights: { learned_texture: learned_texture + 0.01, lbp_texture: lbp_texture - 0.01 } });
    expect(moved.weights.learned_texture).toBeCloseTo(learned_texture + 0.01, 12);
    expect(() => resolveConfig({ enable_learned_texture: true, weights: { learned_texture: learned_texture + 0.1 } })).toThrow(/sum to 1.0/);
  });

  it('refuses a non-object configuration', () => {
    expect(() => resolveConfig('fast')).toThrow(/must be an object, got "fast"/);
    expect(() => resolveConfig([])).toThrow(/an array/);
    expect(resolveConfig(undefined).live_threshold).toBe(0.58);
  });
});
