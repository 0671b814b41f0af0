#!/usr/bin/env node
/**
 * Fits the calibrated defaults from an evaluation run, on the development sources only:
 *
 *   npx selfie-liveness eval --manifest <csv> --out DIR --measurements
 *   /usr/bin/python3 scripts/augment-texture.py --manifest <csv> --scores DIR/scores.csv --out COPIES
 *   npx selfie-liveness eval --manifest COPIES/manifest.csv --out AUG --measurements
 *   node scripts/fit.mjs DIR/scores.csv --augmented AUG/scores.csv [--write] [--report-held-out]
 *
 * The fit itself is scripts/fit/ (pure functions: the texture models of `lbp_texture`, fitted and
 * predicted as the engine predicts; the stacker that weighs them with MiniFASNet; the signal weights and
 * lbp_texture's calibration by a seeded two-stage search; nested leave-one-source-out figures). The
 * held-out sources of scripts/lib/holdout.mjs are set aside first: nothing is fitted, searched or
 * chosen on them. This command reads the files, prints the cross-validated figures as JSON on stdout
 * and, with --write, writes src/signals/texture-model.json (the texture models, the stacker and its
 * calibration, fitted on every development source) and the eight weights to DEFAULT_WEIGHTS in
 * src/config.ts.
 *
 * --augmented FILE: the scores.csv of the augmented copies of the development images (copies of
 * held-out sources are refused), which the texture models also learn from.
 *
 * --report-held-out: also measures the held-out sources with the development fit (the models and weights
 * --write would write) and reports them under `held_out`, next to the leave-one-source-out figures. It
 * changes nothing in the fit: it is for the end, once the design is final.
 *
 * --with-learned adds the optional ninth signal `learned_texture` (its column must be in scores.csv) to
 * the weight search: a report of nine weights, same constraints, search and split. It cannot be written:
 * lbp_texture's calibration is fitted with the eight.
 *
 * --seed N draws another set of weight candidates (default the committed seed): repeating a fit with a
 * few seeds shows how much of a difference between two fits is the random search itself.
 *
 * --subject-from-path REGEX: within a source, images whose path matches REGEX are grouped by its first
 * capture group (a person's id in the file name), and each group is held out in turn instead of the
 * whole source. The people are still never in both parts, but the source's camera and attack media
 * are: a different, easier question than the committed split's, so it cannot be combined with --write.
 *
 * The library is TypeScript that shares the engine's code; Vite's module runner loads it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../bin/lib/csv.mjs';

const MODEL_PATH = fileURLToPath(new URL('../src/signals/texture-model.json', import.meta.url));
const CONFIG_PATH = fileURLToPath(new URL('../src/config.ts', import.meta.url));
const LIBRARY = fileURLToPath(new URL('./fit/index.ts', import.meta.url));
/** Kept here as well as in the library, so a usage error needs no library load. */
const DEFAULT_SEED = 20261123;

/** @param {string} [message] @returns {never} */
function usage(message) {
  if (message) console.error(`fit: ${message}`);
  console.error('usage: node scripts/fit.mjs <scores.csv from eval --measurements> [--augmented <scores.csv of the copies>] [--with-learned] [--seed N] [--subject-from-path REGEX] [--report-held-out] [--write]');
  process.exit(2);
}

/**
 * The command line, parsed.
 * @param {string[]} args
 * @returns {{ file: string, write: boolean, withLearned: boolean, reportHeldOut: boolean, seed: number, subjectPattern: RegExp | null, augmentedFile: string | undefined }}
 */
function parseArgs(args) {
  const write = args.includes('--write');
  const withLearned = args.includes('--with-learned');
  const reportHeldOut = args.includes('--report-held-out');
  /** The value after a flag that takes one, and the positions both occupy. @param {string} flag */
  const valueFlag = (flag) => {
    const at = args.indexOf(flag);
    if (at >= 0 && (at + 1 >= args.length || args[at + 1].startsWith('--'))) usage(`${flag} needs a value`);
    return at >= 0 ? { value: args[at + 1], positions: [at, at + 1] } : { value: undefined, positions: [] };
  };
  const seedFlag = valueFlag('--seed');
  const seed = seedFlag.value === undefined ? DEFAULT_SEED : Number(seedFlag.value);
  if (!Number.isInteger(seed)) usage('--seed needs an integer');
  if (write && seed !== DEFAULT_SEED) usage('--write uses the committed seed only');
  const subjectFlag = valueFlag('--subject-from-path');
  let subjectPattern = null;
  try {
    subjectPattern = subjectFlag.value === undefined ? null : new RegExp(subjectFlag.value);
  } catch (error) {
    usage(`--subject-from-path: ${error instanceof Error ? error.message : error}`);
  }
  if (write && subjectPattern) usage('--write uses the committed split (whole sources) only');
  if (write && withLearned) usage("--with-learned reports nine weights but cannot write them: lbp_texture's calibration is fitted with the eight");
  const augmentedFlag = valueFlag('--augmented');
  const valuePositions = new Set([...seedFlag.positions, ...subjectFlag.positions, ...augmentedFlag.positions]);
  const files = args.filter((a, i) => !['--write', '--with-learned', '--report-held-out'].includes(a) && !valuePositions.has(i));
  if (files.length !== 1 || files[0].startsWith('-')) usage();
  return { file: files[0], write, withLearned, reportHeldOut, seed, subjectPattern, augmentedFile: augmentedFlag.value };
}

const options = parseArgs(process.argv.slice(2));
const table = parseCsv(readFileSync(options.file, 'utf8'));
const augmented = options.augmentedFile === undefined ? null : parseCsv(readFileSync(options.augmentedFile, 'utf8'));
const { runnerImport } = await import('vite');
/** @type {{ module: typeof import('./fit/index.ts') }} */
const { module: fit } = await runnerImport(LIBRARY, { configFile: false, logLevel: 'silent' });
if (fit.DEFAULT_SEED !== DEFAULT_SEED) throw new Error('scripts/fit.mjs and scripts/fit/weights.ts disagree on the default seed');

let result;
try {
  result = fit.runFit(table, { ...options, augmented, onProgress: (/** @type {string} */ message) => console.error(`fit: ${message}`) });
} catch (error) {
  if (error instanceof fit.FitInputError) usage(error.message);
  throw error;
}
console.log(JSON.stringify(result.report, null, 2));

if (options.write) {
  writeFileSync(CONFIG_PATH, fit.withWeights(readFileSync(CONFIG_PATH, 'utf8'), 'DEFAULT_WEIGHTS', result.signals, result.weights));
  writeFileSync(MODEL_PATH, result.textureModelJson());
  console.error(`fit: wrote ${MODEL_PATH} and the ${result.signals.length} weights to DEFAULT_WEIGHTS in ${CONFIG_PATH}`);
}
