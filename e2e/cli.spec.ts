/**
 * The command line (bin/selfie-liveness.mjs) end to end: its own Vite server, its own Chromium,
 * the real engine. stdout must hold exactly one JSON envelope per image, in input order.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import type { LivenessResponse } from '../src/index';
import { FACES } from './helpers/faces';
import { faceJpeg, openHarness } from './helpers/harness';
import { expectEnvelope, expectError, expectSignals } from './helpers/contract';
import { CLI, runCli } from './helpers/cli';

test.describe('selfie-liveness CLI', () => {
  let dir: string;

  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'selfie-liveness-cli-'));
  });

  test.afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('check prints one envelope per image, in input order, and exits 0', async ({ page }) => {
    await openHarness(page);
    const face = join(dir, 'face.jpg');
    writeFileSync(face, Buffer.from(await faceJpeg(page, FACES.frontal), 'base64'));
    const missing = join(dir, 'does-not-exist.jpg');

    const run = await runCli(['check', '--config', '{"live_threshold":0.6}', face, missing]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line) as LivenessResponse);

    expectEnvelope(first);
    if (first.status !== 'success') throw new Error(`face.jpg: ${first.error.code}: ${first.error.message}`);
    expect(first.result.face_detected).toBe(true);
    expect(first.result.threshold, '--config reached the engine').toBe(0.6);
    expectSignals(first.result);

    expectError(second, 'INVALID_REQUEST', 422, false);
    if (second.status === 'error') expect(second.error.message).toMatch(/could not be read/);
    expect(second.request_id).not.toBe(first.request_id);
  });

  test('usage errors exit 2 with nothing on stdout', async () => {
    const cases = [[], ['check'], ['frobnicate', 'a.jpg'], ['check', '--config', '{oops', 'a.jpg'], ['check', '--nope', 'a.jpg'], ['eval']];
    for (const args of cases) {
      const run = await runCli(args);
      expect(run.code, `selfie-liveness ${args.join(' ')}`).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.length).toBeGreaterThan(0);
    }
  });

  test('a configuration the engine refuses exits 2 and names the key', async () => {
    const run = await runCli(['check', '--config', '{"live_treshold":0.6}', join(dir, 'any.jpg')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('live_treshold');
  });

  test('--help lists the commands and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/check <image>/);
    for (const command of ['eval', 'synth', 'bench', 'copy-assets']) expect(run.stdout).toMatch(new RegExp(`\\n  ${command}\\b`));
    expect(run.stdout).not.toMatch(/not yet available/);
  });
});
