/**
 * Rotation-invariant uniform Local Binary Patterns, P=8 R=1 (Ojala, Pietikäinen & Mäenpää 2002,
 * "Multiresolution grey-scale and rotation invariant texture classification with LBP", the `riu2`
 * operator), on the 8-neighbourhood of the 3×3 square (the usual integer-grid form of R=1).
 */
import type { GrayImage } from './types.js';

/** Neighbours sampled around each pixel. */
const NEIGHBOURS = 8;
/** Bins of the riu2 histogram: 0–8 (number of ones of a uniform pattern) and 9 (non-uniform). */
export const LBP_BINS = NEIGHBOURS + 2;
/** The bin of every non-uniform pattern (more than two 0/1 transitions around the circle). */
export const LBP_NON_UNIFORM_BIN = NEIGHBOURS + 1;
/** A pattern is uniform when it has at most this many circular 0/1 transitions. */
const MAX_UNIFORM_TRANSITIONS = 2;

/**
 * Neighbours in circular order, starting east and turning counter-clockwise on screen: E, NE, N,
 * NW, W, SW, S, SE, i.e. offsets (dx, dy) = (1,0), (1,−1), (0,−1), (−1,−1), (−1,0), (−1,1), (0,1),
 * (1,1). Bit k of the 8-bit pattern is neighbour k (the kernels below write the eight out).
 *
 * RIU2_BIN: the riu2 bin of each 8-bit pattern; computed once, never written afterwards.
 */
const RIU2_BIN: Uint8Array = (() => {
  const table = new Uint8Array(1 << NEIGHBOURS);
  for (let pattern = 0; pattern < table.length; pattern++) {
    let ones = 0;
    let transitions = 0;
    for (let k = 0; k < NEIGHBOURS; k++) {
      const bit = (pattern >> k) & 1;
      const next = (pattern >> ((k + 1) % NEIGHBOURS)) & 1;
      ones += bit;
      if (bit !== next) transitions++;
    }
    table[pattern] = transitions <= MAX_UNIFORM_TRANSITIONS ? ones : LBP_NON_UNIFORM_BIN;
  }
  return table;
})();

/**
 * The riu2 bin of every interior pixel (the one-pixel border is skipped). A neighbour counts as 1
 * when it is at least as bright as the centre (`g_p >= g_c`), so a flat patch is bin 8 and an
 * isolated bright pixel is bin 0.
 * @returns `(width - 2) * (height - 2)` bins in 0–9, row-major over the interior; empty when the
 *   image is smaller than 3×3.
 */
export function lbpCodes(img: GrayImage): Uint8Array {
  const { width, height, data } = img;
  if (width < 3 || height < 3) return new Uint8Array(0);
  const codes = new Uint8Array((width - 2) * (height - 2));
  forEachCode(data, width, height, (index, bin) => {
    codes[index] = bin;
  });
  return codes;
}

/**
 * The 8-bit pattern of interior pixel `i` of a `width`-wide image: bit k is set when neighbour k
 * (in the circular order above) is at least as bright as the centre.
 */
function patternAt(data: ArrayLike<number>, i: number, width: number): number {
  const centre = data[i];
  const above = i - width;
  const below = i + width;
  return (
    (data[i + 1] >= centre ? 1 : 0) |
    (data[above + 1] >= centre ? 2 : 0) |
    (data[above] >= centre ? 4 : 0) |
    (data[above - 1] >= centre ? 8 : 0) |
    (data[i - 1] >= centre ? 16 : 0) |
    (data[below - 1] >= centre ? 32 : 0) |
    (data[below] >= centre ? 64 : 0) |
    (data[below + 1] >= centre ? 128 : 0)
  );
}

/** Calls `visit(index over the interior, riu2 bin)` for every interior pixel, row by row. */
function forEachCode(data: ArrayLike<number>, width: number, height: number, visit: (index: number, bin: number) => void): void {
  let index = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let i = y * width + 1, end = y * width + width - 1; i < end; i++) visit(index++, RIU2_BIN[patternAt(data, i, width)]);
  }
}

/**
 * Normalised riu2 histogram of the interior pixels.
 * @returns 10 shares summing to 1 (all 0 when the image is smaller than 3×3).
 */
export function lbpHistogram(img: GrayImage): Float64Array {
  const hist = new Float64Array(LBP_BINS);
  lbpHistogramInto(img.data, img.width, img.height, hist, 0);
  return hist;
}

