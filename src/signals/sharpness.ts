/**
 * Signal 1, `sharpness`: variance of the Laplacian of the greyscale face region. Recaptures (a
 * photo of a print or a screen) add a second optical blur and usually come out softer.
 */
import { laplacianVariance } from '../pixels/laplacian.js';
import { fmt, measuredScore, unmeasured } from './mapping.js';
import type { SignalFunction } from './types.js';

/**
 * Laplacian variance (grey levels²) from which an image counts as sharp (score 0.80). Sharper than
 * that earns nothing more: a generated or downscaled face is sharper per pixel than a camera selfie,
 * and "normal is enough" keeps sharpness from rewarding it.
 */
export const SHARP_VARIANCE = 300;
/** Smallest floor used, so the log-scale map stays defined when `min_blur_variance` is 0. */
const MIN_FLOOR_VARIANCE = 1;
/** When the floor is raised close to SHARP_VARIANCE, "sharp" starts at least this many times above it. */
const SHARP_OVER_FLOOR = 2;
/** Score at the floor and at the sharp anchor (band edges of the contract). */
const FLOOR_SCORE = 0.5;
const SHARP_SCORE = 0.8;

/**
 * Map a Laplacian variance to a score, monotone and piecewise-linear in log(variance):
 * `0 → 0`, `floor → 0.50` (as `0.5·log(1+v)/log(1+floor)` below it), `300 → 0.80`, then a plateau
 * at 0.80 (the contract's "sharp" band; sharper earns nothing more).
 * @param variance Laplacian variance in grey levels².
 * @param floorVariance `min_blur_variance` (default 40).
 * @returns a score in [0, 1]; `NaN` for a `NaN` variance.
 */
export function sharpnessScore(variance: number, floorVariance: number): number {
  if (Number.isNaN(variance)) return Number.NaN;
  const floor = Math.max(floorVariance, MIN_FLOOR_VARIANCE);
  const sharp = Math.max(SHARP_VARIANCE, floor * SHARP_OVER_FLOOR);
  const v = Math.max(0, variance);
  if (v < floor) return FLOOR_SCORE * (Math.log1p(v) / Math.log1p(floor));
  if (v < sharp) return FLOOR_SCORE + (SHARP_SCORE - FLOOR_SCORE) * (Math.log(v / floor) / Math.log(sharp / floor));
  return SHARP_SCORE;
}

/** Image sharpness from the variance of the Laplacian of `input.faceGray` (Pech-Pacheco et al. 2000). */
export const sharpness: SignalFunction = (input, config) => {
  const variance = laplacianVariance(input.faceGray);
  if (!Number.isFinite(variance)) {
    return unmeasured(
      `Sharpness could not be measured: the face region (${input.faceGray.width}×${input.faceGray.height} px) is too small.`,
    );
  }
  const score = sharpnessScore(variance, config.min_blur_variance);
  const floor = config.min_blur_variance;
  const verdict =
    score >= SHARP_SCORE
      ? 'sharp'
      : score >= FLOOR_SCORE
        ? 'moderately sharp, typical of a compressed selfie'
        : 'soft or blurry, as a recaptured print or screen often is';
  return measuredScore(
    score,
    `Laplacian variance of the face is ${fmt(variance, 1)} (floor ${fmt(floor, 1)}): ${verdict}.`,
    { laplacian_variance: variance, floor_variance: floor },
  );
};
