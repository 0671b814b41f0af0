import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ConfigError, EngineLoadError, ENGINE_ERROR_CODES, ERROR_CODES, errorInfo, isLivenessError, LivenessError, toErrorInfo } from './index.js';

describe('the error family', () => {
  it('makes ConfigError and EngineLoadError subclasses of LivenessError, each with its code and name', () => {
    const config = new ConfigError('bad key');
    const load = new EngineLoadError('no model');
    for (const error of [config, load]) {
      expect(error).toBeInstanceOf(LivenessError);
      expect(error).toBeInstanceOf(Error);
    }
    expect([config.name, config.code, config.message]).toEqual(['ConfigError', 'INVALID_CONFIG', 'bad key']);
    expect([load.name, load.code]).toEqual(['EngineLoadError', 'ENGINE_LOAD_FAILED']);
    expect(new LivenessError('NO_FACE_DETECTED', 'none').name).toBe('LivenessError');
  });

  it('guards every code of the family, from another realm too, and nothing else', () => {
    expect(isLivenessError(new ConfigError('x'))).toBe(true);
    expect(isLivenessError(new EngineLoadError('x'))).toBe(true);
    expect(isLivenessError(new LivenessError('SERVER_ERROR', 'x'))).toBe(true);
    const foreign = runInNewContext("Object.assign(new Error('from a frame'), { name: 'EngineLoadError', code: 'ENGINE_LOAD_FAILED' })");
    expect(foreign instanceof Error).toBe(false);
    expect(isLivenessError(foreign)).toBe(true);
    for (const code of [...Object.keys(ERROR_CODES), ...ENGINE_ERROR_CODES]) expect(isLivenessError({ code, message: 'm' }), code).toBe(true);
    expect(isLivenessError(new RangeError('x'))).toBe(false);
    expect(isLivenessError({ code: 'TIMEOUT', message: 'm' })).toBe(false);
    expect(isLivenessError({ code: 'toString', message: 'm' })).toBe(false);
    expect(isLivenessError({ code: 'SERVER_ERROR' })).toBe(false);
    expect(isLivenessError(null)).toBe(false);
  });
});

describe('ERROR_CODES', () => {
  it('gives each envelope code the HTTP status and retryability of the contract', () => {
    expect(ERROR_CODES).toEqual({
      INVALID_REQUEST: { http_status: 422, retryable: false },
      NO_FACE_DETECTED: { http_status: 200, retryable: true },
      INFERENCE_ERROR: { http_status: 200, retryable: true },
      SERVER_ERROR: { http_status: 500, retryable: false },
    });
    expect(Object.isFrozen(ERROR_CODES)).toBe(true);
    expect(Object.isFrozen(ERROR_CODES.INVALID_REQUEST)).toBe(true);
    expect(errorInfo('NO_FACE_DETECTED', 'retake')).toEqual({ code: 'NO_FACE_DETECTED', message: 'retake', http_status: 200, retryable: true });
  });
});

describe('toErrorInfo', () => {
  it('keeps an envelope code, makes an engine that could not start INFERENCE_ERROR and anything else SERVER_ERROR', () => {
    expect(toErrorInfo(new LivenessError('INVALID_REQUEST', 'too big'))).toMatchObject({ code: 'INVALID_REQUEST', message: 'too big', http_status: 422 });
    expect(toErrorInfo(new EngineLoadError('worker gone'))).toMatchObject({ code: 'INFERENCE_ERROR', message: 'worker gone', retryable: true });
    expect(toErrorInfo(new ConfigError('bad'))).toMatchObject({ code: 'SERVER_ERROR', message: 'Unexpected failure inside the engine: bad' });
    expect(toErrorInfo(new TypeError('boom'))).toMatchObject({ code: 'SERVER_ERROR', http_status: 500, retryable: false });
    expect(toErrorInfo('text')).toMatchObject({ code: 'SERVER_ERROR', message: 'Unexpected failure inside the engine: text' });
  });
});
