import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * The outside apps that `npm test` leaves out for its time (e2e/*.bundlers.ts): Next.js with webpack,
 * Rollup, and learned_texture in every app. Run it with `npm run test:bundlers` (several minutes: one
 * install of every bundler, seven production builds).
 */
export default defineConfig({
  ...base,
  testMatch: /.*\.bundlers\.ts$/,
  webServer: undefined,
  workers: 1,
  reporter: [['list']],
});
