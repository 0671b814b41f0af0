import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from './bin/lib/chromium.mjs';
import { DEMO_PORT, DEMO_URL, HARNESS_ORIGIN, HARNESS_PORT } from './e2e/helpers/servers';

/**
 * Browser tests: the real worker and the real model in the system Chromium (never a downloaded
 * browser). `npm run test:e2e` runs `scripts/ensure-chromium.mjs` first.
 */
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
    // the harness pages; the demo specs open DEMO_URL
    baseURL: HARNESS_ORIGIN,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM,
      args: [...CHROMIUM_ARGS],
    },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: `npx vite --port ${DEMO_PORT} --strictPort`,
      url: DEMO_URL,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `npx vite -c harness/vite.config.ts --port ${HARNESS_PORT} --strictPort`,
      url: `${HARNESS_ORIGIN}/harness.html`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
