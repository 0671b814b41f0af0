/**
 * Signal 5, `facial_symmetry`: mirrored landmark pairs against the face's midline. A live face is
 * close to bilaterally symmetric; a bent or curved print, a mask, or a warped replay pulls one side.
 */
import { fmt, measuredScore, piecewiseLinear, unmeasured } from './mapping.js';
import type { Point3 } from '../face/geometry.js';
import type { SignalFunction } from './types.js';

/**
 * Mirrored MediaPipe landmark pairs (subject's right, subject's left): eye outer and inner corners,
 * mouth corners, face edges at the cheekbones, eyebrow ends and middles, nose wings, jaw and cheek
 * contour points. The first four are the contract's; the face-edge pair also gives the face width.
 */
export const MIRRORED_PAIRS: readonly (readonly [number, number])[] = Object.freeze([
  [33, 263], // eye outer corners
  [133, 362], // eye inner corners
  [61, 291], // mouth corners
  [234, 454], // face edges (cheekbones, by the ears)
  [70, 300], // eyebrow outer ends
  [105, 334], // eyebrow middles
  [107, 336], // eyebrow inner ends
  [129, 358], // nose wings
  [58, 288], // lower cheek contour
  [172, 397], // jaw angles
] as const);
/** Index in MIRRORED_PAIRS of the pair whose spread is the face width. */
const FACE_WIDTH_PAIR = 3;
/** Midline landmarks: forehead (top of the face oval) and chin. */
export const MIDLINE_TOP = 10;
export const MIDLINE_BOTTOM = 152;
/** Score from which the face counts as highly symmetric (band edge of the contract). */
const HIGH_SYMMETRY_SCORE = 0.8;
/** Score from which the asymmetry counts as mild rather than notable. */
const MILD_ASYMMETRY_SCORE = 0.5;

type Vec3 = readonly [number, number, number];

function sub(a: Point3, b: Point3): Vec3 {
  return [a.x - b.x, a.y - b.y, a.z - b.z];
}

function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

function isFinitePoint(p: Point3 | undefined): p is Point3 {
  return p !== undefined && Number.isFinite(p.x) && Number.isFinite(p.y) && Number.isFinite(p.z);
}

/**
 * Asymmetry index of a face: the mean, over MIRRORED_PAIRS, of the difference between the two
 * points' distances to the midsagittal plane, divided by the face width.
 *
 * The plane contains the midline (forehead 10 to chin 152); its normal is the mean left-to-right
 * direction of the pairs with its midline component removed. For flat (z = 0) landmarks this is
 * the perpendicular distance to the 10–152 line in the image; with MediaPipe's depth it is the
 * face's own lateral axis, so the index does not change with roll and changes little with yaw.
 * @param points the face landmarks (image pixels; z on the scale of x).
 * @returns the dimensionless index (0 = mirror-symmetric); `NaN` when a landmark is missing or the
 *   geometry is degenerate.
 */
export function asymmetryIndex(points: readonly Point3[]): number {
  const top = points[MIDLINE_TOP];
  const bottom = points[MIDLINE_BOTTOM];
  if (!isFinitePoint(top) || !isFinitePoint(bottom)) return Number.NaN;
  for (const [left, right] of MIRRORED_PAIRS) {
    if (!isFinitePoint(points[left]) || !isFinitePoint(points[right])) return Number.NaN;
  }

  // midline direction u (unit), from forehead to chin
  const midline = sub(bottom, top);
  const midlineLength = Math.sqrt(dot(midline, midline));
  if (!(midlineLength > 0)) return Number.NaN;
  const u: Vec3 = [midline[0] / midlineLength, midline[1] / midlineLength, midline[2] / midlineLength];

  // lateral axis n: mean pair direction (left to right) minus its midline component (Gram–Schmidt)
  let ax = 0;
  let ay = 0;
  let az = 0;
  for (const [left, right] of MIRRORED_PAIRS) {
    const d = sub(points[right], points[left]);
    ax += d[0];
    ay += d[1];
    az += d[2];
  }
  const along = ax * u[0] + ay * u[1] + az * u[2];
  ax -= along * u[0];
  ay -= along * u[1];
  az -= along * u[2];
  const lateralLength = Math.hypot(ax, ay, az);
  if (!(lateralLength > 0)) return Number.NaN;
  const n: Vec3 = [ax / lateralLength, ay / lateralLength, az / lateralLength];

  // signed distances to the midsagittal plane through the forehead point
  const offset = (p: Point3): number => dot(sub(p, top), n);
  const [widthLeft, widthRight] = MIRRORED_PAIRS[FACE_WIDTH_PAIR];
  const faceWidth = offset(points[widthRight]) - offset(points[widthLeft]);
  if (!(faceWidth > 0)) return Number.NaN;

  let total = 0;
  for (const [left, right] of MIRRORED_PAIRS) {
    total += Math.abs(Math.abs(offset(points[right])) - Math.abs(offset(points[left])));
  }
  return total / MIRRORED_PAIRS.length / faceWidth;
}

/**
 * Share of `max_asymmetry` up to which the score is 1.0: a live face is never exactly symmetric, so
 * every index up to there (0.04 at the default, the edge of "highly symmetric" before) scores the same,
 * and the perfect symmetry of a generated face earns nothing more.
 */
const SYMMETRIC_SHARE = 0.2;

/**
 * Map an asymmetry index to a score: `1.0` up to `0.2 · max_asymmetry`, then linear to `0` at
 * `max_asymmetry` (default 0.20: an index of 0.04 scores 1.0, 0.07 scores 0.81, 0.10 scores 0.625).
 */
export function symmetryScore(index: number, maxAsymmetry: number): number {
  if (Number.isNaN(index)) return Number.NaN;
  return piecewiseLinear(index, [
    [SYMMETRIC_SHARE * maxAsymmetry, 1],
    [maxAsymmetry, 0],
  ]);
}

/** Facial symmetry from the asymmetry index of mirrored landmark pairs. */
export const facialSymmetry: SignalFunction = (input, config) => {
  const index = asymmetryIndex(input.landmarks);
  if (!Number.isFinite(index)) {
    return unmeasured('Facial symmetry could not be measured: the midline or mirrored landmarks are missing or degenerate.');
  }
  const score = symmetryScore(index, config.max_asymmetry);
  const verdict = score >= HIGH_SYMMETRY_SCORE ? 'highly symmetric' : score >= MILD_ASYMMETRY_SCORE ? 'mild asymmetry' : 'notable asymmetry';
  return measuredScore(
    score,
    `Asymmetry index of mirrored landmarks is ${fmt(index, 3)} (0 = mirror-symmetric, limit ${fmt(config.max_asymmetry, 2)}): ${verdict}.`,
    { asymmetry_index: index, max_asymmetry: config.max_asymmetry },
  );
};
