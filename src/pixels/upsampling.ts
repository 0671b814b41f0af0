/**
 * Up-sampling periodicity of a face at its native resolution: the trace that ×2 up-sampling
 * (transposed convolution, or nearest/bilinear up-sampling followed by convolutions: the last stages
 * of StyleGAN-type generators and of face-swap decoders) leaves in the pixels it makes.
 *
 * An up-sampled image has local statistics that repeat every 2 pixels, so the magnitude of a
 * high-pass residual is modulated with period 2, and its power spectrum has peaks at the Nyquist
 * frequency (1/2 cycle per pixel) on the horizontal and vertical axes (interpolation traces: Popescu &
 * Farid 2005, Kirchner 2008, Gallagher 2008; generator up-sampling: Durall, Keuper & Keuper 2020,
 * Frank et al. 2020). JPEG's 8×8 blocks put a comb at k/8 cycles per pixel into the same spectrum but
 * leave its Nyquist points alone, and camera images show no peak there; downscaling does not create
 * one. Up-scaling a photo by a non-integer factor (digital zoom) does: such images read as up-sampled.
 *
 * Nothing is resampled: the measure reads a square of the original pixels (see {@link nativeFaceSquare}).
 *
 * Spectrum layout used here: unshifted DFT bins `(kx, ky)`, `kx` horizontal and `ky` vertical, both
 * modulo the tile size; `kx = tile/2` is the horizontal Nyquist frequency.
 */
import FFT from 'fft.js';
import type { Box, GrayImage } from './types.js';

/** Side of the Welch tiles in pixels (a power of two). */
export const PERIODICITY_TILE = 64;
/** Step between tiles: half a tile (50 % overlap, Welch 1967). */
export const PERIODICITY_STEP = PERIODICITY_TILE / 2;
/** Longest side of the face square measured; larger faces are cut to their centre, never resampled. */
export const PERIODICITY_MAX_SIDE = 512;
/** Smallest face square measured: one tile plus the residual's one-pixel border on each side. */
export const PERIODICITY_MIN_SIDE = PERIODICITY_TILE + 2;
/**
 * The peak is compared with the bins of the square annulus `PEAK_INNER < max(|du|, |dv|) ≤ PEAK_OUTER`
 * around it: the periodic Hann window spreads a line over ±1 bin, so the ring starts past ±2.
 */
export const PEAK_INNER = 2;
export const PEAK_OUTER = 4;
/**
 * Spread of the periodicity of natural faces as a function of the number of tiles `n`:
 * `SAMPLING_SPREAD / √n` (measured on live faces: twice the `1/√(2n)` of independent periodograms,
 * as overlapping tiles and image content add to it).
 */
export const SAMPLING_SPREAD = 1.4;
/** The evidence is the periodicity minus this many sampling spreads (a one-sided lower bound). */
export const EVIDENCE_SPREADS = 2;

// Frequency columns the two axis peaks, their annuli and the diagonal need (kx ≤ tile/2; the
// others follow from the symmetry P(kx, ky) = P(−kx, −ky) of the spectrum of a real image).
const HALF = PERIODICITY_TILE / 2;
const COLUMNS: readonly number[] = Object.freeze([
  ...Array.from({ length: PEAK_OUTER + 1 }, (_, i) => i),
  ...Array.from({ length: PEAK_OUTER + 1 }, (_, i) => HALF - PEAK_OUTER + i),
]);

function assertGray(img: GrayImage): void {
  if (!Number.isInteger(img.width) || !Number.isInteger(img.height) || img.width < 0 || img.height < 0) {
    throw new RangeError(`Image size must be whole pixels, got ${img.width}×${img.height}.`);
  }
  if (img.data.length < img.width * img.height) {
    throw new RangeError(`A ${img.width}×${img.height} image needs ${img.width * img.height} values, got ${img.data.length}.`);
  }
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 4 && (n & (n - 1)) === 0;
}

/**
 * The square of original pixels the measure reads: side `min(box width, box height, maxSide)`
 * (floored to whole pixels), centred on the box and moved (not shrunk) to lie inside the image.
 * @param box the face box in the pixels of a `width × height` image.
 * @returns the square, or `null` when it would be smaller than {@link PERIODICITY_MIN_SIDE} or the
 *   box is not finite.
 */
