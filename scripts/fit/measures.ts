/**
 * What the fit reports and optimises: AUC per attack type (bin/lib/metrics.mjs's Mann–Whitney), and
 * BPCER and APCER at the default threshold and margin (metrics.mjs's definitions, the engine's
 * DEFAULT_CONFIG), on cross-validated scores.
 */
import { apcer, aucMannWhitney, bpcer, type ScoredRecord } from '../../bin/lib/metrics.mjs';
import { DEFAULT_CONFIG } from '../../src/config.js';
import type { Verdict } from '../../src/types.js';
import { isLive, type FitRecord } from './records.js';
import { TRAIN_ATTACKS } from './texture.js';

/** Attack types reported. */
export const REPORT_ATTACKS: readonly string[] = ['screen_replay', 'print', 'gan', 'cgi_render'];

const THRESHOLD = DEFAULT_CONFIG.live_threshold;
const MARGIN = DEFAULT_CONFIG.inconclusive_margin;

/** The verdict band of a confidence at the default threshold and margin. */
function band(confidence: number): Verdict {
  return confidence >= THRESHOLD + MARGIN ? 'LIVE' : confidence < THRESHOLD - MARGIN ? 'SPOOF' : 'INCONCLUSIVE';
}

/** AUC (three decimals) of `score` for live images against each attack type; null where one side is empty. */
export function aucs<R extends FitRecord>(rows: readonly R[], score: (r: R) => number, attacks: readonly string[] = REPORT_ATTACKS): Record<string, number | null> {
  const live = rows.filter(isLive).map(score);
  return Object.fromEntries(
    attacks.map((a) => {
      const spoof = rows.filter((r) => r.attack === a).map(score);
      const auc = spoof.length && live.length ? aucMannWhitney(live, spoof) : null;
      return [a, auc === null ? null : Number(auc.toFixed(3))];
    }),
  );
}

/**
 * BPCER and APCER per attack type at the default threshold and margin. With `contractRule`, an image
 * the contract makes INCONCLUSIVE whatever its confidence (no face at min_face_confidence, more than
 * one face) counts as INCONCLUSIVE, and the live non-responses are reported (by that rule, in the band).
 */
export function rates<R extends FitRecord>(rows: readonly R[], conf: (r: R) => number, contractRule = false): Record<string, number> {
  const verdict = (r: R): Verdict => (contractRule && r.byRule ? 'INCONCLUSIVE' : band(conf(r)));
  const scored = (r: R): ScoredRecord => ({
    label: isLive(r) ? 'live' : 'spoof',
    attack_type: r.attack,
    status: 'success',
    error_code: null,
    verdict: verdict(r),
    confidence: conf(r),
    scores: {},
  });
  const live = rows.filter(isLive);
  const out: Record<string, number> = { bpcer: bpcer(live.map(scored)) ?? Number.NaN };
  if (contractRule) {
    out.live_inconclusive_by_rule = live.filter((r) => r.byRule).length;
    out.live_inconclusive_in_band = live.filter((r) => !r.byRule && band(conf(r)) === 'INCONCLUSIVE').length;
    out.live_non_response = (out.live_inconclusive_by_rule + out.live_inconclusive_in_band) / live.length;
  }
  for (const a of REPORT_ATTACKS) {
    const spoof = rows.filter((r) => r.attack === a);
    if (spoof.length) out[`apcer_${a}`] = apcer(spoof.map(scored)) ?? Number.NaN;
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Number.isInteger(v) ? v : Number(v.toFixed(3))]));
}

/** The threshold (hundredths, no margin) with the lowest ACER over the camera attacks, on held-out confidences. */
export function bestThreshold<R extends FitRecord>(rows: readonly R[], conf: (r: R) => number): { threshold: number; acer: number; bpcer?: number; worst_apcer?: number } {
  let best: { threshold: number; acer: number; bpcer?: number; worst_apcer?: number } = { threshold: 0, acer: Infinity };
  for (let t = 0.3; t <= 0.9; t += 0.01) {
    const live = rows.filter(isLive);
    const bpcerAtT = live.filter((r) => conf(r) < t).length / live.length;
    const worst = Math.max(...TRAIN_ATTACKS.map((a) => rows.filter((r) => r.attack === a && conf(r) >= t).length / rows.filter((r) => r.attack === a).length));
    const acer = (worst + bpcerAtT) / 2;
    if (acer < best.acer) best = { threshold: Number(t.toFixed(2)), acer: Number(acer.toFixed(3)), bpcer: Number(bpcerAtT.toFixed(3)), worst_apcer: Number(worst.toFixed(3)) };
  }
  return best;
}
