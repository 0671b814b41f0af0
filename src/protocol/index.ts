/**
 * Everything that crosses the thread boundary between the facade (main thread, src/engine/) and the
 * analysis worker (src/worker/): one request shape per call, told apart by `call`, and one reply shape
 * for every call. Plain data only: comlink structured-clones it, and encoded bytes and bitmaps are
 * transferred, not copied. Adding a call is one request type in `WorkerRequest`, one entry in
 * `ReplyValues` and one handler in the worker's service.
 */
import type { LivenessConfig } from '../config.js';
import type { LivenessErrorInfo } from '../errors/index.js';
import type { LearnedBackendChoice } from '../learned/backend.js';
import type { CheckDiagnostics, FrameInspection, LivenessResult, LoadProgress } from '../types.js';

/** The image of one call, as the facade captured it. */
export type ImagePayload =
  | { kind: 'base64'; text: string }
  | { kind: 'bytes'; bytes: ArrayBuffer }
  | { kind: 'pixels'; bitmap: ImageBitmap };

/** Start the worker: load the WASM runtime and the face model from the app's own origin. */
export interface InitRequest {
  call: 'init';
  /** Folder of the WASM files, always ending with `/` (the facade normalises it). */
  wasmBase: string;
  modelUrl: string;
  /** The MiniFASNet weights manifest (`lbp_texture`'s anti-spoofing models), loaded with the face model. */
  miniFasNetUrl: string;
  /** The learned anti-spoofing model, loaded only when a check enables `learned_texture`. */
  antiSpoofModelUrl: string;
  /** tfjs backend of the learned model (see `LivenessEngineOptions.learnedBackend`). */
  learnedBackend: LearnedBackendChoice;
  /** The engine's configuration: the face model starts at its `min_face_confidence`. */
  config: LivenessConfig;
  /**
   * Name of a Web Lock the worker takes at once and holds until it ends; the facade waits on the
   * same lock, so a worker that closes or is killed without an `error` event is still noticed.
   */
  lifeline?: string;
}

/** Analyse one selfie. */
export interface CheckRequest {
  call: 'check';
  image: ImagePayload;
  /** The configuration of this call (the engine's, or the engine's with the call's overrides). */
  config: LivenessConfig;
  /** Return the raw measurements, face box and timings. */
  diagnostics: boolean;
  /** Also return the pictures of `diagnostics.visuals`. */
  visuals: boolean;
}

/** A quick look at one camera frame, for capture guidance. */
export interface InspectRequest {
  call: 'inspect';
  image: ImagePayload;
  /** The engine's configuration (the face is looked for at its `min_face_confidence`). */
  config: LivenessConfig;
}

/** Every request the facade can send, told apart by `call`. */
export type WorkerRequest = InitRequest | CheckRequest | InspectRequest;

/** The name of a call. */
export type WorkerCall = WorkerRequest['call'];

/** The request of call `C`. */
export type RequestOf<C extends WorkerCall> = Extract<WorkerRequest, { call: C }>;

/** What each call answers with when it succeeds. */
export interface ReplyValues {
  init: { ready: true };
  check: { result: LivenessResult; diagnostics?: CheckDiagnostics };
  inspect: FrameInspection;
}

/** A call that succeeded. */
export interface CallSuccess<C extends WorkerCall> {
  ok: true;
  call: C;
  value: ReplyValues[C];
}

/**
 * A call that failed, as plain data: the envelope's error object, and whether the worker should be
 * replaced before the next call (`fatal`: the landmarker may be unusable, the worker died or hung).
 * A worker that dies or passes the time limit is answered with one of these by the facade.
 */
export interface CallFailure {
  ok: false;
  error: LivenessErrorInfo;
  fatal: boolean;
}

/** The one reply shape of every call. */
export type WorkerReply<C extends WorkerCall = WorkerCall> = CallSuccess<C> | CallFailure;

/** The worker's API as the facade sees it through comlink. */
export interface WorkerService {
  /**
   * Answer one call; never throws (a failure is a `CallFailure`). `onProgress` reports the loading
   * stages of `init`; the worker releases it when init is done.
   */
  handle<C extends WorkerCall>(request: RequestOf<C>, onProgress?: (progress: LoadProgress) => void): Promise<WorkerReply<C>>;
  /** Free the landmarker and the learned model; the facade ends the worker once this answers. */
  dispose(): void;
}