export function nativeFaceSquare(box: Box, width: number, height: number, maxSide = PERIODICITY_MAX_SIDE): Box | null {
  if (![box.x, box.y, box.width, box.height, width, height, maxSide].every(Number.isFinite)) return null;
  const side = Math.floor(Math.min(box.width, box.height, maxSide, width, height));
  if (side < PERIODICITY_MIN_SIDE) return null;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const x = Math.min(Math.max(Math.floor(cx - side / 2), 0), width - side);
  const y = Math.min(Math.max(Math.floor(cy - side / 2), 0), height - side);
  return { x, y, width: side, height: side };
}

/**
 * BT.601 luma (`0.299 R + 0.587 G + 0.114 B`) of a whole-pixel region of an RGBA buffer, pixel for
 * pixel (no resampling).
 * @throws RangeError when the region is not whole pixels inside the image or the buffer is short.
 */
export function lumaRegion(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, region: Box): GrayImage {
  const { x, y, width: w, height: h } = region;
  if (![x, y, w, h].every(Number.isInteger) || x < 0 || y < 0 || w < 0 || h < 0 || x + w > width || y + h > height) {
    throw new RangeError(`Region ${x},${y} ${w}×${h} is not whole pixels inside a ${width}×${height} image.`);
  }
  if (rgba.length < width * height * 4) throw new RangeError(`A ${width}×${height} RGBA image needs ${width * height * 4} bytes, got ${rgba.length}.`);
  const data = new Float32Array(w * h);
  for (let row = 0; row < h; row++) {
    let i = ((y + row) * width + x) * 4;
    for (let col = 0; col < w; col++, i += 4) data[row * w + col] = 0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2];
  }
  return { width: w, height: h, data };
}

/**
 * Magnitude of the 4-neighbour Laplacian, `|4·g(x, y) − g(x±1, y) − g(x, y±1)| / 4`, on the interior
 * of the image (the result is 2 pixels narrower and lower; no border is invented).
 * @returns an empty image when the input is smaller than 3×3.
 */
export function laplacianMagnitude(img: GrayImage): GrayImage {
  assertGray(img);
  const { width, height, data } = img;
  if (width < 3 || height < 3) return { width: 0, height: 0, data: new Float32Array(0) };
  const w = width - 2;
  const h = height - 2;
  const out = new Float32Array(w * h);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1, i = y * width + 1, o = (y - 1) * w; x < width - 1; x++, i++, o++) {
      out[o] = Math.abs(4 * data[i] - data[i - 1] - data[i + 1] - data[i - width] - data[i + width]) / 4;
    }
  }
  return { width: w, height: h, data: out };
}

/** Welch power of some frequency columns of an image, averaged over its tiles. */
export interface WelchColumns {
  /** Tile side (the DFT length). */
  tile: number;
  /** The `kx` columns held, each in `[0, tile/2]`. */
  columns: readonly number[];
  /** `power[c * tile + ky]`: mean periodogram of column `columns[c]` at vertical frequency `ky`, grey levels². */
  power: Float64Array;
  /** Number of tiles averaged. */
  tiles: number;
}

/** Periodic Hann window of length n, `0.5 − 0.5 cos(2πk/n)`. */
function hannWindow(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) w[k] = 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / n);
  return w;
}

const ffts = new Map<number, { fft: FFT; hann: Float64Array; energy: number }>();
function transformOf(tile: number): { fft: FFT; hann: Float64Array; energy: number } {
  let known = ffts.get(tile);
  if (!known) {
    const hann = hannWindow(tile);
    let energy1d = 0;
    for (const v of hann) energy1d += v * v;
    known = { fft: new FFT(tile), hann, energy: energy1d * energy1d };
    ffts.set(tile, known);
  }
  return known;
}

