/**
 * Soak (docs/SECURITY.md, "Soak figures"), outside the default suite: `npm run test:soak`. One engine answers
 * 1,000 checks in a row (good photos as Base64, Blob and ImageBitmap, with a refused input every
 * tenth call), and the heaps of the page and of the worker, sampled after a forced GC every 100
 * checks, must not grow beyond noise. The figures are printed as a table.
 */
import { test, expect } from '@playwright/test';
import type { InputKind } from '../harness/harness';
import { FACES, sampleBase64 } from './helpers/faces';
import { openEngine } from './helpers/harness';
import { HeapProbe, mib, type HeapSample } from './helpers/heap';
import { cropScaled } from './helpers/robustness';

const CHECKS = Number(process.env.SOAK_CHECKS ?? 1000);
const SAMPLE_EVERY = 100;
/** Growth allowed between the first sample (after warm-up) and the last: noise, not a leak. */
const MAX_JS_GROWTH = 4 * 1_048_576;
const MAX_BACKING_GROWTH = 16 * 1_048_576;

test(`soak: ${CHECKS} checks in one engine without heap growth`, async ({ page }) => {
  test.setTimeout(30 * 60_000);
  await openEngine(page);
  const probe = await HeapProbe.attach(page);
  const face = await cropScaled(page, sampleBase64(FACES.frontal.sample), FACES.frontal.box, 0.5);
  const kinds: InputKind[] = ['base64', 'blob', 'image-bitmap'];
  const samples: { checks: number; sample: HeapSample }[] = [];
  const counts = new Map<string, number>();
  const started = Date.now();

  for (let i = 1; i <= CHECKS; i++) {
    const refused = i % 10 === 0;
    const response = await page.evaluate(
      ([image, kind]) => window.selfieLiveness.check(image, kind),
      [refused ? 'bm90IGFuIGltYWdl' : face, refused ? 'base64' : kinds[i % kinds.length]] as const,
    );
    const label = response.status === 'success' ? 'success' : response.error.code;
    counts.set(label, (counts.get(label) ?? 0) + 1);
    if (i % SAMPLE_EVERY === 0) samples.push({ checks: i, sample: await probe.sample() });
  }
  const seconds = (Date.now() - started) / 1000;

  const rows = samples.map(
    ({ checks, sample: s }) =>
      `| ${checks} | ${mib(s.page.used)} | ${mib(s.page.backing)} | ${mib(s.worker.used)} | ${mib(s.worker.backing)} | ${mib(s.rendererRss)} |`,
  );
  console.log(
    [
      `soak: ${CHECKS} checks in ${seconds.toFixed(0)} s (${((seconds * 1000) / CHECKS).toFixed(0)} ms/check): ${JSON.stringify(Object.fromEntries(counts))}`,
      '| checks | page JS heap | page buffers | worker JS heap | worker buffers | renderer RSS |',
      '|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );

  expect(counts.get('success')).toBe(CHECKS - Math.floor(CHECKS / 10));
  expect(counts.get('INVALID_REQUEST')).toBe(Math.floor(CHECKS / 10));
  const first = samples[0].sample;
  const last = samples[samples.length - 1].sample;
  expect(last.page.used - first.page.used, 'page JS heap growth').toBeLessThan(MAX_JS_GROWTH);
  expect(last.worker.used - first.worker.used, 'worker JS heap growth').toBeLessThan(MAX_JS_GROWTH);
  expect(last.worker.backing - first.worker.backing, 'worker buffer growth').toBeLessThan(MAX_BACKING_GROWTH);
});
