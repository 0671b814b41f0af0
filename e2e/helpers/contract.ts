/**
 * Assertions of the response contract (README "Result contract") on real responses.
 */
import { expect } from '@playwright/test';
import type { LivenessResponse, LivenessResult, SignalName, SignalResult } from '../../src/index';

/** The eight signal names of the contract (README "The eight signals"), in order. */
export const SIGNAL_NAMES: readonly SignalName[] = [
  'sharpness',
  'eye_aspect_ratio',
  'head_pose',
  'face_area_ratio',
  'facial_symmetry',
  'lbp_texture',
  'exif_metadata',
  'fft_deepfake',
];

/** The contract's default threshold and margin. */
export const INCONCLUSIVE_MARGIN = 0.04;
export const DEFAULT_THRESHOLD = 0.58;

const REQUEST_ID = /^lv_[0-9a-f]{16}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** Fields every envelope carries, success or error (README "Result contract"). */
export function expectEnvelope(response: LivenessResponse): void {
  expect(Object.keys(response).sort()).toEqual(['error', 'request_id', 'result', 'status', 'timestamp']);
  expect(response.request_id).toMatch(REQUEST_ID);
  expect(response.timestamp).toMatch(ISO_UTC);
  const age = Date.now() - Date.parse(response.timestamp);
  expect(age, 'timestamp is the time of the call').toBeGreaterThanOrEqual(-5_000);
  expect(age).toBeLessThan(5 * 60_000);
  if (response.status === 'success') {
    expect(response.error).toBeNull();
    expect(response.result).not.toBeNull();
  } else {
    expect(response.status).toBe('error');
    expect(response.result).toBeNull();
    expect(Object.keys(response.error).sort()).toEqual(['code', 'http_status', 'message', 'retryable']);
    expect(response.error.message.length).toBeGreaterThan(0);
  }
}

/** The error envelope of the contract (README "Result contract", errors) for `code`. */
export function expectError(response: LivenessResponse, code: string, httpStatus: number, retryable: boolean): void {
  expectEnvelope(response);
  expect(response.status, `expected error ${code}`).toBe('error');
  if (response.status !== 'error') return;
  expect(response.error.code).toBe(code);
  expect(response.error.http_status).toBe(httpStatus);
  expect(response.error.retryable).toBe(retryable);
}

/** The verdict the contract derives from a confidence when exactly one face was confidently found. */
export function expectedVerdict(confidence: number, threshold: number, margin = INCONCLUSIVE_MARGIN): string {
  if (confidence >= threshold + margin) return 'LIVE';
  if (confidence >= threshold - margin) return 'INCONCLUSIVE';
  return 'SPOOF';
}

/** Signals, weights, scores and confidence of a result (README "Result contract"). */
export function expectSignals(result: LivenessResult): void {
  expect(result.signals.map((s) => s.name)).toEqual(SIGNAL_NAMES);
  const weightSum = result.signals.reduce((sum, s) => sum + s.weight, 0);
  expect(Math.abs(weightSum - 1), `weights sum to 1 (got ${weightSum})`).toBeLessThanOrEqual(1e-9);
  const lbp = signal(result, 'lbp_texture');
  for (const s of result.signals) {
    expect(s.score, `${s.name} score`).toBeGreaterThanOrEqual(0);
    expect(s.score, `${s.name} score`).toBeLessThanOrEqual(1);
    expect(s.weight, `${s.name} weight`).toBeGreaterThan(0);
    expect(s.passed, `${s.name} passed = score >= 0.5`).toBe(s.score >= 0.5);
    expect(s.label.trim().length, `${s.name} label`).toBeGreaterThan(0);
    expect(s.detail.trim().length, `${s.name} detail`).toBeGreaterThan(0);
    // exif_metadata may have nothing to measure (no EXIF); every other detail carries a number.
    if (s.name !== 'exif_metadata') expect(s.detail, `${s.name} detail states the measured value`).toMatch(/\d/);
    if (s.name !== 'lbp_texture') expect(lbp.weight, 'lbp_texture carries the highest weight').toBeGreaterThan(s.weight);
  }
  const weighted = result.signals.reduce((sum, s) => sum + s.weight * s.score, 0);
  expect(Math.abs(result.confidence - weighted), 'confidence is the weighted sum of the scores').toBeLessThan(0.005);
  expect(result.confidence).toBeGreaterThanOrEqual(0);
  expect(result.confidence).toBeLessThanOrEqual(1);
}

/** A complete success for exactly one face: envelope, signals and the verdict rule. */
export function expectSingleFaceSuccess(response: LivenessResponse, threshold = DEFAULT_THRESHOLD): LivenessResult {
  expectEnvelope(response);
  if (response.status !== 'success') {
    throw new Error(`expected success, got ${response.error.code}: ${response.error.message}`);
  }
  const { result } = response;
  expect(result.face_detected).toBe(true);
  expect(result.threshold).toBe(threshold);
  expectSignals(result);
  expect(result.verdict, `verdict for confidence ${result.confidence}`).toBe(
    expectedVerdict(result.confidence, result.threshold),
  );
  return result;
}

export function signal(result: LivenessResult, name: SignalName): SignalResult {
  const found = result.signals.find((s) => s.name === name);
  if (!found) throw new Error(`no signal ${name}`);
  return found;
}

/** A compact line for logs: verdict, confidence and every score. */
export function summary(result: LivenessResult): string {
  const scores = result.signals.map((s) => `${s.name}=${s.score.toFixed(3)}`).join(' ');
  return `${result.verdict} confidence=${result.confidence.toFixed(3)} ${scores}`;
}

/**
 * Face counts stated in the signal details ("2 faces found", "faces detected: 3"); the contract asks
 * that a detail says how many faces were found when there is more than one.
 */
export function faceCountsInDetails(result: LivenessResult): number[] {
  const patterns = [/(\d+)\s+faces\b/gi, /\bfaces?\s*(?:found|detected|in the image)?\s*[:=]\s*(\d+)/gi];
  return result.signals.flatMap((s) => patterns.flatMap((p) => [...s.detail.matchAll(p)].map((m) => Number(m[1]))));
}
