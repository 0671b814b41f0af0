import { DEFAULT_CONFIG } from '../config.js';
import type { LivenessResponse } from '../types.js';

/**
 * What an app does with a response.
 * - `allow`: let the user proceed (LIVE).
 * - `reject`: stop the flow and keep `request_id` and `confidence` for review (SPOOF).
 * - `retake`: ask for a new photo (INCONCLUSIVE, or any error).
 */
export type RecommendedAction = 'allow' | 'reject' | 'retake';

/**
 * The action most integrators write by hand: LIVE → `allow`, SPOOF → `reject`, INCONCLUSIVE →
 * `retake`, and every error → `retake`. An error is never evidence of an attack and never a pass:
 * NO_FACE_DETECTED and INFERENCE_ERROR clear with a new photo or a new try; INVALID_REQUEST
 * (unreadable, too large or wrong format) clears with a photo taken again by the camera; SERVER_ERROR
 * is a fault of the engine, so cap the retakes (say 3) and then route the user to your fallback
 * (manual review), logging `request_id` and `error.code`.
 */
export function recommendedAction(response: LivenessResponse): RecommendedAction {
  if (response.status !== 'success') return 'retake';
  switch (response.result.verdict) {
    case 'LIVE':
      return 'allow';
    case 'SPOOF':
      return 'reject';
    default:
      return 'retake';
  }
}

/**
 * Cut-offs of a 0–100 score, for apps migrating from score-based liveness APIs. The score is placed so
 * that its band always agrees with the verdict: `score >= pass` ⇔ LIVE, `review <= score < pass` ⇔
 * INCONCLUSIVE, `1 <= score < review` ⇔ SPOOF; 0 means "no result" (an error envelope).
 */
export interface ScoreBands {
  /** Lowest score of a LIVE result, an integer in [3, 100]. @default 75 */
  pass: number;
  /** Lowest score of an INCONCLUSIVE result, an integer in [2, pass − 1]. @default 60 */
  review: number;
  /**
   * The engine's `inconclusive_margin`, used only to place a confidence inside its band; pass yours if
   * you changed it. In [0, 0.5]. @default 0.04
   */
  inconclusive_margin: number;
}

/** Default bands: pass ≥ 75, review 60–74, fail 1–59, 0 = no result. */
export const DEFAULT_SCORE_BANDS: Readonly<ScoreBands> = Object.freeze({
  pass: 75,
  review: 60,
  inconclusive_margin: DEFAULT_CONFIG.inconclusive_margin,
});

/** Highest score; the lowest score of a result is 1, since 0 means "no result". */
const SCORE_MAX = 100;
const SCORE_MIN_RESULT = 1;

function resolveBands(bands: Partial<ScoreBands>): ScoreBands {
  const resolved = { ...DEFAULT_SCORE_BANDS, ...bands };
  const { pass, review, inconclusive_margin: margin } = resolved;
  if (!Number.isInteger(review) || !Number.isInteger(pass) || review < SCORE_MIN_RESULT + 1 || pass <= review || pass > SCORE_MAX) {
    throw new RangeError(`toScore100 bands need whole numbers with 2 <= review < pass <= 100, got review ${review} and pass ${pass}.`);
  }
  if (!(Number.isFinite(margin) && margin >= 0 && margin <= 0.5)) {
    throw new RangeError(`toScore100 bands: inconclusive_margin must be a number in [0, 0.5], got ${margin}.`);
  }
  return resolved;
}

/** Linear map of `value` from [from0, from1] onto the integers [to0, to1], clamped at both ends. */
function placeInBand(value: number, from0: number, from1: number, to0: number, to1: number): number {
  const share = from1 > from0 ? Math.min(1, Math.max(0, (value - from0) / (from1 - from0))) : 0;
  return Math.min(to1, Math.max(to0, Math.round(to0 + share * (to1 - to0))));
}

/**
 * The response as an integer score 0–100, for apps that store or compare a single number.
 * 0 when there is no result (an error envelope). Otherwise the verdict picks the band (see
 * {@link ScoreBands}) and the confidence the place inside it, linearly: SPOOF maps confidence
 * [0, t − m) onto [1, review − 1], INCONCLUSIVE [t − m, t + m) onto [review, pass − 1], LIVE
 * [t + m, 1] onto [pass, 100], with `t` the response's `threshold` and `m` the margin. An
 * INCONCLUSIVE answer whose confidence lies outside its band (face detection too weak, several faces)
 * stays inside the review band.
 * @throws RangeError when the bands are not whole numbers with 2 <= review < pass <= 100.
 */
export function toScore100(response: LivenessResponse, bands: Partial<ScoreBands> = {}): number {
  const { pass, review, inconclusive_margin: m } = resolveBands(bands);
  if (response.status !== 'success') return 0;
  const { verdict, confidence, threshold: t } = response.result;
  if (!Number.isFinite(confidence)) return 0;
  switch (verdict) {
    case 'LIVE':
      return placeInBand(confidence, t + m, 1, pass, SCORE_MAX);
    case 'SPOOF':
      return placeInBand(confidence, 0, t - m, SCORE_MIN_RESULT, review - 1);
    default:
      return placeInBand(confidence, t - m, t + m, review, pass - 1);
  }
}
