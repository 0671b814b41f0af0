#!/usr/bin/env node
// Copies the hosted files that come from node_modules (MediaPipe's WASM loader and runtime, and tfjs's
// WASM backend binaries for the optional learned_texture signal; the list is scripts/lib/hosted-assets.mjs)
// into public/models/, so the demo, the harness pages and the tests serve them from their own origin.
// Run by `npm install` / `npm ci` (prepare).
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromNodeModules } from './lib/hosted-assets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'public', 'models');

let bytes = 0;
let count = 0;
for (const { path, source } of fromNodeModules()) {
  const to = join(target, path);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(root, source), to);
  bytes += statSync(to).size;
  count++;
}
console.error(`copy-wasm: ${count} files (${(bytes / 1048576).toFixed(1)} MiB) -> public/models/wasm/`);
