/**
 * Signal 8, `fft_deepfake`: the frequency spectrum of a 128×128 face crop. Generator up-sampling
 * leaves periodic peaks, screens and prints lose or alias fine detail, and convolution stacks bias
 * energy towards some directions (Durall et al. 2020; Frank et al. 2020). Three sub-metrics, each
 * mapped to [0, 1], combined by a weighted mean (0.35 kurtosis, 0.40 high-frequency share, 0.25
 * azimuthal variance), capped at `0.35 + 0.65 · kurtosis sub-score` so that strong periodic peaks
 * alone land in the strong-artefact band. A fourth measure reads the face at its native resolution:
 * the period-2 (Nyquist) peaks that ×2 up-sampling leaves in a high-pass residual
 * (pixels/upsampling.ts; native-size GAN faces and face swaps); clear traces cap the score too.
 */
import {
  azimuthalVariance,
  highFrequencyRatio,
  powerSpectrum,
  radialProfile,
  ringKurtosis,
} from '../pixels/spectrum.js';
import { upsamplingPeriodicity, type UpsamplingPeriodicity } from '../pixels/upsampling.js';
import { fmt, piecewiseLinear, measuredScore, unmeasured, type Knot } from './mapping.js';
import type { SignalFunction } from './types.js';

/** Kurtosis of a natural spectrum's ring residuals (a Gaussian's). */
export const NATURAL_KURTOSIS = 3;
/** Kurtosis up to NATURAL_KURTOSIS + this tolerance scores 1 (sampling spread of ~60 rings). */
const KURTOSIS_TOLERANCE = 1;
/** High-frequency shares within this distance of the baseline score 1 … */
const HF_TOLERANCE = 0.1;
/** … and this far from it (either side) score 0. */
const HF_ZERO_DEVIATION = 0.3;
/** Azimuthal variance up to this fraction of `fft_az_variance_max` scores 1. */
const AZ_FULL_SCORE_FRACTION = 0.5;
/** Weights of the sub-scores (kurtosis, high-frequency share, azimuthal variance); they sum to 1. */
const WEIGHT_KURTOSIS = 0.35;
const WEIGHT_HIGH_FREQUENCY = 0.4;
const WEIGHT_AZIMUTHAL = 0.25;
/**
 * Cap of the score when the ring kurtosis reaches its ceiling: isolated spectral peaks are the
 * clearest generator or screen-grid trace, so they alone put the spectrum in the strong-artefact
 * band (< 0.40). The cap rises linearly to 1 as the kurtosis sub-score does.
 */
const PERIODIC_CAP = 0.35;
/**
 * Up-sampling evidence (`UpsamplingPeriodicity.evidence`, a natural-log ratio) up to which the score
 * is left alone: the 99th percentile of live faces of the development sources (3 of 360 above it).
 */
export const PERIODICITY_KNEE = 0.3;
/** Evidence from which the up-sampling cap is at its lowest (a Nyquist peak about 1.8× its neighbourhood past two spreads). */
export const PERIODICITY_FULL = 0.6;
/** Lowest up-sampling cap: clear traces put the score in the strong-artefact band of the contract. */
export const PERIODICITY_FLOOR = 0.1;
/** Smallest crop side whose spectrum has enough rings to judge. */
const MIN_SPECTRUM_SIZE = 16;
/** Band edges of the contract. */
const NATURAL_SCORE = 0.8;
const BROADLY_NATURAL_SCORE = 0.6;
const MODERATE_SCORE = 0.4;

/**
 * Kurtosis sub-score: 1 up to 4 (natural ≈ 3 plus sampling spread), linear to 0 at
 * `fft_kurtosis_max` (default 12). With a ceiling below 8 the full-score knee moves to half the ceiling.
 */
export function kurtosisScore(kurtosis: number, kurtosisMax: number): number {
  const knee = Math.min(NATURAL_KURTOSIS + KURTOSIS_TOLERANCE, kurtosisMax / 2);
  const knots: Knot[] = [
    [knee, 1],
    [kurtosisMax, 0],
  ];
  return piecewiseLinear(kurtosis, knots);
}

/**
 * High-frequency sub-score: 1 within ±0.10 of `fft_hf_ratio_baseline` (default 0.65), linear to 0 at
 * ±0.30. Too little fine detail (recapture, smoothing) and too much (noise, aliasing) both count.
 */
export function highFrequencyScore(ratio: number, baseline: number): number {
  const knots: Knot[] = [
    [baseline - HF_ZERO_DEVIATION, 0],
    [baseline - HF_TOLERANCE, 1],
    [baseline + HF_TOLERANCE, 1],
    [baseline + HF_ZERO_DEVIATION, 0],
  ];
  return piecewiseLinear(ratio, knots);
}

/**
 * Azimuthal sub-score: 1 up to half of `fft_az_variance_max` (default 0.35), linear to 0 at the
 * ceiling and 0 above it (directional bias).
 */
export function azimuthalScore(variance: number, varianceMax: number): number {
  const knots: Knot[] = [
    [varianceMax * AZ_FULL_SCORE_FRACTION, 1],
    [varianceMax, 0],
  ];
  return piecewiseLinear(variance, knots);
}

