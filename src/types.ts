/**
 * Public shapes of the selfie-liveness contract (see README "Result contract").
 * Field names are snake_case on the wire, exactly as the response envelope defines them.
 */
import type { LivenessConfigInput } from './config.js';
import type { LivenessErrorCode, LivenessErrorInfo } from './errors/index.js';
import type { OptionalSignalName, SignalName } from './signals/catalog.js';

export type { LivenessErrorCode, LivenessErrorInfo, OptionalSignalName, SignalName };

/** LIVE: let the user proceed. INCONCLUSIVE: ask for a retake. SPOOF: reject. */
export type Verdict = 'LIVE' | 'SPOOF' | 'INCONCLUSIVE';

/** One signal of the breakdown. */
export interface SignalResult {
  /** Machine id, stable across versions. */
  name: SignalName | OptionalSignalName;
  /** Human-readable name, safe for UIs. */
  label: string;
  /** Score in [0,1]; higher = more live-like. */
  score: number;
  /** Weight of this signal in the confidence; all weights sum to 1.0. */
  weight: number;
  /** `score >= 0.5`. A convenience: it decides nothing. */
  passed: boolean;
  /** Plain-language sentence with the measured value, safe for logs and support tools. */
  detail: string;
}

/** The analysis of one selfie. */
export interface LivenessResult {
  verdict: Verdict;
  /** Weighted sum of the signal scores in [0,1]; higher = more likely live. */
  confidence: number;
  /** The `live_threshold` in force. */
  threshold: number;
  /** A face was located with at least `min_face_confidence`. */
  face_detected: boolean;
  /** One entry per signal, in contract order. */
  signals: SignalResult[];
}

interface EnvelopeBase {
  /** `lv_` + 16 lowercase hex characters from a cryptographic random source. */
  request_id: string;
  /** UTC, ISO 8601 with milliseconds. */
  timestamp: string;
}

/** A successful check: `result` is set, `error` is null. */
export interface LivenessSuccess extends EnvelopeBase {
  status: 'success';
  result: LivenessResult;
  error: null;
  /** Present only when the call asked for it (`check(input, { diagnostics: true })`). */
  diagnostics?: CheckDiagnostics;
}

/** A failed check: `error` is set, `result` is null. */
export interface LivenessFailure extends EnvelopeBase {
  status: 'error';
  result: null;
  error: LivenessErrorInfo;
}

/** The response of every `check` call; narrow on `status`. */
export type LivenessResponse = LivenessSuccess | LivenessFailure;

/** Pixel sources accepted by `check` (no EXIF exists for them). */
export type PixelSource =
  | ImageBitmap
  | ImageData
  | OffscreenCanvas
  | HTMLCanvasElement
  | HTMLImageElement
  | HTMLVideoElement;

/**
 * What `check` accepts: a Base64 string or data URL, encoded bytes (EXIF stays readable),
 * or a pixel source.
 */
export type LivenessInput = string | Blob | ArrayBuffer | Uint8Array | PixelSource;

/** Loading stages reported through `onProgress`. */
export type LoadStage = 'worker' | 'wasm' | 'model' | 'ready';

/** Progress while the engine loads its assets. */
export interface LoadProgress {
  stage: LoadStage;
  /** Share of the loading done, in [0,1]. */
  progress: number;
  message: string;
}

/** Options of one `check` call. */
export interface CheckOptions {
  /**
   * Configuration for this call only, over the engine's (same keys and validation as
   * `createLivenessEngine`). A bad key or value rejects the call with a ConfigError. A call that
   * turns `enable_learned_texture` on or off starts from that set's default weights.
   */
  config?: LivenessConfigInput;
  /**
   * Add `diagnostics` to the envelope: raw measurements of every signal, the face box and the time
   * of each stage. Off by default; production calls pay nothing for it.
   * @default false
   */
  diagnostics?: boolean;
  /**
   * Also add `diagnostics.visuals`: the landmarks, the 96×96 face crop, its LBP code map and the face
   * spectrum as small RGBA pictures, for demos and support tools. Implies `diagnostics`.
   * @default false
   */
  visuals?: boolean;
}

