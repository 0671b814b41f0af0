import type { LivenessErrorCode, LivenessErrorInfo } from '../types.js';

/** HTTP status and retryability of each error code (contract §6). */
export const ERROR_CODES: Readonly<Record<LivenessErrorCode, { http_status: number; retryable: boolean }>> =
  Object.freeze({
    INVALID_REQUEST: { http_status: 422, retryable: false },
    NO_FACE_DETECTED: { http_status: 200, retryable: true },
    INFERENCE_ERROR: { http_status: 200, retryable: true },
    SERVER_ERROR: { http_status: 500, retryable: false },
  });

/**
 * An error as plain data. Thrown inside the engine and turned into the response envelope; it
 * crosses the worker boundary as data (comlink keeps only name, message and stack of an Error).
 */
export class LivenessError extends Error {
  override name = 'LivenessError';
  constructor(
    readonly code: LivenessErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Realm-safe guard: checks the `code` field, not `instanceof`. */
export function isLivenessError(value: unknown): value is { code: LivenessErrorCode; message: string } {
  if (typeof value !== 'object' || value === null) return false;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' && code in ERROR_CODES && typeof (value as { message?: unknown }).message === 'string';
}

/** The envelope's error object for a code and message. */
export function errorInfo(code: LivenessErrorCode, message: string): LivenessErrorInfo {
  return { code, message, ...ERROR_CODES[code] };
}

/** Map anything thrown to an error object; unknown throwables become SERVER_ERROR. */
export function toErrorInfo(thrown: unknown): LivenessErrorInfo {
  if (isLivenessError(thrown)) return errorInfo(thrown.code, thrown.message);
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return errorInfo('SERVER_ERROR', `Unexpected failure inside the engine: ${message}`);
}