/**
 * Welch's averaged periodogram (Welch 1967) of an image, for chosen horizontal-frequency columns
 * only: `tile × tile` tiles at a `step` spacing from the top-left corner (a remainder at the right
 * and bottom edges is left out), each minus its mean and times a separable periodic Hann window;
 * a real FFT along every row, then a complex FFT down each requested column; `|F|²` over the window
 * energy `(Σw²)²`, averaged over tiles.
 *
 * Tiles overlap, so the row transforms are shared: the DFT of a windowed row segment does not depend
 * on which tile holds it, the vertical window is a scalar per row, and subtracting the tile mean `m`
 * takes `m·W(kx)` off the row DFT, where `W`, the DFT of the periodic Hann window, is `n/2` at
 * `kx = 0`, `−n/4` at `kx = ±1` and 0 elsewhere.
 * @param columns horizontal frequencies `kx` in `[0, tile/2]`.
 * @returns the averaged power; `tiles` is 0 (and every power 0) when the image is smaller than a tile.
 * @throws RangeError when `tile` is not a power of two ≥ 4, `step` not a positive integer, or a column is out of range.
 */
export function welchColumns(img: GrayImage, tile: number, step: number, columns: readonly number[]): WelchColumns {
  assertGray(img);
  if (!isPowerOfTwo(tile)) throw new RangeError(`Tile size must be a power of two ≥ 4, got ${tile}.`);
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`Tile step must be a positive integer, got ${step}.`);
  for (const c of columns) {
    if (!Number.isInteger(c) || c < 0 || c > tile / 2) throw new RangeError(`Columns must be whole frequencies in [0, ${tile / 2}], got ${c}.`);
  }
  const { fft, hann, energy } = transformOf(tile);
  const { width, height, data } = img;
  const power = new Float64Array(columns.length * tile);
  const across = width >= tile ? Math.floor((width - tile) / step) + 1 : 0;
  const down = height >= tile ? Math.floor((height - tile) / step) + 1 : 0;
  const tiles = across * down;
  if (tiles === 0) return { tile, columns, power, tiles };
  const rows = (down - 1) * step + tile;
  const cols = columns.length;
  // DFT of the periodic Hann window at each requested column (n/2, −n/4 at ±1, else 0)
  const hannDft = columns.map((kx) => (kx === 0 ? tile / 2 : kx === 1 ? -tile / 4 : 0));

  // pass 1: every row segment of every tile column, windowed along x, real FFT; keep the columns
  const rowRe = new Float64Array(rows * across * cols);
  const rowIm = new Float64Array(rows * across * cols);
  const rowSum = new Float64Array(rows * across);
  const rowIn = new Float64Array(tile);
  const rowOut = new Float64Array(2 * tile);
  for (let y = 0; y < rows; y++) {
    for (let t = 0; t < across; t++) {
      const base = y * width + t * step;
      let sum = 0;
      for (let x = 0; x < tile; x++) {
        const value = data[base + x];
        sum += value;
        rowIn[x] = value * hann[x];
      }
      fft.realTransform(rowOut, rowIn);
      const at = (y * across + t) * cols;
      for (let c = 0; c < cols; c++) {
        rowRe[at + c] = rowOut[2 * columns[c]];
        rowIm[at + c] = rowOut[2 * columns[c] + 1];
      }
      rowSum[y * across + t] = sum;
    }
  }

  // pass 2: per tile, remove the mean, window along y, complex FFT down each column, accumulate |F|²
  const colIn = new Float64Array(2 * tile);
  const colOut = new Float64Array(2 * tile);
  for (let ty = 0; ty < down; ty++) {
    const y0 = ty * step;
    for (let t = 0; t < across; t++) {
      let sum = 0;
      for (let y = 0; y < tile; y++) sum += rowSum[(y0 + y) * across + t];
      const mean = sum / (tile * tile);
      for (let c = 0; c < cols; c++) {
        const meanTerm = mean * hannDft[c];
        for (let y = 0; y < tile; y++) {
          const at = ((y0 + y) * across + t) * cols + c;
          colIn[2 * y] = hann[y] * (rowRe[at] - meanTerm);
          colIn[2 * y + 1] = hann[y] * rowIm[at];
        }
        fft.transform(colOut, colIn);
        const out = c * tile;
        for (let ky = 0; ky < tile; ky++) {
          const re = colOut[2 * ky];
          const im = colOut[2 * ky + 1];
          power[out + ky] += (re * re + im * im) / energy;
        }
      }
    }
  }
  for (let i = 0; i < power.length; i++) power[i] /= tiles;
  return { tile, columns, power, tiles };
}

/**
 * Power at any bin `(kx, ky)` (taken modulo the tile) of a {@link WelchColumns}, using the symmetry
 * `P(kx, ky) = P(−kx, −ky)` of the spectrum of a real image for `kx > tile/2`.
 * @throws RangeError when the column needed was not computed.
 */
