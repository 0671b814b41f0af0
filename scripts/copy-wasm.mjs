#!/usr/bin/env node
// Copies MediaPipe's WASM loader and binaries, and tfjs's WASM backend binaries (used by the optional
// learned_texture signal), from node_modules into public/models/wasm/, so the demo and the tests serve
// them from their own origin. Run by `npm install` / `npm ci` (prepare).
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = [
  { dir: join(root, 'node_modules', '@mediapipe', 'tasks-vision', 'wasm'), pick: /\.(js|wasm)$/ },
  { dir: join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'), pick: /^tfjs-backend-wasm(-simd|-threaded-simd)?\.wasm$/ },
];
const target = join(root, 'public', 'models', 'wasm');

mkdirSync(target, { recursive: true });
let bytes = 0;
let count = 0;
for (const { dir, pick } of sources) {
  for (const name of readdirSync(dir).filter((file) => pick.test(file))) {
    copyFileSync(join(dir, name), join(target, name));
    bytes += statSync(join(target, name)).size;
    count++;
  }
}
console.error(`copy-wasm: ${count} files (${(bytes / 1048576).toFixed(1)} MiB) -> public/models/wasm/`);
