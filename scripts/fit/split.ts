/**
 * The held-out split of the fit's records (scripts/lib/holdout.mjs): the fit learns from the
 * development sources only; the held-out ones are reported apart, with the development fit, when asked.
 */
import { holdoutSplit } from '../lib/holdout.mjs';
import type { FitRecord } from './records.js';

/** The records of a scores.csv, split. */
export interface SplitRecords {
  development: FitRecord[];
  heldOut: FitRecord[];
  /** The held-out sources, or null when the rule cannot be met on these sources (then all are development). */
  heldOutSources: string[] | null;
  /** The seed the rule's draw was kept at (null without a split). */
  seed: number | null;
}

/** The manifest columns of every row of a scores.csv table (header first), failed checks included. */
export function manifestRows(table: readonly string[][]): { label: string; attack_type: string; source: string }[] {
  const header = table[0] ?? [];
  const [label, attack, source] = ['label', 'attack_type', 'source'].map((name) => header.indexOf(name));
  return table.slice(1).map((row) => ({ label: row[label], attack_type: row[attack], source: row[source] }));
}

/**
 * Splits `records` by the rule of scripts/lib/holdout.mjs applied to the manifest's rows (`rows`: every
 * row the eval was given, failed checks included, so the split is the manifest's). On a set of sources
 * where the rule cannot be met (too few sources or attack kinds, as in a small test set) there is no
 * held-out part: every record is development, and the report says so.
 */
export function splitRecords(records: readonly FitRecord[], rows: readonly { label: string; attack_type: string; source: string }[]): SplitRecords {
  let split: ReturnType<typeof holdoutSplit>;
  try {
    split = holdoutSplit(rows);
  } catch {
    return { development: [...records], heldOut: [], heldOutSources: null, seed: null };
  }
  const heldOut = new Set(split.heldOut);
  return {
    development: records.filter((r) => !heldOut.has(r.collection)),
    heldOut: records.filter((r) => heldOut.has(r.collection)),
    heldOutSources: split.heldOut,
    seed: split.seed,
  };
}
