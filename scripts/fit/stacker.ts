/**
 * The stacker of `lbp_texture` (src/signals/texture-model.ts): one logistic model over the logits of
 * MiniFASNetV2's and MiniFASNetV1SE's real probabilities and of the colour-texture and distortion
 * models' probabilities, fitted like the texture models (texture.ts `fitLogistic`) on live images and
 * camera attacks; and the texture score the engine makes of its logit: calibrated, then capped by the
 * greyscale texture score when the dominant LBP bin exceeds its threshold.
 */
import { textureScore } from '../../src/signals/lbp-texture.js';
import { calibratedProbability, clippedLogit, STACKER_FEATURES, stackerLogit, type LogisticModel, type StackerModel } from '../../src/signals/texture-model.js';
import type { FitRecord } from './records.js';
import { fitLogistic, isTraining } from './texture.js';

/** Probabilities are clipped to [1e-4, 1 − 1e-4] before their logit (|logit| ≤ 9.21). */
export const STACKER_CLIP = 1e-4;

/** A record with the texture models' probabilities for it (held out as the fit requires). */
export interface StackedRecord {
  record: FitRecord;
  colour: number;
  distortion: number;
}

/** The stacker's inputs of a record, in STACKER_FEATURES order. */
export function stackerInputsOf(s: StackedRecord): number[] {
  const { record } = s;
  return [record.miniFasNetV2, record.miniFasNetV1se, s.colour, s.distortion].map((p) => clippedLogit(p, STACKER_CLIP));
}

/** The stacker fitted on the training classes of `rows`. */
export function fitStacker(rows: readonly StackedRecord[]): LogisticModel {
  const training = rows.filter((s) => isTraining(s.record));
  return fitLogistic(
    training.map((s) => ({ label: s.record.label, inputs: stackerInputsOf(s) })),
    STACKER_FEATURES,
    (r) => r.inputs,
  );
}

/** The stacker as the engine holds it, with its calibration. */
export function stackerModel(logistic: LogisticModel, a: number, delta: number): StackerModel {
  return { ...logistic, clip: STACKER_CLIP, calibration: { a, delta } };
}

/** The stacker's logit for a record, as the engine computes it. */
export function stackedLogit(model: LogisticModel, s: StackedRecord): number {
  return stackerLogit(stackerInputsOf(s), { ...model, clip: STACKER_CLIP, calibration: { a: 1, delta: 0 } });
}

/**
 * The dominant-bin cap of `lbp_texture` for a record: the greyscale texture score when the dominant
 * LBP bin exceeds its threshold, null when there is no cap.
 */
export function capOf(record: FitRecord): number | null {
  return record.dominant > record.dominantThreshold ? textureScore(record.entropy, record.dominant, record.dominantThreshold) : null;
}

/** `lbp_texture`'s score of a stacker logit: σ(a·z + delta), capped. */
export function textureScoreOf(z: number, a: number, delta: number, cap: number | null): number {
  const p = calibratedProbability(z, { a, delta });
  return cap === null ? p : Math.min(p, cap);
}
