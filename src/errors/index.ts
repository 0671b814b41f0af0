/**
 * The one error family of the SDK: a `LivenessError` base class with a string-literal `code`, its two
 * engine-level subclasses, the table of the response envelope's codes, and a realm-safe guard.
 * Errors cross the worker boundary as data (comlink keeps only name, message and stack of an Error),
 * and a check turns them into the envelope's `error` object.
 */

/**
 * The error codes of the response envelope, with the HTTP status an app relaying results through its
 * own backend can answer with, and whether the same call may succeed when repeated (README "Errors").
 */
export const ERROR_CODES = Object.freeze({
  INVALID_REQUEST: Object.freeze({ http_status: 422, retryable: false }),
  NO_FACE_DETECTED: Object.freeze({ http_status: 200, retryable: true }),
  INFERENCE_ERROR: Object.freeze({ http_status: 200, retryable: true }),
  SERVER_ERROR: Object.freeze({ http_status: 500, retryable: false }),
} as const);

/**
 * Codes that never reach an envelope: the engine throws them before a check exists.
 * `INVALID_CONFIG`: a configuration key or engine option was refused (`ConfigError`).
 * `ENGINE_LOAD_FAILED`: the engine is not available, because an asset could not be loaded or the
 * browser lacks a feature, or because it has been disposed (`EngineLoadError`).
 */
export const ENGINE_ERROR_CODES = Object.freeze(['INVALID_CONFIG', 'ENGINE_LOAD_FAILED'] as const);

/** Error codes of the response envelope. */
export type LivenessErrorCode = keyof typeof ERROR_CODES;

/** Error codes the engine throws outside any envelope. */
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

/** Every code a `LivenessError` can carry: the envelope's codes and the engine-level ones. */
export type ErrorCode = LivenessErrorCode | EngineErrorCode;

/** Error payload of the envelope. */
export interface LivenessErrorInfo {
  code: LivenessErrorCode;
  message: string;
  /** Status an app relaying results through its own backend can answer with. */
  http_status: number;
  /** Whether the same call may succeed when repeated (for NO_FACE_DETECTED: with a retake). */
  retryable: boolean;
}

/**
 * The base of every error the SDK throws; `code` says which. Inside the engine it is thrown and then
 * turned into the response envelope; `createLivenessEngine` and `inspectFrame` reject with it.
 */
export class LivenessError<C extends ErrorCode = ErrorCode> extends Error {
  override name: string = 'LivenessError';
  constructor(
    readonly code: C,
    message: string,
  ) {
    super(message);
  }
}

/** A configuration key or engine option that could not be accepted; `message` says which and why. */
export class ConfigError extends LivenessError<'INVALID_CONFIG'> {
  override name = 'ConfigError';
  constructor(message: string) {
    super('INVALID_CONFIG', message);
  }
}

/** The engine is not available: an asset is missing, the browser lacks a feature, or it has been disposed. */
export class EngineLoadError extends LivenessError<'ENGINE_LOAD_FAILED'> {
  override name = 'EngineLoadError';
  constructor(message: string) {
    super('ENGINE_LOAD_FAILED', message);
  }
}

/** Whether `code` is one of the envelope's error codes. */
export function isEnvelopeCode(code: unknown): code is LivenessErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/**
 * Realm-safe guard, true for every error of the family (`LivenessError`, `ConfigError`,
 * `EngineLoadError`), from any realm: it checks the `code` and `message` fields, not `instanceof`.
 */
export function isLivenessError(value: unknown): value is { code: ErrorCode; message: string; name?: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as { code?: unknown; message?: unknown };
  return typeof message === 'string' && (isEnvelopeCode(code) || (ENGINE_ERROR_CODES as readonly unknown[]).includes(code));
}

/** The envelope's error object for a code and message. */
export function errorInfo(code: LivenessErrorCode, message: string): LivenessErrorInfo {
  return { code, message, ...ERROR_CODES[code] };
}

/**
 * Map anything thrown during a check to the envelope's error object: an envelope code is kept; an
 * engine that could not be (re)started is INFERENCE_ERROR (retry); anything else is SERVER_ERROR.
 */
export function toErrorInfo(thrown: unknown): LivenessErrorInfo {
  if (isLivenessError(thrown)) {
    if (isEnvelopeCode(thrown.code)) return errorInfo(thrown.code, thrown.message);
    if (thrown.code === 'ENGINE_LOAD_FAILED') return errorInfo('INFERENCE_ERROR', thrown.message);
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return errorInfo('SERVER_ERROR', `Unexpected failure inside the engine: ${message}`);
}