/**
 * `lbpHistogram` of the `width × height` image in `data`, written to `out[offset … offset + 9]`
 * (`data` may be longer than the image: only its first `width * height` values are read).
 */
export function lbpHistogramInto(data: Float32Array, width: number, height: number, out: Float64Array, offset: number): void {
  for (let b = 0; b < LBP_BINS; b++) out[offset + b] = 0;
  if (width < 3 || height < 3) return;
  const counts = new Int32Array(LBP_BINS);
  const keys = new Int32Array(data.buffer, data.byteOffset, width * height);
  if (orderedAsIntegers(keys)) countPatternsOfKeys(keys, width, height, counts);
  else countPatterns(data, width, height, counts);
  const total = (width - 2) * (height - 2);
  for (let b = 0; b < LBP_BINS; b++) out[offset + b] = counts[b] / total;
}

/** Bits of +∞ as a float32; every larger pattern of a non-negative sign is a NaN. */
const FLOAT32_INFINITY_BITS = 0x7f800000;

/**
 * Whether the float32 values whose bit patterns are `keys` all lie in [+0, +∞]: there the bit
 * patterns, read as integers, are ordered exactly as the values (`a >= b` ⇔ `bits(a) >= bits(b)`).
 * Negative values, −0 and NaN are not (the float comparison is used for them).
 */
function orderedAsIntegers(keys: Int32Array): boolean {
  for (let i = 0; i < keys.length; i++) if (keys[i] >>> 0 > FLOAT32_INFINITY_BITS) return false;
  return true;
}

/** Adds the riu2 bin of every interior pixel of a float image to `counts`. */
function countPatterns(data: Float32Array, width: number, height: number, counts: Int32Array): void {
  for (let y = 1; y < height - 1; y++) {
    for (let i = y * width + 1, end = y * width + width - 1; i < end; i++) counts[RIU2_BIN[patternAt(data, i, width)]]++;
  }
}

/**
 * `countPatterns` on the integer keys of `orderedAsIntegers` images, without branches: for keys in
 * [0, 0x7f800000], `neighbour >= centre` ⇔ `centre - 1 - neighbour < 0`, whose sign bit is read by
 * `>> 31` (no int32 overflow in that range).
 */
function countPatternsOfKeys(keys: Int32Array, width: number, height: number, counts: Int32Array): void {
  for (let y = 1; y < height - 1; y++) {
    for (let i = y * width + 1, end = y * width + width - 1; i < end; i++) {
      const c = keys[i] - 1;
      const above = i - width;
      const below = i + width;
      const pattern =
        ((c - keys[i + 1]) >> 31 & 1) |
        ((c - keys[above + 1]) >> 31 & 2) |
        ((c - keys[above]) >> 31 & 4) |
        ((c - keys[above - 1]) >> 31 & 8) |
        ((c - keys[i - 1]) >> 31 & 16) |
        ((c - keys[below - 1]) >> 31 & 32) |
        ((c - keys[below]) >> 31 & 64) |
        ((c - keys[below + 1]) >> 31 & 128);
      counts[RIU2_BIN[pattern]]++;
    }
  }
}

/**
 * Shannon entropy `H = -Σ p log2 p` of a histogram (normalised here by its sum; empty bins add 0).
 * @returns bits, in [0, log2(bins)] (log2(10) ≈ 3.32 for the LBP histogram); 0 for an all-zero input.
 */
export function shannonEntropy(hist: ArrayLike<number>): number {
  let total = 0;
  for (let b = 0; b < hist.length; b++) total += hist[b];
  if (!(total > 0)) return 0;
  let entropy = 0;
  for (let b = 0; b < hist.length; b++) {
    const p = hist[b] / total;
    if (p > 0) entropy -= p * Math.log2(p);
  }
  return entropy;
}

/**
 * Share of the most populated bin: `max(hist) / Σ hist`.
 * @returns a ratio in [1/bins, 1]; `NaN` for an all-zero input.
 */
export function dominantBinRatio(hist: ArrayLike<number>): number {
  let total = 0;
  let peak = 0;
  for (let b = 0; b < hist.length; b++) {
    total += hist[b];
    if (hist[b] > peak) peak = hist[b];
  }
  return total > 0 ? peak / total : Number.NaN;
}
