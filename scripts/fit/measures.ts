/**
 * What the fit reports and optimises: AUC per attack type (bin/lib/metrics.mjs's Mann–Whitney), by
 * framing, and BPCER and APCER at the default threshold and margin (metrics.mjs's definitions, the
 * engine's DEFAULT_CONFIG), overall, by framing and per source, on held-out scores.
 */
import { aucMannWhitney } from '../../bin/lib/metrics.mjs';
import { DEFAULT_CONFIG } from '../../src/config.js';
import type { Verdict } from '../../src/types.js';
import { isLive, type FitRecord } from './records.js';
import { TRAIN_ATTACKS } from './texture.js';

/** Attack types reported, presentation attacks first; `digital_manipulation` is reported apart (not a presentation attack). */
export const REPORT_ATTACKS: readonly string[] = ['screen_replay', 'print', 'mask', 'gan', 'diffusion', 'faceswap', 'cgi_render', 'doll', 'digital_manipulation'];

const THRESHOLD = DEFAULT_CONFIG.live_threshold;
const MARGIN = DEFAULT_CONFIG.inconclusive_margin;

/** The verdict of a confidence at the default threshold and margin, with the contract's rule. */
export function verdictOf(r: Pick<FitRecord, 'byRule'>, confidence: number): Verdict {
  if (r.byRule) return 'INCONCLUSIVE';
  return confidence >= THRESHOLD + MARGIN ? 'LIVE' : confidence < THRESHOLD - MARGIN ? 'SPOOF' : 'INCONCLUSIVE';
}

const round3 = (v: number) => Number(v.toFixed(3));

/** AUC (three decimals) of `score` for live images against each attack type present; attack types with no image are left out. */
export function aucs<R extends FitRecord>(rows: readonly R[], score: (r: R) => number, attacks: readonly string[] = REPORT_ATTACKS): Record<string, number> {
  const live = rows.filter(isLive).map(score);
  const out: Record<string, number> = {};
  for (const a of attacks) {
    const spoof = rows.filter((r) => r.attack === a).map(score);
    const auc = spoof.length && live.length ? aucMannWhitney(live, spoof) : null;
    if (auc !== null) out[a] = round3(auc);
  }
  return out;
}

/** AUCs overall, on whole frames and on tight crops (each against the live images of that framing). */
export function aucsByFraming<R extends FitRecord>(rows: readonly R[], score: (r: R) => number): Record<'all' | 'full' | 'crop', Record<string, number>> {
  return {
    all: aucs(rows, score),
    full: aucs(rows.filter((r) => r.framing === 'full'), score),
    crop: aucs(rows.filter((r) => r.framing === 'crop'), score),
  };
}

/**
 * BPCER (live images not accepted, the contract's INCONCLUSIVE included) and APCER per attack type
 * (attacks accepted) of an acceptance rule; with the live images by verdict when `verdict` is given.
 */
export function rates<R extends FitRecord>(rows: readonly R[], accepted: (r: R) => boolean, verdict?: (r: R) => Verdict): Record<string, number> {
  const live = rows.filter(isLive);
  const out: Record<string, number> = { live: live.length, bpcer: live.length ? round3(1 - live.filter(accepted).length / live.length) : Number.NaN };
  if (verdict) {
    out.live_spoof = live.filter((r) => verdict(r) === 'SPOOF').length;
    out.live_inconclusive_by_rule = live.filter((r) => r.byRule).length;
    out.live_inconclusive_in_band = live.filter((r) => !r.byRule && verdict(r) === 'INCONCLUSIVE').length;
  }
  const responding = live.filter((r) => !r.byRule);
  out.bpcer_of_responding = responding.length ? round3(1 - responding.filter(accepted).length / responding.length) : Number.NaN;
  for (const a of REPORT_ATTACKS) {
    const spoof = rows.filter((r) => r.attack === a);
    if (spoof.length) out[`apcer_${a}`] = round3(spoof.filter(accepted).length / spoof.length);
  }
  return out;
}

/** `rates` overall, on whole frames and on tight crops. */
export function ratesByFraming<R extends FitRecord>(rows: readonly R[], accepted: (r: R) => boolean, verdict?: (r: R) => Verdict): Record<'all' | 'full' | 'crop', Record<string, number>> {
  return {
    all: rates(rows, accepted, verdict),
    full: rates(rows.filter((r) => r.framing === 'full'), accepted, verdict),
    crop: rates(rows.filter((r) => r.framing === 'crop'), accepted, verdict),
  };
}

/** One source's live acceptance and attack acceptance. */
export interface SourceRates {
  source: string;
  framing: 'full' | 'crop';
  live: number;
  live_accepted: number | null;
  live_inconclusive_by_rule: number;
  attacks: number;
  attack_types: string;
  attacks_accepted: number | null;
}

/** Per source (manifest sources, sorted): the share of its live images and of its attacks accepted. */
export function perSource<R extends FitRecord>(rows: readonly R[], accepted: (r: R) => boolean): SourceRates[] {
  const sources = [...new Set(rows.map((r) => r.collection))].sort();
  return sources.map((source) => {
    const own = rows.filter((r) => r.collection === source);
    const live = own.filter(isLive);
    const attacks = own.filter((r) => !isLive(r));
    return {
      source,
      framing: own[0].framing,
      live: live.length,
      live_accepted: live.length ? round3(live.filter(accepted).length / live.length) : null,
      live_inconclusive_by_rule: live.filter((r) => r.byRule).length,
      attacks: attacks.length,
      attack_types: [...new Set(attacks.map((r) => r.attack))].sort().join(' '),
      attacks_accepted: attacks.length ? round3(attacks.filter(accepted).length / attacks.length) : null,
    };
  });
}

/**
 * The cut on a probability (accepted when `score ≥ cut`, the contract's rule applied; hundredths) that
 * balances the excess over the floors (BPCER 10 %, worst camera-attack APCER 15 %), as the fused
 * verdict's calibration does; the lowest such cut on a tie.
 */
export function balancedCut<R extends FitRecord>(rows: readonly R[], score: (r: R) => number): number {
  let best = { cut: 0.5, value: -Infinity };
  for (let i = 1; i < 100; i++) {
    const cut = i / 100;
    const accepted = (r: R) => !r.byRule && score(r) >= cut;
    const live = rows.filter(isLive);
    const bpcer = 1 - live.filter(accepted).length / live.length;
    const worst = Math.max(0, ...TRAIN_ATTACKS.map((a) => rows.filter((r) => r.attack === a)).filter((g) => g.length).map((g) => g.filter(accepted).length / g.length));
    const value = -Math.max(bpcer - 0.1, worst - 0.15);
    if (value > best.value + 1e-12) best = { cut, value };
  }
  return best.cut;
}
