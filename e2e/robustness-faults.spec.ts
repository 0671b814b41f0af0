/**
 * Faults (docs/SECURITY.md, "Input limits": worker death) beyond those of faults.spec.ts (time limit, missing model or WASM, a
 * call after dispose): the analysis worker dies in the middle of a check. The test reaches the real
 * worker through Playwright (`page.workers()`, which Chromium exposes over CDP) and stops it from
 * the inside; nothing in the SDK is mocked and no test hook is added to it.
 *
 * - `self.close()`: the worker stops without a word (no `error` event), as a crashed or killed
 *   worker does. The engine must notice (it holds a Web Lock the worker owns until it ends) and
 *   answer INFERENCE_ERROR at once, not only when the per-call time limit runs out.
 * - an uncaught exception inside the worker: the `error` event reaches the engine, which answers
 *   INFERENCE_ERROR and replaces the worker.
 * In both cases the next call runs on a fresh worker and gives the same result as before.
 */
import { test, expect, type Page, type Worker } from '@playwright/test';
import { expectError, expectSingleFaceSuccess } from './helpers/contract';
import { FACES, sampleBase64 } from './helpers/faces';
import { openEngine } from './helpers/harness';
import { cropScaled } from './helpers/robustness';

/**
 * Longer than any test here may run: an answer can only come from a detected death or from dispose(),
 * never from the time limit, and each answer's message says which it was.
 */
const ENGINE_TIMEOUT_MS = 600_000;

async function livenessWorker(page: Page): Promise<Worker> {
  await expect.poll(() => page.workers().some((w) => w.url().includes('liveness.worker'))).toBe(true);
  const workers = page.workers().filter((w) => w.url().includes('liveness.worker'));
  return workers[workers.length - 1];
}

/** Starts a check in the page without waiting for it; `settled()` gives its response. */
async function startCheck(page: Page, image: string) {
  await page.evaluate((i) => {
    const w = window as unknown as { pending: Promise<unknown> };
    w.pending = window.selfieLiveness.check(i);
  }, image);
  return {
    settled: () =>
      page.evaluate(() => (window as unknown as { pending: ReturnType<typeof window.selfieLiveness.check> }).pending),
  };
}

/**
 * Ways to end the worker, each armed on the worker's next inbound message, which is the check's
 * own request: the fault lands while that check is under way (its decode is still pending).
 */
const KILLS = {
  'stops silently (self.close())': () => {
    self.addEventListener('message', () => (self as unknown as { close(): void }).close(), { once: true });
  },
  'throws an uncaught exception': () => {
    self.addEventListener(
      'message',
      () => {
        throw new Error('injected fault');
      },
      { once: true },
    );
  },
} as const;

for (const [how, arm] of Object.entries(KILLS)) {
  test(`the worker ${how} mid-check → INFERENCE_ERROR, a new worker, and the next call works`, async ({ page }) => {
    await openEngine(page, { timeoutMs: ENGINE_TIMEOUT_MS });
    const photo = sampleBase64(FACES.frontal.sample);
    const face = await cropScaled(page, photo, FACES.frontal.box, 0.5);
    const before = expectSingleFaceSuccess(await page.evaluate((i) => window.selfieLiveness.check(i), face));

    const first = await livenessWorker(page);
    await first.evaluate(arm);
    const pending = await startCheck(page, photo);
    const response = await pending.settled();
    expectError(response, 'INFERENCE_ERROR', 200, true);
    // the death was noticed, not waited out: the time limit is longer than the test may run
    if (response.status === 'error') expect(response.error.message).toMatch(/worker stopped unexpectedly/);

    const after = expectSingleFaceSuccess(await page.evaluate((i) => window.selfieLiveness.check(i), face));
    expect(after.confidence).toBe(before.confidence);
    const second = await livenessWorker(page);
    expect(second, 'a new worker replaced the dead one').not.toBe(first);
  });
}

test('a worker that stops while idle is replaced before the next call needs it', async ({ page }) => {
  await openEngine(page, { timeoutMs: ENGINE_TIMEOUT_MS });
  const face = await cropScaled(page, sampleBase64(FACES.frontal.sample), FACES.frontal.box, 0.5);
  const before = expectSingleFaceSuccess(await page.evaluate((i) => window.selfieLiveness.check(i), face));
  const first = await livenessWorker(page);
  await first.evaluate(() => {
    setTimeout(() => (self as unknown as { close(): void }).close());
  });
  // the replacement is started before any call needs it
  await expect.poll(() => page.workers().filter((w) => w.url().includes('liveness.worker') && w !== first).length).toBe(1);
  // and the next call goes to it: sent to the dead worker, it could only have answered INFERENCE_ERROR
  // at the time limit (ENGINE_TIMEOUT_MS)
  const after = expectSingleFaceSuccess(await page.evaluate((i) => window.selfieLiveness.check(i), face));
  expect(after.confidence).toBe(before.confidence);
});

test('dispose() while a check is in flight answers that check at once', async ({ page }) => {
  await openEngine(page, { timeoutMs: ENGINE_TIMEOUT_MS });
  const photo = sampleBase64(FACES.frontal.sample);
  const pending = await startCheck(page, photo);
  await page.evaluate(() => window.selfieLiveness.dispose());
  // answered by dispose() itself: the time limit is longer than the test may run
  const response = await pending.settled();
  expectError(response, 'INFERENCE_ERROR', 200, true);
  if (response.status === 'error') expect(response.error.message).toMatch(/has been disposed.*did not finish/);
});
