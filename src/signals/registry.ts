/**
 * The table of contract signals, in the contract's fixed order. The pipeline loops over it; adding
 * a signal is one file, one line in catalog.ts and one here. Weights are not part of the table: they live in
 * `config.weights`.
 */
import type { SignalName } from '../types';
import { exifMetadata } from './exif-metadata';
import { eyeAspectRatio } from './eye-aspect-ratio';
import { faceAreaRatio } from './face-area-ratio';
import { facialSymmetry } from './facial-symmetry';
import { fftDeepfake } from './fft-deepfake';
import { headPose } from './head-pose';
import { lbpTexture } from './lbp-texture';
import { sharpness } from './sharpness';
import { SIGNAL_CATALOG, type SignalInfo } from './catalog';
import type { SignalFunction } from './types';

/** One signal of the table. */
export interface SignalDefinition extends SignalInfo {
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
export const SIGNALS: readonly SignalDefinition[] = Object.freeze(
  SIGNAL_CATALOG.map(({ name, label }) => Object.freeze({ name, label, measure: MEASURES[name] })),
);
