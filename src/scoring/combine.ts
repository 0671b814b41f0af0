import type { LivenessConfig } from '../config';
import { SIGNALS } from '../signals/registry';
import type { SignalScore } from '../signals/types';
import type { LivenessResult, SignalResult } from '../types';
import { verdictFor } from './verdict';

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
 * Weighted sum of the signal scores and the verdict (contract §3). `scores` is in registry order.
 */
export function combineSignals(scores: readonly SignalScore[], config: LivenessConfig, face: FaceContext): LivenessResult {
  const note = faceNote(face, config);
  const signals: SignalResult[] = SIGNALS.map((signal, i) => {
    const score = round(Math.min(1, Math.max(0, scores[i].score)));
    const detail = signal.name === 'face_area_ratio' ? `${scores[i].detail} ${note}` : scores[i].detail;
    return { name: signal.name, label: signal.label, score, weight: config.weights[signal.name], passed: score >= PASS_SCORE, detail };
  });
  const confidence = round(Math.min(1, Math.max(0, signals.reduce((sum, s) => sum + s.weight * s.score, 0))));
  const faceDetected = !face.weakFace;
  const verdict = faceDetected && face.faceCount === 1 ? verdictFor(confidence, config) : 'INCONCLUSIVE';
  return { verdict, confidence, threshold: config.live_threshold, face_detected: faceDetected, signals };
}
