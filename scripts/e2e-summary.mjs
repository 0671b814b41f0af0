#!/usr/bin/env node
/**
 * Prints the closing line of a CI run for the browser tests, read from Playwright's JSON report
 * (test-results/e2e.json, written by playwright.config.ts): `e2e: N passed, N failed`.
 * It only reports; the exit status of the test run itself decides whether CI fails.
 */
import { existsSync, readFileSync } from 'node:fs';

const REPORT = new URL('../test-results/e2e.json', import.meta.url);

if (!existsSync(REPORT)) {
  console.log('e2e: 0 passed, 0 failed (the browser tests did not run: no test-results/e2e.json)');
  process.exit(0);
}

const report = JSON.parse(readFileSync(REPORT, 'utf8'));
const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
const notes = [];
if (flaky) notes.push(`${flaky} flaky`);
if (skipped) notes.push(`${skipped} skipped`);
if (report.errors?.length) notes.push(`${report.errors.length} run error(s): ${report.errors[0].message?.split('\n')[0]}`);
console.log(`e2e: ${expected + flaky} passed, ${unexpected} failed${notes.length ? ` (${notes.join('; ')})` : ''}`);
