/**
 * Frequency-domain measures of a square greyscale crop, used to spot the periodic and directional
 * artefacts that generator up-sampling, screen pixel grids and print halftones leave in the spectrum
 * (Durall, Keuper & Keuper 2020, "Watch your up-convolution"; Dzanic et al. 2020). CPU only, with
 * fft.js; no model.
 *
 * Layout: a power spectrum of a `size × size` image is a Float64Array `power[v * size + u]`, centred
 * (fftshifted): DC sits at `(size/2, size/2)`, `u` is the horizontal and `v` the vertical frequency,
 * and a bin `(u, v)` lies at radius `hypot(u - size/2, v - size/2)` cycles per image.
 */
import FFT from 'fft.js';
import type { GrayImage } from './types.js';

/**
 * Rings closer than this to DC (in frequency bins) are left out of every measure: the mean and the
 * Hann window's main lobe (±2 bins) live there, not the image's texture.
 */
export const DC_EXCLUSION_RADIUS = 2;
/** High frequencies start at this fraction of the image size (1/16 of `size` = 1/8 of Nyquist). */
export const HIGH_FREQUENCY_CUTOFF_FRACTION = 1 / 16;
/** Direction sectors of the azimuthal measure, over the half-plane [0°, 180°). */
export const AZIMUTH_SECTORS = 16;
/** Fewest usable rings for a kurtosis to mean anything. */
const MIN_KURTOSIS_RINGS = 4;
/** Rings with no power are floored at this fraction of the peak ring before taking logs. */
const EMPTY_RING_FLOOR = 1e-12;
/** Residual variance below which a profile fits the power law exactly (only rounding left). */
const EXACT_FIT_VARIANCE = 1e-18;

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;
}

function assertSpectrum(power: ArrayLike<number>, size: number): void {
  if (!isPowerOfTwo(size)) throw new RangeError(`Spectrum size must be a power of two ≥ 2, got ${size}.`);
  if (power.length !== size * size) {
    throw new RangeError(`Spectrum of size ${size} needs ${size * size} values, got ${power.length}.`);
  }
}

/**
 * What depends only on the size of a spectrum (window, FFT tables, the radius, ring and direction
 * sector of every bin), computed once per size with the same expressions the measures used inline.
 */
interface SpectrumGeometry {
  /** Periodic Hann window and its 2-D energy `(Σ w²)²`. */
  hann: Float64Array;
  windowEnergy: number;
  fft: FFT;
  /** `Math.hypot(u - size/2, v - size/2)` of bin `v * size + u`. */
  radius: Float64Array;
  /** `Math.round(radius)`. */
  ring: Int32Array;
  /** Direction sector of the bin (see azimuthalVariance) for bins of the disc, −1 elsewhere. */
  sector: Int8Array;
  /** Bins per ring of the inscribed disc (see ringBinCounts). */
  ringCounts: Float64Array;
}

const geometries = new Map<number, SpectrumGeometry>();

function geometryOf(size: number): SpectrumGeometry {
  const known = geometries.get(size);
  if (known) return known;
  const half = size / 2;
  const hann = new Float64Array(size);
  let windowEnergy1d = 0;
  for (let n = 0; n < size; n++) {
    // periodic Hann window w[n] = 0.5 − 0.5 cos(2πn/N)
    hann[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / size);
    windowEnergy1d += hann[n] * hann[n];
  }
  const radius = new Float64Array(size * size);
  const ring = new Int32Array(size * size);
  const sector = new Int8Array(size * size).fill(-1);
  const ringCounts = new Float64Array(half);
  const sectorWidth = Math.PI / AZIMUTH_SECTORS;
  for (let v = 0; v < size; v++) {
    const dy = v - half;
    for (let u = 0; u < size; u++) {
      const dx = u - half;
      const i = v * size + u;
      radius[i] = Math.hypot(dx, dy);
      ring[i] = Math.round(radius[i]);
      if (ring[i] < half) ringCounts[ring[i]]++;
      if (ring[i] < DC_EXCLUSION_RADIUS || ring[i] >= half) continue;
      // fold the direction onto [0, π) and shift by half a sector so sector 0 is centred on 0
      let angle = Math.atan2(dy, dx) + sectorWidth / 2;
      angle = ((angle % Math.PI) + Math.PI) % Math.PI;
      sector[i] = Math.min(AZIMUTH_SECTORS - 1, Math.floor(angle / sectorWidth));
    }
  }
  const geometry = { hann, windowEnergy: windowEnergy1d * windowEnergy1d, fft: new FFT(size), radius, ring, sector, ringCounts };
  geometries.set(size, geometry);
  return geometry;
}

/**
 * Centred 2-D power spectrum of a square, power-of-two image.
 *
 * Steps: subtract the mean grey level; apply a separable periodic Hann window (suppresses the
 * edge discontinuity that would otherwise smear energy along the axes); 2-D FFT by rows then
 * columns; `|F|²` divided by the window energy `Σ w²`, so white noise of variance σ² has an expected
 * power of σ² per bin; fftshift.
 * @returns `size * size` powers in grey levels² per frequency bin, DC at the centre (see file header).
 * @throws RangeError when the image is not square with a power-of-two side ≥ 2.
 */
