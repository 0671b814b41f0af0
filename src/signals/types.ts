import type { LivenessConfig } from '../config.js';
import type { Point3 } from '../face/geometry.js';
import type { ExifSummary } from '../input/exif.js';
import type { BoundaryMeasurement } from '../pixels/boundary.js';
import type { Box, GrayImage, RgbPlanes } from '../pixels/types.js';

/** The colour crops colour texture is measured on: face and context squares at two sizes. */
export interface ColourCrops {
  face64: RgbPlanes;
  face128: RgbPlanes;
  context64: RgbPlanes;
  context128: RgbPlanes;
}

/** Everything a signal may look at: measured once per check by the worker, read-only for signals. */
export interface SignalInput {
  /** Size of the analysed (upright) image in pixels. */
  imageWidth: number;
  imageHeight: number;
  /** The 478 face landmarks, in image pixels. */
  landmarks: readonly Point3[];
  /** Face bounding box from the landmarks, in image pixels. */
  faceBox: Box;
  /** MediaPipe's 4×4 facial transformation matrix, column-major, or null when not given. */
  transformMatrix: readonly number[] | null;
  /** Number of faces found (the largest one is analysed). */
  faceCount: number;
  /** Greyscale face region at (at most) native resolution, for sharpness. */
  faceGray: GrayImage;
  /** 96×96 greyscale face crop, for LBP texture. */
  faceGray96: GrayImage;
  /**
   * R, G, B planes of the face square (side = the longer side of the face box, centred on it) and of
   * its context (the same square grown 1.6×), each at 64×64 and 128×128, for colour texture.
   */
  colourCrops: ColourCrops;
  /** 128×128 greyscale face crop, for the spectrum. */
  faceGray128: GrayImage;
  /**
   * Greyscale square of the face at the analysed image's own resolution (never resampled; side the
   * face box's shorter side, at most 512 px), for the up-sampling measure; empty (0×0) when the face
   * is smaller than one 66-px square.
   */
  faceNative: GrayImage;
  /** EXIF of the raw bytes; null for pixel inputs, which carry none. */
  exif: ExifSummary | null;
  /** What the learned anti-spoofing model said; null when `enable_learned_texture` is off. */
  learnedTexture: LearnedTextureOutcome | null;
  /** What the MiniFASNet ensemble said of the face (or why it could not run). */
  miniFasNet: MiniFasNetOutcome;
  /** Whether a frame (a screen's bezel, a page edge) closes around the face (pixels/boundary.ts). */
  boundary: BoundaryMeasurement;
}

/** One MiniFASNet model's verdict on its crop, and how its crop was cut. */
export interface MiniFasNetModelOutcome {
  /** `MiniFASNetV2` or `MiniFASNetV1SE`. */
  name: string;
  /** Context scale it was trained with (2.7, 4.0). */
  scale: number;
  /** Its class-1 ("real") softmax probability. */
  real: number;
  /** Scale the crop was cut at: lower than `scale` when the context would not fit in the image. */
  scaleUsed: number;
  /** The context did not fit: the scale was lowered (its authors do the same). */
  scaleReduced: boolean;
  /** The context ran off the image and was moved back inside (the face is off centre; as its authors do). */
  shifted: boolean;
}

/**
 * The MiniFASNet ensemble's outputs on the face (see src/minifasnet/), or why it could not run:
 * "could not measure" is its own state, never a spoof-like score.
 */
export type MiniFasNetOutcome =
  | {
      ok: true;
      /** One entry per model, V2 (2.7×) then V1SE (4.0×). */
      models: MiniFasNetModelOutcome[];
      /** Mean of the models' real probabilities (the authors' ensemble). */
      real: number;
      /** The crops were cut at the image's full resolution. */
      fullResolution: boolean;
    }
  | { ok: false; reason: string };

/**
 * The learned anti-spoofing model's outputs on the face (see src/learned/), or why it could not run
 * (the model did not load): "could not measure" is its own state, never a spoof-like score.
 */
export type LearnedTextureOutcome =
  | {
      ok: true;
      /** The authors' score Σ|cls_i|·leaf_i, about 0–1.1; below 0.2 they call the face live. */
      raw: number;
      /** Index (0–7) of the tree leaf the face was routed to. */
      leaf: number;
    }
  | { ok: false; reason: string };

/** What a signal function returns. */
export interface SignalScore {
  /** Score in [0,1]; higher = more live-like. 0.5 when the signal could not measure. */
  score: number;
  /** Plain-language sentence with the measured value. */
  detail: string;
  /** Raw measurements behind the score (for evaluation and debugging). */
  raw: Record<string, number>;
  /** False when the input did not allow a measurement (the score is then a neutral 0.5). */
  measured: boolean;
}

/** A signal: a pure function of the measured input and the resolved configuration. */
export type SignalFunction = (input: SignalInput, config: LivenessConfig) => SignalScore;
