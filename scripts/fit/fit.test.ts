/**
 * The fit library: what it computes of a record is what the engine serves on the committed model
 * (through the path a fit takes: the engine's measurement, eval's scores.csv, the fit's record); the
 * training, the stacker, the two-stage search, the split, the rates and the writers on cases small
 * enough to check by hand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../../bin/lib/csv.mjs';
import { scoreColumns, toRecord } from '../../bin/lib/eval.mjs';
import { DEFAULT_CONFIG, DEFAULT_WEIGHTS, DEFAULT_WEIGHTS_WITH_LEARNED } from '../../src/config.js';
import { ALL_SIGNAL_NAMES, SIGNAL_NAMES } from '../../src/signals/catalog.js';
import { lbpTexture } from '../../src/signals/lbp-texture.js';
import { makeSignalInput, miniFasNetSaying, noiseGray, noiseRgb, powerLawGray } from '../../src/signals/test-helpers.js';
import { distortionProbability, TEXTURE_MODEL } from '../../src/signals/texture-model.js';
import { balancedCut, perSource, rates, verdictOf } from './measures.js';
import { FitInputError, fitSignals, readRecords, type FitRecord } from './records.js';
import { splitRecords } from './split.js';
import { capOf, fitStacker, stackedLogit, stackerModel, textureScoreOf } from './stacker.js';
import { fitDistortionModel, predictTexture, textureModel, textureModelJson } from './texture.js';
import { bestWeighting, confidenceOf, MAX_WEIGHT, MIN_WEIGHT, OFFSET_GRID, operatingObjective, weightCandidates, type SearchRow } from './weights.js';
import { withWeights } from './write.js';

const CONFIG_SOURCE = readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8');
const MODEL_JSON = readFileSync(new URL('../../src/signals/texture-model.json', import.meta.url), 'utf8');
const TEXTURE_INDEX = SIGNAL_NAMES.indexOf('lbp_texture');
/** The committed texture models as the fit holds them. */
const COMMITTED = { colour: TEXTURE_MODEL, distortion: TEXTURE_MODEL.distortion };

/** The other signals' scores of the synthetic rows (lbp_texture's comes from the engine). */
const otherScore = (i: number, name: string) => 0.3 + ((i * 7 + name.length) % 6) / 10;

/** A scores.csv table of `lbp_texture` measured by the engine on synthetic faces, as eval writes it. */
function measuredTable(count: number) {
  const records = Array.from({ length: count }, (_, i) => {
    const input = makeSignalInput({
      faceGray96: noiseGray(96, 96, 100 + i, 128, 20 + 10 * i),
      faceGray128: powerLawGray(128, 2 + 0.3 * i, 7 + i),
      colourCrops: { face64: noiseRgb(64, 11 * i), face128: noiseRgb(128, 13 * i), context64: noiseRgb(64, 17 * i), context128: noiseRgb(128, 19 * i) },
      miniFasNet: miniFasNetSaying(0.15 + 0.2 * i, 0.9 - 0.2 * i),
    });
    const measured = lbpTexture(input, DEFAULT_CONFIG);
    const signals = SIGNAL_NAMES.map((name) => ({ name, score: name === 'lbp_texture' ? measured.score : otherScore(i, name) }));
    const envelope = {
      status: 'success',
      result: { verdict: 'LIVE', confidence: 0.7, face_detected: true, signals },
      diagnostics: { measurements: { lbp_texture: measured.raw }, face_count: 1 },
    };
    const row = { path: `face${i}.jpg`, label: i % 2 ? 'spoof' : 'live', attack_type: i % 2 ? 'print' : 'none', source: `s${i % 3}`, file: '' };
    return { record: toRecord(row as never, envelope), raw: measured.raw, score: measured.score, signals };
  });
  const csv = toCsv(scoreColumns(SIGNAL_NAMES, records.map((r) => r.record)), records.map((r) => r.record));
  return { table: parseCsv(csv), measured: records };
}

const record = (overrides: Partial<FitRecord>): FitRecord => ({
  path: 'p.jpg',
  label: 'live',
  attack: 'none',
  source: 's',
  collection: 's',
  framing: 'crop',
  byRule: false,
  features: [],
  distortion: [],
  miniFasNetV2: 0.5,
  miniFasNetV1se: 0.5,
  entropy: 3,
  dominant: 0.1,
  dominantThreshold: 0.6,
  scores: [],
  ...overrides,
});

