/**
 * The published library (`npm run build:lib`), as opposed to the demo site (vite.config.ts):
 *
 *   dist/selfie-liveness.js         the main-thread facade (ESM, dependencies bundled in: no bare imports,
 *                                   so it also loads from a plain `<script type="module">` page)
 *   dist/liveness.worker.js         the analysis worker, its own chunk, self-contained (MediaPipe and its
 *                                   WASM loader, EXIF, FFT): no script is fetched at run time, so it runs
 *                                   as a module or a classic worker, whichever an app's bundler emits
 *   dist/assets/                    what an app must host (scripts/lib/hosted-assets.mjs; no JavaScript, so
 *                                   a minifying copy step cannot alter it), with README.md (provenance,
 *                                   licences) and manifest.json (sha256 of each file, checked by
 *                                   `selfie-liveness copy-assets`)
 *
 * No source maps: they would add 2 MB to the package (most of it tfjs's own sources), and leaving them
 * out by `files` instead would keep `//# sourceMappingURL` lines that make an app's dev server complain.
 *
 * The declarations (dist/types/) come after this build, from plain `tsc -p tsconfig.lib.json`: the
 * sources import with `.js` specifiers, which is what Node's ESM resolution reads.
 *
 * The facade starts the worker with the literal `new Worker(new URL('./liveness.worker.js', import.meta.url),
 * { type: 'module' })`: resolved next to the facade module wherever it is served, and the pattern that
 * Vite, webpack 5 and Next.js recognise when they bundle the package into an app (scripts/lib/bundler-fixes.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { browserSafeChunks, NODE_ONLY_DEFINES, plainWorkerUrl, runtimeImportsLeftAlone } from './scripts/lib/bundler-fixes.js';
import { ASSETS_README, HOSTED_ASSETS } from './scripts/lib/hosted-assets.mjs';
import { mediapipeLoader } from './scripts/lib/mediapipe-loader.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const OUT_DIR = here('dist');
const WORKER_FILE = 'liveness.worker.js';
const ASSETS_DIR = join(OUT_DIR, 'assets');

/** Copies the hosted assets into dist/assets/ and writes their sha256 manifest. */
function copyAssets(): void {
  rmSync(ASSETS_DIR, { recursive: true, force: true });
  const packageJson = JSON.parse(readFileSync(here('package.json'), 'utf8')) as { name: string; version: string };
  const files = [...HOSTED_ASSETS, { ...ASSETS_README, optional: false }].map((asset) => {
    const { path, source, optional } = asset;
    const gzip = 'gzip' in asset && asset.gzip === true;
    const external = 'external' in asset && asset.external === true;
    if (!existsSync(here(source))) throw new Error(`missing ${source} (run npm ci first)`);
    const bytes = gzip ? gzipSync(readFileSync(here(source)), { level: 9 }) : readFileSync(here(source));
    // An external file is listed with its sha256 but not shipped (scripts/lib/hosted-assets.mjs).
    if (!external) {
      const target = join(ASSETS_DIR, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, bytes);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return { path, bytes: bytes.length, sha256, ...(optional ? { optional: true } : {}), ...(external ? { external: true } : {}) };
  });
  const manifest = { name: packageJson.name, version: packageJson.version, algorithm: 'sha256', files };
  writeFileSync(join(ASSETS_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The hosted assets once the bundle is written. */
function hostedAssets(): Plugin {
  return {
    name: 'selfie-liveness:hosted-assets',
    apply: 'build',
    closeBundle() {
      copyAssets();
    },
  };
}

export default defineConfig({
  root: here('.'),
  // Nothing from public/ is copied: the hosted assets go to dist/assets/ with their manifest.
  publicDir: false,
  base: './',
  // Node.js names in dependencies' code (tfjs's Emscripten glue, ExifReader's Node.js file loaders), in
  // branches that never run in a browser: defined away, so that no app's bundler sees them.
  define: NODE_ONLY_DEFINES,
  worker: {
    format: 'es',
    plugins: () => [mediapipeLoader(), runtimeImportsLeftAlone(), browserSafeChunks('worker')],
    // the learned_texture code is a chunk of its own, loaded by the worker when first enabled
    rolldownOptions: { output: { entryFileNames: WORKER_FILE, chunkFileNames: 'liveness.[name]-[hash].js' } },
  },
  plugins: [mediapipeLoader(), plainWorkerUrl(WORKER_FILE), browserSafeChunks('facade'), hostedAssets()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    lib: {
      entry: here('src/index.ts'),
      formats: ['es'],
      fileName: () => 'selfie-liveness.js',
    },
  },
});
