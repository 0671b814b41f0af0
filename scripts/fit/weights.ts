/**
 * The signal weights: a seeded random search on the simplex, every weight in [MIN_WEIGHT, MAX_WEIGHT]
 * and lbp_texture highest, each candidate scored by the mean AUC of the confidence over screen_replay,
 * print and gan less the ACER at the default threshold; the chosen weights are the mean of the
 * TOP_CANDIDATES best. The generator is the simulator's seeded one (src/synth).
 */
import { gaussian, mulberry32 } from '../../src/synth/index.js';
import { aucs, rates } from './measures.js';
import type { FitRecord } from './records.js';
import { TRAIN_ATTACKS } from './texture.js';

/** Attack types the weights are judged on. */
export const TARGET_ATTACKS: readonly string[] = ['screen_replay', 'print', 'gan'];
export const WEIGHT_CANDIDATES = 1500;
/** How many of the best candidates are averaged into the chosen weights. */
export const TOP_CANDIDATES = 25;
/**
 * Every signal keeps a say, and none decides alone: with the highest weight under 1 − (t + m) … t − m
 * (0.38 … 0.54 at the defaults), one signal at 1 with all others at 0 cannot reach LIVE, nor one at 0
 * with all others at 1 reach SPOOF.
 */
export const MIN_WEIGHT = 0.02;
export const MAX_WEIGHT = 0.45;
/** Dirichlet concentration of the weight candidates (below 1 favours uneven weights). */
const DIRICHLET_ALPHA = 0.7;
/** Seed of the weight search; `--seed N` draws another candidate set (to see how much the figures move). */
export const DEFAULT_SEED = 20261123;

/** A record with its scores as the weights see them (the texture score held out). */
export type WeightedRecord = FitRecord & { oofScores: number[] };

/** The confidence of weights `w` on scores `scores` (same order). */
export const confidence = (w: readonly number[], scores: readonly number[]): number => scores.reduce((sum, s, i) => sum + w[i] * s, 0);

/**
 * `count` weight candidates of `signalCount` weights on the simplex (gamma draws by Marsaglia–Tsang),
 * rounded to hundredths and summing to 1, with the weight at `textureIndex` the highest.
 */
export function weightCandidates(count: number, seed: number, signalCount: number, textureIndex: number): number[][] {
  const next = mulberry32(seed);
  const normal = () => gaussian(next);
  const gamma = (k: number): number => {
    const boost = k < 1 ? next() ** (1 / k) : 1;
    const d = (k < 1 ? k + 1 : k) - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = normal();
      const v = (1 + c * x) ** 3;
      if (v > 0 && Math.log(next() + 1e-12) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * boost;
    }
  };
  const out: number[][] = [];
  while (out.length < count) {
    const w = Array.from({ length: signalCount }, () => gamma(DIRICHLET_ALPHA));
    const top = w.indexOf(Math.max(...w));
    [w[top], w[textureIndex]] = [w[textureIndex], w[top]];
    const sum = w.reduce((a, b) => a + b, 0);
    const spread = 1 - MIN_WEIGHT * signalCount;
    const candidate = w.map((v) => Math.round((MIN_WEIGHT + (spread * v) / sum) * 100) / 100);
    if (candidate[textureIndex] <= MAX_WEIGHT) out.push(candidate);
  }
  return out.map((w) => {
    // rounding to hundredths: put the remainder on lbp_texture so the weights sum to exactly 1
    const rest = Math.round((1 - w.reduce((a, b) => a + b, 0)) * 100) / 100;
    w[textureIndex] = Math.round((w[textureIndex] + rest) * 100) / 100;
    return w;
  });
}

/**
 * Mean AUC over the target attack types, less the ACER at the default threshold (worst APCER over
 * the camera attacks and BPCER, averaged): a good ranking and a sound operating point.
 */
export function objective(rows: readonly WeightedRecord[], w: readonly number[]): number {
  const a = aucs(rows, (r) => confidence(w, r.oofScores), TARGET_ATTACKS);
  const meanAuc = TARGET_ATTACKS.reduce((sum, t) => sum + (a[t] ?? 0), 0) / TARGET_ATTACKS.length;
  const r = rates(rows, (x) => confidence(w, x.oofScores));
  const worstApcer = Math.max(...TRAIN_ATTACKS.map((t) => r[`apcer_${t}`] ?? 0));
  return meanAuc - (worstApcer + r.bpcer) / 2;
}

/**
 * The mean of the TOP_CANDIDATES best candidates (rounded to hundredths, the remainder on the weight at
 * `textureIndex`): averaging the best few, rather than taking the single best, makes the choice far
 * less dependent on which candidates the search happened to draw. The mean keeps every constraint
 * (bounds, lbp_texture highest), since each candidate meets it.
 */
export function bestWeights(rows: readonly WeightedRecord[], candidates: readonly number[][], textureIndex: number): number[] {
  const ranked = candidates.map((w) => ({ w, value: objective(rows, w) })).sort((a, b) => b.value - a.value);
  const top = ranked.slice(0, TOP_CANDIDATES).map((c) => c.w);
  const signalCount = candidates[0]?.length ?? 0;
  const mean = Array.from({ length: signalCount }, (_, i) => Math.round((top.reduce((sum, w) => sum + w[i], 0) / top.length) * 100) / 100);
  const rest = Math.round((1 - mean.reduce((a, b) => a + b, 0)) * 100) / 100;
  mean[textureIndex] = Math.round((mean[textureIndex] + rest) * 100) / 100;
  return mean;
}
