/**
 * The one list of the files an app must host for the engine (its model and WASM), relative to
 * `assetBaseUrl`, and where each comes from in this repository. `scripts/copy-wasm.mjs` copies the
 * `wasm/` ones out of node_modules into public/models/ (for the demo, the harness pages and the tests);
 * the library build (vite.lib.config.ts) copies every one into dist/assets/ with its sha256 manifest.
 * @module
 */

/**
 * @typedef {object} HostedAsset
 * @property {string} path  the file's path under `assetBaseUrl` (and under dist/assets/)
 * @property {string} source  where it comes from, relative to the project root
 * @property {boolean} optional  fetched only when `enable_learned_texture` is on
 */

/** @type {readonly HostedAsset[]} */
export const HOSTED_ASSETS = Object.freeze([
  { path: 'face_landmarker.task', source: 'public/models/face_landmarker.task', optional: false },
  // The module build of the loader is the only one the worker asks for (FaceModel: forVisionTasks(base, true)).
  { path: 'wasm/vision_wasm_module_internal.js', source: 'node_modules/@mediapipe/tasks-vision/wasm/vision_wasm_module_internal.js', optional: false },
  { path: 'wasm/vision_wasm_module_internal.wasm', source: 'node_modules/@mediapipe/tasks-vision/wasm/vision_wasm_module_internal.wasm', optional: false },
  // The optional learned_texture signal: its model and tfjs's WASM backend, fetched only when it is enabled.
  { path: 'face_anti_spoofing.tflite', source: 'public/models/face_anti_spoofing.tflite', optional: true },
  { path: 'wasm/tfjs-backend-wasm.wasm', source: 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', optional: true },
  { path: 'wasm/tfjs-backend-wasm-simd.wasm', source: 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', optional: true },
  { path: 'wasm/tfjs-backend-wasm-threaded-simd.wasm', source: 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm', optional: true },
].map((asset) => Object.freeze(asset)));

/** The provenance and licences of the hosted files, shipped next to them. */
export const ASSETS_README = Object.freeze({ path: 'README.md', source: 'public/models/README.md' });

/** The hosted files that `npm ci` copies out of node_modules (the others are committed under public/models/). */
export function fromNodeModules() {
  return HOSTED_ASSETS.filter((asset) => asset.source.startsWith('node_modules/'));
}
