/**
 * Images made by code for the unit tests of the spectral kernels: natural-like power-law noise,
 * ×2 up-sampling as generators do it, a JPEG-like 8×8 DCT quantiser, and area downscaling.
 * Nothing here reads a file.
 */
import FFT from 'fft.js';
import { mulberry32 } from '../synth/random.js';
import type { GrayImage } from './types.js';

/** Deterministic uniform numbers in [0, 1): the simulator's seeded generator (mulberry32). */
export const seededRandom = mulberry32;

export function grayFrom(width: number, height: number, value: (x: number, y: number) => number): GrayImage {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  return { width, height, data };
}

/**
 * Natural-like texture: Gaussian noise whose power falls as `1/f^alpha` (natural images: α ≈ 2,
 * Field 1987), made by an inverse 2-D FFT, scaled to a standard deviation of `contrast` around 128,
 * with white "sensor" noise of standard deviation `noise` added, clamped to 0–255 and rounded (as a
 * decoded 8-bit image is).
 */
export function powerLawImage(size: number, alpha: number, seed: number, contrast = 30, noise = 2): GrayImage {
  const random = seededRandom(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const fft = new FFT(size);
  const re = new Float64Array(size * size);
  const im = new Float64Array(size * size);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const f = Math.hypot(u < size / 2 ? u : u - size, v < size / 2 ? v : v - size);
      if (f === 0) continue;
      const amplitude = f ** (-alpha / 2);
      re[v * size + u] = amplitude * gauss();
      im[v * size + u] = amplitude * gauss();
    }
  }
  // inverse 2-D FFT: rows, then columns; the real part is the image
  const input = new Float64Array(2 * size);
  const output = new Float64Array(2 * size);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      input[2 * u] = re[v * size + u];
      input[2 * u + 1] = im[v * size + u];
    }
    fft.inverseTransform(output, input);
    for (let u = 0; u < size; u++) {
      re[v * size + u] = output[2 * u];
      im[v * size + u] = output[2 * u + 1];
    }
  }
  for (let u = 0; u < size; u++) {
    for (let v = 0; v < size; v++) {
      input[2 * v] = re[v * size + u];
      input[2 * v + 1] = im[v * size + u];
    }
    fft.inverseTransform(output, input);
    for (let v = 0; v < size; v++) re[v * size + u] = output[2 * v];
  }
  let mean = 0;
  for (let i = 0; i < size * size; i++) mean += re[i];
  mean /= size * size;
  let variance = 0;
  for (let i = 0; i < size * size; i++) variance += (re[i] - mean) ** 2;
  const scale = contrast / Math.sqrt(variance / (size * size));
  const data = new Float32Array(size * size);
  for (let i = 0; i < size * size; i++) {
    const value = 128 + (re[i] - mean) * scale + noise * gauss();
    data[i] = Math.round(Math.min(255, Math.max(0, value)));
  }
  return { width: size, height: size, data };
}

function at(img: GrayImage, x: number, y: number): number {
  const cx = Math.min(img.width - 1, Math.max(0, x));
  const cy = Math.min(img.height - 1, Math.max(0, y));
  return img.data[cy * img.width + cx];
}

/**
 * ×2 up-sampling as a transposed convolution with a bilinear kernel: the original samples are kept
 * at even positions and the odd positions are the mean of their neighbours (the `[½, 1, ½]` kernel
 * after zero insertion), rounded to 8 bits.
 */
export function upsampleTransposedBilinear(img: GrayImage): GrayImage {
  return grayFrom(img.width * 2, img.height * 2, (x, y) => {
    const x0 = x >> 1;
    const y0 = y >> 1;
    const h = (yy: number): number => (x % 2 === 0 ? at(img, x0, yy) : (at(img, x0, yy) + at(img, x0 + 1, yy)) / 2);
    const value = y % 2 === 0 ? h(y0) : (h(y0) + h(y0 + 1)) / 2;
    return Math.round(value);
  });
}

/** ×2 nearest-neighbour up-sampling (each pixel becomes a 2×2 block). */
export function upsampleNearest(img: GrayImage): GrayImage {
  return grayFrom(img.width * 2, img.height * 2, (x, y) => at(img, x >> 1, y >> 1));
}

