/** Sensor-noise measure: what a 3×3 median filter removes (a simple noise residual). */
import type { GrayImage } from './types.js';

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
  // each column's three values of the current row band, sorted (low ≤ mid ≤ high): the median of the
  // 3×3 window is then med3(max of the lows, med3 of the mids, min of the highs), exactly
  const low = new Float64Array(width);
  const mid = new Float64Array(width);
  const high = new Float64Array(width);
  let sum = 0;
  let k = 0;
  for (let y = 1; y < height - 1; y++) {
    const above = (y - 1) * width;
    const row = y * width;
    const below = (y + 1) * width;
    for (let x = 0; x < width; x++) {
      let a = data[above + x];
      let b = data[row + x];
      let c = data[below + x];
      if (a > b) [a, b] = [b, a];
      if (b > c) [b, c] = [c, b];
      if (a > b) [a, b] = [b, a];
      low[x] = a;
      mid[x] = b;
      high[x] = c;
    }
    for (let x = 1; x < width - 1; x++) {
      const lows = Math.max(low[x - 1], low[x], low[x + 1]);
      const mids = median3(mid[x - 1], mid[x], mid[x + 1]);
      const highs = Math.min(high[x - 1], high[x], high[x + 1]);
      const r = data[row + x] - median3(lows, mids, highs);
      residual[k++] = r;
      sum += r;
    }
  }
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (residual[i] - mean) ** 2;
  return Math.sqrt(squares / count);
}

function median3(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
