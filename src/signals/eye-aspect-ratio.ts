/**
 * Signal 2, `eye_aspect_ratio`: are the eyes naturally open? Eye aspect ratio of Soukupová & Čech
 * (2016, "Real-Time Eye Blink Detection using Facial Landmarks") on MediaPipe's 478-point mesh.
 */
import { fmt, piecewiseLinear, measuredScore, unmeasured, type Knot } from './mapping.js';
import type { Point3 } from '../face/geometry.js';
import type { SignalFunction } from './types.js';

/**
 * The "left" eye (the subject's right eye, on the left of an unmirrored photo) as p1…p6: outer
 * corner, upper lid ×2, inner corner, lower lid ×2.
 */
export const LEFT_EYE_INDICES: readonly number[] = Object.freeze([33, 160, 158, 133, 153, 144]);
/** The "right" eye (the subject's left) as p1…p6: inner corner, upper lid ×2, outer corner, lower lid ×2. */
export const RIGHT_EYE_INDICES: readonly number[] = Object.freeze([362, 385, 387, 263, 373, 380]);

/** Points per eye in the EAR formula. */
const EYE_POINTS = 6;
/**
 * EAR from which eyes count as naturally open, and the end of that plateau (score 1.0): open eyes are
 * about 0.25–0.35, and every value of that range scores the same, so the wide-open eyes of a posed or
 * generated portrait earn nothing more than a selfie's.
 */
export const OPEN_EAR = 0.25;
const WIDE_OPEN_EAR = 0.35;
/** Past the plateau (staring, or landmarks off the eyelids) the score eases back to neutral. */
const WIDE_EASE_SPAN = 0.15;
const WIDE_NEUTRAL_SPAN = 0.35;
/** Score at `min_ear` (band edge of the contract). */
const CLOSED_LIMIT_SCORE = 0.5;
/** Lower edge of the contract's "naturally open" band. */
const OPEN_SCORE = 0.8;
/** Score of the implausibly wide end of the range: neutral. */
const WIDE_NEUTRAL_SCORE = 0.5;
/** Minimum spacing between anchors when `min_ear` is raised close to them. */
const ANCHOR_GAP = 0.05;

function distance2d(a: Point3, b: Point3): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/**
 * Eye aspect ratio of one eye: `(|p2 − p6| + |p3 − p5|) / (2 |p1 − p4|)`, in the image plane.
 * @param points the face landmarks (image pixels).
 * @param indices six landmark indices p1…p6 (corners p1, p4; upper lid p2, p3; lower lid p6, p5).
 * @returns the dimensionless EAR (≈ 0.25–0.35 open, < 0.15 closed); `NaN` when an index is missing,
 *   a coordinate is not finite, or the eye has no width.
 */
export function earFromLandmarks(points: readonly Point3[], indices: readonly number[]): number {
  if (indices.length !== EYE_POINTS) return Number.NaN;
  const p = indices.map((i) => points[i]);
  if (p.some((q) => q === undefined || !Number.isFinite(q.x) || !Number.isFinite(q.y))) return Number.NaN;
  const width = distance2d(p[0], p[3]);
  if (!(width > 0)) return Number.NaN;
  return (distance2d(p[1], p[5]) + distance2d(p[2], p[4])) / (2 * width);
}

/**
 * Map a mean EAR to a score, piecewise-linear: `0 → 0`, `min_ear → 0.50`, `0.25–0.35 → 1.0`,
 * easing to `0.80` at 0.50 and to `0.50` at 0.70 and above.
 * @param ear mean eye aspect ratio.
 * @param minEar `min_ear` (default 0.15): below it the eyes count as closed (< 0.50).
 */
export function eyeOpennessScore(ear: number, minEar: number): number {
  const open = Math.max(OPEN_EAR, minEar + ANCHOR_GAP);
  const wide = Math.max(WIDE_OPEN_EAR, open + ANCHOR_GAP);
  const knots: Knot[] = [
    [0, 0],
    [minEar, CLOSED_LIMIT_SCORE],
    [open, 1],
    [wide, 1],
    [wide + WIDE_EASE_SPAN, OPEN_SCORE],
    [wide + WIDE_NEUTRAL_SPAN, WIDE_NEUTRAL_SCORE],
  ];
  return piecewiseLinear(ear, knots);
}

/** Eyes open, from the mean eye aspect ratio of both eyes. */
export const eyeAspectRatio: SignalFunction = (input, config) => {
  const left = earFromLandmarks(input.landmarks, LEFT_EYE_INDICES);
  const right = earFromLandmarks(input.landmarks, RIGHT_EYE_INDICES);
  if (!Number.isFinite(left) || !Number.isFinite(right)) {
    return unmeasured('Eye openness could not be measured: the eye landmarks are missing or degenerate.', {
      ear_left: left,
      ear_right: right,
    });
  }
  const ear = (left + right) / 2;
  const score = eyeOpennessScore(ear, config.min_ear);
  const verdict =
    ear < config.min_ear
      ? `below the closed-eye limit ${fmt(config.min_ear, 2)}: eyes closed`
      : score >= OPEN_SCORE
        ? 'eyes naturally open'
        : ear > WIDE_OPEN_EAR
          ? 'unusually wide'
          : 'eyes partly open or occluded';
  return measuredScore(
    score,
    `Mean eye aspect ratio is ${fmt(ear, 3)} (left ${fmt(left, 3)}, right ${fmt(right, 3)}): ${verdict}.`,
    { ear, ear_left: left, ear_right: right, min_ear: config.min_ear },
  );
};
