/**
 * The published library (`npm run build:lib`), as opposed to the demo site (vite.config.ts):
 *
 *   dist/selfie-liveness.js         the main-thread facade (ESM, dependencies bundled in: no bare imports,
 *                                   so it also loads from a plain `<script type="module">` page)
 *   dist/liveness.worker.js         the analysis worker, its own chunk, self-contained (MediaPipe, EXIF, FFT)
 *   dist/*.map                      source maps (sources embedded)
 *   dist/assets/                    what an app must host (scripts/lib/hosted-assets.mjs), with README.md
 *                                   (provenance, licences) and manifest.json (sha256 of each file, checked
 *                                   by `selfie-liveness copy-assets`)
 *
 * The declarations (dist/types/) come after this build, from plain `tsc -p tsconfig.lib.json`: the
 * sources import with `.js` specifiers, which is what Node's ESM resolution reads.
 *
 * The facade starts the worker with the literal `new Worker(new URL('./liveness.worker.js', import.meta.url),
 * { type: 'module' })`: resolved next to the facade module wherever it is served, and the pattern that
 * Vite, webpack 5 and Next.js recognise when they bundle the package into an app (scripts/lib/bundler-fixes.ts).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { plainWorkerUrl, runtimeImportsLeftAlone } from './scripts/lib/bundler-fixes.js';
import { ASSETS_README, HOSTED_ASSETS } from './scripts/lib/hosted-assets.mjs';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const OUT_DIR = here('dist');
const WORKER_FILE = 'liveness.worker.js';
const ASSETS_DIR = join(OUT_DIR, 'assets');

/** Copies the hosted assets into dist/assets/ and writes their sha256 manifest. */
function copyAssets(): void {
  rmSync(ASSETS_DIR, { recursive: true, force: true });
  const packageJson = JSON.parse(readFileSync(here('package.json'), 'utf8')) as { name: string; version: string };
  const files = [...HOSTED_ASSETS, ASSETS_README].map(({ path, source }) => {
    if (!existsSync(here(source))) throw new Error(`missing ${source} (run npm ci first)`);
    const target = join(ASSETS_DIR, path);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(here(source), target);
    const sha256 = createHash('sha256').update(readFileSync(target)).digest('hex');
    return { path, bytes: statSync(target).size, sha256 };
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
  worker: {
    format: 'es',
    plugins: () => [runtimeImportsLeftAlone()],
    // the learned_texture code is a chunk of its own, loaded by the worker when first enabled
    rolldownOptions: { output: { entryFileNames: WORKER_FILE, chunkFileNames: 'liveness.[name]-[hash].js' } },
  },
  plugins: [plainWorkerUrl(WORKER_FILE), hostedAssets()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: here('src/index.ts'),
      formats: ['es'],
      fileName: () => 'selfie-liveness.js',
    },
  },
});
