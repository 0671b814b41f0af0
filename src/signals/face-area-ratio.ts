/**
 * Signal 4, `face_area_ratio`: how much of the frame the face fills. A selfie taken at arm's length
 * puts the face at 10–40 % of the frame; a tiny face is often a photo within a photo, and a face
 * filling the frame is a close-up that hides the context.
 */
import { fmt, piecewiseLinear, measuredScore, unmeasured, type Knot } from './mapping.js';
import type { Box } from '../pixels/types.js';
import type { SignalFunction } from './types.js';

/** Face share with the best score (1.0). */
export const BEST_FACE_AREA_RATIO = 0.2;
/** Above this share the score is fixed at 0.50. */
export const MAX_SCORED_FACE_AREA_RATIO = 0.8;
/** Score above MAX_SCORED_FACE_AREA_RATIO and at `min_face_area_ratio`. */
const EDGE_SCORE = 0.5;
/** The good selfie range (10–40 %) scores at least this much. */
const GOOD_RANGE: readonly [number, number] = [0.1, 0.4];
const GOOD_RANGE_SCORE = 0.8;

/** Area of the part of `box` inside a `width × height` image, in pixels². */
function visibleArea(box: Box, width: number, height: number): number {
  const w = Math.min(width, box.x + box.width) - Math.max(0, box.x);
  const h = Math.min(height, box.y + box.height) - Math.max(0, box.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Map a face share of the frame to a score. Below `min_face_area_ratio` the score falls linearly
 * from 0.50 to 0 at 0 %; from there it is piecewise-linear: `min → 0.50`, `10 % → 0.80`,
 * `20 % → 1.0`, `40 % → 0.80`, `80 % → 0.50`; above 80 % it is fixed at 0.50.
 * @param ratio face box area over image area, in [0, 1].
 * @param minRatio `min_face_area_ratio` (default 0.04).
 */
export function faceAreaScore(ratio: number, minRatio: number): number {
  if (Number.isNaN(ratio)) return Number.NaN;
  if (ratio > MAX_SCORED_FACE_AREA_RATIO) return EDGE_SCORE;
  if (ratio < minRatio) return EDGE_SCORE * (Math.max(0, ratio) / minRatio);
  const knots: Knot[] = [
    [minRatio, EDGE_SCORE],
    [GOOD_RANGE[0], GOOD_RANGE_SCORE],
    [BEST_FACE_AREA_RATIO, 1],
    [GOOD_RANGE[1], GOOD_RANGE_SCORE],
    [MAX_SCORED_FACE_AREA_RATIO, EDGE_SCORE],
  ];
  return piecewiseLinear(ratio, knots);
}

/** Face size in frame: the visible face box area over the image area. */
export const faceAreaRatio: SignalFunction = (input, config) => {
  const imageArea = input.imageWidth * input.imageHeight;
  const { faceBox } = input;
  const finite = [faceBox.x, faceBox.y, faceBox.width, faceBox.height].every(Number.isFinite);
  if (!(imageArea > 0) || !Number.isFinite(imageArea) || !finite) {
    return unmeasured('Face size could not be measured: the image or face box size is invalid.');
  }
  const ratio = visibleArea(faceBox, input.imageWidth, input.imageHeight) / imageArea;
  const score = faceAreaScore(ratio, config.min_face_area_ratio);
  const verdict =
    ratio < config.min_face_area_ratio
      ? `below the ${fmt(config.min_face_area_ratio * 100, 0)} % minimum: the face is too small or far away`
      : ratio > MAX_SCORED_FACE_AREA_RATIO
        ? 'the face fills almost the whole frame'
        : ratio >= GOOD_RANGE[0] && ratio <= GOOD_RANGE[1]
          ? 'good framing'
          : ratio < GOOD_RANGE[0]
            ? 'the face is rather small in the frame'
            : 'the face is rather close';
  return measuredScore(score, `The face covers ${fmt(ratio * 100, 1)} % of the frame: ${verdict}.`, {
    face_area_ratio: ratio,
  });
};
