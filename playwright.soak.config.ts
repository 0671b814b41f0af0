import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * The soak test (e2e/*.soak.ts): 1,000 checks in one engine with heap figures. Minutes long, so it
 * stays out of `npm test`; run it with `npm run test:soak`.
 */
export default defineConfig({
  ...base,
  testMatch: /.*\.soak\.ts$/,
  timeout: 30 * 60_000,
  workers: 1,
  reporter: [['list']],
});