/**
 * The checkerboard a stride-2 transposed convolution leaves when its kernel does not weigh the four
 * output phases alike (Odena et al. 2016): each phase `(x mod 2, y mod 2)` gets its own gain around
 * the local mean, `g' = m + (g − m)·gain[phase]`, with `m` the 3×3 mean.
 */
export function addCheckerboard(img: GrayImage, gains: readonly [number, number, number, number] = [1.0, 0.8, 0.8, 1.1]): GrayImage {
  return grayFrom(img.width, img.height, (x, y) => {
    let m = 0;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) m += at(img, x + dx, y + dy);
    m /= 9;
    const phase = (y % 2) * 2 + (x % 2);
    return Math.round(Math.min(255, Math.max(0, m + (at(img, x, y) - m) * gains[phase])));
  });
}

/** Mean of each `factor × factor` block (area downscaling by an integer factor). */
export function downscaleArea(img: GrayImage, factor: number): GrayImage {
  const w = Math.floor(img.width / factor);
  const h = Math.floor(img.height / factor);
  return grayFrom(w, h, (x, y) => {
    let s = 0;
    for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) s += at(img, x * factor + dx, y * factor + dy);
    return s / (factor * factor);
  });
}

/** The centre `side × side` square of an image (no resampling). */
export function centreSquare(img: GrayImage, side: number): GrayImage {
  const x0 = Math.floor((img.width - side) / 2);
  const y0 = Math.floor((img.height - side) / 2);
  return grayFrom(side, side, (x, y) => img.data[(y0 + y) * img.width + x0 + x]);
}

/** IJG standard luminance quantisation table (ITU-T T.81 Annex K), row-major. */
const IJG_LUMA = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100,
  103, 99,
];

/**
 * A JPEG round trip of the luma plane: 8×8 blocks from the top-left corner, level shift by 128,
 * orthonormal DCT-II, division by the IJG table scaled to `quality` (libjpeg's rule), rounding,
 * dequantisation, inverse DCT, rounding and clamping to 0–255. Edge blocks are padded by repeating
 * the last row and column, as encoders do.
 */
export function jpegRoundTrip(img: GrayImage, quality: number): GrayImage {
  const scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  const table = IJG_LUMA.map((q) => Math.min(255, Math.max(1, Math.floor((q * scale + 50) / 100))));
  const basis = new Float64Array(64);
  for (let k = 0; k < 8; k++) {
    for (let n = 0; n < 8; n++) basis[k * 8 + n] = (k === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * n + 1) * k * Math.PI) / 16);
  }
  const out = new Float32Array(img.width * img.height);
  const block = new Float64Array(64);
  const tmp = new Float64Array(64);
  const coef = new Float64Array(64);
  for (let by = 0; by < img.height; by += 8) {
    for (let bx = 0; bx < img.width; bx += 8) {
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) block[y * 8 + x] = at(img, bx + x, by + y) - 128;
      // forward DCT: rows then columns
      for (let y = 0; y < 8; y++) for (let k = 0; k < 8; k++) {
        let s = 0;
        for (let n = 0; n < 8; n++) s += basis[k * 8 + n] * block[y * 8 + n];
        tmp[y * 8 + k] = s;
      }
      for (let k = 0; k < 8; k++) for (let l = 0; l < 8; l++) {
        let s = 0;
        for (let n = 0; n < 8; n++) s += basis[l * 8 + n] * tmp[n * 8 + k];
        coef[l * 8 + k] = Math.round(s / table[l * 8 + k]) * table[l * 8 + k];
      }
      // inverse DCT
      for (let l = 0; l < 8; l++) for (let x = 0; x < 8; x++) {
        let s = 0;
        for (let k = 0; k < 8; k++) s += basis[k * 8 + x] * coef[l * 8 + k];
        tmp[l * 8 + x] = s;
      }
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) {
        let s = 0;
        for (let l = 0; l < 8; l++) s += basis[l * 8 + y] * tmp[l * 8 + x];
        if (bx + x < img.width && by + y < img.height) out[(by + y) * img.width + bx + x] = Math.min(255, Math.max(0, Math.round(s + 128)));
      }
    }
  }
  return { width: img.width, height: img.height, data: out };
}
