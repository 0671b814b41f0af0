/**
 * The fit of the calibrated defaults from an eval's scores.csv, as pure functions (the command is
 * scripts/fit.mjs). Only the development sources are fitted on: the held-out sources of
 * scripts/lib/holdout.mjs are set aside before anything else and, when asked, measured with the
 * development fit. On the development sources:
 *
 * 1. The texture models of `lbp_texture` (texture.ts), trained on live images and camera presentation
 *    attacks, with the augmented copies of those images when given (each copy held out with its source).
 * 2. The stacker (stacker.ts) over MiniFASNet's two models and the texture models' logits, trained on
 *    texture probabilities held out by source.
 * 3. The weights and the calibration of lbp_texture (weights.ts), on stacker logits held out by source.
 *
 * The figures are nested leave-one-source-out: for each development source, 1–3 are fitted on the
 * other sources only, and the stacker's training inputs are themselves held out (texture models fitted
 * without both the source measured and the source predicted). The committed model is 1–3 on every
 * development source.
 */
import type { LogisticModel, TextureModel } from '../../src/signals/texture-model.js';
import { aucsByFraming, balancedCut, perSource, ratesByFraming, verdictOf } from './measures.js';
import { FitInputError, fitSignals, readRecords, type FitRecord } from './records.js';
import { manifestRows, splitRecords } from './split.js';
import { capOf, fitStacker, stackedLogit, stackerModel, textureScoreOf, type StackedRecord } from './stacker.js';
import { fitTextureModels, predictTexture, textureModel, textureModelJson } from './texture.js';
import { bestWeighting, confidenceOf, searchCandidates, WEIGHT_CANDIDATES, type SearchRow, type Weighting } from './weights.js';

export { FitInputError, fitSignals, readRecords } from './records.js';
export { DEFAULT_SEED } from './weights.js';
export { withWeights } from './write.js';

/** How to fit. */
export interface FitOptions {
  /** Fit the optional signals' weights too (a report only: the calibration belongs to the eight). */
  withLearned: boolean;
  /** Seed of the weight search. */
  seed: number;
  /** `--subject-from-path`: within a source, hold out each person its file names name (a diagnostic split). */
  subjectPattern: RegExp | null;
  /** scores.csv table of the augmented copies of the development images (scripts/augment-texture.py), or null. */
  augmented: readonly string[][] | null;
  /** Measure the held-out sources with the development fit, and report them. */
  reportHeldOut: boolean;
  /** Told what the fit is doing (it takes minutes). */
  onProgress?: (message: string) => void;
}

/** What a fit found. */
export interface FitResult {
  /** The cross-validated figures and the chosen weights, as the command prints them. */
  report: Record<string, unknown>;
  /** The signals, in order, and their chosen weights. */
  signals: readonly string[];
  weights: number[];
  /** texture-model.json fitted on every development source (written with `--write`). */
  textureModelJson(): string;
}

type TextureModels = { colour: LogisticModel; distortion: LogisticModel };

