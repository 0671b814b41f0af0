import { describe, expect, it } from 'vitest';
import { errorInfo, toErrorInfo, LivenessError } from '../errors/index.js';
import { errorEnvelope, isLivenessFailure, isLivenessSuccess, newRequestId, successEnvelope } from './envelope.js';

describe('envelope', () => {
  it('makes lv_ + 16 hex request ids, unique per call', () => {
    const ids = new Set(Array.from({ length: 1000 }, newRequestId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^lv_[0-9a-f]{16}$/);
  });

  it('shapes success and error envelopes with ISO timestamps', () => {
    const now = new Date('2026-11-23T10:15:30.123Z');
    const result = { verdict: 'LIVE' as const, confidence: 0.9, threshold: 0.58, face_detected: true, signals: [] };
    const ok = successEnvelope(result, 'lv_0123456789abcdef', now);
    expect(ok).toEqual({ status: 'success', request_id: 'lv_0123456789abcdef', timestamp: '2026-11-23T10:15:30.123Z', result, error: null });
    expect(isLivenessSuccess(ok)).toBe(true);
    const failed = errorEnvelope(errorInfo('NO_FACE_DETECTED', 'none'), 'lv_0123456789abcdef', now);
    expect(failed.result).toBeNull();
    expect(failed.error).toEqual({ code: 'NO_FACE_DETECTED', message: 'none', http_status: 200, retryable: true });
    expect(isLivenessFailure(failed)).toBe(true);
  });

  it('maps every error code to its status and retryability', () => {
    expect(errorInfo('INVALID_REQUEST', 'x')).toMatchObject({ http_status: 422, retryable: false });
    expect(errorInfo('INFERENCE_ERROR', 'x')).toMatchObject({ http_status: 200, retryable: true });
    expect(errorInfo('SERVER_ERROR', 'x')).toMatchObject({ http_status: 500, retryable: false });
    expect(toErrorInfo(new LivenessError('INVALID_REQUEST', 'bad'))).toMatchObject({ code: 'INVALID_REQUEST', message: 'bad' });
    expect(toErrorInfo({ code: 'NO_FACE_DETECTED', message: 'plain data' }).code).toBe('NO_FACE_DETECTED');
    expect(toErrorInfo(new TypeError('boom'))).toMatchObject({ code: 'SERVER_ERROR', http_status: 500 });
  });
});
