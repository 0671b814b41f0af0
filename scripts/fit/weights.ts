/**
 * The signal weights and the calibration of `lbp_texture`, in two stages on stacker logits held out by
 * source:
 * 1. ranking: a seeded random search over the simplex — every weight in [MIN_WEIGHT, MAX_WEIGHT],
 *    lbp_texture highest — each candidate with a calibration slope a (log-uniform in 0.5–2) and a
 *    provisional offset (uniform in −2…2), scored by the mean AUC of the confidence over
 *    screen_replay, print and gan; the weights are the mean of the TOP_CANDIDATES best (hundredths,
 *    the remainder on lbp_texture), a their geometric mean (hundredths);
 * 2. operating point: with those weights and slope, the offset on a 0.02 grid over [−4, 4] that
 *    minimises the larger excess over the floors at the default threshold and margin (BPCER over 10 %,
 *    worst APCER of screen_replay and print over 15 %), with the contract's rule; ties go to the middle
 *    of the longest run of best offsets.
 * The generator is the simulator's seeded one (src/synth).
 */
import { DEFAULT_CONFIG } from '../../src/config.js';
import { gaussian, mulberry32 } from '../../src/synth/index.js';
import { textureScoreOf } from './stacker.js';
import { TRAIN_ATTACKS } from './texture.js';

/** Attack types the weights are ranked on. */
export const TARGET_ATTACKS: readonly string[] = ['screen_replay', 'print', 'gan'];
export const WEIGHT_CANDIDATES = 3000;
/** How many of the best candidates are averaged into the chosen weights. */
export const TOP_CANDIDATES = 25;
/**
 * Every signal keeps a say, and none decides alone: with the highest weight at most 0.45, under
 * 1 − (t − m) = 0.46, one signal at 1 with all others at 0 cannot reach LIVE, nor one at 0 with all
 * others at 1 reach SPOOF.
 */
export const MIN_WEIGHT = 0.02;
export const MAX_WEIGHT = 0.45;
/** Dirichlet concentration of the weight candidates (below 1 favours uneven weights). */
const DIRICHLET_ALPHA = 0.7;
/** Range of the calibration slope (log-uniform) and of the provisional offset of stage 1. */
const SLOPE_RANGE = [0.5, 2] as const;
const OFFSET_RANGE = [-2, 2] as const;
/** The offsets stage 2 tries: −4 … 4 in steps of 0.02. */
export const OFFSET_GRID: readonly number[] = Object.freeze(Array.from({ length: 401 }, (_, i) => Math.round((i * 0.02 - 4) * 100) / 100));
/** The floors the operating point is balanced against: BPCER and worst camera-attack APCER at the default threshold. */
export const BPCER_FLOOR = 0.1;
export const APCER_FLOOR = 0.15;
/** Seed of the weight search; `--seed N` draws another candidate set (to see how much the figures move). */
export const DEFAULT_SEED = 20261123;

const ACCEPT_AT = DEFAULT_CONFIG.live_threshold + DEFAULT_CONFIG.inconclusive_margin;

/** What the search needs of an image: its class, the contract's rule, its stacker logit and the other signals' scores. */
export interface SearchRow {
  live: boolean;
  attack: string;
  byRule: boolean;
  /** The stacker's logit, held out by source. */
  z: number;
  /** The dominant-bin cap of its texture score (null: none). */
  cap: number | null;
  /** The scores of every signal but lbp_texture, in signal order. */
  others: readonly number[];
}

/** Eight (or nine) weights with the calibration of lbp_texture. */
export interface Weighting {
  weights: number[];
  a: number;
  delta: number;
}

/** The confidence of a row under a weighting (`textureIndex`: where lbp_texture sits in the weights). */
export function confidenceOf(row: SearchRow, w: Weighting, textureIndex: number): number {
  let sum = w.weights[textureIndex] * textureScoreOf(row.z, w.a, w.delta, row.cap);
  for (let i = 0, k = 0; i < w.weights.length; i++) if (i !== textureIndex) sum += w.weights[i] * row.others[k++];
  return sum;
}

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

