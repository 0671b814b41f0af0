import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from './bin/lib/chromium.mjs';

/**
 * Browser tests: the real worker and the real model in the system Chromium (never a downloaded
 * browser). `npm run test:e2e` runs `scripts/ensure-chromium.mjs` first.
 */
/** Port of the test server; `.ci/run` picks a free one. */
const PORT = Number(process.env.E2E_PORT || 5199);
const BASE_URL = `http://127.0.0.1:${PORT}`;


export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/artifacts',
  // WASM inference runs on the CPU here, and CI machines are small.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM,
      args: [...CHROMIUM_ARGS],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npx vite --port ${PORT} --strictPort`,
    url: `${BASE_URL}/harness.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
