/**
 * The table of contract signals, in the contract's fixed order. The pipeline loops over it; adding
 * a signal is one file, one line in catalog.ts and one here. Weights are not part of the table: they live in
 * `config.weights`.
 */
import type { LivenessConfig } from '../config.js';
import type { OptionalSignalName, SignalName } from '../types.js';
import { exifMetadata } from './exif-metadata.js';
import { eyeAspectRatio } from './eye-aspect-ratio.js';
import { faceAreaRatio } from './face-area-ratio.js';
import { facialSymmetry } from './facial-symmetry.js';
import { fftDeepfake } from './fft-deepfake.js';
import { headPose } from './head-pose.js';
import { lbpTexture } from './lbp-texture.js';
import { learnedTexture } from './learned-texture.js';
import { sharpness } from './sharpness.js';
import { SIGNAL_CATALOG, type SignalInfo } from './catalog.js';
import type { SignalFunction } from './types.js';

/** One signal of the table. */
export interface SignalDefinition extends Omit<SignalInfo, 'name'> {
  /** Machine id, as in the response. */
  readonly name: SignalName | OptionalSignalName;
  /** The pure measurement function. */
  readonly measure: SignalFunction;
}

/** The measurement function of each signal. */
const MEASURES: Readonly<Record<SignalName, SignalFunction>> = {
  sharpness,
  eye_aspect_ratio: eyeAspectRatio,
  head_pose: headPose,
  face_area_ratio: faceAreaRatio,
  facial_symmetry: facialSymmetry,
  lbp_texture: lbpTexture,
  exif_metadata: exifMetadata,
  fft_deepfake: fftDeepfake,
};

/** The eight contract signals in their fixed order, with their measurement (frozen). */
export const SIGNALS: readonly (SignalDefinition & { readonly name: SignalName })[] = Object.freeze(
  SIGNAL_CATALOG.map(({ name, label }) => Object.freeze({ name, label, measure: MEASURES[name] })),
);

/** The optional learned signal (after the eight when `enable_learned_texture` is on). */
export const LEARNED_TEXTURE_SIGNAL: SignalDefinition = Object.freeze({
  name: 'learned_texture',
  label: 'Learned texture (anti-spoof model)',
  measure: learnedTexture,
});

/** The signals a check measures under `config`: the eight, then each optional signal switched on. */
export function activeSignals(config: LivenessConfig): readonly SignalDefinition[] {
  return config.enable_learned_texture ? ENABLED_WITH_LEARNED : SIGNALS;
}

const ENABLED_WITH_LEARNED: readonly SignalDefinition[] = Object.freeze([...SIGNALS, LEARNED_TEXTURE_SIGNAL]);