const searchRow = (overrides: Partial<SearchRow>): SearchRow => ({ live: true, attack: 'none', byRule: false, z: 0, cap: null, others: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], ...overrides });

describe('the fit computes what the engine serves', () => {
  it('gives, on the committed model, the colour and distortion probabilities, the stacker logit, the texture score and the confidence the engine measured', () => {
    const { table, measured } = measuredTable(5);
    const records = readRecords(table, fitSignals(false));
    expect(records).toHaveLength(5);
    const { a, delta } = TEXTURE_MODEL.stacker.calibration;
    const weighting = { weights: SIGNAL_NAMES.map((n) => DEFAULT_WEIGHTS[n]), a, delta };
    records.forEach((r, i) => {
      const { raw, score, signals } = measured[i];
      const texture = predictTexture(COMMITTED, r);
      expect(texture).toEqual({ colour: raw.colour_texture_probability, distortion: raw.distortion_probability });
      const z = stackedLogit(TEXTURE_MODEL.stacker, { record: r, ...texture });
      expect(z).toBe(raw.stacker_logit);
      expect(textureScoreOf(z, a, delta, capOf(r))).toBe(score);
      const row = searchRow({ z, cap: capOf(r), others: r.scores.filter((_, k) => k !== TEXTURE_INDEX) });
      const served = signals.reduce((sum, s) => sum + (DEFAULT_WEIGHTS[s.name as keyof typeof DEFAULT_WEIGHTS] ?? 0) * s.score, 0);
      expect(confidenceOf(row, weighting, TEXTURE_INDEX)).toBeCloseTo(served, 12);
    });
  });

  it('writes texture-model.json as it is committed when given the committed model', () => {
    const { stacker } = TEXTURE_MODEL;
    const model = textureModel(TEXTURE_MODEL, TEXTURE_MODEL.distortion, stackerModel(stacker, stacker.calibration.a, stacker.calibration.delta));
    expect(textureModelJson(model)).toBe(MODEL_JSON);
  });
});

describe('readRecords', () => {
  it('refuses a scores.csv without texture or MiniFASNet measurements, or without the optional signal asked for', () => {
    expect(() => readRecords([['path', 'label', 'status']], fitSignals(false))).toThrow(FitInputError);
    const { table } = measuredTable(2);
    expect(() => readRecords(table, fitSignals(true))).toThrow(/no learned_texture column/);
    const withoutMiniFasNet = table.map((row) => row.filter((_, c) => !table[0][c].includes('minifasnet_v2_p_real')));
    expect(() => readRecords(withoutMiniFasNet, fitSignals(false))).toThrow(/no MiniFASNet measurements/);
    expect(readRecords(withoutMiniFasNet, fitSignals(false), { textureOnly: true })).toHaveLength(2);
  });

  it('keeps successful rows only, and groups a source by person with a subject pattern', () => {
    const { table } = measuredTable(3);
    const status = table[0].indexOf('status');
    table[2][status] = 'error';
    const records = readRecords(table, fitSignals(false), { subjectPattern: /face(\d)/ });
    expect(records.map((r) => r.source)).toEqual(['s0|0', 's2|2']);
    expect(records.map((r) => r.collection)).toEqual(['s0', 's2']);
    expect(records.map((r) => r.attack)).toEqual(['none', 'none']);
  });
});

