/**
 * The fit of the calibrated defaults from an eval's scores.csv, as pure functions (the command is
 * scripts/fit.mjs):
 *
 * 1. The texture models of `lbp_texture` (texture.ts), trained on live images and camera presentation
 *    attacks; each source (person, camera, room) is held out in turn and predicted by models fitted
 *    on all other sources (leave-one-source-out).
 * 2. The signal weights (weights.ts), judged with the same split on the held-out texture scores of 1.
 *
 * With `withLearned`, the optional signals join step 2 (nine weights, same constraints, search and
 * split); the texture models belong to the eight-signal defaults.
 */
import { readRecords, type FitRecord, fitSignals } from './records.js';
import { aucs, bestThreshold, rates } from './measures.js';
import { fitColourModel, fitDistortionModel, isTraining, predictTexture, textureModel, textureModelJson } from './texture.js';
import { bestWeights, confidence, weightCandidates, WEIGHT_CANDIDATES, type WeightedRecord } from './weights.js';

export { FitInputError, fitSignals, readRecords } from './records.js';
export { DEFAULT_SEED } from './weights.js';
export { withWeights } from './write.js';

/** How to fit. */
export interface FitOptions {
  /** Fit the optional signals' weights too. */
  withLearned: boolean;
  /** Seed of the weight search. */
  seed: number;
  /** `--subject-from-path`: within a source, hold out each person its file names name (a diagnostic split). */
  subjectPattern: RegExp | null;
}

/** What a fit found. */
export interface FitResult {
  /** The cross-validated figures and the chosen weights, as the command prints them. */
  report: Record<string, unknown>;
  /** The signals, in order, and their chosen weights. */
  signals: readonly string[];
  weights: number[];
  /** texture-model.json fitted on every source (written with `--write`, eight signals only). */
  textureModelJson(): string;
}

type ScoredRecord = WeightedRecord & { oofColour: number; oofDistortion: number; oofTexture: number; oofConfidence: number };

/** Fit the texture models and the weights on the rows of a scores.csv table (header first). */
export function runFit(table: readonly string[][], options: FitOptions): FitResult {
  const signals = fitSignals(options.withLearned);
  const textureIndex = signals.indexOf('lbp_texture');
  const records = readRecords(table, signals, options.subjectPattern) as ScoredRecord[];

  // 1. texture model, leave one source out
  const sources = [...new Set(records.map((r) => r.source))].sort();
  for (const source of sources) {
    const training = records.filter((r) => r.source !== source && isTraining(r));
    const model = textureModel(fitColourModel(training), fitDistortionModel(training));
    for (const r of records.filter((x) => x.source === source)) {
      const predicted = predictTexture(model, r);
      r.oofColour = predicted.colour;
      r.oofDistortion = predicted.distortion;
      r.oofTexture = predicted.texture;
    }
  }
  for (const r of records) r.oofScores = r.scores.map((s, i) => (i === textureIndex ? r.oofTexture : s));

  // 2. weights, judged on held-out sources
  const candidates = weightCandidates(WEIGHT_CANDIDATES, options.seed, signals.length, textureIndex);
  for (const source of sources) {
    const w = bestWeights(
      records.filter((r) => r.source !== source),
      candidates,
      textureIndex,
    );
    for (const r of records.filter((x) => x.source === source)) r.oofConfidence = confidence(w, r.oofScores);
  }
  const finalWeights = bestWeights(records, candidates, textureIndex);
  const optional = signals.filter((name) => !fitSignals(false).includes(name));

  const report = {
    images: records.length,
    sources: sources.length,
    split: options.subjectPattern
      ? `leave one group out: sources, split by person where the path matches ${options.subjectPattern} (NOT the committed split)`
      : 'leave one source out (each source held out in turn; fitted on all others)',
    signals: signals.length,
    texture_model_cv_auc: aucs(records, (r) => r.oofTexture),
    colour_model_cv_auc: aucs(records, (r) => r.oofColour),
    distortion_model_cv_auc: aucs(records, (r) => r.oofDistortion),
    ...Object.fromEntries(optional.map((name) => [`${name}_auc`, aucs(records, (r: FitRecord) => r.scores[signals.indexOf(name)])])),
    confidence_cv_auc: aucs(records, (r) => r.oofConfidence),
    confidence_cv_rates_at_default_threshold: rates(records, (r) => r.oofConfidence),
    verdict_cv_rates_at_default_threshold: rates(records, (r) => r.oofConfidence, true),
    weights: Object.fromEntries(signals.map((name, i) => [name, finalWeights[i]])),
    auc_final_weights_on_held_out_texture: aucs(records, (r) => confidence(finalWeights, r.oofScores)),
    best_threshold_cv: bestThreshold(records, (r) => r.oofConfidence),
  };
  return {
    report,
    signals,
    weights: finalWeights,
    textureModelJson() {
      const training = records.filter(isTraining);
      return textureModelJson(fitColourModel(training), fitDistortionModel(training));
    },
  };
}
