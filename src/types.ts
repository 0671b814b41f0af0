/**
 * Public shapes of the selfie-liveness contract (see README "Result contract").
 * Field names are snake_case on the wire, exactly as the response envelope defines them.
 */

/** Machine ids of the eight contract signals, in their fixed order. */
export type SignalName =
  | 'sharpness'
  | 'eye_aspect_ratio'
  | 'head_pose'
  | 'face_area_ratio'
  | 'facial_symmetry'
  | 'lbp_texture'
  | 'exif_metadata'
  | 'fft_deepfake';

/** LIVE: let the user proceed. INCONCLUSIVE: ask for a retake. SPOOF: reject. */
export type Verdict = 'LIVE' | 'SPOOF' | 'INCONCLUSIVE';

/** Error codes of the contract. */
export type LivenessErrorCode = 'INVALID_REQUEST' | 'NO_FACE_DETECTED' | 'INFERENCE_ERROR' | 'SERVER_ERROR';

/** One signal of the breakdown. */
export interface SignalResult {
  /** Machine id, stable across versions. */
  name: SignalName;
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

/** Error payload of the envelope. */
export interface LivenessErrorInfo {
  code: LivenessErrorCode;
  message: string;
  /** Status an app relaying results through its own backend can answer with. */
  http_status: number;
  /** Whether the same call may succeed when repeated (for NO_FACE_DETECTED: with a retake). */
  retryable: boolean;
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
   * Add `diagnostics` to the envelope: raw measurements of every signal, the face box and the time
   * of each stage. Off by default; production calls pay nothing for it.
   * @default false
   */
  diagnostics?: boolean;
}

/** What a check measured, for evaluation, benchmarks and support tools (only when asked for). */
export interface CheckDiagnostics {
  /** Milliseconds per stage: decode, face_landmarks, face_crops, one per signal, scoring. */
  timings_ms: Record<string, number>;
  /** Raw measurements behind each signal's score. */
  measurements: Record<SignalName, Record<string, number>>;
  /** The analysed face's box, in the pixels of the analysed (upright, possibly downscaled) image. */
  face_box: { x: number; y: number; width: number; height: number };
  /** Faces found. */
  face_count: number;
  /** Size of the analysed image. */
  image_size: { width: number; height: number };
  /** Upright size of the image as given, before any downscale. */
  source_size: { width: number; height: number };
}
