/**
 * Load and determinism: 50 checks issued at once are all answered, each with its
 * own request_id, and every score equals that of the same image checked on its own; a second burst
 * gives the same scores again.
 */
import { test, expect } from '@playwright/test';
import type { LivenessResponse } from '../src/index';
import { expectSingleFaceSuccess } from './helpers/contract';
import { FACES, sampleBase64 } from './helpers/faces';
import { openEngine } from './helpers/harness';
import { cropScaled, reencode } from './helpers/robustness';

const BURST = 50;

/**
 * Verdict, confidence and every score of a response, as one comparable line (plain code, not
 * `expect`: a hundred responses × every field would flood the trace with steps).
 */
function fingerprint(response: LivenessResponse): string {
  if (response.status !== 'success') return `error ${response.error.code}`;
  const { result } = response;
  return [result.verdict, result.confidence, ...result.signals.map((s) => `${s.name}=${s.score}`)].join(' ');
}

test(`${BURST} checks at once: all answered, own request ids, scores identical to one-by-one`, async ({ page }) => {
  test.setTimeout(120_000);
  await openEngine(page);
  // Five different small selfies (two faces, four sizes, JPEG and WebP), ten times each, interleaved.
  const frontal = sampleBase64(FACES.frontal.sample);
  const tilted = sampleBase64(FACES.tilted.sample);
  const distinct = [
    await cropScaled(page, frontal, FACES.frontal.box, 0.5),
    await cropScaled(page, frontal, FACES.frontal.box, 0.7),
    await cropScaled(page, tilted, FACES.tilted.box, 0.6),
    await cropScaled(page, tilted, FACES.tilted.box, 0.9),
  ];
  distinct.push(await reencode(page, distinct[0], 'image/webp', 0.8));
  const images = Array.from({ length: BURST }, (_, i) => distinct[i % distinct.length]);

  const burst = () =>
    page.evaluate((all) => Promise.all(all.map((image) => window.selfieLiveness.check(image))), images);
  const started = Date.now();
  const first = await burst();
  const burstMs = Date.now() - started;
  expect(first).toHaveLength(BURST);
  const ids = new Set(first.map((r) => r.request_id));
  expect(ids.size, 'every call has its own request_id').toBe(BURST);

  const alone: string[] = [];
  for (const image of distinct) {
    const response = await page.evaluate((i) => window.selfieLiveness.check(i), image);
    expectSingleFaceSuccess(response);
    alone.push(fingerprint(response));
  }
  expect(new Set(alone).size, 'the five selfies score differently').toBe(distinct.length);
  expect(first.map(fingerprint), 'each concurrent call scores as its image alone').toEqual(images.map((_, i) => alone[i % distinct.length]));

  const second = await burst();
  expect(second.map(fingerprint), 'a second burst scores the same').toEqual(first.map(fingerprint));
  expect(new Set([...ids, ...second.map((r) => r.request_id)]).size).toBe(2 * BURST);
  console.log(`load: ${BURST} concurrent checks answered in ${burstMs} ms`);
});