/** What a fused verdict measured on one image, held out. */
interface Scored {
  record: FitRecord;
  confidence: number;
  texture: number;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const miniFasNetReal = (r: FitRecord) => (r.miniFasNetV2 + r.miniFasNetV1se) / 2;

/** The figures of a fused verdict and of MiniFASNet alone (at its authors' cut 0.5 and at `cut`) on `scored`. */
function figures(scored: readonly Scored[], cut: number | ((r: FitRecord) => number)) {
  const rows = scored.map((s) => s.record);
  const conf = new Map(scored.map((s) => [s.record, s.confidence]));
  const texture = new Map(scored.map((s) => [s.record, s.texture]));
  const accepted = (r: FitRecord) => verdictOf(r, conf.get(r)!) === 'LIVE';
  const cutOf = typeof cut === 'number' ? () => cut : cut;
  const mfAt = (c: (r: FitRecord) => number) => (r: FitRecord) => !r.byRule && miniFasNetReal(r) >= c(r);
  return {
    fused: {
      auc: aucsByFraming(rows, (r) => conf.get(r)!),
      texture_auc: aucsByFraming(rows, (r) => texture.get(r)!),
      rates: ratesByFraming(rows, accepted, (r) => verdictOf(r, conf.get(r)!)),
      per_source: perSource(rows, accepted),
    },
    minifasnet: {
      auc: aucsByFraming(rows, miniFasNetReal),
      rates_at_0_5: ratesByFraming(rows, mfAt(() => 0.5)),
      rates_at_balanced_cut: ratesByFraming(rows, mfAt(cutOf)),
      per_source_at_0_5: perSource(rows, mfAt(() => 0.5)),
      per_source_at_balanced_cut: perSource(rows, mfAt(cutOf)),
    },
  };
}

/** Fit the models, the weights and the calibration on the development rows of a scores.csv table (header first). */
export function runFit(table: readonly string[][], options: FitOptions): FitResult {
  const say = options.onProgress ?? (() => {});
  const signals = fitSignals(options.withLearned);
  const textureIndex = signals.indexOf('lbp_texture');
  const all = readRecords(table, signals, { subjectPattern: options.subjectPattern });
  const split = splitRecords(all, manifestRows(table));
  const dev = split.development;
  if (options.reportHeldOut && split.heldOutSources === null) throw new FitInputError('--report-held-out: these sources have no held-out part (the rule of scripts/lib/holdout.mjs cannot be met on them)');
  const groups = [...new Set(dev.map((r) => r.source))].sort();
  if (groups.length < 3) throw new FitInputError(`the fit needs at least 3 development sources to hold one out and still search on two, got ${groups.length}`);
  const copies = options.augmented ? readRecords(options.augmented, signals, { subjectPattern: options.subjectPattern, textureOnly: true }) : [];
  const heldOutSet = new Set(split.heldOutSources ?? []);
  if (copies.some((c) => heldOutSet.has(c.collection))) throw new FitInputError('the augmented copies include images of held-out sources: make them of development sources only');
  const strangers = copies.filter((c) => !groups.includes(c.source));
  if (strangers.length) throw new FitInputError(`the augmented copies name sources that are not in scores.csv (${strangers[0].collection})`);

  // 1. texture models without some sources, each fitted once
  const fitted = new Map<string, TextureModels>();
  const texturePool = [...dev, ...copies];
  const without = (excluded: readonly string[]): TextureModels => {
    const key = [...excluded].sort().join('\n');
    let models = fitted.get(key);
    if (!models) {
      models = fitTextureModels(texturePool.filter((r) => !excluded.includes(r.source)));
      fitted.set(key, models);
    }
    return models;
  };
  say(`texture models: ${groups.length} sources, ${dev.length} images and ${copies.length} augmented copies (nested: one fit per pair of sources)`);
  const heldOutTexture = new Map<FitRecord, { colour: number; distortion: number }>();
  for (const g of groups) {
    const models = without([g]);
    for (const r of dev.filter((x) => x.source === g)) heldOutTexture.set(r, predictTexture(models, r));
  }
  /** The texture probabilities of `r` as outer fold `k` may see them: fitted without k and without r's own source. */
  const nested = (k: string, r: FitRecord) => (r.source === k ? heldOutTexture.get(r)! : predictTexture(without([k, r.source]), r));

  // 2–3, nested leave-one-source-out: for each source, everything fitted on the others
  const candidates = searchCandidates(WEIGHT_CANDIDATES, options.seed, signals.length, textureIndex);
  const searchRow = (s: StackedRecord, z: number): SearchRow => ({
    live: s.record.label === 'live',
    attack: s.record.attack,
    byRule: s.record.byRule,
    z,
    cap: capOf(s.record),
    others: s.record.scores.filter((_, i) => i !== textureIndex),
  });
  /** Out-of-source stacker logits of `rows`: for each source, the stacker fitted on the other rows. */
  const heldOutLogits = (rows: readonly StackedRecord[]): Map<StackedRecord, number> => {
    const z = new Map<StackedRecord, number>();
    for (const g of [...new Set(rows.map((s) => s.record.source))]) {
      const model = fitStacker(rows.filter((s) => s.record.source !== g));
      for (const s of rows.filter((x) => x.record.source === g)) z.set(s, stackedLogit(model, s));
    }
    return z;
  };
  const loso: Scored[] = [];
  const folds: Weighting[] = [];
  groups.forEach((k, n) => {
    say(`nested leave-one-source-out: ${n + 1}/${groups.length} ${k}`);
    const stacked: StackedRecord[] = dev.map((r) => ({ record: r, ...nested(k, r) }));
    const training = stacked.filter((s) => s.record.source !== k);
    const inner = heldOutLogits(training);
    const weighting = bestWeighting(training.map((s) => searchRow(s, inner.get(s)!)), candidates, textureIndex);
    folds.push(weighting);
    const stacker = fitStacker(training);
    for (const s of stacked.filter((x) => x.record.source === k)) {
      const row = searchRow(s, stackedLogit(stacker, s));
      loso.push({ record: s.record, confidence: confidenceOf(row, weighting, textureIndex), texture: textureScoreOf(row.z, weighting.a, weighting.delta, row.cap) });
    }
  });

  // the committed fit: every development source
  say('the fit on every development source');
  const final = without([]);
  const stackedAll: StackedRecord[] = dev.map((r) => ({ record: r, ...heldOutTexture.get(r)! }));
  const zAll = heldOutLogits(stackedAll);
  const weighting = bestWeighting(stackedAll.map((s) => searchRow(s, zAll.get(s)!)), candidates, textureIndex);
  const stacker = fitStacker(stackedAll);
  const model: TextureModel = textureModel(final.colour, final.distortion, stackerModel(stacker, weighting.a, weighting.delta));

  // MiniFASNet alone: its cut chosen on the other sources, as the fused calibration is
  const devCut = new Map(groups.map((k) => [k, balancedCut(dev.filter((r) => r.source !== k), miniFasNetReal)]));
  const spread = (values: number[]) => ({ min: Math.min(...values), mean: Number(mean(values).toFixed(3)), max: Math.max(...values) });
  const report: Record<string, unknown> = {
    split: split.heldOutSources
      ? { rule: 'scripts/lib/holdout.mjs', seed: split.seed, held_out_sources: split.heldOutSources, held_out_images: split.heldOut.length, development_images: dev.length }
      : { rule: 'scripts/lib/holdout.mjs', held_out_sources: 'none: the rule cannot be met on these sources, every source is development' },
    cross_validation: options.subjectPattern
      ? `nested leave one group out over the development sources, split by person where the path matches ${options.subjectPattern} (NOT the committed split)`
      : 'nested leave one source out over the development sources (each held out in turn; texture models, stacker, weights and calibration fitted on the others)',
    images: dev.length,
    sources: groups.length,
    augmented_copies: copies.length,
    signals: signals.length,
    loso: {
      ...figures(loso, (r) => devCut.get(r.source)!),
      components: {
        colour: aucsByFraming(dev, (r) => heldOutTexture.get(r)!.colour),
        distortion: aucsByFraming(dev, (r) => heldOutTexture.get(r)!.distortion),
      },
      minifasnet_balanced_cut_per_fold: spread([...devCut.values()]),
      fold_weights: Object.fromEntries([
        ...signals.map((name, i) => [name, spread(folds.map((f) => f.weights[i]))]),
        ['a', spread(folds.map((f) => f.a))],
        ['delta', spread(folds.map((f) => f.delta))],
      ]),
    },
    weights: Object.fromEntries(signals.map((name, i) => [name, weighting.weights[i]])),
    calibration: { a: weighting.a, delta: weighting.delta },
    stacker: Object.fromEntries(stacker.features.map((name, i) => [name, { mean: stacker.mean[i], scale: stacker.scale[i], weight: stacker.weights[i] }])),
    stacker_bias: stacker.bias,
  };
  if (options.reportHeldOut) {
    const cut = balancedCut(dev, miniFasNetReal);
    const scored = split.heldOut.map((r): Scored => {
      const s: StackedRecord = { record: r, ...predictTexture(final, r) };
      const row = searchRow(s, stackedLogit(stacker, s));
      return { record: r, confidence: confidenceOf(row, weighting, textureIndex), texture: textureScoreOf(row.z, weighting.a, weighting.delta, row.cap) };
    });
    report.held_out = { images: scored.length, minifasnet_cut: cut, ...figures(scored, cut) };
  }
  return {
    report,
    signals,
    weights: weighting.weights,
    textureModelJson: () => textureModelJson(model),
  };
}
