#!/usr/bin/env node
// Copies MediaPipe's WASM loader and binaries from node_modules into public/models/wasm/, so the
// demo and the tests serve them from their own origin. Run by `npm install` / `npm ci` (prepare).
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'node_modules', '@mediapipe', 'tasks-vision', 'wasm');
const target = join(root, 'public', 'models', 'wasm');

mkdirSync(target, { recursive: true });
let bytes = 0;
const files = readdirSync(source).filter((name) => /\.(js|wasm)$/.test(name));
for (const name of files) {
  copyFileSync(join(source, name), join(target, name));
  bytes += statSync(join(target, name)).size;
}
console.error(`copy-wasm: ${files.length} files (${(bytes / 1048576).toFixed(1)} MiB) -> public/models/wasm/`);