describe('splitRecords', () => {
  it('keeps every record for development when the held-out rule cannot be met on the sources', () => {
    const records = [record({ collection: 'a' }), record({ collection: 'b' })];
    const split = splitRecords(records, [
      { label: 'live', attack_type: 'none', source: 'a' },
      { label: 'live', attack_type: 'none', source: 'b' },
    ]);
    expect(split).toMatchObject({ heldOut: [], heldOutSources: null, seed: null });
    expect(split.development).toHaveLength(2);
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

describe('fitStacker', () => {
  it('learns that MiniFASNet calling a face real means live, from live images and camera attacks only', () => {
    const live = [0.9, 0.8, 0.95].map((p) => ({ record: record({ miniFasNetV2: p, miniFasNetV1se: p }), colour: 0.5, distortion: 0.5 }));
    const attacks = [0.1, 0.2, 0.05].map((p) => ({ record: record({ label: 'spoof', attack: 'screen_replay', miniFasNetV2: p, miniFasNetV1se: p }), colour: 0.5, distortion: 0.5 }));
    // a generated face is not what the stacker learns from: adding one changes nothing
    const gan = { record: record({ label: 'spoof', attack: 'gan', miniFasNetV2: 0.99, miniFasNetV1se: 0.99 }), colour: 0.5, distortion: 0.5 };
    const model = fitStacker([...live, ...attacks]);
    expect(fitStacker([...live, ...attacks, gan])).toEqual(model);
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(model.weights[1]).toBeGreaterThan(0);
    for (const s of live) expect(stackedLogit(model, s)).toBeGreaterThan(0);
    for (const s of attacks) expect(stackedLogit(model, s)).toBeLessThan(0);
  });

  it('caps the calibrated texture score by the greyscale score only past the dominant-bin threshold', () => {
    expect(capOf(record({ dominant: 0.5 }))).toBeNull();
    const cap = capOf(record({ dominant: 0.8, entropy: 1 }))!;
    expect(cap).toBeLessThan(0.5);
    expect(textureScoreOf(3, 1, 0, null)).toBeCloseTo(1 / (1 + Math.exp(-3)), 12);
    expect(textureScoreOf(3, 1, 0, cap)).toBe(cap);
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
      expect(w[5]).toBeLessThanOrEqual(MAX_WEIGHT + 0.045);
      // nine weights rounded to hundredths leave a remainder of at most 0.045, all put on the texture weight
      expect(w[5]).toBeGreaterThanOrEqual(Math.max(...w) - 0.045);
    }
  });

  it('keeps every weight under 1 − (threshold − margin), so that no signal decides alone', () => {
    expect(MAX_WEIGHT).toBeLessThan(1 - (DEFAULT_CONFIG.live_threshold - DEFAULT_CONFIG.inconclusive_margin));
    for (const weight of Object.values(DEFAULT_WEIGHTS)) expect(weight).toBeLessThanOrEqual(MAX_WEIGHT);
  });
});

describe('the two-stage search', () => {
  const accept = DEFAULT_CONFIG.live_threshold + DEFAULT_CONFIG.inconclusive_margin;

  it('measures the larger excess over the floors (BPCER 10 %, worst camera APCER 15 %), the contract rule counting as refused', () => {
    const rows = [searchRow({}), searchRow({}), searchRow({ byRule: true }), searchRow({ live: false, attack: 'print' }), searchRow({ live: false, attack: 'gan' })];
    // every image at the acceptance point: BPCER 1/3 (the rule), print APCER 1; gan is not a floor's attack
    expect(operatingObjective(rows, [accept, accept, accept, accept, accept])).toBeCloseTo(-(1 - 0.15), 12);
    expect(operatingObjective(rows, [accept, accept, accept, 0, 1])).toBeCloseTo(-(1 / 3 - 0.1), 12);
  });

  it('ranks the weights on AUC, then places the offset where live images pass and camera attacks do not', () => {
    // lbp_texture's logit separates the classes; the other signals are high for every image, with noise
    const rows: SearchRow[] = [];
    for (let i = 0; i < 20; i++) {
      const others = Array.from({ length: 7 }, (_, k) => 0.75 + ((i * 13 + k * 7) % 10) / 100);
      rows.push(searchRow({ z: 2 + (i % 5) / 5, others }));
      rows.push(searchRow({ live: false, attack: i % 2 ? 'print' : 'screen_replay', z: -2 - (i % 5) / 5, others }));
    }
    const candidates = [
      { weights: [0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 0.1, 0.1], a: 1, delta: 0 },
      { weights: [0.05, 0.05, 0.05, 0.05, 0.05, 0.45, 0.15, 0.15], a: 1, delta: 0 },
    ];
    const best = bestWeighting(rows, candidates, TEXTURE_INDEX);
    expect(best.weights.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    expect(OFFSET_GRID).toContain(best.delta);
    const conf = rows.map((r) => confidenceOf(r, best, TEXTURE_INDEX));
    expect(operatingObjective(rows, conf)).toBeGreaterThanOrEqual(0.1 - 1e-12); // every live passes, no attack does
  });
});

describe('rates and per-source figures', () => {
  const { live_threshold: t, inconclusive_margin: m } = DEFAULT_CONFIG;
  const rows = [
    record({ scores: [t + m], collection: 'a' }), // LIVE
    record({ scores: [t], collection: 'a' }), // INCONCLUSIVE
    record({ scores: [t + m + 0.1], byRule: true, collection: 'b' }), // LIVE by its confidence, INCONCLUSIVE by the rule
    record({ label: 'spoof', attack: 'print', scores: [0.9], collection: 'b' }), // accepted
    record({ label: 'spoof', attack: 'print', scores: [t - m - 0.01], collection: 'b' }), // SPOOF
  ];
  const accepted = (r: FitRecord) => verdictOf(r, r.scores[0]) === 'LIVE';

  it('counts BPCER and APCER at the default threshold and margin, and the contract rule apart', () => {
    expect(rates(rows, accepted)).toEqual({ live: 3, bpcer: 0.667, bpcer_of_responding: 0.5, apcer_print: 0.5 });
    expect(rates(rows, accepted, (r) => verdictOf(r, r.scores[0]))).toEqual({
      live: 3,
      bpcer: 0.667,
      live_spoof: 0,
      live_inconclusive_by_rule: 1,
      live_inconclusive_in_band: 1,
      bpcer_of_responding: 0.5,
      apcer_print: 0.5,
    });
  });

  it('gives each source its live acceptance and attack acceptance', () => {
    expect(perSource(rows, accepted)).toEqual([
      { source: 'a', framing: 'crop', live: 2, live_accepted: 0.5, live_inconclusive_by_rule: 0, attacks: 0, attack_types: '', attacks_accepted: null },
      { source: 'b', framing: 'crop', live: 1, live_accepted: 0, live_inconclusive_by_rule: 1, attacks: 2, attack_types: 'print', attacks_accepted: 0.5 },
    ]);
  });

  it('cuts a probability where the excess over the floors is smallest', () => {
    const scored = [0.9, 0.8, 0.7, 0.6, 0.5].map((p) => record({ miniFasNetV2: p })).concat([0.1, 0.2, 0.3].map((p) => record({ label: 'spoof', attack: 'print', miniFasNetV2: p })));
    const cut = balancedCut(scored, (r) => r.miniFasNetV2);
    expect(cut).toBeGreaterThan(0.3);
    expect(cut).toBeLessThanOrEqual(0.5);
  });
});

describe('withWeights', () => {
  it('writes the eight weights into DEFAULT_WEIGHTS only, and the nine into DEFAULT_WEIGHTS_WITH_LEARNED only', () => {
    expect(withWeights(CONFIG_SOURCE, 'DEFAULT_WEIGHTS', SIGNAL_NAMES, SIGNAL_NAMES.map((n) => DEFAULT_WEIGHTS[n]))).toBe(CONFIG_SOURCE);
    expect(withWeights(CONFIG_SOURCE, 'DEFAULT_WEIGHTS_WITH_LEARNED', ALL_SIGNAL_NAMES, ALL_SIGNAL_NAMES.map((n) => DEFAULT_WEIGHTS_WITH_LEARNED[n]))).toBe(CONFIG_SOURCE);
    const eight = withWeights(CONFIG_SOURCE, 'DEFAULT_WEIGHTS', SIGNAL_NAMES, [0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 0.1, 0.1]);
    expect(eight).toContain('  lbp_texture: 0.3,\n  exif_metadata: 0.1,');
    expect(eight).toContain(`  lbp_texture: ${DEFAULT_WEIGHTS_WITH_LEARNED.lbp_texture},\n`); // DEFAULT_WEIGHTS_WITH_LEARNED untouched
    const nine = withWeights(CONFIG_SOURCE, 'DEFAULT_WEIGHTS_WITH_LEARNED', ALL_SIGNAL_NAMES, [0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.1, 0.1, 0.1]);
    expect(nine).toContain('  learned_texture: 0.1,\n});');
    expect(nine).toContain(`  lbp_texture: ${DEFAULT_WEIGHTS.lbp_texture},`);
    expect(() => withWeights('const x = 1;', 'DEFAULT_WEIGHTS', SIGNAL_NAMES, [])).toThrow(/no DEFAULT_WEIGHTS block/);
  });
});
