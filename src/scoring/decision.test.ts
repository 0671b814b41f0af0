import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config.js';
import { errorInfo } from '../errors/index.js';
import type { LivenessErrorCode, LivenessResponse, Verdict } from '../types.js';
import { recommendedAction, toScore100 } from './decision.js';
import { errorEnvelope, successEnvelope } from './envelope.js';
import { verdictFor } from './verdict.js';

function success(confidence: number, verdict: Verdict = verdictFor(confidence, DEFAULT_CONFIG), threshold = 0.58): LivenessResponse {
  return successEnvelope({ verdict, confidence, threshold, face_detected: verdict !== 'INCONCLUSIVE' || confidence >= 0.54, signals: [] });
}

function failure(code: LivenessErrorCode): LivenessResponse {
  return errorEnvelope(errorInfo(code, 'x'));
}

const ERROR_CODES: LivenessErrorCode[] = ['INVALID_REQUEST', 'NO_FACE_DETECTED', 'INFERENCE_ERROR', 'SERVER_ERROR'];

describe('recommendedAction', () => {
  it('allows LIVE, rejects SPOOF, asks a retake for INCONCLUSIVE', () => {
    expect(recommendedAction(success(0.9))).toBe('allow');
    expect(recommendedAction(success(0.62))).toBe('allow');
    expect(recommendedAction(success(0.2))).toBe('reject');
    expect(recommendedAction(success(0.539))).toBe('reject');
    expect(recommendedAction(success(0.58))).toBe('retake');
    // A face found below min_face_confidence: INCONCLUSIVE whatever the confidence.
    expect(recommendedAction(success(0.95, 'INCONCLUSIVE'))).toBe('retake');
  });

  it('asks a retake for every error: an error is neither a pass nor evidence of an attack', () => {
    for (const code of ERROR_CODES) expect(recommendedAction(failure(code)), code).toBe('retake');
  });
});

describe('toScore100', () => {
  it('is 0 for every error envelope (no result)', () => {
    for (const code of ERROR_CODES) expect(toScore100(failure(code)), code).toBe(0);
  });

  it('maps the default bands: LIVE 75–100, INCONCLUSIVE 60–74, SPOOF 1–59', () => {
    expect(toScore100(success(1))).toBe(100);
    expect(toScore100(success(0.62))).toBe(75);
    expect(toScore100(success(0.81))).toBe(88); // 75 + 25 × 0.19 / 0.38 = 87.5
    expect(toScore100(success(0.54))).toBe(60);
    expect(toScore100(success(0.58))).toBe(67); // 60 + 14 × 0.5
    expect(toScore100(success(0.6199))).toBe(74);
    expect(toScore100(success(0.5399))).toBe(59);
    expect(toScore100(success(0.27))).toBe(30); // 1 + 58 × 0.5
    expect(toScore100(success(0))).toBe(1);
  });

  it('agrees with the verdict at every confidence, and never decreases', () => {
    let previous = 0;
    for (let i = 0; i <= 10_000; i++) {
      const confidence = i / 10_000;
      const response = success(confidence);
      const score = toScore100(response);
      expect(Number.isInteger(score)).toBe(true);
      expect(score).toBeGreaterThanOrEqual(previous);
      previous = score;
      const verdict = response.status === 'success' ? response.result.verdict : null;
      const band = score >= 75 ? 'LIVE' : score >= 60 ? 'INCONCLUSIVE' : 'SPOOF';
      expect(band, `confidence ${confidence} → ${score}`).toBe(verdict);
    }
  });

  it('keeps an INCONCLUSIVE answer in the review band whatever its confidence', () => {
    expect(toScore100(success(0.97, 'INCONCLUSIVE'))).toBe(74);
    expect(toScore100(success(0.1, 'INCONCLUSIVE'))).toBe(60);
  });

  it('follows the threshold of the response and custom bands', () => {
    // live_threshold 0.7: LIVE from 0.74.
    expect(toScore100(success(0.74, 'LIVE', 0.7))).toBe(75);
    expect(toScore100(success(0.66, 'INCONCLUSIVE', 0.7))).toBe(60);
    const bands = { pass: 80, review: 50 };
    expect(toScore100(success(0.62), bands)).toBe(80);
    expect(toScore100(success(0.6199), bands)).toBe(79);
    expect(toScore100(success(0.54), bands)).toBe(50);
    expect(toScore100(success(0.5399), bands)).toBe(49);
    expect(toScore100(success(0), bands)).toBe(1);
    // An engine run with inconclusive_margin 0.1: the review band spans confidence 0.48–0.68.
    expect(toScore100(success(0.58, 'INCONCLUSIVE'), { inconclusive_margin: 0.1 })).toBe(67);
    expect(toScore100(success(0.5, 'INCONCLUSIVE'), { inconclusive_margin: 0.1 })).toBe(61); // 60 + 14 × 0.1
    expect(toScore100(success(0.68, 'LIVE'), { inconclusive_margin: 0.1 })).toBe(75);
  });

  it('refuses bands that cannot keep the three outcomes apart', () => {
    const response = success(0.9);
    expect(() => toScore100(response, { pass: 60, review: 60 })).toThrow('2 <= review < pass <= 100, got review 60 and pass 60');
    expect(() => toScore100(response, { pass: 101 })).toThrow(RangeError);
    expect(() => toScore100(response, { review: 1 })).toThrow(RangeError);
    expect(() => toScore100(response, { pass: 74.5 })).toThrow(RangeError);
    expect(() => toScore100(response, { inconclusive_margin: -0.1 })).toThrow('inconclusive_margin must be a number in [0, 0.5], got -0.1');
  });
});
