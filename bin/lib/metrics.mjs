/**
 * Presentation-attack-detection metrics of ISO/IEC 30107-3, as pure functions over scored records.
 * No I/O, no module state: `bin/lib/eval.mjs` feeds them, `bin/lib/metrics.test.ts` checks them on
 * hand-computed cases.
 *
 * Conventions (written out again in metrics.json under `definitions`):
 * - An image is ACCEPTED (classified as a bona fide presentation) when its verdict is LIVE.
 * - APCER of an attack type = share of that type's attacks that were accepted. A non-response to an
 *   attack (INCONCLUSIVE, NO_FACE_DETECTED, any other error) is not an accept.
 * - BPCER = share of live images NOT accepted: SPOOF, INCONCLUSIVE and errors all count.
 *   `bpcer_responded` counts only live images that got LIVE or SPOOF.
 * - Attack types in `excluded_from_worst` (by default `digital_manipulation`: an edited photo is not
 *   a presentation to the camera) are reported in `by_attack` but stay out of every pooled figure:
 *   `apcer_worst`, `acer`, `auc`, `eer`, `bpcer_at_apcer_*`.
 * - Threshold sweeps classify `confidence >= t` as accepted (no INCONCLUSIVE band) and leave out the
 *   images that have no confidence (errors); they are counted in `sweep.excluded`.
 * - AUC is the Mann–Whitney statistic P(live score > attack score), ties counted half.
 *
 * @module
 */

/** Attack types that are reported apart and kept out of the pooled and worst-case figures. */
export const EXCLUDED_FROM_WORST = Object.freeze(['digital_manipulation']);

/** The label of bona fide images in a manifest. */
export const LIVE_LABEL = 'live';
/** The label of attack images in a manifest. */
export const SPOOF_LABEL = 'spoof';
/** Attack type given to a spoof row whose `attack_type` is empty. */
export const UNKNOWN_ATTACK = 'unknown';

/**
 * One scored image, as the metric functions see it.
 * @typedef {object} ScoredRecord
 * @property {'live' | 'spoof'} label
 * @property {string} attack_type  attack type of a spoof ('none' or '' for live images)
 * @property {'success' | 'error'} status
 * @property {string | null} error_code  the envelope's error code, null on success
 * @property {'LIVE' | 'SPOOF' | 'INCONCLUSIVE' | null} verdict  null on error
 * @property {number | null} confidence  in [0,1]; null on error
 * @property {Record<string, number>} scores  signal name → score in [0,1]; empty on error
 */

/**
 * Non-responses of one group of images.
 * @typedef {object} NonResponse
 * @property {number} NO_FACE_DETECTED
 * @property {number} INCONCLUSIVE
 * @property {number} other_error  any other error code (INVALID_REQUEST, INFERENCE_ERROR, SERVER_ERROR)
 * @property {number} total
 * @property {Record<string, number>} other_error_codes  the other errors by code
 */

/** @param {number} numerator @param {number} denominator @returns {number | null} */
function ratio(numerator, denominator) {
  return denominator > 0 ? numerator / denominator : null;
}

/** @param {ScoredRecord} record */
export function isAccepted(record) {
  return record.status === 'success' && record.verdict === 'LIVE';
}

/** @param {ScoredRecord} record */
export function attackTypeOf(record) {
  return record.attack_type && record.attack_type !== 'none' ? record.attack_type : UNKNOWN_ATTACK;
}

/**
 * Counts non-responses: INCONCLUSIVE verdicts, NO_FACE_DETECTED and other errors.
 * @param {readonly ScoredRecord[]} records
 * @returns {NonResponse}
 */
export function countNonResponses(records) {
  /** @type {NonResponse} */
  const counts = { NO_FACE_DETECTED: 0, INCONCLUSIVE: 0, other_error: 0, total: 0, other_error_codes: {} };
  for (const record of records) {
    if (record.status === 'success') {
      if (record.verdict !== 'INCONCLUSIVE') continue;
      counts.INCONCLUSIVE++;
    } else if (record.error_code === 'NO_FACE_DETECTED') {
      counts.NO_FACE_DETECTED++;
    } else {
      const code = record.error_code ?? 'UNKNOWN';
      counts.other_error++;
      counts.other_error_codes[code] = (counts.other_error_codes[code] ?? 0) + 1;
    }
    counts.total++;
  }
  return counts;
}

/**
 * APCER of a group of attacks: share accepted (verdict LIVE). Non-responses are not accepts.
 * @param {readonly ScoredRecord[]} attacks
 * @returns {number | null} null for an empty group
 */
export function apcer(attacks) {
  return ratio(attacks.filter(isAccepted).length, attacks.length);
}

