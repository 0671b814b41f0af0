/**
 * Greyscale conversion and face cropping on RGBA pixel buffers (`ImageData.data` layout: 4 bytes
 * per pixel, row-major). Pure functions on typed arrays: no DOM, usable in Node and in a Web Worker.
 */
import type { Box, GrayImage } from './types.js';

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

/**
 * `cropResizeGray` on a sparser grid: only every `stride`-th row and column of the image is read (grid
 * pixel i is image pixel i·stride), for large shrink factors where averaging every pixel costs more
 * than it gives. With `stride` 1 it is `cropResizeGray`, bit for bit.
 * @param stride a positive integer.
 */
export function cropResizeGraySparse(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  box: Box,
  outW: number,
  outH: number,
  stride: number,
): GrayImage {
  const tables = resampleTables(rgba, width, height, box, outW, outH, stride);
  return { width: outW, height: outH, data: resampleMix(rgba, width, tables, LUMA_MIX) };
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
  const tables = resampleTables(rgba, width, height, box, outW, outH);
  return { width: outW, height: outH, data: resampleMix(rgba, width, tables, mix) };
}

/**
 * The R, G and B planes of the `box` region resampled to `outW × outH`, as `cropResizeMix` with
 * the mixes `[1,0,0]`, `[0,1,0]`, `[0,0,1]` gives them (the same values, bit for bit), in one pass
 * over the source pixels.
 */
export function cropResizeRgbPlanes(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  box: Box,
  outW: number,
  outH: number,
): [GrayImage, GrayImage, GrayImage] {
  const tables = resampleTables(rgba, width, height, box, outW, outH);
  const [r, g, b] = resampleRgb(rgba, width, tables);
  return [
    { width: outW, height: outH, data: r },
    { width: outW, height: outH, data: g },
    { width: outW, height: outH, data: b },
  ];
}

/** Both axes' sampling tables of one crop, after the arguments are checked. */
interface ResampleTables {
  cols: AxisTable;
  rows: AxisTable;
  outW: number;
  outH: number;
  /** The tables index a grid of every `stride`-th row and column (grid pixel i is image pixel i·stride). */
  stride: number;
}

function resampleTables(rgba: Uint8ClampedArray, width: number, height: number, box: Box, outW: number, outH: number, stride = 1): ResampleTables {
  assertRgba(rgba, width, height);
  assertBox(box);
  assertPositiveInteger('outW', outW);
  assertPositiveInteger('outH', outH);
  assertPositiveInteger('stride', stride);
  const q = stride;
  return {
    cols: buildAxisTable(box.x / q, box.width / q, outW, Math.ceil(width / q)),
    rows: buildAxisTable(box.y / q, box.height / q, outH, Math.ceil(height / q)),
    outW,
    outH,
    stride,
  };
}

/**
 * The row taps grouped by source row: the vertical pass can then add each source row to the output
 * rows that read it as soon as it has been resampled horizontally. Within a source row the taps keep
 * their order, and the taps of one output row are sorted by source row, so every output still adds
 * its taps in the order of the table.
 */
interface RowTaps {
  /** Taps of source row `rows.min + k` are `starts[k] … starts[k + 1] - 1`. */
  starts: Int32Array;
  /** Output row of each tap. */
  outRows: Int32Array;
  weights: Float64Array;
}

function groupBySourceRow(rows: AxisTable, outH: number): RowTaps {
  const span = rows.max - rows.min + 1;
  const taps = rows.starts[outH];
  const starts = new Int32Array(span + 1);
  for (let t = 0; t < taps; t++) starts[rows.indices[t] - rows.min + 1]++;
  for (let k = 0; k < span; k++) starts[k + 1] += starts[k];
  const next = starts.slice(0, span);
  const outRows = new Int32Array(taps);
  const weights = new Float64Array(taps);
  for (let oy = 0; oy < outH; oy++) {
    for (let t = rows.starts[oy]; t < rows.starts[oy + 1]; t++) {
      const slot = next[rows.indices[t] - rows.min]++;
      outRows[slot] = oy;
      weights[slot] = rows.weights[t];
    }
  }
  return { starts, outRows, weights };
}

/**
 * Separable resampling of one channel mix into one or more crops, row by row: each source row is
 * mixed once (over the columns any crop reads); then, for every crop that reads it, resampled along
 * x (float64 sums of its column taps, left to right) and added with its weights to the float32
 * output rows that read it, source rows top to bottom. These are the same sums in the same order as
 * resampling every row of the crop first and then every column.
 */
function resampleMixed(rgba: Uint8ClampedArray, width: number, crops: readonly ResampleTables[], mix: ChannelMix): Float32Array[] {
  const [mr, mg, mb] = mix;
  const q = crops[0]?.stride ?? 1;
  if (crops.some((tables) => tables.stride !== q)) throw new RangeError('Crops resampled together must read the same grid.');
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const { cols, rows } of crops) {
    x0 = Math.min(x0, cols.min);
    x1 = Math.max(x1, cols.max);
    y0 = Math.min(y0, rows.min);
    y1 = Math.max(y1, rows.max);
  }
  const mixedRow = new Float64Array(width);
  const states = crops.map((tables) => ({
    tables,
    byRow: groupBySourceRow(tables.rows, tables.outH),
    horizontal: new Float64Array(tables.outW),
    data: new Float32Array(tables.outW * tables.outH),
  }));
  for (let r = y0; r <= y1; r++) {
    for (let c = x0, j = (r * q * width + x0 * q) * CHANNELS; c <= x1; c++, j += q * CHANNELS) {
      mixedRow[c] = mr * rgba[j] + mg * rgba[j + 1] + mb * rgba[j + 2];
    }
    for (const { tables, byRow, horizontal, data } of states) {
      const { cols, rows, outW } = tables;
      if (r < rows.min || r > rows.max) continue;
      const { starts, indices, weights } = cols;
      for (let ox = 0; ox < outW; ox++) {
        let sum = 0;
        const end = starts[ox + 1];
        for (let t = starts[ox]; t < end; t++) sum += mixedRow[indices[t]] * weights[t];
        horizontal[ox] = sum;
      }
      const k = r - rows.min;
      for (let t = byRow.starts[k]; t < byRow.starts[k + 1]; t++) {
        const outBase = byRow.outRows[t] * outW;
        const weight = byRow.weights[t];
        for (let ox = 0; ox < outW; ox++) data[outBase + ox] += horizontal[ox] * weight;
      }
    }
  }
  return states.map(({ data }) => data);
}

