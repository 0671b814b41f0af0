/**
 * The fit's input: the rows of an eval's scores.csv (`selfie-liveness eval --measurements`) that it
 * learns from, with the texture models' inputs read from the raw-measurement columns in the serving
 * model's own feature order (src/signals/texture-model.ts), MiniFASNet's two real probabilities, what
 * the dominant-bin cap of `lbp_texture` needs, and the signal scores in catalog order.
 */
import { ALL_SIGNAL_NAMES, SIGNAL_NAMES } from '../../src/signals/catalog.js';
import { DISTORTION_FEATURES, TEXTURE_FEATURES } from '../../src/signals/texture-model.js';
import { framingOf } from '../lib/holdout.mjs';

/** A scores.csv the fit cannot use; the command prints the message as a usage error. */
export class FitInputError extends Error {}

/** One scored image as the fit sees it. */
export interface FitRecord {
  path: string;
  label: string;
  /** The attack type of a spoof; `none` for a live image. */
  attack: string;
  /** The group it is held out with: its source, or its source and person (`--subject-from-path`). */
  source: string;
  /** The source as the manifest names it (the held-out split is a split of these). */
  collection: string;
  /** Whole frame or tight crop (scripts/lib/holdout.mjs `framingOf`). */
  framing: 'full' | 'crop';
  /** INCONCLUSIVE whatever the confidence: no face at min_face_confidence, or more than one face. */
  byRule: boolean;
  /** The colour model's inputs, in TEXTURE_FEATURES order. */
  features: number[];
  /** The distortion model's inputs, in DISTORTION_FEATURES order. */
  distortion: number[];
  /** MiniFASNetV2's and MiniFASNetV1SE's real probabilities (NaN in a table of texture-only rows). */
  miniFasNetV2: number;
  miniFasNetV1se: number;
  /** The greyscale LBP entropy, dominant-bin share and the threshold in force (the dominant-bin cap). */
  entropy: number;
  dominant: number;
  dominantThreshold: number;
  /** The signal scores, in the order of `fitSignals` (NaN in a table of texture-only rows). */
  scores: number[];
}

/** The signals whose weights are fitted: the eight, and with `withLearned` the optional ones after them. */
export function fitSignals(withLearned: boolean): readonly string[] {
  return withLearned ? ALL_SIGNAL_NAMES : SIGNAL_NAMES;
}

export const isLive = (record: Pick<FitRecord, 'label'>): boolean => record.label === 'live';

/** What rows to keep. */
export interface ReadOptions {
  /** Within a source, rows whose path matches are grouped by its first capture group. */
  subjectPattern?: RegExp | null;
  /**
   * Keep rows with the texture models' inputs only (the augmented copies the texture models also learn
   * from); otherwise MiniFASNet's outputs and every signal score must be there too.
   */
  textureOnly?: boolean;
}

/**
 * The successful rows of a scores.csv table (header first) with every input needed finite.
 * @throws FitInputError when the texture or MiniFASNet measurements or a signal's column are missing.
 */
export function readRecords(table: readonly string[][], signals: readonly string[], options: ReadOptions = {}): FitRecord[] {
  const { subjectPattern = null, textureOnly = false } = options;
  const header = table[0] ?? [];
  const column = (name: string) => header.indexOf(name);
  const featureColumns = TEXTURE_FEATURES.map((name) => column(`lbp_texture.${name}`));
  const distortionColumns = DISTORTION_FEATURES.map((name) => column(`lbp_texture.${name}`));
  if ([...featureColumns, ...distortionColumns].some((c) => c < 0)) throw new FitInputError('scores.csv has no texture measurements: run eval with --measurements');
  const v2 = column('lbp_texture.minifasnet_v2_p_real');
  const v1se = column('lbp_texture.minifasnet_v1se_p_real');
  if (!textureOnly && (v2 < 0 || v1se < 0)) throw new FitInputError('scores.csv has no MiniFASNet measurements (lbp_texture.minifasnet_v2_p_real): run eval with --measurements');
  const scoreColumns = signals.map((name) => column(name));
  if (!textureOnly) {
    for (const name of signals.filter((name) => !(SIGNAL_NAMES as readonly string[]).includes(name))) {
      if (column(name) < 0) throw new FitInputError(`scores.csv has no ${name} column: run eval with --config '{"enable_learned_texture":true}'`);
    }
  }
  const heldOutGroup = (source: string, path: string): string => {
    const match = subjectPattern?.exec(path);
    return match && match[1] !== undefined ? `${source}|${match[1]}` : source;
  };
  const faceCount = column('diagnostics.face_count');
  const number = (row: readonly string[], c: number) => (c < 0 ? Number.NaN : Number(row[c]));
  return table
    .slice(1)
    .filter((row) => row[column('status')] === 'success')
    .map((row): FitRecord => {
      const source = row[column('source')];
      return {
        path: row[column('path')],
        label: row[column('label')],
        attack: row[column('label')] === 'live' ? 'none' : row[column('attack_type')],
        source: heldOutGroup(source, row[column('path')]),
        collection: source,
        framing: framingOf(source),
        byRule: row[column('face_detected')] === 'false' || (faceCount >= 0 ? Number(row[faceCount]) > 1 : false),
        features: featureColumns.map((c) => Number(row[c])),
        distortion: distortionColumns.map((c) => Number(row[c])),
        miniFasNetV2: number(row, v2),
        miniFasNetV1se: number(row, v1se),
        entropy: number(row, column('lbp_texture.lbp_entropy_bits')),
        dominant: number(row, column('lbp_texture.lbp_dominant_ratio')),
        dominantThreshold: number(row, column('lbp_texture.lbp_dominant_threshold')),
        scores: scoreColumns.map((c) => number(row, c)),
      };
    })
    .filter((r) => [...r.features, ...r.distortion].every(Number.isFinite))
    .filter((r) => textureOnly || [...r.scores, r.miniFasNetV2, r.miniFasNetV1se, r.entropy, r.dominant, r.dominantThreshold].every(Number.isFinite));
}
