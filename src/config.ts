import { ConfigError } from './errors/index.js';
import { ALL_SIGNAL_NAMES, SIGNAL_NAMES, signalSwitch, type OptionalSignalName, type SignalName } from './signals/catalog.js';

/**
 * Weights of the eight signals, plus `learned_texture` when `enable_learned_texture` is on; they must
 * sum to 1.0 and `lbp_texture` carries the highest.
 */
export type SignalWeights = Record<SignalName, number> & Partial<Record<OptionalSignalName, number>>;

/** The fully resolved engine configuration (names and defaults as the contract fixes them). */
export interface LivenessConfig {
  /** Decision threshold of the verdict. @default 0.58 */
  live_threshold: number;
  /** Half-width of the INCONCLUSIVE band around the threshold. @default 0.04 */
  inconclusive_margin: number;
  /** Face detection confidence needed to analyse the face, in [0,1]. @default 0.60 */
  min_face_confidence: number;
  /** Laplacian variance floor (grey levels²); lower it for heavily compressed images. @default 40.0 */
  min_blur_variance: number;
  /** Eye aspect ratio below which the eyes count as closed. @default 0.15 */
  min_ear: number;
  /** Yaw in degrees past which the pose score decays. @default 35.0 */
  max_yaw_deg: number;
  /** Pitch in degrees past which the pose score decays. @default 30.0 */
  max_pitch_deg: number;
  /** Face area share of the image below which the score is penalised. @default 0.04 */
  min_face_area_ratio: number;
  /** Asymmetry index at which symmetry scores 0. @default 0.20 */
  max_asymmetry: number;
  /** Dominant uniform-LBP bin share above which texture is suspicious. @default 0.60 */
  lbp_dominant_bin_spoof_threshold: number;
  /** Ring-kurtosis ceiling of the face spectrum. @default 12.0 */
  fft_kurtosis_max: number;
  /** Expected high-frequency energy share of a natural compressed selfie. @default 0.65 */
  fft_hf_ratio_baseline: number;
  /** Azimuthal energy variance ceiling. @default 0.35 */
  fft_az_variance_max: number;
  /**
   * Adds the ninth signal `learned_texture` (a small learned anti-spoofing model, loaded the first
   * time a check needs it; about 4 MB and a few hundred ms per check). @default false
   */
  enable_learned_texture: boolean;
  /** Weight per signal, summing to 1.0. @default see DEFAULT_WEIGHTS (DEFAULT_WEIGHTS_WITH_LEARNED when `enable_learned_texture`) */
  weights: SignalWeights;
}

/** Configuration as a caller passes it: every key optional, weights may be given in part. */
export type LivenessConfigInput = Partial<Omit<LivenessConfig, 'weights'>> & {
  weights?: Partial<SignalWeights>;
};

/**
 * Default signal weights, fitted by `scripts/fit.mjs` (source-grouped cross-validation, each weight
 * in [0.02, 0.45], lbp_texture highest; figures in docs/ACCURACY.md). Texture and spectrum carry the
 * most; geometry signals, which a good print also passes, carry the least.
 */
export const DEFAULT_WEIGHTS: Readonly<SignalWeights> = Object.freeze({
  sharpness: 0.04,
  eye_aspect_ratio: 0.08,
  head_pose: 0.04,
  face_area_ratio: 0.04,
  facial_symmetry: 0.06,
  lbp_texture: 0.35,
  exif_metadata: 0.11,
  fft_deepfake: 0.28,
});

/**
 * Default weights of the nine signals when `enable_learned_texture` is on and no weights are given,
 * fitted by `scripts/fit.mjs --with-learned` with the same method as DEFAULT_WEIGHTS (figures in
 * docs/ACCURACY.md, "Learned texture signal").
 */
export const DEFAULT_WEIGHTS_WITH_LEARNED: Readonly<Required<SignalWeights>> = Object.freeze({
  sharpness: 0.05,
  eye_aspect_ratio: 0.06,
  head_pose: 0.04,
  face_area_ratio: 0.03,
  facial_symmetry: 0.07,
  lbp_texture: 0.33,
  exif_metadata: 0.14,
  fft_deepfake: 0.16,
  learned_texture: 0.12,
});

/** The one place every default is written. */
export const DEFAULT_CONFIG: Readonly<LivenessConfig> = Object.freeze({
  live_threshold: 0.58,
  inconclusive_margin: 0.04,
  min_face_confidence: 0.6,
  min_blur_variance: 40.0,
  min_ear: 0.15,
  max_yaw_deg: 35.0,
  max_pitch_deg: 30.0,
  min_face_area_ratio: 0.04,
  max_asymmetry: 0.2,
  lbp_dominant_bin_spoof_threshold: 0.6,
  fft_kurtosis_max: 12.0,
  fft_hf_ratio_baseline: 0.65,
  fft_az_variance_max: 0.35,
  enable_learned_texture: false,
  weights: DEFAULT_WEIGHTS,
});

