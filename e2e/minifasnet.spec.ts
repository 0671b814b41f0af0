/**
 * MiniFASNet (lbp_texture's anti-spoofing models) in Chromium: the ensemble's outputs in a Web Worker,
 * on the default backend, on WebAssembly and on WebGL, against an independent float64 run of the same
 * weights file (scripts/minifasnet-reference.mjs) on crops this test makes by code; and through the
 * engine: loaded with it from the page's origin, its outputs in lbp_texture's measurements, no tfjs
 * tensor leak over repeated checks, and an engine whose weights are missing refusing to load.
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { loadMiniFasNet, runEnsemble } from '../scripts/minifasnet-reference.mjs';
import { backendForRenderer, webglRenderer } from '../src/learned/backend';
import type { CheckDiagnostics, LivenessSuccess } from '../src/index';
import { FACES } from './helpers/faces';
import { faceJpeg, foreignRequests, openEngine, openMiniFasNet, recordRequests } from './helpers/harness';
import { cropBase64, fixtureCrops } from './helpers/minifasnet-fixtures';

/** Largest difference allowed between the browser's float32 run and the float64 reference, per probability. */
const TOLERANCE = 1e-3;
const CHECKS = 8;
const WEIGHTS = fileURLToPath(new URL('../public/models/minifasnet.json', import.meta.url));

/**
 * Each backend in a worker of its own (tfjs keeps one backend per worker): the default ('auto':
 * WebAssembly here, where WebGL is software; WebGL on a hardware GPU), WebAssembly, and WebGL (on
 * SwiftShader here: slow, but the same shaders as on a GPU).
 */
for (const backend of ['auto', 'wasm', 'webgl'] as const) {
  test(`MiniFASNet in a worker on ${backend === 'auto' ? 'the default backend' : backend} matches the float64 reference on crops made by code`, async ({ page }) => {
    test.setTimeout(180_000);
    const reference = loadMiniFasNet(WEIGHTS);
    await openMiniFasNet(page);
    const loaded = await page.evaluate((b) => window.miniFasNet.load(b), backend);
    const expected = backend === 'auto' ? backendForRenderer(await page.evaluate(webglRenderer)) : backend;
    expect(loaded.backend).toBe(expected);
    expect(loaded.scales).toEqual([2.7, 4]);
    const fixtures = fixtureCrops(loaded.scales);
    const tensors: number[] = [];
    let worst = 0;
    for (const fixture of fixtures) {
      const got = await page.evaluate((crops) => window.miniFasNet.run(crops), fixture.crops.map(cropBase64));
      const want = runEnsemble(reference, fixture.crops);
      const difference = Math.max(
        ...got.models.flatMap((model, i) => model.softmax.map((p, c) => Math.abs(p - want.models[i].softmax[c]))),
        Math.abs(got.real - want.real),
      );
      worst = Math.max(worst, difference);
      expect(difference, `${fixture.name}: real ${got.real.toFixed(6)}, reference ${want.real.toFixed(6)}`).toBeLessThanOrEqual(TOLERANCE);
      tensors.push(got.tensors);
    }
    console.log(`MiniFASNet on ${loaded.backend}: ${fixtures.length} fixtures, largest difference from the float64 reference ${worst.toExponential(2)}`);
    // the fixtures span the output range, not only saturated softmaxes
    const reals = fixtures.map((fixture) => runEnsemble(reference, fixture.crops).real);
    expect(Math.max(...reals) - Math.min(...reals)).toBeGreaterThan(0.5);
    // each run is one tf.tidy: the weights alone stay, and the same number after every run
    expect(new Set(tensors).size).toBe(1);
    expect(tensors[0]).toBe(loaded.tensors);
    expect(await page.evaluate(() => window.miniFasNet.close())).toBe(0);
  });
}

