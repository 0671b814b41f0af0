/**
 * Signal 3, `head_pose`: yaw, pitch and roll from MediaPipe's facial transformation matrix. A near
 * frontal pose is what the capture guidance asks for; strong rotation makes the other signals
 * unreliable and is typical of a photo held at an angle.
 */
import { fmt, piecewiseLinear, measuredScore, unmeasured, type Knot } from './mapping.js';
import type { SignalFunction } from './types.js';

/** Head rotation in degrees. */
export interface HeadPose {
  /** Rotation about the face's vertical axis (turning left/right), −90…90. */
  yaw: number;
  /** Rotation about the face's horizontal axis (nodding up/down), −180…180. */
  pitch: number;
  /** Rotation in the image plane (tilting towards a shoulder), −180…180. */
  roll: number;
}

/** Entries of a 4×4 matrix. */
const MATRIX_SIZE = 16;
const RAD_TO_DEG = 180 / Math.PI;
/**
 * Within this many degrees on every axis the pose scores 1.0: a selfie is rarely held exactly level,
 * and an exactly frontal, level face (a generated portrait, an aligned crop) earns nothing more.
 */
export const FRONTAL_DEG = 10;
/** Lower edge of the contract's "near frontal" band, and the score at the configured limit. */
const FRONTAL_SCORE = 0.85;
const LIMIT_SCORE = 0.5;
/** Past the limit the score falls from 0.50 to 0 over this many degrees. */
const DECAY_SPAN_DEG = 30;
/** Roll has no configuration key; the capture guidance asks for less than ±30° on every axis. */
export const ROLL_LIMIT_DEG = 30;

/**
 * Yaw, pitch and roll from the rotation part of a 4×4 column-major transformation matrix
 * (MediaPipe's `facialTransformationMatrixes[i].data`): element (row i, column j) is `m[j * 4 + i]`.
 *
 * Each column of the 3×3 part is first divided by its length (removing any scale), then the
 * rotation is decomposed as `R = Rz(roll) · Ry(yaw) · Rx(pitch)` (Tait–Bryan angles, x = face
 * left-right axis, y = up, z = towards the camera): `yaw = asin(−R₂₀)`, `pitch = atan2(R₂₁, R₂₂)`,
 * `roll = atan2(R₁₀, R₀₀)`. Translation is ignored.
 * @returns angles in degrees; all `NaN` when the matrix has fewer than 16 finite entries or a zero column.
 */
export function poseFromMatrix(m: readonly number[]): HeadPose {
  const invalid: HeadPose = { yaw: Number.NaN, pitch: Number.NaN, roll: Number.NaN };
  if (m.length < MATRIX_SIZE) return invalid;
  for (let i = 0; i < MATRIX_SIZE; i++) if (!Number.isFinite(m[i])) return invalid;
  const scale0 = Math.hypot(m[0], m[1], m[2]);
  const scale1 = Math.hypot(m[4], m[5], m[6]);
  const scale2 = Math.hypot(m[8], m[9], m[10]);
  if (!(scale0 > 0 && scale1 > 0 && scale2 > 0)) return invalid;
  const r00 = m[0] / scale0;
  const r10 = m[1] / scale0;
  const r20 = m[2] / scale0;
  const r21 = m[6] / scale1;
  const r22 = m[10] / scale2;
  const yaw = Math.asin(Math.max(-1, Math.min(1, -r20)));
  const pitch = Math.atan2(r21, r22);
  const roll = Math.atan2(r10, r00);
  return { yaw: yaw * RAD_TO_DEG, pitch: pitch * RAD_TO_DEG, roll: roll * RAD_TO_DEG };
}

/**
 * Score of one rotation angle against its limit, piecewise-linear in |angle|:
 * `0–10° → 1.0`, `limit → 0.50`, `limit + 30° → 0` (near frontal, ≥ 0.85, reaches 17.5° at a
 * 35° limit). With a limit under 20°, the plateau ends at half the limit.
 * @param angleDeg rotation in degrees (sign ignored).
 * @param limitDeg angle past which the score decays below 0.50.
 */
export function axisScore(angleDeg: number, limitDeg: number): number {
  const frontal = Math.min(FRONTAL_DEG, limitDeg / 2);
  const knots: Knot[] = [
    [0, 1],
    [frontal, 1],
    [limitDeg, LIMIT_SCORE],
    [limitDeg + DECAY_SPAN_DEG, 0],
  ];
  return piecewiseLinear(Math.abs(angleDeg), knots);
}

/** Head pose: the worst of the yaw, pitch and roll scores. */
export const headPose: SignalFunction = (input, config) => {
  if (input.transformMatrix === null) {
    return unmeasured('Head pose could not be measured: no facial transformation matrix was given.');
  }
  const pose = poseFromMatrix(input.transformMatrix);
  if (!Number.isFinite(pose.yaw) || !Number.isFinite(pose.pitch) || !Number.isFinite(pose.roll)) {
    return unmeasured('Head pose could not be measured: the facial transformation matrix is malformed.');
  }
  const score = Math.min(
    axisScore(pose.yaw, config.max_yaw_deg),
    axisScore(pose.pitch, config.max_pitch_deg),
    axisScore(pose.roll, ROLL_LIMIT_DEG),
  );
  const verdict = score >= FRONTAL_SCORE ? 'near frontal' : score >= LIMIT_SCORE ? 'slightly rotated' : 'strongly rotated';
  return measuredScore(
    score,
    `Head pose is yaw ${fmt(pose.yaw, 1)}°, pitch ${fmt(pose.pitch, 1)}°, roll ${fmt(pose.roll, 1)}°: ${verdict}.`,
    { yaw_deg: pose.yaw, pitch_deg: pose.pitch, roll_deg: pose.roll },
  );
};
