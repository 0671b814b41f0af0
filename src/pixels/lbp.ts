/**
 * Rotation-invariant uniform Local Binary Patterns, P=8 R=1 (Ojala, Pietikäinen & Mäenpää 2002,
 * "Multiresolution grey-scale and rotation invariant texture classification with LBP", the `riu2`
 * operator), on the 8-neighbourhood of the 3×3 square (the usual integer-grid form of R=1).
 */
import type { GrayImage } from '../signals/types';

/** Neighbours sampled around each pixel. */
const NEIGHBOURS = 8;
/** Bins of the riu2 histogram: 0–8 (number of ones of a uniform pattern) and 9 (non-uniform). */
export const LBP_BINS = NEIGHBOURS + 2;
/** The bin of every non-uniform pattern (more than two 0/1 transitions around the circle). */
export const LBP_NON_UNIFORM_BIN = NEIGHBOURS + 1;
/** A pattern is uniform when it has at most this many circular 0/1 transitions. */
const MAX_UNIFORM_TRANSITIONS = 2;

/**
 * Neighbour offsets (dx, dy) in circular order, starting east and turning counter-clockwise on
 * screen: E, NE, N, NW, W, SW, S, SE. Bit k of the 8-bit pattern is neighbour k.
 */
const OFFSETS: readonly (readonly [number, number])[] = [
  [1, 0],
  [1, -1],
  [0, -1],
  [-1, -1],
  [-1, 0],
  [-1, 1],
  [0, 1],
  [1, 1],
];

/** riu2 bin of each 8-bit pattern; computed once, never written afterwards. */
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
  const innerW = width - 2;
  const codes = new Uint8Array(innerW * (height - 2));
  const deltas = OFFSETS.map(([dx, dy]) => dy * width + dx);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const centre = data[i];
      let pattern = 0;
      for (let k = 0; k < NEIGHBOURS; k++) {
        if (data[i + deltas[k]] >= centre) pattern |= 1 << k;
      }
      codes[(y - 1) * innerW + (x - 1)] = RIU2_BIN[pattern];
    }
  }
  return codes;
}

/**
 * Normalised riu2 histogram of the interior pixels.
 * @returns 10 shares summing to 1 (all 0 when the image is smaller than 3×3).
 */
export function lbpHistogram(img: GrayImage): Float64Array {
  const codes = lbpCodes(img);
  const hist = new Float64Array(LBP_BINS);
  for (let i = 0; i < codes.length; i++) hist[codes[i]]++;
  if (codes.length > 0) for (let b = 0; b < LBP_BINS; b++) hist[b] /= codes.length;
  return hist;
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