async function checkWithDiagnostics(page: Page, image: string): Promise<LivenessSuccess & { diagnostics: CheckDiagnostics }> {
  const response = await page.evaluate((i) => window.selfieLiveness.engine!.check(i, { diagnostics: true }), image);
  if (response.status !== 'success' || !response.diagnostics) throw new Error(`expected a success with diagnostics, got ${JSON.stringify(response).slice(0, 300)}`);
  return response as LivenessSuccess & { diagnostics: CheckDiagnostics };
}

test.describe('MiniFASNet through the engine', () => {
  let page: Page;
  let requests: string[];
  let frontal: string;

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    requests = recordRequests(page);
    await openEngine(page);
    frontal = await faceJpeg(page, FACES.frontal);
  });

  test.afterAll(async () => {
    await page.close();
  });

  test('loads with the engine from the page origin, and its outputs are in lbp_texture', async () => {
    // fetched while the engine loaded, before any check
    expect(requests.some((url) => url.endsWith('/models/minifasnet.json'))).toBe(true);
    expect(requests.some((url) => url.endsWith('/models/minifasnet.bin'))).toBe(true);
    expect(requests.some((url) => /\/models\/wasm\/tfjs-backend-wasm(-simd)?\.wasm$/.test(url))).toBe(true);
    expect(foreignRequests(requests, new URL(page.url()).origin)).toEqual([]);
    const progress = await page.evaluate(() => window.selfieLiveness.progress.map((p) => p.message));
    expect(progress).toContain('Loading the anti-spoofing models');

    const { result, diagnostics } = await checkWithDiagnostics(page, frontal);
    const measured = diagnostics.measurements.lbp_texture;
    for (const key of ['minifasnet_v2_p_real', 'minifasnet_v1se_p_real', 'minifasnet_p_real']) {
      expect(measured[key], key).toBeGreaterThanOrEqual(0);
      expect(measured[key], key).toBeLessThanOrEqual(1);
    }
    expect(measured.minifasnet_p_real).toBeCloseTo((measured.minifasnet_v2_p_real + measured.minifasnet_v1se_p_real) / 2, 12);
    expect(measured.minifasnet_full_resolution).toBe(1);
    expect(measured.minifasnet_v2_scale_used).toBeLessThanOrEqual(2.7);
    expect(measured.minifasnet_v1se_scale_used).toBeLessThanOrEqual(4);
    const texture = result.signals.find((s) => s.name === 'lbp_texture')!;
    expect(texture.detail).toMatch(/MiniFASNet \(face context 2\.7× and 4\.0×\) scores the face \d\.\d\d real/);
    console.log(`${FACES.frontal.description}: ${texture.detail}`);
    expect(diagnostics.minifasnet_backend).toBe(backendForRenderer(await page.evaluate(webglRenderer)));
    expect(diagnostics.timings_ms.minifasnet).toBeGreaterThan(0);
  });

  test(`no tfjs tensor leaks over ${CHECKS} checks`, async () => {
    const counts: number[] = [];
    for (let i = 0; i < CHECKS; i++) counts.push((await checkWithDiagnostics(page, frontal)).diagnostics.tfjs_tensors ?? Number.NaN);
    console.log(`tfjs tensors after each check: ${counts.join(', ')}`);
    expect(counts.every((n) => Number.isFinite(n) && n > 0)).toBe(true);
    expect(new Set(counts).size, 'the same number of tensors after every check').toBe(1);
  });
});

test('an engine whose MiniFASNet weights cannot be fetched refuses to load, naming the URL', async ({ page }) => {
  await page.goto('/harness.html');
  await page.waitForFunction(() => window.harnessReady === true);
  const outcome = await page.evaluate(() => window.selfieLiveness.init({ assets: { miniFasNet: '/models/missing-minifasnet.json' } }));
  expect(outcome.ok).toBe(false);
  if (outcome.ok) return;
  expect(outcome.name).toBe('EngineLoadError');
  expect(outcome.message).toMatch(/anti-spoofing models could not be loaded: .*missing-minifasnet\.json.*404/);
});
