import type { LivenessErrorInfo, LivenessFailure, LivenessResponse, LivenessResult, LivenessSuccess } from '../types.js';

/** Number of random bytes behind a request id (16 hex characters). */
const REQUEST_ID_BYTES = 8;

/** `lv_` + 16 lowercase hex characters from `crypto.getRandomValues`. */
export function newRequestId(): string {
  const bytes = new Uint8Array(REQUEST_ID_BYTES);
  globalThis.crypto.getRandomValues(bytes);
  return 'lv_' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A success envelope. */
export function successEnvelope(result: LivenessResult, requestId = newRequestId(), now = new Date()): LivenessSuccess {
  return { status: 'success', request_id: requestId, timestamp: now.toISOString(), result, error: null };
}

/** An error envelope. */
export function errorEnvelope(error: LivenessErrorInfo, requestId = newRequestId(), now = new Date()): LivenessFailure {
  return { status: 'error', request_id: requestId, timestamp: now.toISOString(), result: null, error };
}

/** True when the check succeeded (narrows `result` to non-null). */
export function isLivenessSuccess(response: LivenessResponse): response is LivenessSuccess {
  return response.status === 'success';
}

/** True when the check failed (narrows `error` to non-null). */
export function isLivenessFailure(response: LivenessResponse): response is LivenessFailure {
  return response.status === 'error';
}