/**
 * BPCER: share of live images not accepted (SPOOF, INCONCLUSIVE, or any error).
 * @param {readonly ScoredRecord[]} live
 * @returns {number | null}
 */
export function bpcer(live) {
  return ratio(live.filter((record) => !isAccepted(record)).length, live.length);
}

/**
 * BPCER over live images that got a LIVE or SPOOF verdict only (non-responses left out).
 * @param {readonly ScoredRecord[]} live
 * @returns {number | null}
 */
export function bpcerResponded(live) {
  const responded = live.filter((r) => r.status === 'success' && (r.verdict === 'LIVE' || r.verdict === 'SPOOF'));
  return ratio(responded.filter((record) => record.verdict === 'SPOOF').length, responded.length);
}

/**
 * Area under the ROC curve by the Mann–Whitney U statistic: P(live > attack) + ½ P(live = attack).
 * Mid-ranks handle ties. O(n log n).
 * @param {readonly number[]} liveScores
 * @param {readonly number[]} attackScores
 * @returns {number | null} null when either side is empty
 */
export function aucMannWhitney(liveScores, attackScores) {
  const nLive = liveScores.length;
  const nAttack = attackScores.length;
  if (nLive === 0 || nAttack === 0) return null;
  const all = [
    ...liveScores.map((score) => ({ score, live: true })),
    ...attackScores.map((score) => ({ score, live: false })),
  ].sort((a, b) => a.score - b.score);
  let liveRankSum = 0;
  for (let start = 0; start < all.length; ) {
    let end = start;
    while (end + 1 < all.length && all[end + 1].score === all[start].score) end++;
    // ranks are 1-based; the tied run start..end shares the mean rank
    const midRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) if (all[i].live) liveRankSum += midRank;
    start = end + 1;
  }
  const u = liveRankSum - (nLive * (nLive + 1)) / 2;
  return u / (nLive * nAttack);
}

/**
 * One operating point of a threshold sweep: images with `score >= threshold` are accepted.
 * @typedef {object} SweepPoint
 * @property {number} threshold
 * @property {number} bpcer  share of live scores below the threshold
 * @property {Record<string, number>} apcer  per attack type, share of its scores at or above the threshold
 * @property {number} apcer_pooled  share of all attack scores at or above the threshold
 * @property {number} apcer_worst  the highest per-type APCER
 */

/** @param {readonly number[]} sorted ascending @param {number} t @returns {number} how many are < t */
function countBelow(sorted, t) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Sweeps the acceptance threshold over every distinct score (and +∞, where nothing is accepted),
 * in ascending order of threshold: BPCER rises, APCER falls.
 * @param {readonly number[]} liveScores
 * @param {Record<string, readonly number[]>} attackScoresByType
 * @returns {SweepPoint[]} empty when there are no live scores or no attack scores
 */
export function sweepThresholds(liveScores, attackScoresByType) {
  const types = Object.keys(attackScoresByType).filter((type) => attackScoresByType[type].length > 0);
  if (liveScores.length === 0 || types.length === 0) return [];
  const ascending = (/** @type {readonly number[]} */ values) => [...values].sort((a, b) => a - b);
  const live = ascending(liveScores);
  /** @type {Record<string, number[]>} */
  const attacks = Object.fromEntries(types.map((type) => [type, ascending(attackScoresByType[type])]));
  const pooled = ascending(types.flatMap((type) => attacks[type]));
  const thresholds = [...new Set([...live, ...pooled])].sort((a, b) => a - b);
  thresholds.push(Number.POSITIVE_INFINITY);
  return thresholds.map((threshold) => {
    /** @type {Record<string, number>} */
    const perType = {};
    let worst = 0;
    for (const type of types) {
      const sorted = attacks[type];
      perType[type] = (sorted.length - countBelow(sorted, threshold)) / sorted.length;
      worst = Math.max(worst, perType[type]);
    }
    return {
      threshold,
      bpcer: countBelow(live, threshold) / live.length,
      apcer: perType,
      apcer_pooled: (pooled.length - countBelow(pooled, threshold)) / pooled.length,
      apcer_worst: worst,
    };
  });
}

/**
 * Equal error rate of a sweep (pooled APCER against BPCER), with linear interpolation between the
 * two operating points where the curves cross.
 * @param {readonly SweepPoint[]} sweep  as returned by `sweepThresholds` (ascending threshold)
 * @param {'apcer_pooled' | 'apcer_worst'} [which='apcer_pooled']
 * @returns {{ eer: number, threshold: number } | null}
 */
