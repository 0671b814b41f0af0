/**
 * Reading an evaluation manifest: CSV with the columns `path,label,attack_type,source` (header
 * required, any order, extra columns ignored). Paths are relative to the manifest's folder.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseCsv } from './csv.mjs';
import { LIVE_LABEL, SPOOF_LABEL } from './metrics.mjs';
import { UsageError } from './session.mjs';

/** Columns a manifest must have. */
export const REQUIRED_COLUMNS = Object.freeze(['path', 'label']);
/** Columns read when present (empty otherwise). */
export const OPTIONAL_COLUMNS = Object.freeze(['attack_type', 'source']);

/**
 * One image of a manifest.
 * @typedef {object} ManifestRow
 * @property {string} path  as written in the manifest
 * @property {string} file  absolute path on disk
 * @property {'live' | 'spoof'} label
 * @property {string} attack_type  'none' for live images when the manifest leaves it empty
 * @property {string} source
 * @property {number} line  1-based line of the row in the manifest (the header is line 1)
 */

/**
 * Turns manifest text into rows; a UsageError names the first bad line.
 * @param {string} text
 * @param {string} baseDir  folder the paths are relative to
 * @param {string} [name='manifest']  for messages
 * @returns {ManifestRow[]}
 */
export function parseManifest(text, baseDir, name = 'manifest') {
  let table;
  try {
    table = parseCsv(text);
  } catch (error) {
    throw new UsageError(`${name}: ${error instanceof Error ? error.message : error}`);
  }
  const [header, ...rows] = table;
  if (!header) throw new UsageError(`${name} is empty`);
  const index = Object.fromEntries(header.map((column, i) => [column.trim().toLowerCase(), i]));
  const missing = REQUIRED_COLUMNS.filter((column) => index[column] === undefined);
  if (missing.length > 0) {
    throw new UsageError(`${name} has no column ${missing.map((c) => `"${c}"`).join(', ')} (its header: ${header.join(',')})`);
  }
  const cell = (/** @type {string[]} */ row, /** @type {string} */ column) =>
    index[column] === undefined ? '' : (row[index[column]] ?? '').trim();
  return rows.map((row, i) => {
    const line = i + 2;
    const path = cell(row, 'path');
    if (path === '') throw new UsageError(`${name}, line ${line}: empty path`);
    const label = cell(row, 'label').toLowerCase();
    if (label !== LIVE_LABEL && label !== SPOOF_LABEL) {
      throw new UsageError(`${name}, line ${line}: label must be "live" or "spoof", got "${cell(row, 'label')}"`);
    }
    const attackType = cell(row, 'attack_type') || (label === LIVE_LABEL ? 'none' : '');
    return { path, file: resolve(baseDir, path), label, attack_type: attackType, source: cell(row, 'source'), line };
  });
}

/**
 * Reads and parses a manifest file.
 * @param {string} manifestPath
 * @returns {Promise<ManifestRow[]>}
 */
export async function readManifest(manifestPath) {
  let text;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the manifest "${manifestPath}": ${error instanceof Error ? error.message : error}`);
  }
  return parseManifest(text, dirname(resolve(manifestPath)), manifestPath);
}
