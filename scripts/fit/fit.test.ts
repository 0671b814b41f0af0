/**
 * The fit library: its texture prediction is the engine's on the committed model (through the path a
 * fit takes: the engine's measurement, eval's scores.csv, the fit's record); the training, the weight
 * search, the rates and the writers on cases small enough to check by hand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../bin/lib/csv.mjs';
import { parseCsv } from '../../bin/lib/csv.mjs';
import { scoreColumns, toRecord } from '../../bin/lib/eval.mjs';
import { DEFAULT_CONFIG, DEFAULT_WEIGHTS, DEFAULT_WEIGHTS_WITH_LEARNED } from '../../src/config.js';
import { ALL_SIGNAL_NAMES, SIGNAL_NAMES } from '../../src/signals/catalog.js';
import { lbpTexture } from '../../src/signals/lbp-texture.js';
import { makeSignalInput, noiseGray, noiseRgb, powerLawGray } from '../../src/signals/test-helpers.js';
import { distortionProbability, TEXTURE_MODEL } from '../../src/signals/texture-model.js';
import { rates } from './measures.js';
import { FitInputError, fitSignals, readRecords, type FitRecord } from './records.js';
import { fitDistortionModel, predictTexture, textureModelJson } from './texture.js';
import { MAX_WEIGHT, MIN_WEIGHT, weightCandidates } from './weights.js';
import { withWeights } from './write.js';

const CONFIG_SOURCE = readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8');
const MODEL_JSON = readFileSync(new URL('../../src/signals/texture-model.json', import.meta.url), 'utf8');

/** A scores.csv table of `lbp_texture` measured by the engine on synthetic faces, as eval writes it. */
function measuredTable(count: number) {
  const records = Array.from({ length: count }, (_, i) => {
    const input = makeSignalInput({
      faceGray96: noiseGray(96, 96, 100 + i, 128, 20 + 10 * i),
      faceGray128: powerLawGray(128, 2 + 0.3 * i, 7 + i),
      colourCrops: { face64: noiseRgb(64, 11 * i), face128: noiseRgb(128, 13 * i), context64: noiseRgb(64, 17 * i), context128: noiseRgb(128, 19 * i) },
    });
    const measured = lbpTexture(input, DEFAULT_CONFIG);
    const signals = SIGNAL_NAMES.map((name) => ({ name, score: name === 'lbp_texture' ? measured.score : 0.5 }));
    const envelope = {
      status: 'success',
      result: { verdict: 'LIVE', confidence: 0.7, face_detected: true, signals },
      diagnostics: { measurements: { lbp_texture: measured.raw }, face_count: 1 },
    };
    const row = { path: `face${i}.jpg`, label: i % 2 ? 'spoof' : 'live', attack_type: i % 2 ? 'print' : 'none', source: `s${i % 3}`, file: '' };
    return { record: toRecord(row as never, envelope), raw: measured.raw };
  });
  const csv = toCsv(scoreColumns(SIGNAL_NAMES, records.map((r) => r.record)), records.map((r) => r.record));
  return { table: parseCsv(csv), raws: records.map((r) => r.raw) };
}

const record = (overrides: Partial<FitRecord>): FitRecord => ({ label: 'live', attack: 'none', source: 's', byRule: false, features: [], distortion: [], scores: [], ...overrides });

describe('the fit predicts what the engine serves', () => {
  it('gives, on the committed model, the colour, distortion and texture probabilities the engine measured', () => {
    const { table, raws } = measuredTable(4);
    const records = readRecords(table, fitSignals(false));
    expect(records).toHaveLength(4);
    records.forEach((r, i) => {
      expect(predictTexture(TEXTURE_MODEL, r)).toEqual({
        colour: raws[i].colour_texture_probability,
        distortion: raws[i].distortion_probability,
        texture: raws[i].texture_probability,
      });
    });
  });

  it('writes texture-model.json as it is committed when given the committed model', () => {
    expect(textureModelJson(TEXTURE_MODEL, TEXTURE_MODEL.distortion, TEXTURE_MODEL.distortion_share)).toBe(MODEL_JSON);
  });
});

describe('readRecords', () => {
  it('refuses a scores.csv without texture measurements, or without the optional signal asked for', () => {
    expect(() => readRecords([['path', 'label', 'status']], fitSignals(false))).toThrow(FitInputError);
    const { table } = measuredTable(2);
    expect(() => readRecords(table, fitSignals(true))).toThrow(/no learned_texture column/);
  });

  it('keeps successful rows only, and groups a source by person with a subject pattern', () => {
    const { table } = measuredTable(3);
    const status = table[0].indexOf('status');
    table[2][status] = 'error';
    const records = readRecords(table, fitSignals(false), /face(\d)/);
    expect(records.map((r) => r.source)).toEqual(['s0|0', 's2|2']);
    expect(records.map((r) => r.attack)).toEqual(['none', 'none']);
  });
});

