/**
 * Privacy and CSP (docs/SECURITY.md). The built sites run under the strict policy
 * `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'`
 * (sent as a response header by a tiny static server): the harness pages and the demo, each built
 * apart as it is deployed. A whole session on the harness (load, several
 * checks of different kinds, a frame inspection, dispose, a second engine) must:
 * - work, with no CSP violation reported;
 * - send no request to any other origin (requests of the page and of its worker are recorded);
 * - leave nothing in localStorage, sessionStorage, IndexedDB, the Cache API, the origin-private
 *   file system or cookies.
 */
import { test, expect, type Page } from '@playwright/test';
import { expectSingleFaceSuccess } from './helpers/contract';
import { FACES } from './helpers/faces';
import { faceJpeg, foreignRequests, recordRequests } from './helpers/harness';
import { buildSite, removeSite, serveSite, STRICT_CSP, type StaticSite } from './helpers/static-site';

let roots: string[] = [];
let site: StaticSite;
let demo: StaticSite;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  roots = [await buildSite('harness'), await buildSite('demo')];
  site = await serveSite(roots[0], STRICT_CSP);
  demo = await serveSite(roots[1], STRICT_CSP);
});

test.afterAll(async () => {
  await site?.close();
  await demo?.close();
  for (const root of roots) await removeSite(root);
});

/** Collects CSP violations from the page (init script, so before any page script) and the console. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) fromConsole.push(message.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...fromConsole, ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))];
}

/** Everything the origin holds in client-side storage. */
function storedData(page: Page) {
  return page.evaluate(async () => {
    const directory = await navigator.storage.getDirectory();
    const opfs: string[] = [];
    for await (const name of (directory as unknown as { keys(): AsyncIterable<string> }).keys()) opfs.push(name);
    return {
      localStorage: localStorage.length,
      sessionStorage: sessionStorage.length,
      indexedDB: (await indexedDB.databases()).map((db) => db.name),
      caches: await caches.keys(),
      opfs,
    };
  });
}

test('a whole session under a strict CSP: checks work, no request leaves the origin, nothing is stored', async ({ page }) => {
  const requests = recordRequests(page);
  const violations = await watchViolations(page);
  const response = await page.goto(`${site.origin}/harness.html`);
  expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
  await page.waitForFunction(() => window.harnessReady === true);

  const load = await page.evaluate(() => window.selfieLiveness.init());
  expect(load, 'the engine loads under the policy').toMatchObject({ ok: true });
  const face = await faceJpeg(page, FACES.frontal);
  for (const kind of ['base64', 'data-url', 'blob', 'uint8array', 'image-bitmap', 'canvas'] as const) {
    expectSingleFaceSuccess(await page.evaluate(([i, k]) => window.selfieLiveness.check(i, k), [face, kind] as const));
  }
  const withVisuals = await page.evaluate((i) => window.selfieLiveness.check(i, 'base64', { diagnostics: true, visuals: true }), face);
  expect(withVisuals.status).toBe('success');
  const inspection = await page.evaluate((i) => window.selfieLiveness.engine!.inspectFrame(i), face);
  expect(inspection.face_box).not.toBeNull();
  // A second engine in the same session (dispose, load again).
  expect(await page.evaluate(() => window.selfieLiveness.init())).toMatchObject({ ok: true });
  expectSingleFaceSuccess(await page.evaluate((i) => window.selfieLiveness.check(i), face));
  await page.evaluate(() => window.selfieLiveness.dispose());

  expect(await violations(), 'CSP violations').toEqual([]);
  expect(requests.length, 'requests were recorded (model, WASM, scripts)').toBeGreaterThan(3);
  expect(requests.some((url) => url.endsWith('/models/face_landmarker.task'))).toBe(true);
  expect(foreignRequests(requests, site.origin), 'requests to other origins').toEqual([]);
  expect(await storedData(page)).toEqual({ localStorage: 0, sessionStorage: 0, indexedDB: [], caches: [], opfs: [] });
  expect(await page.context().cookies()).toEqual([]);

  // The policy really is in force: an inline script added to the page does not run.
  const inlineRan = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.head.append(script);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
  });
  expect(inlineRan, 'inline script blocked by the policy').toBe(false);
});

/** The demo page under the same policy loads with no violation at all. */
test('the demo page loads under the strict CSP with no violation', async ({ page }) => {
  const requests = recordRequests(page);
  const violations = await watchViolations(page);
  await page.goto(`${demo.origin}/index.html`);
  await page.waitForLoadState('networkidle');
  expect(await violations(), 'CSP violations').toEqual([]);
  expect(foreignRequests(requests, demo.origin)).toEqual([]);
});

/** The optional learned_texture signal from the built site under the same policy (its model and tfjs's WASM load lazily). */
test('learned_texture works from the built site under the strict CSP, from the origin only', async ({ page }) => {
  test.setTimeout(120_000);
  const requests = recordRequests(page);
  const violations = await watchViolations(page);
  await page.goto(`${site.origin}/harness.html`);
  await page.waitForFunction(() => window.harnessReady === true);
  expect(await page.evaluate(() => window.selfieLiveness.init({ enable_learned_texture: true }))).toMatchObject({ ok: true });
  const face = await faceJpeg(page, FACES.frontal);
  const response = await page.evaluate((i) => window.selfieLiveness.check(i), face);
  if (response.status !== 'success') throw new Error(`${response.error.code}: ${response.error.message}`);
  const learned = response.result.signals.find((s) => s.name === 'learned_texture');
  expect(learned?.detail, 'the model ran').toMatch(/spoof score \d\.\d{3}/);
  expect(learned?.weight).toBeGreaterThan(0);
  expect(requests.some((url) => url.endsWith('/models/face_anti_spoofing.tflite'))).toBe(true);
  expect(await violations(), 'CSP violations').toEqual([]);
  expect(foreignRequests(requests, site.origin), 'requests to other origins').toEqual([]);
});
