import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { mediapipeLoader } from './scripts/lib/mediapipe-loader.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The demo (demo/) is the site root; public/ holds the self-hosted model and WASM assets.
// `base: './'` makes the built demo work when served from any path. The pages the command line and
// the tests drive are not part of it: they have their own config (harness/vite.config.ts).
export default defineConfig({
  root: here('demo'),
  base: './',
  // No SPA fallback: a missing asset must answer 404, not the demo page.
  appType: 'mpa',
  publicDir: here('public'),
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173 },
  // MediaPipe's WASM loader is part of the worker (scripts/lib/mediapipe-loader.ts).
  plugins: [mediapipeLoader()],
  worker: { format: 'es', plugins: () => [mediapipeLoader()] },
  // Pre-bundle the worker's dependencies up front, so a fresh dev server never reloads the page.
  optimizeDeps: { include: ['@mediapipe/tasks-vision', 'comlink', 'exifreader', 'fft.js', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgl'] },
  build: {
    outDir: here('dist-demo'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { main: here('demo/index.html') },
    },
  },
});