/** A small RGBA picture as plain data; draw it with `new ImageData(data, width, height)`. */
export interface RgbaPicture {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Pictures that explain a check (only with `check(input, { visuals: true })`). */
export interface CheckVisuals {
  /** Landmarks of the analysed face as x,y pairs in the pixels of `image_size`. */
  landmarks: number[];
  /** Landmark indices of the six points per eye used for the eye aspect ratio. */
  eye_indices: { left: number[]; right: number[] };
  /** The 96×96 greyscale face crop the texture signal measures. */
  face_crop: RgbaPicture;
  /** Its uniform-LBP code map, one colour per bin (non-uniform patterns magenta). */
  lbp_map: RgbaPicture;
  /** Log-magnitude spectrum of the 128×128 face region (low frequencies at the centre). */
  spectrum: RgbaPicture;
  /**
   * What the boundary measure found around the face, in the pixels of `image_size`: each side's best
   * straight edge (`found` when it closes a frame side) and, with two sides or more, the frame's
   * corners (top-left, top-right, bottom-right, bottom-left; the image border stands in for a side not
   * found). Null when the image shows too little around the face to look.
   */
  frame: FrameVisual | null;
}

/** The frame around a face, as `CheckVisuals.frame` draws it. */
export interface FrameVisual {
  /** Corners as x,y pairs (8 numbers), or null with fewer than two sides found. */
  quad: number[] | null;
  /** One entry per side searched: its best edge as x0,y0,x1,y1, and whether it is a frame side. */
  sides: { side: 'left' | 'top' | 'right' | 'bottom'; segment: number[]; found: boolean }[];
}

/** What a check measured, for evaluation, benchmarks and support tools (only when asked for). */
export interface CheckDiagnostics {
  /** Milliseconds per stage: decode, face_landmarks, face_crops, one per signal, scoring. */
  timings_ms: Record<string, number>;
  /** Raw measurements behind each signal's score. */
  measurements: Record<SignalName, Record<string, number>> & Partial<Record<OptionalSignalName, Record<string, number>>>;
  /** The analysed face's box, in the pixels of the analysed (upright, possibly downscaled) image. */
  face_box: { x: number; y: number; width: number; height: number };
  /** Faces found. */
  face_count: number;
  /** Size of the analysed image. */
  image_size: { width: number; height: number };
  /** Upright size of the image as given, before any downscale. */
  source_size: { width: number; height: number };
  /** Degrees the image was turned to find the face (0, 90 or −90). */
  rotation: number;
  /** Present with `visuals: true`. */
  visuals?: CheckVisuals;
  /**
   * With `enable_learned_texture`: tfjs tensors alive in the worker after the check (the model's
   * constants; a number that grows from check to check is a leak).
   */
  learned_tensors?: number;
  /** With `enable_learned_texture`, once the model has loaded: the tfjs backend it runs on. */
  learned_backend?: 'webgl' | 'wasm';
  /** The tfjs backend MiniFASNet (in `lbp_texture`) runs on. */
  minifasnet_backend?: 'webgl' | 'wasm';
  /**
   * tfjs tensors alive in the worker after the check (the anti-spoofing models' weights; a number that
   * grows from check to check is a leak).
   */
  tfjs_tensors?: number;
}

/**
 * A quick look at one camera frame, for live capture guidance (no verdict, no signals).
 * Coordinates are shares of the frame's width and height, in [0,1].
 */
export interface FrameInspection {
  /** Faces found in the frame. */
  face_count: number;
  /** The largest face's box, or null when no face was found. */
  face_box: { x: number; y: number; width: number; height: number } | null;
  /** Face box area over frame area, or null. */
  face_area_ratio: number | null;
  /** Head rotation in degrees, or null. */
  pose: { yaw: number; pitch: number; roll: number } | null;
  /** Mean luma of the face region (0–255), or of the whole frame when no face was found. */
  brightness: number;
  /** Laplacian variance of the face region (grey levels²), or null. */
  sharpness: number | null;
  /** Milliseconds the inspection took inside the worker. */
  elapsed_ms: number;
}
