import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { mediapipeLoader } from '../scripts/lib/mediapipe-loader.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The pages the command line and the browser tests drive (not the demo, never deployed with it):
 * harness.html (the public API for `check`, `eval`, `synth` and the tests), bench.html (`bench`) and
 * learned-model.html (the learned model's component check), minifasnet.html (MiniFASNet's, in a worker). Served by `bin/lib/session.mjs` and by
 * Playwright's second web server; `vite build -c harness/vite.config.ts` builds them apart from the
 * demo (the strict-CSP test does). public/ holds the self-hosted model and WASM assets.
 */
export default defineConfig({
  root: here('.'),
  base: './',
  // No SPA fallback: a missing asset must answer 404, not a page.
  appType: 'mpa',
  publicDir: here('../public'),
  // Its own pre-bundle cache, so that it never disturbs the demo's dev server.
  cacheDir: here('../node_modules/.vite-harness'),
  server: { host: '127.0.0.1', port: 5174, strictPort: false },
  // MediaPipe's WASM loader is part of the worker (scripts/lib/mediapipe-loader.ts).
  plugins: [mediapipeLoader()],
  worker: { format: 'es', plugins: () => [mediapipeLoader()] },
  // Pre-bundle the worker's dependencies up front, so a fresh dev server never reloads the page.
  optimizeDeps: { include: ['@mediapipe/tasks-vision', 'comlink', 'exifreader', 'fft.js', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgl'] },
  build: {
    outDir: here('../dist-harness'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { harness: here('harness.html'), bench: here('bench.html'), learned: here('learned-model.html'), minifasnet: here('minifasnet.html') },
    },
  },
});