/**
 * Cap on the score from the up-sampling evidence: 1 up to PERIODICITY_KNEE (0.30), linear down to
 * PERIODICITY_FLOOR (0.10) at PERIODICITY_FULL (0.60), flat beyond. Hand-set, not fitted.
 * @param evidence `UpsamplingPeriodicity.evidence`; `NaN` (not measured: a small or flat face) gives 1.
 */
export function periodicityCap(evidence: number): number {
  if (!Number.isFinite(evidence) || evidence <= PERIODICITY_KNEE) return 1;
  if (evidence >= PERIODICITY_FULL) return PERIODICITY_FLOOR;
  return 1 - ((evidence - PERIODICITY_KNEE) / (PERIODICITY_FULL - PERIODICITY_KNEE)) * (1 - PERIODICITY_FLOOR);
}

/** The clause of the detail that says what the up-sampling measure found. */
export function periodicityDetail(p: UpsamplingPeriodicity): string {
  if (!Number.isFinite(p.periodicity)) return 'up-sampling periodicity not measured (the face is smaller than one 64-pixel tile at native resolution, or flat)';
  const verdict = periodicityCap(p.evidence) < 1 ? 'traces of up-sampling, as a generator leaves' : 'no up-sampling trace';
  return `period-2 peaks of the native-resolution residual stand ${fmt(Math.exp(p.periodicity), 2)}× their neighbourhood over ${p.tiles} tiles (evidence ${fmt(p.evidence, 2)}, knee ${fmt(PERIODICITY_KNEE, 2)}): ${verdict}`;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/** Frequency-spectrum naturalness of `input.faceGray128`. */
export const fftDeepfake: SignalFunction = (input, config) => {
  const img = input.faceGray128;
  const size = img.width;
  if (img.height !== size || !isPowerOfTwo(size) || size < MIN_SPECTRUM_SIZE) {
    return unmeasured(
      `Frequency spectrum could not be measured: the face crop is ${img.width}×${img.height} px, not a square power of two of at least ${MIN_SPECTRUM_SIZE} px.`,
    );
  }
  // Hann-windowed 2-D FFT power spectrum, then its three shape measures
  const power = powerSpectrum(img);
  const kurtosis = ringKurtosis(radialProfile(power, size));
  const hfRatio = highFrequencyRatio(power, size);
  const azVariance = azimuthalVariance(power, size);
  // up-sampling periodicity of the native-resolution face square (Popescu & Farid 2005; Durall et al. 2020)
  const periodicity = upsamplingPeriodicity(input.faceNative);
  const raw = {
    ring_kurtosis: kurtosis,
    hf_ratio: hfRatio,
    azimuthal_variance: azVariance,
    periodicity: periodicity.periodicity,
    periodicity_evidence: periodicity.evidence,
    periodicity_tiles: periodicity.tiles,
  };
  if (!Number.isFinite(kurtosis) || !Number.isFinite(hfRatio) || !Number.isFinite(azVariance)) {
    return unmeasured('Frequency spectrum could not be measured: the face crop is flat or has no usable spectrum.', raw);
  }
  const subKurtosis = kurtosisScore(kurtosis, config.fft_kurtosis_max);
  const subHighFrequency = highFrequencyScore(hfRatio, config.fft_hf_ratio_baseline);
  const subAzimuthal = azimuthalScore(azVariance, config.fft_az_variance_max);
  const weightedMean =
    WEIGHT_KURTOSIS * subKurtosis + WEIGHT_HIGH_FREQUENCY * subHighFrequency + WEIGHT_AZIMUTHAL * subAzimuthal;
  const cap = periodicityCap(periodicity.evidence);
  const score = Math.min(weightedMean, PERIODIC_CAP + (1 - PERIODIC_CAP) * subKurtosis, cap);
  const verdict =
    score >= NATURAL_SCORE
      ? 'natural spectrum'
      : score >= BROADLY_NATURAL_SCORE
        ? 'broadly natural (compression)'
        : score >= MODERATE_SCORE
          ? 'moderate spectral anomalies'
          : 'strong periodic or directional artefacts';
  const spectrum =
    `Spectrum ring kurtosis is ${fmt(kurtosis, 2)} (natural ≈ ${NATURAL_KURTOSIS}, ceiling ${fmt(config.fft_kurtosis_max, 1)}), ` +
    `high-frequency share ${fmt(hfRatio, 2)} (baseline ${fmt(config.fft_hf_ratio_baseline, 2)}), ` +
    `azimuthal variance ${fmt(azVariance, 3)} (ceiling ${fmt(config.fft_az_variance_max, 2)})`;
  return measuredScore(
    score,
    `${spectrum}; ${periodicityDetail(periodicity)}. Overall: ${verdict}.`,
    {
      ...raw,
      kurtosis_score: subKurtosis,
      hf_score: subHighFrequency,
      azimuthal_score: subAzimuthal,
      periodicity_cap: cap,
    },
  );
};
