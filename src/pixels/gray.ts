/**
 * Greyscale conversion and face cropping on RGBA pixel buffers (`ImageData.data` layout: 4 bytes
 * per pixel, row-major). Pure functions on typed arrays: no DOM, usable in Node and in a Web Worker.
 */
import type { Box, GrayImage } from '../signals/types';

/** ITU-R BT.601 luma weights (Y' = 0.299 R' + 0.587 G' + 0.114 B'). */
const LUMA_R = 0.299;
const LUMA_G = 0.587;
const LUMA_B = 0.114;

/** Bytes per RGBA pixel. */
const CHANNELS = 4;

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${value}.`);
  }
}

function assertRgba(rgba: Uint8ClampedArray, width: number, height: number): void {
  assertPositiveInteger('width', width);
  assertPositiveInteger('height', height);
  const needed = width * height * CHANNELS;
  if (rgba.length < needed) {
    throw new RangeError(`RGBA buffer holds ${rgba.length} bytes, ${width}×${height} needs ${needed}.`);
  }
}

function assertBox(box: Box): void {
  const finite = [box.x, box.y, box.width, box.height].every(Number.isFinite);
  if (!finite || box.width <= 0 || box.height <= 0) {
    throw new RangeError(
      `Box must have finite coordinates and a positive size, got x=${box.x} y=${box.y} width=${box.width} height=${box.height}.`,
    );
  }
}

/**
 * Convert an RGBA buffer to greyscale with BT.601 luma weights; alpha is ignored.
 * @param rgba `width * height * 4` bytes, row-major (as in `ImageData.data`).
 * @returns grey levels 0–255, `data[y * width + x]`.
 * @throws RangeError when the sizes are not positive integers or the buffer is too short.
 */
export function rgbaToGray(rgba: Uint8ClampedArray, width: number, height: number): GrayImage {
  assertRgba(rgba, width, height);
  const count = width * height;
  const data = new Float32Array(count);
  for (let i = 0, j = 0; i < count; i++, j += CHANNELS) {
    data[i] = LUMA_R * rgba[j] + LUMA_G * rgba[j + 1] + LUMA_B * rgba[j + 2];
  }
  return { width, height, data };
}

/**
 * Sparse resampling weights along one axis: output sample `o` reads source indices
 * `indices[starts[o]] … indices[starts[o + 1] - 1]` with the matching `weights` (which sum to 1).
 */
interface AxisTable {
  starts: Int32Array;
  indices: Int32Array;
  weights: Float64Array;
  /** Smallest and largest source index read. */
  min: number;
  max: number;
}

function clampIndex(index: number, limit: number): number {
  return index < 0 ? 0 : index >= limit ? limit - 1 : index;
}

/**
 * Weights mapping the source span `[origin, origin + extent)` onto `outSize` samples, indices clamped
 * to `[0, limit)`. Shrinking (`extent >= outSize`) uses area averaging: each output sample averages
 * the source pixels its footprint covers, weighted by the covered fraction (a box filter, which keeps
 * aliasing out of the LBP and spectrum crops). Enlarging uses bilinear interpolation at the sample
 * centre.
 */
function buildAxisTable(origin: number, extent: number, outSize: number, limit: number): AxisTable {
  const scale = extent / outSize;
  const maxTaps = scale >= 1 ? Math.ceil(scale) + 2 : 2;
  const starts = new Int32Array(outSize + 1);
  const indices = new Int32Array(outSize * maxTaps);
  const weights = new Float64Array(outSize * maxTaps);
  let count = 0;
  let min = limit - 1;
  let max = 0;
  const push = (index: number, weight: number): void => {
    const clamped = clampIndex(index, limit);
    indices[count] = clamped;
    weights[count] = weight;
    count++;
    if (clamped < min) min = clamped;
    if (clamped > max) max = clamped;
  };
  for (let o = 0; o < outSize; o++) {
    starts[o] = count;
    if (scale >= 1) {
      // area averaging: coverage of source pixel p by the footprint [a, b)
      const a = origin + o * scale;
      const b = a + scale;
      for (let p = Math.floor(a); p < b; p++) {
        const coverage = Math.min(b, p + 1) - Math.max(a, p);
        if (coverage > 0) push(p, coverage / scale);
      }
    } else {
      // bilinear interpolation at the output sample's centre (pixel centres at i + 0.5)
      const centre = origin + (o + 0.5) * scale - 0.5;
      const i0 = Math.floor(centre);
      const frac = centre - i0;
      push(i0, 1 - frac);
      push(i0 + 1, frac);
    }
  }
  starts[outSize] = count;
  return { starts, indices, weights, min, max };
}

/**
 * Resample the `box` region of an RGBA image into an `outW × outH` greyscale image (BT.601 luma).
 * Shrinking averages the covered source area; enlarging interpolates bilinearly. Parts of the box
 * outside the image read the nearest edge pixel (clamp to edge).
 * @param box region in image pixels; may be fractional and may extend past the image.
 * @returns grey levels 0–255.
 * @throws RangeError on non-integer or non-positive sizes, a short buffer or an empty box.
 */
export function cropResizeGray(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  box: Box,
  outW: number,
  outH: number,
): GrayImage {
  return cropResizeMix(rgba, width, height, box, outW, outH, LUMA_MIX);
}

/** Channel weights (r, g, b) of a single-channel crop. */
export type ChannelMix = readonly [number, number, number];

/** BT.601 luma weights. */
const LUMA_MIX: ChannelMix = [LUMA_R, LUMA_G, LUMA_B];

/**
 * Like `cropResizeGray`, for any weighted mix of the R, G, B channels (`[1, 0, 0]` is the red
 * channel alone).
 */
export function cropResizeMix(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  box: Box,
  outW: number,
  outH: number,
  mix: ChannelMix,
): GrayImage {
  return cropResizeMixes(rgba, width, height, box, outW, outH, [mix])[0];
}

/**
 * Several channel mixes of the same crop in one pass (the sampling tables and the reads of the
 * source pixels are shared): `cropResizeMixes(…, [[1,0,0],[0,1,0],[0,0,1]])` gives the R, G, B planes.
 */
export function cropResizeMixes(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  box: Box,
  outW: number,
  outH: number,
  mixes: readonly ChannelMix[],
): GrayImage[] {
  assertRgba(rgba, width, height);
  assertBox(box);
  assertPositiveInteger('outW', outW);
  assertPositiveInteger('outH', outH);

  const cols = buildAxisTable(box.x, box.width, outW, width);
  const rows = buildAxisTable(box.y, box.height, outH, height);

  // separable resampling: first along rows (into `horizontal`), then along columns
  const rowSpan = rows.max - rows.min + 1;
  return mixes.map((mix) => {
    const horizontal = new Float64Array(rowSpan * outW);
    const mixedRow = new Float64Array(width);
    for (let r = rows.min; r <= rows.max; r++) {
      const rowBase = r * width * CHANNELS;
      for (let c = cols.min; c <= cols.max; c++) {
        const j = rowBase + c * CHANNELS;
        mixedRow[c] = mix[0] * rgba[j] + mix[1] * rgba[j + 1] + mix[2] * rgba[j + 2];
      }
      const outBase = (r - rows.min) * outW;
      for (let ox = 0; ox < outW; ox++) {
        let sum = 0;
        for (let t = cols.starts[ox]; t < cols.starts[ox + 1]; t++) sum += mixedRow[cols.indices[t]] * cols.weights[t];
        horizontal[outBase + ox] = sum;
      }
    }

    const data = new Float32Array(outW * outH);
    for (let oy = 0; oy < outH; oy++) {
      const outBase = oy * outW;
      for (let t = rows.starts[oy]; t < rows.starts[oy + 1]; t++) {
        const srcBase = (rows.indices[t] - rows.min) * outW;
        const weight = rows.weights[t];
        for (let ox = 0; ox < outW; ox++) data[outBase + ox] += horizontal[srcBase + ox] * weight;
      }
    }
    return { width: outW, height: outH, data };
  });
}

/**
 * The `box` region at native resolution in greyscale: the box is widened to whole pixels and cut to
 * the image, then downscaled (area averaging, aspect kept) only when its longer side exceeds `maxSide`.
 * @param maxSide longest side of the result in pixels (a positive integer).
 * @returns the crop, or an empty 0×0 image when the box does not overlap the image.
 * @throws RangeError on invalid sizes, a short buffer or an empty box.
 */
export function cropGrayNative(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  box: Box,
  maxSide: number,
): GrayImage {
  assertRgba(rgba, width, height);
  assertBox(box);
  assertPositiveInteger('maxSide', maxSide);
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.ceil(box.x + box.width));
  const y1 = Math.min(height, Math.ceil(box.y + box.height));
  const cropW = x1 - x0;
  const cropH = y1 - y0;
  if (cropW <= 0 || cropH <= 0) return { width: 0, height: 0, data: new Float32Array(0) };
  const shrink = Math.min(1, maxSide / Math.max(cropW, cropH));
  const outW = Math.max(1, Math.min(maxSide, Math.round(cropW * shrink)));
  const outH = Math.max(1, Math.min(maxSide, Math.round(cropH * shrink)));
  return cropResizeGray(rgba, width, height, { x: x0, y: y0, width: cropW, height: cropH }, outW, outH);
}
