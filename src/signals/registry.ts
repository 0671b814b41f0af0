/**
 * The table of contract signals, in the contract's fixed order. The pipeline loops over it; adding
 * a signal is one file and one line here. Weights are not part of the table: they live in
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
import type { SignalFunction } from './types';

/** One signal of the table. */
export interface SignalDefinition {
  /** Machine id, as in the response. */
  readonly name: SignalName;
  /** Human-readable name, safe for UIs. */
  readonly label: string;
  /** The pure measurement function. */
  readonly measure: SignalFunction;
}

function define(name: SignalName, label: string, measure: SignalFunction): SignalDefinition {
  return Object.freeze({ name, label, measure });
}

/** The eight contract signals in their fixed order (frozen). */
export const SIGNALS: readonly SignalDefinition[] = Object.freeze([
  define('sharpness', 'Image sharpness', sharpness),
  define('eye_aspect_ratio', 'Eyes open', eyeAspectRatio),
  define('head_pose', 'Head pose', headPose),
  define('face_area_ratio', 'Face size in frame', faceAreaRatio),
  define('facial_symmetry', 'Facial symmetry', facialSymmetry),
  define('lbp_texture', 'Skin texture (LBP)', lbpTexture),
  define('exif_metadata', 'Camera metadata (EXIF)', exifMetadata),
  define('fft_deepfake', 'Frequency spectrum', fftDeepfake),
]);
