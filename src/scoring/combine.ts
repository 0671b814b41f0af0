import type { LivenessConfig } from '../config.js';
import { activeSignals, type SignalDefinition } from '../signals/registry.js';
import type { SignalScore } from '../signals/types.js';
import type { LivenessResult, SignalResult } from '../types.js';
import { verdictFor } from './verdict.js';

/** Decimal places of scores and confidence in the response. */
const SCORE_DECIMALS = 4;
/** A signal passes at this score (a convenience: it decides nothing). */
const PASS_SCORE = 0.5;

/** How the face was found, as far as the verdict cares. */
export interface FaceContext {
  /** Faces found; more than one makes the verdict INCONCLUSIVE. */
  faceCount: number;
  /** The face was found only below `min_face_confidence`: INCONCLUSIVE, `face_detected: false`. */
  weakFace: boolean;
  /** Degrees the image had to be turned to find the face (0 when upright). */
  rotation: number;
  /** Landmarks located on the analysed face. */
  landmarkCount: number;
}

function round(value: number): number {
  const f = 10 ** SCORE_DECIMALS;
  return Math.round(value * f) / f;
}

/** What the analysis says about the face itself, appended to the face-size signal's detail. */
function faceNote(face: FaceContext, config: LivenessConfig): string {
  const notes: string[] = [`The analysed face has ${face.landmarkCount} landmarks.`];
  if (face.faceCount > 1) {
    notes.push(`${face.faceCount} faces were found; the largest was analysed, and the check needs exactly one person.`);
  }
  if (face.weakFace) {
    notes.push(`The face was found only below the required detection confidence of ${config.min_face_confidence}.`);
  }
  if (face.rotation !== 0) notes.push(`The face was found after turning the image ${face.rotation}°.`);
  return notes.join(' ');
}

/**
 * The weights in force for one check: the configured ones, except that an optional signal that could
 * not measure (its model did not load) weighs 0 and the others are scaled up to sum to 1 again.
 */
function weightsInForce(table: readonly SignalDefinition[], scores: readonly SignalScore[], config: LivenessConfig): number[] {
  const weights = table.map((signal) => config.weights[signal.name] ?? 0);
  const dropped = table.map((signal, i) => signal.switchedOnBy !== undefined && !scores[i].measured);
  if (!dropped.includes(true)) return weights;
  const kept = weights.reduce((sum, w, i) => (dropped[i] ? sum : sum + w), 0);
  return weights.map((w, i) => (dropped[i] || kept <= 0 ? 0 : w / kept));
}

/**
 * Weighted sum of the signal scores and the verdict (README "Result contract"). `scores` is in the order of
 * `activeSignals(config)`: the eight contract signals, then the optional ones switched on.
 */
export function combineSignals(scores: readonly SignalScore[], config: LivenessConfig, face: FaceContext): LivenessResult {
  const note = faceNote(face, config);
  const table = activeSignals(config);
  const weights = weightsInForce(table, scores, config);
  const signals: SignalResult[] = table.map((signal, i) => {
    const score = round(Math.min(1, Math.max(0, scores[i].score)));
    const detail = signal.name === 'face_area_ratio' ? `${scores[i].detail} ${note}` : scores[i].detail;
    return { name: signal.name, label: signal.label, score, weight: weights[i], passed: score >= PASS_SCORE, detail };
  });
  const confidence = round(Math.min(1, Math.max(0, signals.reduce((sum, s) => sum + s.weight * s.score, 0))));
  const faceDetected = !face.weakFace;
  const verdict = faceDetected && face.faceCount === 1 ? verdictFor(confidence, config) : 'INCONCLUSIVE';
  return { verdict, confidence, threshold: config.live_threshold, face_detected: faceDetected, signals };
}
