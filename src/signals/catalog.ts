/**
 * Names and labels of the contract signals, in the contract's fixed order: the part of the signal
 * table that UIs need, without the measurement code (so the main-thread facade stays small).
 */
import type { SignalName } from '../types.js';

/** A signal's machine id and human-readable label. */
export interface SignalInfo {
  /** Machine id, as in the response. */
  readonly name: SignalName;
  /** Human-readable name, safe for UIs. */
  readonly label: string;
}

/** The eight contract signals in their fixed order (frozen). */
export const SIGNAL_CATALOG: readonly SignalInfo[] = Object.freeze(
  (
    [
      ['sharpness', 'Image sharpness'],
      ['eye_aspect_ratio', 'Eyes open'],
      ['head_pose', 'Head pose'],
      ['face_area_ratio', 'Face size in frame'],
      ['facial_symmetry', 'Facial symmetry'],
      ['lbp_texture', 'Skin texture (LBP)'],
      ['exif_metadata', 'Camera metadata (EXIF)'],
      ['fft_deepfake', 'Frequency spectrum'],
    ] as const
  ).map(([name, label]) => Object.freeze({ name, label })),
);