/** One channel mix of one crop. */
function resampleMix(rgba: Uint8ClampedArray, width: number, tables: ResampleTables, mix: ChannelMix): Float32Array {
  return resampleMixed(rgba, width, [tables], mix)[0];
}

/**
 * `resampleMix` for the three mixes `[1,0,0]`, `[0,1,0]`, `[0,0,1]` at once. `1·R + 0·G + 0·B` is
 * exactly R for 8-bit R, G, B, so each channel is read directly; the sums are taken in the same order.
 */
function resampleRgb(rgba: Uint8ClampedArray, width: number, tables: ResampleTables): [Float32Array, Float32Array, Float32Array] {
  const { cols, rows, outW, outH } = tables;
  const byRow = groupBySourceRow(rows, outH);
  const hr = new Float64Array(outW);
  const hg = new Float64Array(outW);
  const hb = new Float64Array(outW);
  const count = outW * outH;
  const red = new Float32Array(count);
  const green = new Float32Array(count);
  const blue = new Float32Array(count);
  const { starts, weights } = cols;
  // byte offset of each column tap within a row
  const offsets = new Int32Array(cols.indices.length);
  for (let t = 0; t < offsets.length; t++) offsets[t] = cols.indices[t] * CHANNELS;
  for (let r = rows.min; r <= rows.max; r++) {
    const rowBase = r * width * CHANNELS;
    for (let ox = 0; ox < outW; ox++) {
      let sr = 0;
      let sg = 0;
      let sb = 0;
      const end = starts[ox + 1];
      for (let t = starts[ox]; t < end; t++) {
        const j = rowBase + offsets[t];
        const w = weights[t];
        sr += rgba[j] * w;
        sg += rgba[j + 1] * w;
        sb += rgba[j + 2] * w;
      }
      hr[ox] = sr;
      hg[ox] = sg;
      hb[ox] = sb;
    }
    const k = r - rows.min;
    for (let t = byRow.starts[k]; t < byRow.starts[k + 1]; t++) {
      const outBase = byRow.outRows[t] * outW;
      const weight = byRow.weights[t];
      for (let ox = 0, o = outBase; ox < outW; ox++, o++) {
        red[o] += hr[ox] * weight;
        green[o] += hg[ox] * weight;
        blue[o] += hb[ox] * weight;
      }
    }
  }
  return [red, green, blue];
}

/** One greyscale crop of `cropResizeGrays`: the box and the output size, as for `cropResizeGray`. */
export interface GrayCrop {
  box: Box;
  outW: number;
  outH: number;
}

/**
 * Several greyscale crops of the same image, each exactly as `cropResizeGray` gives it; the luma of
 * the source pixels they read is computed once for all of them, in one pass over the rows.
 * @throws RangeError as `cropResizeGray` does, for any of the crops.
 */
export function cropResizeGrays(rgba: Uint8ClampedArray, width: number, height: number, crops: readonly GrayCrop[]): GrayImage[] {
  const tables = crops.map(({ box, outW, outH }) => resampleTables(rgba, width, height, box, outW, outH));
  if (tables.length === 0) return [];
  return resampleMixed(rgba, width, tables, LUMA_MIX).map((data, i) => ({ width: tables[i].outW, height: tables[i].outH, data }));
}

/**
 * The crop `cropGrayNative` takes: the box widened to whole pixels and cut to the image, and the
 * output size (the box's, downscaled when its longer side exceeds `maxSide`).
 * @returns null when the box does not overlap the image.
 * @throws RangeError on invalid sizes or an empty box.
 */
export function nativeGrayCrop(width: number, height: number, box: Box, maxSide: number): GrayCrop | null {
  assertPositiveInteger('width', width);
  assertPositiveInteger('height', height);
  assertBox(box);
  assertPositiveInteger('maxSide', maxSide);
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.ceil(box.x + box.width));
  const y1 = Math.min(height, Math.ceil(box.y + box.height));
  const cropW = x1 - x0;
  const cropH = y1 - y0;
  if (cropW <= 0 || cropH <= 0) return null;
  const shrink = Math.min(1, maxSide / Math.max(cropW, cropH));
  const outW = Math.max(1, Math.min(maxSide, Math.round(cropW * shrink)));
  const outH = Math.max(1, Math.min(maxSide, Math.round(cropH * shrink)));
  return { box: { x: x0, y: y0, width: cropW, height: cropH }, outW, outH };
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
  const crop = nativeGrayCrop(width, height, box, maxSide);
  if (!crop) return { width: 0, height: 0, data: new Float32Array(0) };
  return cropResizeGray(rgba, width, height, crop.box, crop.outW, crop.outH);
}