export function powerSpectrum(img: GrayImage): Float64Array {
  const size = img.width;
  if (img.height !== size || !isPowerOfTwo(size)) {
    throw new RangeError(`powerSpectrum needs a square power-of-two image, got ${img.width}×${img.height}.`);
  }
  const { data } = img;
  const count = size * size;
  const half = size / 2;

  let mean = 0;
  for (let i = 0; i < count; i++) mean += data[i];
  mean /= count;

  // periodic Hann window, applied separably
  const { hann, windowEnergy, fft } = geometryOf(size);
  const input = new Float64Array(2 * size);
  const output = new Float64Array(2 * size);
  const re = new Float64Array(count);
  const im = new Float64Array(count);

  // 2-D DFT, pass 1: each row along x (horizontal frequency u)
  for (let y = 0; y < size; y++) {
    const rowBase = y * size;
    for (let x = 0; x < size; x++) {
      input[2 * x] = (data[rowBase + x] - mean) * hann[x] * hann[y];
      input[2 * x + 1] = 0;
    }
    fft.transform(output, input);
    for (let u = 0; u < size; u++) {
      re[rowBase + u] = output[2 * u];
      im[rowBase + u] = output[2 * u + 1];
    }
  }

  // pass 2: each column along y (vertical frequency v), then power and fftshift
  const power = new Float64Array(count);
  for (let u = 0; u < size; u++) {
    for (let y = 0; y < size; y++) {
      input[2 * y] = re[y * size + u];
      input[2 * y + 1] = im[y * size + u];
    }
    fft.transform(output, input);
    const su = (u + half) % size;
    for (let v = 0; v < size; v++) {
      const sv = (v + half) % size;
      const a = output[2 * v];
      const b = output[2 * v + 1];
      power[sv * size + su] = (a * a + b * b) / windowEnergy;
    }
  }
  return power;
}

/**
 * Azimuthally averaged power: the mean power of the bins whose radius rounds to each integer `r`.
 * Only the inscribed disc (`r < size/2`) is used, so every ring is complete.
 * @param power a centred spectrum from {@link powerSpectrum}.
 * @returns `size/2` ring means (index = radius in cycles per image; index 0 is DC), grey levels².
 */
export function radialProfile(power: ArrayLike<number>, size: number): Float64Array {
  assertSpectrum(power, size);
  const half = size / 2;
  const sums = new Float64Array(half);
  const counts = new Float64Array(half);
  const { ring } = geometryOf(size);
  for (let i = 0; i < size * size; i++) {
    const r = ring[i];
    if (r >= half) continue;
    sums[r] += power[i];
    counts[r]++;
  }
  for (let r = 0; r < half; r++) sums[r] = counts[r] > 0 ? sums[r] / counts[r] : 0;
  return sums;
}

/**
 * Number of bins of a `size × size` centred spectrum whose radius rounds to each ring, for the
 * inscribed disc (`size/2` rings), as {@link radialProfile} counts them.
 */
function ringBinCounts(size: number): Float64Array {
  return geometryOf(size).ringCounts;
}

/**
 * Kurtosis of the ring energy profile: how spiky the radial spectrum is once its natural power-law
 * fall-off is taken out.
 *
 * Natural images follow a power law `P(r) ∝ r^−α` (Field 1987; van der Schaaf & van Hateren 1996),
 * a straight line in log-log axes. The rings from {@link DC_EXCLUSION_RADIUS} outwards are fitted
 * by weighted least squares (`ln P` against `ln r`, each ring weighted by its bin count `n_r`),
 * and the Pearson kurtosis `m4 / m2²` of the residuals scaled by `√n_r` is returned. The scaling
 * makes residuals comparable: the log of a mean of `n` periodogram bins scatters by about `1/√n`,
 * so small inner rings would otherwise pass for outliers. Residuals of a natural spectrum are then
 * roughly Gaussian (≈ 3; camera selfies 2–3.7); isolated peaks from generator up-sampling or a
 * screen's pixel grid raise it (GAN faces often > 6).
 * @param profile ring means from {@link radialProfile} of a `2 * profile.length` square spectrum.
 * @returns dimensionless kurtosis (≥ 1); `NaN` with fewer than 4 usable rings, an all-zero
 *   profile, or a profile that fits the power law exactly.
 */
