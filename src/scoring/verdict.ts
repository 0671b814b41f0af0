import type { LivenessConfig } from '../config.js';
import type { Verdict } from '../types.js';

/**
 * The verdict rule (README "Result contract"): LIVE at or above threshold + margin, SPOOF below
 * threshold − margin, INCONCLUSIVE between.
 */
export function verdictFor(confidence: number, config: Pick<LivenessConfig, 'live_threshold' | 'inconclusive_margin'>): Verdict {
  const { live_threshold: t, inconclusive_margin: m } = config;
  // Compare on a fixed decimal grid so that 0.62 counts as >= 0.58 + 0.04 despite binary rounding.
  const c = roundTo(confidence, 9);
  if (c >= roundTo(t + m, 9)) return 'LIVE';
  if (c < roundTo(t - m, 9)) return 'SPOOF';
  return 'INCONCLUSIVE';
}

function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
