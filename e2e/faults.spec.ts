/**
 * Faults the engine must answer cleanly: a check past its time limit, a missing asset, a call
 * after dispose(). Each answers at once with a typed error instead of hanging.
 */
import { test, expect } from '@playwright/test';
import { FACES } from './helpers/faces';
import { check, faceJpeg, openEngine, openHarness } from './helpers/harness';

test('a check past its time limit answers INFERENCE_ERROR, and the engine answers the next call', async ({ page }) => {
  await openEngine(page, { timeoutMs: 1 });
  const face = await faceJpeg(page, FACES.frontal);
  for (let i = 0; i < 2; i++) {
    const response = await check(page, face);
    expect(response.status).toBe('error');
    if (response.status !== 'error') return;
    expect(response.error).toMatchObject({ code: 'INFERENCE_ERROR', http_status: 200, retryable: true });
    expect(response.error.message).toContain('did not finish within 1 ms');
    expect(response.request_id).toMatch(/^lv_[0-9a-f]{16}$/);
  }
});

test('a missing model makes createLivenessEngine reject with an error naming the URL', async ({ page }) => {
  await openHarness(page);
  const outcome = await page.evaluate(() => window.selfieLiveness.init({ assetBaseUrl: '/no-such-folder/' }));
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.name).toBe('EngineLoadError');
  expect(outcome.message).toMatch(/\/no-such-folder\/face_landmarker\.task: HTTP 404/);
});

test('missing WASM makes createLivenessEngine reject with an error naming the URL', async ({ page }) => {
  await openHarness(page);
  const outcome = await page.evaluate(() => window.selfieLiveness.init({ assets: { wasmBase: '/no-wasm/' } }));
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.name).toBe('EngineLoadError');
  expect(outcome.message).toMatch(/\/no-wasm\/vision_wasm_internal\.wasm\.gz: HTTP 404/);
});

test('a check after dispose() rejects with a clear message instead of hanging', async ({ page }) => {
  await openHarness(page);
  const message = await page.evaluate(async () => {
    const engine = await window.selfieLiveness.createLivenessEngine();
    engine.dispose();
    try {
      await engine.check('AAAA');
      return 'resolved';
    } catch (error) {
      return String(error);
    }
  });
  expect(message).toMatch(/disposed; create a new one/);
});