export function ringKurtosis(profile: ArrayLike<number>): number {
  const first = DC_EXCLUSION_RADIUS;
  const rings = profile.length - first;
  if (rings < MIN_KURTOSIS_RINGS) return Number.NaN;

  let peak = 0;
  for (let r = first; r < profile.length; r++) if (profile[r] > peak) peak = profile[r];
  if (!(peak > 0) || !Number.isFinite(peak)) return Number.NaN;
  // empty rings would have ln 0 = −∞; floor them far below the peak
  const floor = peak * EMPTY_RING_FLOOR;
  const counts = ringBinCounts(2 * profile.length);

  // weighted least-squares line ln P = a + b ln r
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let r = first; r < profile.length; r++) {
    const w = counts[r];
    const x = Math.log(r);
    const y = Math.log(Math.max(profile[r], floor));
    sw += w;
    sx += w * x;
    sy += w * y;
    sxx += w * x * x;
    sxy += w * x * y;
  }
  const slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
  const intercept = (sy - slope * sx) / sw;

  // standardised residuals z_r = √n_r · (ln P_r − fit), then Pearson kurtosis about their mean
  let mean = 0;
  const residual = (r: number): number =>
    Math.sqrt(counts[r]) * (Math.log(Math.max(profile[r], floor)) - (intercept + slope * Math.log(r)));
  for (let r = first; r < profile.length; r++) mean += residual(r);
  mean /= rings;
  let m2 = 0;
  let m4 = 0;
  for (let r = first; r < profile.length; r++) {
    const d = residual(r) - mean;
    const d2 = d * d;
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= rings;
  m4 /= rings;
  return m2 > EXACT_FIT_VARIANCE ? m4 / (m2 * m2) : Number.NaN;
}

/**
 * High-frequency share of the spectrum: the spectral magnitude `|F| = √power` at radius
 * `≥ size * HIGH_FREQUENCY_CUTOFF_FRACTION` (8 cycles per image for a 128 crop) over the magnitude
 * at radius `≥ DC_EXCLUSION_RADIUS`. The whole square counts, corners (diagonal frequencies)
 * included. Magnitude rather than power keeps the steep low-frequency fall-off of faces from
 * swamping the measure: camera selfie crops give about 0.55–0.80 (median ≈ 0.70), screen
 * recaptures and soft prints lose fine detail and fall lower.
 * @param power a centred spectrum from {@link powerSpectrum}.
 * @returns a share in [0, 1]; `NaN` when there is no energy outside the DC neighbourhood.
 */
export function highFrequencyRatio(power: ArrayLike<number>, size: number): number {
  assertSpectrum(power, size);
  const cutoff = size * HIGH_FREQUENCY_CUTOFF_FRACTION;
  let total = 0;
  let high = 0;
  const { radius } = geometryOf(size);
  for (let i = 0; i < size * size; i++) {
    if (radius[i] < DC_EXCLUSION_RADIUS) continue;
    const magnitude = Math.sqrt(power[i]);
    total += magnitude;
    if (radius[i] >= cutoff) high += magnitude;
  }
  return total > 0 ? high / total : Number.NaN;
}

/**
 * Directional imbalance of the spectrum: the normalised variance (population variance over the
 * squared mean, i.e. the squared coefficient of variation) of the energy in
 * {@link AZIMUTH_SECTORS} direction sectors.
 *
 * Each bin of the disc `DC_EXCLUSION_RADIUS ≤ r < size/2` is first divided by its ring mean
 * (spectral whitening), so every scale weighs the same instead of the low frequencies dominating.
 * Directions are folded onto [0°, 180°) (the spectrum of a real image is point-symmetric), sectors
 * are centred on 0° (horizontal frequencies) and 90°, and each sector's value is the mean whitened
 * power of its bins. Isotropic texture gives ≈ 0 (white noise at 128×128: ≈ 0.006); a face's own
 * horizontal features make camera selfie crops about 0.05–0.5 (median ≈ 0.25); strong
 * one-direction structure (scan lines, pixel-grid moiré, convolution bias) raises it further.
 * @param power a centred spectrum from {@link powerSpectrum}.
 * @returns a dimensionless normalised variance ≥ 0; `NaN` when the disc holds no energy.
 */
export function azimuthalVariance(power: ArrayLike<number>, size: number): number {
  const profile = radialProfile(power, size);
  const sums = new Float64Array(AZIMUTH_SECTORS);
  const counts = new Float64Array(AZIMUTH_SECTORS);
  // sector[i] is −1 outside the disc DC_EXCLUSION_RADIUS ≤ ring < size/2
  const { ring, sector } = geometryOf(size);
  for (let i = 0; i < size * size; i++) {
    const s = sector[i];
    if (s < 0 || !(profile[ring[i]] > 0)) continue;
    sums[s] += power[i] / profile[ring[i]];
    counts[s]++;
  }
  let mean = 0;
  let used = 0;
  for (let s = 0; s < AZIMUTH_SECTORS; s++) {
    if (counts[s] === 0) continue;
    sums[s] /= counts[s];
    mean += sums[s];
    used++;
  }
  if (used === 0) return Number.NaN;
  mean /= used;
  if (!(mean > 0)) return Number.NaN;
  let variance = 0;
  for (let s = 0; s < AZIMUTH_SECTORS; s++) {
    if (counts[s] === 0) continue;
    const d = sums[s] - mean;
    variance += d * d;
  }
  return variance / used / (mean * mean);
}
