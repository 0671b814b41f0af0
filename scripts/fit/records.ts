/**
 * The fit's input: the rows of an eval's scores.csv (`selfie-liveness eval --measurements`) that it
 * learns from, with the texture models' inputs read from the raw-measurement columns in the serving
 * model's own feature order (src/signals/texture-model.ts) and the signal scores in catalog order.
 */
import { ALL_SIGNAL_NAMES, SIGNAL_NAMES } from '../../src/signals/catalog.js';
import { DISTORTION_FEATURES, TEXTURE_FEATURES } from '../../src/signals/texture-model.js';

/** A scores.csv the fit cannot use; the command prints the message as a usage error. */
export class FitInputError extends Error {}

/** One scored image as the fit sees it. */
export interface FitRecord {
  label: string;
  /** The attack type of a spoof; `none` for a live image. */
  attack: string;
  /** The group it is held out with: its source, or its source and person (`--subject-from-path`). */
  source: string;
  /** INCONCLUSIVE whatever the confidence: no face at min_face_confidence, or more than one face. */
  byRule: boolean;
  /** The colour model's inputs, in TEXTURE_FEATURES order. */
  features: number[];
  /** The distortion model's inputs, in DISTORTION_FEATURES order. */
  distortion: number[];
  /** The signal scores, in the order of `fitSignals`. */
  scores: number[];
}

/** The signals whose weights are fitted: the eight, and with `withLearned` the optional ones after them. */
export function fitSignals(withLearned: boolean): readonly string[] {
  return withLearned ? ALL_SIGNAL_NAMES : SIGNAL_NAMES;
}

export const isLive = (record: Pick<FitRecord, 'label'>): boolean => record.label === 'live';

/**
 * The successful rows of a scores.csv table (header first) with every input finite.
 * @param subjectPattern within a source, rows whose path matches are grouped by its first capture group
 * @throws FitInputError when the texture measurements or a signal's column are missing.
 */
export function readRecords(table: readonly string[][], signals: readonly string[], subjectPattern: RegExp | null = null): FitRecord[] {
  const header = table[0] ?? [];
  const column = (name: string) => header.indexOf(name);
  const featureColumns = TEXTURE_FEATURES.map((name) => column(`lbp_texture.${name}`));
  const distortionColumns = DISTORTION_FEATURES.map((name) => column(`lbp_texture.${name}`));
  if ([...featureColumns, ...distortionColumns].some((c) => c < 0)) throw new FitInputError('scores.csv has no texture measurements: run eval with --measurements');
  const scoreColumns = signals.map((name) => column(name));
  for (const name of signals.filter((name) => !(SIGNAL_NAMES as readonly string[]).includes(name))) {
    if (column(name) < 0) throw new FitInputError(`scores.csv has no ${name} column: run eval with --config '{"enable_learned_texture":true}'`);
  }
  const heldOutGroup = (source: string, path: string): string => {
    const match = subjectPattern?.exec(path);
    return match && match[1] !== undefined ? `${source}|${match[1]}` : source;
  };
  const faceCount = column('diagnostics.face_count');
  return table
    .slice(1)
    .filter((row) => row[column('status')] === 'success')
    .map((row) => ({
      label: row[column('label')],
      attack: row[column('label')] === 'live' ? 'none' : row[column('attack_type')],
      source: heldOutGroup(row[column('source')], row[column('path')]),
      byRule: row[column('face_detected')] === 'false' || (faceCount >= 0 ? Number(row[faceCount]) > 1 : false),
      features: featureColumns.map((c) => Number(row[c])),
      distortion: distortionColumns.map((c) => Number(row[c])),
      scores: scoreColumns.map((c) => Number(row[c])),
    }))
    .filter((r) => [...r.features, ...r.distortion, ...r.scores].every(Number.isFinite));
}
