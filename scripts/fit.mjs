#!/usr/bin/env node
/**
 * Fits the calibrated defaults from an evaluation run, with source-grouped cross-validation:
 *
 *   npx selfie-liveness eval --manifest <csv> --out DIR --measurements
 *   node scripts/fit.mjs DIR/scores.csv [--write]
 *
 *   npx selfie-liveness eval --manifest <csv> --out DIR --measurements --config '{"enable_learned_texture":true}'
 *   node scripts/fit.mjs DIR/scores.csv --with-learned [--write]
 *
 * The fit itself is scripts/fit/ (pure functions: the texture models of `lbp_texture`, fitted and
 * predicted as the engine predicts; the signal weights by a seeded search; leave-one-source-out
 * figures). This command reads the file, prints the cross-validated figures as JSON on stdout and,
 * with --write, writes src/signals/texture-model.json (fitted on all sources) and the eight weights
 * to DEFAULT_WEIGHTS in src/config.ts.
 *
 * --with-learned adds the optional ninth signal `learned_texture` (its column must be in scores.csv)
 * to the weights: nine weights, same constraints, same search and split. With --write it writes them
 * to DEFAULT_WEIGHTS_WITH_LEARNED in src/config.ts and leaves texture-model.json alone (the texture
 * model belongs to the eight-signal defaults). Run on the same scores.csv with and without the flag,
 * the two reports compare the engine with and without the learned signal.
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
  console.error('usage: node scripts/fit.mjs <scores.csv from eval --measurements> [--with-learned] [--seed N] [--subject-from-path REGEX] [--write]');
  process.exit(2);
}

/**
 * The command line, parsed.
 * @param {string[]} args
 * @returns {{ file: string, write: boolean, withLearned: boolean, seed: number, subjectPattern: RegExp | null }}
 */
function parseArgs(args) {
  const write = args.includes('--write');
  const withLearned = args.includes('--with-learned');
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
  const valuePositions = new Set([...seedFlag.positions, ...subjectFlag.positions]);
  const files = args.filter((a, i) => a !== '--write' && a !== '--with-learned' && !valuePositions.has(i));
  if (files.length !== 1 || files[0].startsWith('-')) usage();
  return { file: files[0], write, withLearned, seed, subjectPattern };
}

const options = parseArgs(process.argv.slice(2));
const table = parseCsv(readFileSync(options.file, 'utf8'));
const { runnerImport } = await import('vite');
/** @type {{ module: typeof import('./fit/index.ts') }} */
const { module: fit } = await runnerImport(LIBRARY, { configFile: false, logLevel: 'silent' });
if (fit.DEFAULT_SEED !== DEFAULT_SEED) throw new Error('scripts/fit.mjs and scripts/fit/weights.ts disagree on the default seed');

let result;
try {
  result = fit.runFit(table, options);
} catch (error) {
  if (error instanceof fit.FitInputError) usage(error.message);
  throw error;
}
console.log(JSON.stringify(result.report, null, 2));

if (options.write) {
  const block = options.withLearned ? 'DEFAULT_WEIGHTS_WITH_LEARNED' : 'DEFAULT_WEIGHTS';
  writeFileSync(CONFIG_PATH, fit.withWeights(readFileSync(CONFIG_PATH, 'utf8'), block, result.signals, result.weights));
  if (!options.withLearned) writeFileSync(MODEL_PATH, result.textureModelJson());
  console.error(
    options.withLearned
      ? `fit: wrote the ${result.signals.length} weights to ${block} in ${CONFIG_PATH}`
      : `fit: wrote ${MODEL_PATH} and the ${result.signals.length} weights to ${block} in ${CONFIG_PATH}`,
  );
}