export function equalErrorRate(sweep, which = 'apcer_pooled') {
  if (sweep.length === 0) return null;
  for (let k = 0; k < sweep.length; k++) {
    const point = sweep[k];
    const a = point[which];
    if (point.bpcer < a) continue;
    if (point.bpcer === a || k === 0) return { eer: k === 0 ? (point.bpcer + a) / 2 : a, threshold: point.threshold };
    // the crossing lies between point k−1 (BPCER < APCER) and point k (BPCER > APCER)
    const prev = sweep[k - 1];
    const gapBefore = prev[which] - prev.bpcer;
    const gapAfter = point.bpcer - a;
    const s = gapBefore / (gapBefore + gapAfter);
    return { eer: prev.bpcer + s * (point.bpcer - prev.bpcer), threshold: point.threshold };
  }
  // unreachable: at +∞ BPCER is 1 and APCER 0
  return null;
}

/**
 * The lowest BPCER over sweep thresholds where the worst per-type APCER is at most `maxApcer`.
 * @param {readonly SweepPoint[]} sweep
 * @param {number} maxApcer  in [0,1], e.g. 0.05
 * @returns {{ bpcer: number, threshold: number, apcer_worst: number } | null}
 */
export function bpcerAtApcer(sweep, maxApcer) {
  /** @type {{ bpcer: number, threshold: number, apcer_worst: number } | null} */
  let best = null;
  for (const point of sweep) {
    if (point.apcer_worst > maxApcer) continue;
    if (best === null || point.bpcer < best.bpcer) {
      best = { bpcer: point.bpcer, threshold: point.threshold, apcer_worst: point.apcer_worst };
    }
  }
  return best;
}

/** @param {readonly ScoredRecord[]} records @returns {number[]} */
function confidences(records) {
  return records.flatMap((r) => (r.status === 'success' && r.confidence !== null ? [r.confidence] : []));
}

/** @param {readonly ScoredRecord[]} records @param {string} signal @returns {number[]} */
function signalScores(records, signal) {
  return records.flatMap((r) => (typeof r.scores[signal] === 'number' ? [r.scores[signal]] : []));
}

/**
 * Groups attack records by attack type, in order of first appearance.
 * @param {readonly ScoredRecord[]} attacks
 * @returns {Map<string, ScoredRecord[]>}
 */
export function groupByAttack(attacks) {
  /** @type {Map<string, ScoredRecord[]>} */
  const groups = new Map();
  for (const record of attacks) {
    const type = attackTypeOf(record);
    const group = groups.get(type);
    if (group) group.push(record);
    else groups.set(type, [record]);
  }
  return groups;
}

/** Rounds for the JSON file: 6 decimals keep every count ratio of a realistic set exact enough. */
function round(/** @type {number | null} */ value) {
  return value === null || !Number.isFinite(value) ? value : Math.round(value * 1e6) / 1e6;
}

/**
 * Every figure of metrics.json.
 * @param {readonly ScoredRecord[]} records
 * @param {object} [options]
 * @param {string[]} [options.signals]  signal names, in column order; default: as first seen
 * @param {number | null} [options.threshold]  the `live_threshold` in force
 * @param {number | null} [options.inconclusiveMargin]  the `inconclusive_margin` in force
 * @param {readonly string[]} [options.excludedFromWorst]  default `EXCLUDED_FROM_WORST`
 */