describe('fitDistortionModel', () => {
  it('learns a separable case: live inputs above 0.5, attacks below, served by the engine', () => {
    const rows = [
      record({ distortion: [2, 0.1] }),
      record({ distortion: [2.5, -0.2] }),
      record({ label: 'spoof', attack: 'print', distortion: [-2, 0.2] }),
      record({ label: 'spoof', attack: 'print', distortion: [-1.5, 0] }),
      record({ label: 'spoof', attack: 'screen_replay', distortion: [-2.5, -0.1] }),
    ];
    const model = fitDistortionModel(rows);
    expect(model.features).toEqual(['face_noise_log_std', 'face_laplacian_log_var']);
    for (const row of rows) {
      const p = distortionProbability(row.distortion, model);
      if (row.label === 'live') expect(p).toBeGreaterThan(0.5);
      else expect(p).toBeLessThan(0.5);
    }
    expect(fitDistortionModel(rows)).toEqual(model);
  });
});

describe('weightCandidates', () => {
  it('draws the same candidates for a seed, each in bounds, summing to 1 in hundredths, the texture weight highest but for the rounding remainder it takes', () => {
    const candidates = weightCandidates(200, 5, 9, 5);
    expect(weightCandidates(200, 5, 9, 5)).toEqual(candidates);
    expect(weightCandidates(200, 6, 9, 5)).not.toEqual(candidates);
    for (const w of candidates) {
      expect(w).toHaveLength(9);
      expect(Math.round(w.reduce((a, b) => a + b, 0) * 100)).toBe(100);
      expect(Math.min(...w)).toBeGreaterThanOrEqual(MIN_WEIGHT - 0.01);
      expect(w[5]).toBeLessThanOrEqual(MAX_WEIGHT + 0.01);
      // nine weights rounded to hundredths leave a remainder of at most 0.045, all put on the texture weight
      expect(w[5]).toBeGreaterThanOrEqual(Math.max(...w) - 0.045);
    }
  });
});

describe('rates', () => {
  it('counts BPCER and APCER at the default threshold and margin, and the contract rule apart', () => {
    const { live_threshold: t, inconclusive_margin: m } = DEFAULT_CONFIG;
    const rows = [
      record({ scores: [t + m] }), // LIVE
      record({ scores: [t] }), // INCONCLUSIVE
      record({ scores: [t + m + 0.1], byRule: true }), // LIVE by its confidence, INCONCLUSIVE by the rule
      record({ label: 'spoof', attack: 'print', scores: [0.9] }), // accepted
      record({ label: 'spoof', attack: 'print', scores: [t - m - 0.01] }), // SPOOF
    ];
    const conf = (r: FitRecord) => r.scores[0];
    expect(rates(rows, conf)).toEqual({ bpcer: 0.333, apcer_print: 0.5 });
    expect(rates(rows, conf, true)).toEqual({
      bpcer: 0.667,
      live_inconclusive_by_rule: 1,
      live_inconclusive_in_band: 1,
      live_non_response: 0.667,
      apcer_print: 0.5,
    });
  });
});

describe('withWeights', () => {
  it('writes the eight weights into DEFAULT_WEIGHTS only, and the nine into DEFAULT_WEIGHTS_WITH_LEARNED only', () => {
    expect(withWeights(CONFIG_SOURCE, 'DEFAULT_WEIGHTS', SIGNAL_NAMES, SIGNAL_NAMES.map((n) => DEFAULT_WEIGHTS[n]))).toBe(CONFIG_SOURCE);
    expect(withWeights(CONFIG_SOURCE, 'DEFAULT_WEIGHTS_WITH_LEARNED', ALL_SIGNAL_NAMES, ALL_SIGNAL_NAMES.map((n) => DEFAULT_WEIGHTS_WITH_LEARNED[n]))).toBe(CONFIG_SOURCE);
    const eight = withWeights(CONFIG_SOURCE, 'DEFAULT_WEIGHTS', SIGNAL_NAMES, [0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 0.1, 0.1]);
    expect(eight).toContain('  lbp_texture: 0.3,\n  exif_metadata: 0.1,');
    expect(eight.match(/lbp_texture: 0\.33,/g)).toHaveLength(1); // DEFAULT_WEIGHTS_WITH_LEARNED untouched
    const nine = withWeights(CONFIG_SOURCE, 'DEFAULT_WEIGHTS_WITH_LEARNED', ALL_SIGNAL_NAMES, [0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.1, 0.1, 0.1]);
    expect(nine).toContain('  learned_texture: 0.1,\n});');
    expect(nine).toContain(`  lbp_texture: ${DEFAULT_WEIGHTS.lbp_texture},`);
    expect(() => withWeights('const x = 1;', 'DEFAULT_WEIGHTS', SIGNAL_NAMES, [])).toThrow(/no DEFAULT_WEIGHTS block/);
  });
});
