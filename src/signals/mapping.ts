/**
 * Small helpers the signal functions share to turn a measurement into a score: clamping,
 * piecewise-linear maps, and the neutral "could not measure" result. Internal to `signals/`.
 */
import type { SignalScore } from './types.js';

/** The score of a signal that could not measure: neutral, neither live nor spoof. */
export const NEUTRAL_SCORE = 0.5;

/** A knot `[x, y]` of a piecewise-linear map. */
export type Knot = readonly [x: number, y: number];

/** Clamp to [0, 1]. */
export function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/**
 * Piecewise-linear interpolation through `knots` (sorted by x). Knots whose x does not exceed the
 * previous kept knot's x are skipped, so maps built from configurable anchors stay well defined.
 * Outside the knots the end values hold.
 * @returns the interpolated y; `NaN` for a `NaN` input or an empty knot list.
 */
export function piecewiseLinear(x: number, knots: readonly Knot[]): number {
  if (Number.isNaN(x) || knots.length === 0) return Number.NaN;
  let prev = knots[0];
  if (x <= prev[0]) return prev[1];
  for (let i = 1; i < knots.length; i++) {
    const knot = knots[i];
    if (knot[0] <= prev[0]) continue;
    if (x <= knot[0]) return prev[1] + ((x - prev[0]) / (knot[0] - prev[0])) * (knot[1] - prev[1]);
    prev = knot;
  }
  return prev[1];
}

/** Only the finite entries of a raw-measurement record (NaN and ±∞ do not survive JSON). */
function finiteOnly(raw: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(raw)) if (Number.isFinite(value)) out[key] = value;
  return out;
}

/** The neutral result of a signal whose input did not allow a measurement. */
export function unmeasured(detail: string, raw: Record<string, number> = {}): SignalScore {
  return { score: NEUTRAL_SCORE, detail, raw: finiteOnly(raw), measured: false };
}

/**
 * A measured result, clamped to [0, 1]. A non-finite score (a bug or a degenerate input that slipped
 * through) becomes the neutral unmeasured result instead of a NaN in the response.
 */
export function measuredScore(score: number, detail: string, raw: Record<string, number>): SignalScore {
  if (!Number.isFinite(score)) return unmeasured(`${detail} (the score could not be computed; neutral).`, raw);
  return { score: clamp01(score), detail, raw: finiteOnly(raw), measured: true };
}

/** A number for a detail sentence, with a fixed count of decimals. */
export function fmt(value: number, decimals: number): string {
  return Number.isFinite(value) ? value.toFixed(decimals) : String(value);
}
