import { defineConfig } from 'vitest/config';
import { mediapipeLoader } from './scripts/lib/mediapipe-loader.js';

// Unit tests run in Node, next to the code they test. The worker's modules import MediaPipe's WASM
// loader as a module of their own (scripts/lib/mediapipe-loader.ts), as the builds do.
export default defineConfig({
  plugins: [mediapipeLoader()],
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bin/**/*.test.ts'],
    environment: 'node',
  },
});