export function computeMetrics(records, options = {}) {
  const excluded = options.excludedFromWorst ?? EXCLUDED_FROM_WORST;
  const signals = options.signals ?? [...new Set(records.flatMap((r) => Object.keys(r.scores)))];
  const live = records.filter((r) => r.label === LIVE_LABEL);
  const spoof = records.filter((r) => r.label === SPOOF_LABEL);
  const groups = groupByAttack(spoof);
  const presentationTypes = [...groups.keys()].filter((type) => !excluded.includes(type));
  const presentation = presentationTypes.flatMap((type) => /** @type {ScoredRecord[]} */ (groups.get(type)));

  const liveConfidences = confidences(live);
  /** @type {Record<string, number[]>} */
  const attackConfidences = Object.fromEntries(presentationTypes.map((t) => [t, confidences(groups.get(t) ?? [])]));
  const sweep = sweepThresholds(liveConfidences, attackConfidences);

  /** @type {Record<string, object>} */
  const byAttack = {};
  /** @type {Record<string, number | null>} */
  const aucByAttack = {};
  let worst = /** @type {{ apcer: number, type: string } | null} */ (null);
  for (const [type, group] of groups) {
    const typeApcer = apcer(group);
    const typeConfidences = confidences(group);
    const typeAuc = aucMannWhitney(liveConfidences, typeConfidences);
    const typeEer = equalErrorRate(sweepThresholds(liveConfidences, { [type]: typeConfidences }));
    aucByAttack[type] = round(typeAuc);
    byAttack[type] = {
      n: group.length,
      accepted: group.filter(isAccepted).length,
      apcer: round(typeApcer),
      auc: round(typeAuc),
      eer: round(typeEer?.eer ?? null),
      non_response: countNonResponses(group),
      excluded_from_worst: excluded.includes(type),
    };
    if (!excluded.includes(type) && typeApcer !== null && (worst === null || typeApcer > worst.apcer)) {
      worst = { apcer: typeApcer, type };
    }
  }

  const bpcerValue = bpcer(live);
  const eer = equalErrorRate(sweep);
  const at5 = bpcerAtApcer(sweep, 0.05);
  const at1 = bpcerAtApcer(sweep, 0.01);

  /** @type {Record<string, { auc: number | null, auc_by_attack: Record<string, number | null> }>} */
  const signalMetrics = {};
  for (const name of signals) {
    const liveScores = signalScores(live, name);
    /** @type {Record<string, number | null>} */
    const perType = {};
    for (const [type, group] of groups) perType[type] = round(aucMannWhitney(liveScores, signalScores(group, name)));
    signalMetrics[name] = {
      auc: round(aucMannWhitney(liveScores, signalScores(presentation, name))),
      auc_by_attack: perType,
    };
  }

  const scored = (/** @type {readonly ScoredRecord[]} */ group) => confidences(group).length;
  return {
    n: records.length,
    n_live: live.length,
    n_attack: presentation.length,
    n_excluded_attack: spoof.length - presentation.length,
    excluded_from_worst: [...excluded],
    threshold: options.threshold ?? null,
    inconclusive_margin: options.inconclusiveMargin ?? null,
    by_attack: byAttack,
    apcer_worst: round(worst?.apcer ?? null),
    apcer_worst_attack: worst?.type ?? null,
    apcer_pooled: round(apcer(presentation)),
    bpcer: round(bpcerValue),
    bpcer_responded: round(bpcerResponded(live)),
    acer: worst === null || bpcerValue === null ? null : round((worst.apcer + bpcerValue) / 2),
    eer: round(eer?.eer ?? null),
    eer_threshold: round(eer?.threshold ?? null),
    auc: round(aucMannWhitney(liveConfidences, presentationTypes.flatMap((t) => attackConfidences[t]))),
    auc_all_spoof: round(aucMannWhitney(liveConfidences, confidences(spoof))),
    auc_by_attack: aucByAttack,
    bpcer_at_apcer_5: round(at5?.bpcer ?? null),
    bpcer_at_apcer_5_threshold: round(at5?.threshold ?? null),
    bpcer_at_apcer_1: round(at1?.bpcer ?? null),
    bpcer_at_apcer_1_threshold: round(at1?.threshold ?? null),
    non_response: {
      live: countNonResponses(live),
      spoof: countNonResponses(spoof),
    },
    sweep: {
      n_live: scored(live),
      n_attack: scored(presentation),
      excluded: { live: live.length - scored(live), attack: presentation.length - scored(presentation) },
    },
    signals: signalMetrics,
    definitions: DEFINITIONS,
  };
}

/** Plain-language definitions written into metrics.json, so the file explains itself. */
export const DEFINITIONS = Object.freeze({
  standard: 'ISO/IEC 30107-3 presentation attack detection metrics.',
  accepted: 'An image is accepted (classified bona fide) when its verdict is LIVE.',
  apcer:
    'Per attack type: share of its attacks accepted. A non-response to an attack (INCONCLUSIVE, NO_FACE_DETECTED, other error) is not an accept.',
  apcer_worst: 'Highest APCER over attack types, leaving out the types in excluded_from_worst.',
  excluded_from_worst:
    'Not presentation attacks (an edited photo never was in front of the camera): reported in by_attack, left out of n_attack, apcer_worst, apcer_pooled, acer, auc, eer and bpcer_at_apcer_*.',
  bpcer: 'Share of live images not accepted: SPOOF, INCONCLUSIVE and every error count.',
  bpcer_responded: 'BPCER over live images that got a LIVE or SPOOF verdict only.',
  acer: '(apcer_worst + bpcer) / 2.',
  non_response: 'INCONCLUSIVE verdicts, NO_FACE_DETECTED and other errors, counted by label.',
  sweep:
    'eer and bpcer_at_apcer_* sweep a threshold t over confidence (accepted: confidence >= t, no INCONCLUSIVE band). Images without a confidence (errors) are left out and counted in sweep.excluded.',
  eer: 'Where pooled APCER equals BPCER on the sweep, interpolated linearly between the two nearest thresholds.',
  bpcer_at_apcer: 'bpcer_at_apcer_5 / _1: lowest BPCER over sweep thresholds where apcer_worst <= 5 % / 1 %.',
  auc: 'Mann-Whitney statistic on confidence (or a signal score): P(live > attack), ties counted half. auc: live vs all presentation attacks; auc_all_spoof also includes the excluded types.',
});