/** The candidates of stage 1: weights (weightCandidates) with a slope and a provisional offset each. */
export function searchCandidates(count: number, seed: number, signalCount: number, textureIndex: number): Weighting[] {
  const next = mulberry32(seed + 1);
  const [lo, hi] = SLOPE_RANGE;
  return weightCandidates(count, seed, signalCount, textureIndex).map((weights) => ({
    weights,
    a: Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * next()),
    delta: OFFSET_RANGE[0] + (OFFSET_RANGE[1] - OFFSET_RANGE[0]) * next(),
  }));
}

/** AUC (ties half) of live scores against attack scores, with the live scores sorted ascending. */
function aucSorted(liveSorted: Float64Array, attack: ArrayLike<number>): number {
  const n = liveSorted.length;
  let below = 0;
  for (let i = 0; i < attack.length; i++) {
    const v = attack[i];
    // live scores < v and ≤ v by binary search
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (liveSorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    const less = lo;
    hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (liveSorted[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    below += n - lo + 0.5 * (lo - less);
  }
  return below / (n * attack.length);
}

/** Mean AUC over the target attack types present, of the confidences `conf` of `rows`. */
function rankingObjective(rows: readonly SearchRow[], conf: Float64Array): number {
  const live = Float64Array.from(rows.flatMap((r, i) => (r.live ? [conf[i]] : []))).sort();
  const values: number[] = [];
  for (const attack of TARGET_ATTACKS) {
    const scores = rows.flatMap((r, i) => (r.attack === attack ? [conf[i]] : []));
    if (scores.length && live.length) values.push(aucSorted(live, scores));
  }
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

/** −(the larger excess over the floors): BPCER over BPCER_FLOOR, worst camera APCER over APCER_FLOOR, at the default threshold and margin with the contract's rule. */
export function operatingObjective(rows: readonly SearchRow[], conf: ArrayLike<number>): number {
  let live = 0;
  let liveAccepted = 0;
  const attacks = new Map<string, { n: number; accepted: number }>();
  rows.forEach((r, i) => {
    const accepted = !r.byRule && conf[i] >= ACCEPT_AT;
    if (r.live) {
      live++;
      if (accepted) liveAccepted++;
    } else if (TRAIN_ATTACKS.includes(r.attack)) {
      const c = attacks.get(r.attack) ?? { n: 0, accepted: 0 };
      c.n++;
      if (accepted) c.accepted++;
      attacks.set(r.attack, c);
    }
  });
  const bpcer = live ? 1 - liveAccepted / live : 0;
  const worst = Math.max(0, ...[...attacks.values()].map((c) => c.accepted / c.n));
  return -Math.max(bpcer - BPCER_FLOOR, worst - APCER_FLOOR);
}

/** The two-stage search on `rows` (see the file header). */
export function bestWeighting(rows: readonly SearchRow[], candidates: readonly Weighting[], textureIndex: number): Weighting {
  const conf = new Float64Array(rows.length);
  const ranked = candidates
    .map((candidate) => {
      rows.forEach((row, i) => (conf[i] = confidenceOf(row, candidate, textureIndex)));
      return { candidate, value: rankingObjective(rows, conf) };
    })
    .sort((x, y) => y.value - x.value)
    .slice(0, TOP_CANDIDATES)
    .map((c) => c.candidate);
  const signalCount = ranked[0]?.weights.length ?? 0;
  const weights = Array.from({ length: signalCount }, (_, i) => Math.round((ranked.reduce((sum, c) => sum + c.weights[i], 0) / ranked.length) * 100) / 100);
  weights[textureIndex] = Math.round((weights[textureIndex] + Math.round((1 - weights.reduce((a, b) => a + b, 0)) * 100) / 100) * 100) / 100;
  const a = Math.round(Math.exp(ranked.reduce((sum, c) => sum + Math.log(c.a), 0) / ranked.length) * 100) / 100;
  // stage 2: the offset, on the grid
  const values = OFFSET_GRID.map((delta) => {
    rows.forEach((row, i) => (conf[i] = confidenceOf(row, { weights, a, delta }, textureIndex)));
    return operatingObjective(rows, conf);
  });
  const best = Math.max(...values);
  let run = { start: -1, length: 0 };
  for (let i = 0; i < values.length; ) {
    if (values[i] < best - 1e-12) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < values.length && values[j + 1] >= best - 1e-12) j++;
    if (j - i + 1 > run.length) run = { start: i, length: j - i + 1 };
    i = j + 1;
  }
  const delta = OFFSET_GRID[run.start + Math.floor((run.length - 1) / 2)];
  return { weights, a, delta };
}