export function powerAt(spectrum: WelchColumns, kx: number, ky: number): number {
  const { tile, columns, power } = spectrum;
  let u = ((kx % tile) + tile) % tile;
  let v = ((ky % tile) + tile) % tile;
  if (u > tile / 2) {
    u = tile - u;
    v = (tile - v) % tile;
  }
  const c = columns.indexOf(u);
  if (c < 0) throw new RangeError(`Column ${u} of the spectrum was not computed.`);
  return power[c * tile + v];
}

/**
 * Prominence of a spectral peak: `ln P(kx, ky)` minus the mean `ln P` over the square annulus
 * `inner < max(|du|, |dv|) ≤ outer` around it. The annulus is point-symmetric about the bin, so a
 * linear trend of `ln P` (the power-law fall-off of natural images) cancels.
 * @returns a natural-log ratio (0 = no peak; ln 2 ≈ 0.69 = twice the neighbourhood); `NaN` when a
 *   power involved is not positive.
 */
export function peakProminence(spectrum: WelchColumns, kx: number, ky: number, inner = PEAK_INNER, outer = PEAK_OUTER): number {
  const centre = powerAt(spectrum, kx, ky);
  if (!(centre > 0)) return Number.NaN;
  let sum = 0;
  let count = 0;
  for (let dv = -outer; dv <= outer; dv++) {
    for (let du = -outer; du <= outer; du++) {
      if (Math.max(Math.abs(du), Math.abs(dv)) <= inner) continue;
      const p = powerAt(spectrum, kx + du, ky + dv);
      if (!(p > 0)) return Number.NaN;
      sum += Math.log(p);
      count++;
    }
  }
  return Math.log(centre) - sum / count;
}

/** What {@link upsamplingPeriodicity} measures (natural-log ratios unless stated). */
export interface UpsamplingPeriodicity {
  /** Mean of the horizontal and vertical Nyquist peak prominences: the measure. */
  periodicity: number;
  /** Peak at (1/2, 0) cycle per pixel: period-2 modulation along x. */
  horizontal: number;
  /** Peak at (0, 1/2): period-2 modulation along y. */
  vertical: number;
  /** Peak at (1/2, 1/2) (reported, not used: camera colour-filter traces also live there). */
  diagonal: number;
  /** Welch tiles averaged. */
  tiles: number;
  /** Expected spread of `periodicity` for a natural face: `SAMPLING_SPREAD / √tiles`. */
  spread: number;
  /** `periodicity − EVIDENCE_SPREADS · spread`: what the score reads. */
  evidence: number;
}

/**
 * Up-sampling periodicity of a native-resolution greyscale face square: the Nyquist peaks of the
 * Welch spectrum ({@link PERIODICITY_TILE} tiles, half overlapping) of the magnitude of its Laplacian.
 * @returns the measures; every field `NaN` (tiles 0) when the square is smaller than
 *   {@link PERIODICITY_MIN_SIDE} or flat.
 */
export function upsamplingPeriodicity(gray: GrayImage): UpsamplingPeriodicity {
  const residual = laplacianMagnitude(gray);
  const spectrum = welchColumns(residual, PERIODICITY_TILE, PERIODICITY_STEP, COLUMNS);
  const nan: UpsamplingPeriodicity = {
    periodicity: Number.NaN,
    horizontal: Number.NaN,
    vertical: Number.NaN,
    diagonal: Number.NaN,
    tiles: spectrum.tiles,
    spread: Number.NaN,
    evidence: Number.NaN,
  };
  if (spectrum.tiles === 0) return nan;
  const horizontal = peakProminence(spectrum, HALF, 0);
  const vertical = peakProminence(spectrum, 0, HALF);
  const diagonal = peakProminence(spectrum, HALF, HALF);
  if (!Number.isFinite(horizontal) || !Number.isFinite(vertical)) return { ...nan, diagonal };
  const periodicity = (horizontal + vertical) / 2;
  const spread = SAMPLING_SPREAD / Math.sqrt(spectrum.tiles);
  return { periodicity, horizontal, vertical, diagonal, tiles: spectrum.tiles, spread, evidence: periodicity - EVIDENCE_SPREADS * spread };
}
