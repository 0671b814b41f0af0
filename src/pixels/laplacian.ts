/** Focus measure: variance of the Laplacian (Pech-Pacheco et al. 2000). */
import type { GrayImage } from './types.js';

/**
 * Population variance of the 3×3 Laplacian `[0,1,0; 1,-4,1; 0,1,0]` over the interior pixels (the
 * one-pixel border, where the kernel would leave the image, is skipped). Sharp, detailed images give
 * high values; blur, recapture and heavy compression give low ones.
 * @returns variance in grey levels² (0 for a flat or linear-ramp image); `NaN` when the image has no
 *   interior pixel (narrower or shorter than 3).
 */
export function laplacianVariance(img: GrayImage): number {
  const { width, height, data } = img;
  if (width < 3 || height < 3) return Number.NaN;
  const count = (width - 2) * (height - 2);

  // two passes (mean, then squared deviations) to avoid the cancellation of sum-of-squares formulas
  let sum = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1, i = y * width + 1; x < width - 1; x++, i++) {
      sum += data[i - width] + data[i + width] + data[i - 1] + data[i + 1] - 4 * data[i];
    }
  }
  const mean = sum / count;

  let squares = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1, i = y * width + 1; x < width - 1; x++, i++) {
      const deviation = data[i - width] + data[i + width] + data[i - 1] + data[i + 1] - 4 * data[i] - mean;
      squares += deviation * deviation;
    }
  }
  return squares / count;
}
