#!/usr/bin/env node
/**
 * Prints the held-out split of a manifest (scripts/lib/holdout.mjs) as JSON:
 *
 *   node scripts/holdout.mjs <manifest.csv>
 *
 * `heldOut` lists the sources that no fit, weight search, threshold or design choice may see;
 * `development` the sources everything is fitted on.
 */
import { readFileSync } from 'node:fs';
import { parseCsv } from '../bin/lib/csv.mjs';
import { holdoutSplit, framingOf } from './lib/holdout.mjs';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: node scripts/holdout.mjs <manifest.csv>\n');
  process.exit(2);
}
const [header, ...body] = parseCsv(readFileSync(path, 'utf8'));
const rows = body.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
const split = holdoutSplit(/** @type {any} */ (rows));
const count = (/** @type {string[]} */ sources) => rows.filter((r) => sources.includes(r.source)).length;
process.stdout.write(
  JSON.stringify(
    {
      ...split,
      heldOutImages: count(split.heldOut),
      developmentImages: count(split.development),
      framing: Object.fromEntries(split.heldOut.map((s) => [s, framingOf(s)])),
    },
    null,
    2,
  ) + '\n',
);
