/**
 * The signal table: the catalog (catalog.ts: names, labels, order, which are optional) with each
 * signal's measurement function. The pipeline loops over `activeSignals(config)`; adding a signal is
 * one file, one catalog line and one line in MEASURES. Weights are not part of the table: they live
 * in `config.weights`.
 */
import type { LivenessConfig } from '../config.js';
import { SIGNAL_CATALOG, type OptionalSignalName, type SignalCatalogEntry, type SignalName } from './catalog.js';
import { exifMetadata } from './exif-metadata.js';
import { eyeAspectRatio } from './eye-aspect-ratio.js';
import { faceAreaRatio } from './face-area-ratio.js';
import { facialSymmetry } from './facial-symmetry.js';
import { fftDeepfake } from './fft-deepfake.js';
import { headPose } from './head-pose.js';
import { lbpTexture } from './lbp-texture.js';
import { learnedTexture } from './learned-texture.js';
import { sharpness } from './sharpness.js';
import type { SignalFunction } from './types.js';

/** One signal of the table: its catalog entry and its pure measurement function. */
export type SignalDefinition = SignalCatalogEntry & {
  /** The pure measurement function. */
  readonly measure: SignalFunction;
};

/** The measurement function of each signal. */
const MEASURES: Readonly<Record<SignalName | OptionalSignalName, SignalFunction>> = {
  sharpness,
  eye_aspect_ratio: eyeAspectRatio,
  head_pose: headPose,
  face_area_ratio: faceAreaRatio,
  facial_symmetry: facialSymmetry,
  lbp_texture: lbpTexture,
  exif_metadata: exifMetadata,
  fft_deepfake: fftDeepfake,
  learned_texture: learnedTexture,
};

/** Every signal in catalog order, optional ones included, with its measurement (frozen). */
export const SIGNAL_REGISTRY: readonly SignalDefinition[] = Object.freeze(
  SIGNAL_CATALOG.map((entry: SignalCatalogEntry) => Object.freeze({ ...entry, measure: MEASURES[entry.name] })),
);

/** The contract signals only (every switch off). */
const CONTRACT_TABLE: readonly SignalDefinition[] = Object.freeze(SIGNAL_REGISTRY.filter((signal) => signal.switchedOnBy === undefined));

/** The signals a check measures under `config`: the eight contract signals, then each optional signal switched on. */
export function activeSignals(config: LivenessConfig): readonly SignalDefinition[] {
  if (SIGNAL_REGISTRY.every((signal) => signal.switchedOnBy === undefined || !config[signal.switchedOnBy])) return CONTRACT_TABLE;
  return Object.freeze(SIGNAL_REGISTRY.filter((signal) => signal.switchedOnBy === undefined || config[signal.switchedOnBy]));
}
