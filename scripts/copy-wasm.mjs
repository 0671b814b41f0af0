#!/usr/bin/env node
// Writes the hosted files that come from node_modules (MediaPipe's WASM runtime, gzip-compressed as the
// engine fetches it, and tfjs's SIMD backend for the optional learned_texture signal; the list is
// scripts/lib/hosted-assets.mjs) into public/models/, so the demo, the harness pages and the tests serve
// them from their own origin. Run before the scripts that serve public/ (prestart, pretest:e2e, …), never
// on a consumer's install; a file already up to date is left alone.
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { fromNodeModules } from './lib/hosted-assets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'public', 'models');

/** Writes what is missing or older than its source; returns how many files and bytes are in place. */
export function copyWasm() {
  let bytes = 0;
  let count = 0;
  for (const { path, source, gzip } of fromNodeModules()) {
    const from = join(root, source);
    const to = join(target, path);
    mkdirSync(dirname(to), { recursive: true });
    if (!existsSync(to) || statSync(to).mtimeMs < statSync(from).mtimeMs) {
      if (gzip) writeFileSync(to, gzipSync(readFileSync(from), { level: 9 }));
      else copyFileSync(from, to);
    }
    bytes += statSync(to).size;
    count++;
  }
  return { count, bytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { count, bytes } = copyWasm();
  console.error(`copy-wasm: ${count} files (${(bytes / 1048576).toFixed(1)} MiB) in public/models/wasm/`);
}
