/**
 * `selfie-liveness synth <image>... --out DIR`: turns live photos into simulated presentation
 * attacks with the attack simulator (src/synth), run in the harness page because only a browser
 * decodes every input format and encodes JPEG without extra dependencies. Writes
 * `DIR/<name>__<attack>.jpg`, a copy of each original, and `DIR/manifest.csv` in the format of
 * `selfie-liveness eval`, so that the folder can be evaluated as it is.
 * @module
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { toCsv } from './csv.mjs';
import { LIVE_LABEL, SPOOF_LABEL } from './metrics.mjs';
import { EXIT_FAILURE, EXIT_OK, openSession, UsageError } from './session.mjs';

/**
 * The simulations of src/synth's `ATTACKS`, in its order; each name is also the manifest's
 * attack_type. Kept here so that a bad `--attacks` is refused before the browser starts; the
 * harness refuses any name the simulator does not know.
 */
export const SYNTH_ATTACKS = Object.freeze(['print', 'screen_replay', 'photo_of_photo']);
/** Seed of every simulation when `--seed` is not given. */
export const DEFAULT_SYNTH_SEED = 1;
/** Largest seed: the simulator uses the low 32 bits of its seed. */
const MAX_SEED = 0xffffffff;
/** Separates an original's name from the attack in an output file name. */
const NAME_SEPARATOR = '__';
/** The page reloaded under a call (Vite's one-time pre-bundling); the call is repeated once. */
const RELOAD_ERROR = /Execution context was destroyed|navigat/i;

/**
 * Parses `--attacks`: a comma-separated subset of SYNTH_ATTACKS, duplicates removed, in the
 * simulator's order.
 * @param {string} value
 * @returns {string[]}
 */
export function parseAttacks(value) {
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw new UsageError(`--attacks needs at least one of ${SYNTH_ATTACKS.join(', ')}`);
  const unknown = names.filter((name) => !SYNTH_ATTACKS.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown attack "${unknown[0]}" in --attacks (known: ${SYNTH_ATTACKS.join(', ')})`);
  }
  return SYNTH_ATTACKS.filter((name) => names.includes(name));
}

/**
 * Parses `--seed`: a whole number from 0 to 2³² − 1.
 * @param {string} value
 * @returns {number}
 */
export function parseSeed(value) {
  if (!/^\d+$/.test(value) || Number(value) > MAX_SEED) {
    throw new UsageError(`--seed must be a whole number from 0 to ${MAX_SEED}, got "${value}"`);
  }
  return Number(value);
}

/** A path for messages: relative to the working folder when inside it, else absolute. */
function shown(/** @type {string} */ path) {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** The name an original goes by in output file names and the manifest's `source`: its file name without extension. */
function stemOf(/** @type {string} */ file) {
  return basename(file, extname(file));
}

/**
 * One row of the written manifest.
 * @typedef {{ path: string, label: string, attack_type: string, source: string }} SynthRow
 */

/** @type {import('./csv.mjs').CsvColumn<SynthRow>[]} */
const MANIFEST_COLUMNS = [
  { header: 'path', value: (row) => row.path },
  { header: 'label', value: (row) => row.label },
  { header: 'attack_type', value: (row) => row.attack_type },
  { header: 'source', value: (row) => row.source },
];

/**
 * @param {{
 *   images: string[],
 *   outDir: string,
 *   attacks: readonly string[],
 *   seed: number,
 *   log: import('./session.mjs').Log,
 * }} options
 * @returns {Promise<number>} the exit status
 */
export async function runSynth({ images, outDir, attacks, seed, log }) {
  const out = resolve(outDir);
  // Every original must be readable, and names must not collide in DIR, before the browser starts.
  const originals = [];
  const stems = new Map();
  for (const file of images) {
    let bytes;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new UsageError(`cannot read "${file}": ${error instanceof Error ? error.message : error}`);
    }
    const name = basename(file);
    const stem = stemOf(file);
    const clash = stems.get(stem);
    if (clash !== undefined) throw new UsageError(`"${clash}" and "${file}" would write the same files in ${outDir} (same name "${stem}")`);
    stems.set(stem, file);
    originals.push({ file, name, stem, bytes });
  }
  await mkdir(out, { recursive: true });

  const session = await openSession({ config: {}, log });
  /** @param {string} base64 @param {string} attack */
  const simulate = async (base64, attack) => {
    const call = () =>
      session.page.evaluate(([image, name, s]) => window.selfieLiveness.synth(image, /** @type {any} */ (name), s), /** @type {[string, string, number]} */ ([base64, attack, seed]));
    try {
      return await call();
    } catch (error) {
      if (!RELOAD_ERROR.test(String(error))) throw error;
      log('the page reloaded during a simulation; repeating it');
      await session.page.waitForLoadState('load');
      await session.page.waitForFunction(() => window.harnessReady === true);
      return call();
    }
  };

  /** @type {SynthRow[]} */
  const rows = [];
  let failures = 0;
  let written = 0;
  for (const { file, name, stem, bytes } of originals) {
    /** @type {SynthRow[]} */
    const simulated = [];
    try {
      const base64 = bytes.toString('base64');
      for (const attack of attacks) {
        const started = performance.now();
        const result = await simulate(base64, attack);
        const target = join(out, `${stem}${NAME_SEPARATOR}${attack}.jpg`);
        await writeFile(target, Buffer.from(result.image, 'base64'));
        written++;
        const ms = Math.round(performance.now() - started);
        log(`wrote ${shown(target)} (${attack}, ${result.width}×${result.height}, ${ms} ms)`);
        simulated.push({ path: basename(target), label: SPOOF_LABEL, attack_type: attack, source: stem });
      }
    } catch (error) {
      failures++;
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      log(`${file}: could not simulate attacks: ${reason}`);
      continue;
    }
    const copy = join(out, name);
    if (resolve(file) !== copy) await copyFile(file, copy);
    written++;
    log(`wrote ${shown(copy)} (live original)`);
    rows.push({ path: name, label: LIVE_LABEL, attack_type: 'none', source: stem }, ...simulated);
  }

  const manifest = join(out, 'manifest.csv');
  await writeFile(manifest, toCsv(MANIFEST_COLUMNS, rows));
  log(`wrote ${shown(manifest)}`);
  const live = rows.filter((row) => row.label === LIVE_LABEL).length;
  const count = (/** @type {number} */ n, /** @type {string} */ noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  process.stdout.write(
    `synth: ${count(rows.length - live, 'simulated attack')} of ${count(live, 'live photo')} (${attacks.join(', ')}; seed ${seed})` +
      `${failures > 0 ? `, ${count(failures, 'photo')} failed` : ''}, ${count(written + 1, 'file')} in ${outDir}; ` +
      `evaluate with: selfie-liveness eval --manifest ${join(outDir, 'manifest.csv')}\n`,
  );
  return failures > 0 ? EXIT_FAILURE : EXIT_OK;
}