type NumericKey = Exclude<keyof LivenessConfig, 'weights' | BooleanKey>;
type BooleanKey = 'enable_learned_texture';

/** The keys that take true or false. */
const BOOLEAN_KEYS: readonly BooleanKey[] = ['enable_learned_texture'];

/** Allowed range of each numeric key: [min, max], both inclusive unless `open` says otherwise. */
const RANGES: Readonly<Record<NumericKey, { min: number; max: number; exclusiveMin?: boolean }>> = {
  live_threshold: { min: 0, max: 1 },
  inconclusive_margin: { min: 0, max: 0.5 },
  min_face_confidence: { min: 0, max: 1 },
  min_blur_variance: { min: 0, max: 1e6 },
  min_ear: { min: 0, max: 1 },
  max_yaw_deg: { min: 0, max: 90, exclusiveMin: true },
  max_pitch_deg: { min: 0, max: 90, exclusiveMin: true },
  min_face_area_ratio: { min: 0, max: 1 },
  max_asymmetry: { min: 0, max: 1, exclusiveMin: true },
  lbp_dominant_bin_spoof_threshold: { min: 0, max: 1, exclusiveMin: true },
  fft_kurtosis_max: { min: 0, max: 1e4, exclusiveMin: true },
  fft_hf_ratio_baseline: { min: 0, max: 1, exclusiveMin: true },
  fft_az_variance_max: { min: 0, max: 1e4, exclusiveMin: true },
};

/** Weight sums within this distance of 1.0 are accepted (decimal rounding). */
const WEIGHT_SUM_TOLERANCE = 1e-6;


function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  return typeof value;
}

function checkNumber(key: string, value: unknown, min: number, max: number, exclusiveMin = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(`Configuration key "${key}" must be a finite number, got ${describe(value)}.`);
  }
  if (value > max || value < min || (exclusiveMin && value === min)) {
    const lower = exclusiveMin ? `greater than ${min}` : `at least ${min}`;
    throw new ConfigError(`Configuration key "${key}" must be ${lower} and at most ${max}, got ${value}.`);
  }
  return value;
}

function resolveWeights(input: unknown, withLearned: boolean): SignalWeights {
  const defaults: SignalWeights = withLearned ? DEFAULT_WEIGHTS_WITH_LEARNED : DEFAULT_WEIGHTS;
  if (input === undefined) return { ...defaults };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigError(`Configuration key "weights" must be an object of signal names to numbers, got ${describe(input)}.`);
  }
  const given = input as Record<string, unknown>;
  const names: readonly (keyof SignalWeights)[] = withLearned ? ALL_SIGNAL_NAMES : SIGNAL_NAMES;
  for (const key of Object.keys(given)) {
    if (names.includes(key as keyof SignalWeights)) continue;
    const switchedOnBy = signalSwitch(key);
    if (switchedOnBy !== undefined) throw new ConfigError(`The weight "${key}" applies only with "${switchedOnBy}": true.`);
    throw new ConfigError(`Unknown signal "${key}" in "weights"; known signals: ${names.join(', ')}.`);
  }
  const weights = { ...defaults };
  for (const name of names) {
    if (given[name] !== undefined) weights[name] = checkNumber(`weights.${name}`, given[name], 0, 1);
  }
  const sum = names.reduce((total, name) => total + (weights[name] ?? 0), 0);
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
    throw new ConfigError(`Signal weights must sum to 1.0, they sum to ${Number(sum.toFixed(6))}.`);
  }
  return weights;
}

/**
 * Validate a caller's configuration and fill in every default.
 * @throws ConfigError on an unknown key, a non-number or an out-of-range value.
 */
export function resolveConfig(input: unknown = {}): LivenessConfig {
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError(`Configuration must be an object, got ${Array.isArray(input) ? 'an array' : describe(input)}.`);
  }
  const given = input as Record<string, unknown>;
  const known = Object.keys(DEFAULT_CONFIG);
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      throw new ConfigError(`Unknown configuration key "${key}"; known keys: ${known.join(', ')}.`);
    }
  }
  for (const key of BOOLEAN_KEYS) {
    if (given[key] !== undefined && typeof given[key] !== 'boolean') {
      throw new ConfigError(`Configuration key "${key}" must be true or false, got ${describe(given[key])}.`);
    }
  }
  const withLearned = given.enable_learned_texture === true;
  const config = { ...DEFAULT_CONFIG, enable_learned_texture: withLearned, weights: resolveWeights(given.weights, withLearned) } as LivenessConfig;
  for (const key of Object.keys(RANGES) as NumericKey[]) {
    if (given[key] === undefined) continue;
    const range = RANGES[key];
    config[key] = checkNumber(key, given[key], range.min, range.max, range.exclusiveMin);
  }
  return config;
}
