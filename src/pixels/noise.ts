/** Sensor-noise measure: what a 3×3 median filter removes (a simple noise residual). */
import type { GrayImage } from '../signals/types';

/**
 * Population standard deviation of `img − median3×3(img)` over the interior pixels (the one-pixel
 * border is skipped, as for the Laplacian). A camera's own capture of skin keeps fine grain and
 * sensor noise that the median removes; a recaptured screen or print has been low-pass filtered by
 * its second optics and shows a smaller residual (image distortion analysis, Wen, Han & Jain 2015).
 * @returns grey levels (0 for a flat image); `NaN` when the image has no interior pixel.
 */
export function medianResidualStd(img: GrayImage): number {
  const { width, height, data } = img;
  if (width < 3 || height < 3) return Number.NaN;
  const count = (width - 2) * (height - 2);
  const residual = new Float64Array(count);
  const window = new Float64Array(9);
  let sum = 0;
  let k = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const row = (y + dy) * width + x;
        window[n++] = data[row - 1];
        window[n++] = data[row];
        window[n++] = data[row + 1];
      }
      const r = data[y * width + x] - median9(window);
      residual[k++] = r;
      sum += r;
    }
  }
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (residual[i] - mean) ** 2;
  return Math.sqrt(squares / count);
}

/** Median of nine values (partial insertion sort: the window is reordered). */
function median9(v: Float64Array): number {
  for (let i = 1; i < 9; i++) {
    const value = v[i];
    let j = i - 1;
    while (j >= 0 && v[j] > value) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = value;
  }
  return v[4];
}
