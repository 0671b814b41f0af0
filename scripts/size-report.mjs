#!/usr/bin/env node
/**
 * Size report of the published library, run by `npm run build:lib` after the build: raw and gzip
 * bytes of the main-thread facade, the worker chunk, the WASM runtime and the model, as a Markdown
 * table on stdout. Exits 1 when the facade is over its budget (gzip), naming the modules that weigh
 * most in it (from its source map), so the build fails before a heavy import reaches users.
 *
 *   node scripts/size-report.mjs [--dist DIR]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Budget of the facade (dist/selfie-liveness.js), gzip bytes: 15 kB. */
export const FACADE_GZIP_BUDGET = 15_000;

const distArg = process.argv.indexOf('--dist');
const DIST = distArg > 0 ? resolve(process.argv[distArg + 1]) : fileURLToPath(new URL('../dist', import.meta.url));

/** What a page downloads, in load order. */
const PARTS = [
  { label: 'facade (main thread)', file: 'selfie-liveness.js' },
  { label: "worker chunk (with MediaPipe's WASM loader)", file: 'liveness.worker.js' },
  { label: 'WASM runtime (gzip file)', file: 'assets/wasm/vision_wasm_internal.wasm.gz' },
  { label: 'model', file: 'assets/face_landmarker.task' },
];

/** What a page downloads only when `enable_learned_texture` is first used (not in the total). */
const OPTIONAL_PARTS = [
  { label: 'learned_texture code (worker chunk)', file: /^liveness\.anti-spoof-model-[\w-]+\.js$/ },
  { label: 'learned_texture WebGL backend (worker chunk, hardware GPU only)', file: /^liveness\.webgl-backend-[\w-]+\.js$/ },
  { label: 'learned_texture WASM runtime (SIMD)', file: 'assets/wasm/tfjs-backend-wasm-simd.wasm' },
  { label: 'learned_texture model', file: 'assets/face_anti_spoofing.tflite' },
];

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Output bytes of `code` attributed to each source of its map (a segment owns the text up to the next
 * segment of its line). Unmapped text counts as "(unmapped)".
 * @param {string} code @param {{ sources: string[], mappings: string }} map
 * @returns {Map<string, number>}
 */
function bytesPerSource(code, map) {
  /** @type {Map<string, number>} */
  const totals = new Map();
  const add = (/** @type {string} */ source, /** @type {number} */ n) => totals.set(source, (totals.get(source) ?? 0) + n);
  const lines = code.split('\n');
  let sourceIndex = 0;
  map.mappings.split(';').forEach((line, lineNo) => {
    const text = lines[lineNo] ?? '';
    /** @type {{ column: number, source: string }[]} */
    const segments = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0];
      if (fields.length >= 4) sourceIndex += fields[1];
      segments.push({ column, source: fields.length >= 4 ? map.sources[sourceIndex] : '(unmapped)' });
    }
    if (segments.length === 0) add('(unmapped)', text.length + 1);
    else if (segments[0].column > 0) add('(unmapped)', segments[0].column);
    segments.forEach((segment, i) => add(segment.source, (segments[i + 1]?.column ?? text.length + 1) - segment.column));
  });
  return totals;
}

/** @param {number} bytes */
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

/** Sizes of the optional parts that the build left (a part it did not build is left out). */
function optionalRows() {
  return OPTIONAL_PARTS.flatMap((part) => {
    const pattern = part.file;
    const file = typeof pattern === 'string' ? pattern : readdirSync(DIST).find((name) => pattern.test(name));
    if (!file || !existsSync(join(DIST, file))) return [];
    const bytes = readFileSync(join(DIST, file));
    return [{ label: part.label, file, raw: bytes.length, gzip: gzipSync(bytes).length }];
  });
}

function main() {
  const missing = PARTS.filter((part) => !existsSync(join(DIST, part.file)));
  if (missing.length > 0) {
    process.stderr.write(`size-report: ${missing.map((part) => part.file).join(', ')} not found in ${DIST}; run npm run build:lib first.\n`);
    return 2;
  }
  const rows = PARTS.map((part) => {
    const bytes = readFileSync(join(DIST, part.file));
    return { ...part, raw: bytes.length, gzip: gzipSync(bytes).length };
  });
  const total = rows.reduce((sum, row) => ({ raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip }), { raw: 0, gzip: 0 });
  const out = [
    '| part | file | raw | gzip |',
    '|---|---|---:|---:|',
    ...rows.map((row) => `| ${row.label} | dist/${row.file} | ${row.raw.toLocaleString('en')} B (${kb(row.raw)}) | ${row.gzip.toLocaleString('en')} B (${kb(row.gzip)}) |`),
    `| **total, first load** | | ${total.raw.toLocaleString('en')} B (${kb(total.raw)}) | ${total.gzip.toLocaleString('en')} B (${kb(total.gzip)}) |`,
    ...optionalRows().map((row) => `| ${row.label} (optional, on first use) | dist/${row.file} | ${row.raw.toLocaleString('en')} B (${kb(row.raw)}) | ${row.gzip.toLocaleString('en')} B (${kb(row.gzip)}) |`),
    '',
  ];
  process.stdout.write(out.join('\n'));

  const facade = rows[0];
  if (facade.gzip <= FACADE_GZIP_BUDGET) {
    process.stdout.write(`facade budget: ${facade.gzip.toLocaleString('en')} of ${FACADE_GZIP_BUDGET.toLocaleString('en')} B gzip: OK\n`);
    return 0;
  }
  const mapFile = join(DIST, `${facade.file}.map`);
  let heaviest = '';
  if (existsSync(mapFile)) {
    const shares = [...bytesPerSource(readFileSync(join(DIST, facade.file), 'utf8'), JSON.parse(readFileSync(mapFile, 'utf8')))]
      .filter(([source]) => source !== '(unmapped)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10);
    heaviest = `\nHeaviest modules in the facade (raw bytes of its output):\n${shares.map(([source, n]) => `  ${n.toLocaleString('en').padStart(7)} B  ${source.replace(/^(\.\.\/)+/, '')}`).join('\n')}\n`;
  }
  process.stderr.write(
    `size-report: the facade is ${facade.gzip.toLocaleString('en')} B gzip, over its budget of ${FACADE_GZIP_BUDGET.toLocaleString('en')} B. ` +
      `Analysis code belongs behind the worker boundary: look for a main-thread import that pulls it in.${heaviest}`,
  );
  return 1;
}

process.exitCode = main();
