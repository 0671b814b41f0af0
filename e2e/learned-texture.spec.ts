/**
 * The optional learned_texture signal in Chromium: the model's in-browser outputs against an
 * independent float64 run of the same .tflite (scripts/anti-spoof-reference.mjs) on fixed crops, the
 * response contract with the switch on and off, no tensor leak over repeated checks, and a model that
 * cannot load.
 *
 * The fixture crops (e2e/fixtures/anti-spoof/*.ppm, 256×256 RGB) are cut by the engine's own crop from
 * the MIT face photos of @vladmandic/face-api. To make them again:
 *
 *   UPDATE_ANTI_SPOOF_FIXTURES=1 E2E_PORT=5471 npx playwright test e2e/learned-texture.spec.ts -g fixture
 *   node scripts/anti-spoof-reference.mjs e2e/fixtures/anti-spoof/*.ppm > e2e/fixtures/anti-spoof/reference.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { DEFAULT_WEIGHTS_WITH_LEARNED } from '../src/config';
import { backendForRenderer, webglRenderer } from '../src/learned/backend';
import { learnedTextureScore } from '../src/signals/learned-texture';
import type { CheckDiagnostics, LivenessResult, LivenessSuccess } from '../src/index';
import { expectEnvelope } from './helpers/contract';
import { FACES, sampleBase64 } from './helpers/faces';
import { faceJpeg, foreignRequests, openEngine, openHarness, openLearnedModel, recordRequests } from './helpers/harness';

const FIXTURES = new URL('./fixtures/anti-spoof/', import.meta.url);
const SIDE = 256;
/** Largest difference allowed between float32 tfjs and the float64 reference, per output value. */
const TOLERANCE = 2e-3;
const EIGHT = ['sharpness', 'eye_aspect_ratio', 'head_pose', 'face_area_ratio', 'facial_symmetry', 'lbp_texture', 'exif_metadata', 'fft_deepfake'];
const LEAK_CHECKS = 12;

interface Reference {
  cls: number[];
  leaf: number[];
  raw: number;
}

/** The fixture crops: square face boxes of two photos, and a simulated screen replay of the first. */
const CROPS = {
  'frontal.ppm': { sample: FACES.frontal.sample, box: { x: 920, y: 90, width: 560, height: 560 } },
  'tilted.ppm': { sample: FACES.tilted.sample, box: { x: 580, y: 230, width: 420, height: 420 } },
} as const;

function ppm(rgb: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`P6\n${SIDE} ${SIDE}\n255\n`), rgb]);
}

/** The RGB bytes of a binary PPM written by `ppm`. */
function ppmPixels(file: string): string {
  const bytes = readFileSync(new URL(file, FIXTURES));
  return bytes.subarray(bytes.length - SIDE * SIDE * 3).toString('base64');
}

async function checkWith(page: Page, image: string, config: Record<string, unknown>): Promise<LivenessSuccess & { diagnostics?: CheckDiagnostics }> {
  const response = await page.evaluate(([i, c]) => window.selfieLiveness.engine!.check(i, { config: c, diagnostics: true }), [image, config] as const);
  const { diagnostics, ...envelope } = response as typeof response & { diagnostics?: CheckDiagnostics };
  expectEnvelope(envelope as typeof response);
  expect(diagnostics, 'diagnostics were asked for').toBeDefined();
  if (response.status !== 'success') throw new Error(`expected success, got ${response.error.code}: ${response.error.message}`);
  return response as LivenessSuccess & { diagnostics?: CheckDiagnostics };
}

function expectNineSignals(result: LivenessResult): void {
  expect(result.signals.map((s) => s.name)).toEqual([...EIGHT, 'learned_texture']);
  expect(Math.abs(result.signals.reduce((sum, s) => sum + s.weight, 0) - 1)).toBeLessThanOrEqual(1e-9);
  const weighted = result.signals.reduce((sum, s) => sum + s.weight * s.score, 0);
  expect(Math.abs(result.confidence - weighted)).toBeLessThan(0.005);
  const learned = result.signals[8];
  expect(learned.label).toBe('Learned texture (anti-spoof model)');
  expect(learned.passed).toBe(learned.score >= 0.5);
}

test('fixture crops: made by the engine crop when UPDATE_ANTI_SPOOF_FIXTURES is set, present otherwise', async ({ page }) => {
  if (!process.env.UPDATE_ANTI_SPOOF_FIXTURES) {
    for (const name of [...Object.keys(CROPS), 'screen.ppm']) expect(readFileSync(new URL(name, FIXTURES)).length).toBe(SIDE * SIDE * 3 + 15);
    return;
  }
  // a simulated screen replay of the frontal face (src/synth), made on the harness page
  await openHarness(page);
  const face = await faceJpeg(page, FACES.frontal);
  const replay = await page.evaluate((i) => window.selfieLiveness.synth(i, 'screen_replay', 7), face);
  // every crop cut by the engine's crop, on the model's component page
  await openLearnedModel(page);
  for (const [name, { sample, box }] of Object.entries(CROPS)) {
    const rgb = await page.evaluate(([i, b]) => window.learnedModel.crop(i, b), [sampleBase64(sample), box] as const);
    writeFileSync(new URL(name, FIXTURES), ppm(Buffer.from(rgb, 'base64')));
  }
  const side = Math.min(replay.picture.width, replay.picture.height);
  const square = { x: replay.picture.x + (replay.picture.width - side) / 2, y: replay.picture.y + (replay.picture.height - side) / 2, width: side, height: side };
  const rgb = await page.evaluate(([i, b]) => window.learnedModel.crop(i, b), [replay.image, square] as const);
  writeFileSync(new URL('screen.ppm', FIXTURES), ppm(Buffer.from(rgb, 'base64')));
});

/**
 * Each backend on its own page (tfjs keeps one backend per page): WebAssembly, the one used here
 * (software WebGL only), and WebGL, the one used on a hardware GPU (run here on SwiftShader: slow, but
 * the same shaders).
 */
for (const backend of ['wasm', 'webgl'] as const) {
  test(`the in-browser model on ${backend} matches the float64 reference run on the fixture crops`, async ({ page }) => {
    test.setTimeout(240_000);
    const reference = JSON.parse(readFileSync(new URL('reference.json', FIXTURES), 'utf8')) as Record<string, Reference>;
    expect(Object.keys(reference).sort()).toEqual(['frontal.ppm', 'screen.ppm', 'tilted.ppm']);
    await openLearnedModel(page);
    for (const [name, expected] of Object.entries(reference)) {
      const got = await page.evaluate(([rgb, b]) => window.learnedModel.run(rgb, b), [ppmPixels(name), backend] as const);
      expect(got.backend).toBe(backend);
      const worst = Math.max(...got.cls.map((v, i) => Math.abs(v - expected.cls[i])));
      console.log(`${backend} ${name}: raw ${got.raw.toFixed(6)} (reference ${expected.raw.toFixed(6)}), largest cls difference ${worst.toExponential(2)}`);
      expect(got.leaf, `${name}: routed to the same leaf`).toEqual(expected.leaf);
      expect(worst, `${name}: leaf scores`).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs(got.raw - expected.raw), `${name}: raw score`).toBeLessThanOrEqual(TOLERANCE);
      // and the signal's score of that raw value
      expect(Math.abs(learnedTextureScore(got.raw) - learnedTextureScore(expected.raw))).toBeLessThanOrEqual(TOLERANCE * 2.5);
    }
  });
}

test.describe('learned_texture through the engine', () => {
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

  test('off by default: exactly the eight signals, and neither the model nor its code is fetched', async () => {
    const { result } = await checkWith(page, frontal, {});
    expect(result.signals.map((s) => s.name)).toEqual(EIGHT);
    // tfjs and its WebAssembly backend load with the engine (MiniFASNet runs on every check); the Deep
    // Tree Network's model file and its own code do not
    expect(requests.filter((url) => /face_anti_spoofing|anti-spoof-model/.test(url))).toEqual([]);
  });

  test('on: nine signals in order, the fitted weights, loaded lazily from the page origin', async () => {
    test.setTimeout(120_000);
    const before = requests.length;
    const { result, diagnostics } = await checkWith(page, frontal, { enable_learned_texture: true });
    expectNineSignals(result);
    const weights = Object.fromEntries(result.signals.map((s) => [s.name, s.weight]));
    expect(weights).toEqual(DEFAULT_WEIGHTS_WITH_LEARNED);
    // the backend picked by the GPU found: WebAssembly under a software WebGL (as here), WebGL on a real GPU
    const renderer = await page.evaluate(webglRenderer);
    console.log(`WebGL renderer ${renderer}: learned model on ${diagnostics?.learned_backend}`);
    expect(diagnostics?.learned_backend).toBe(backendForRenderer(renderer));
    const learned = result.signals[8];
    const raw = /spoof score (\d\.\d{3}) \(live below 0\.2, tree leaf \d of 8\)/.exec(learned.detail);
    expect(raw, learned.detail).not.toBeNull();
    expect(Math.abs(learned.score - learnedTextureScore(Number(raw![1])))).toBeLessThanOrEqual(0.0025);
    console.log(`${FACES.frontal.description}: ${learned.detail}`);
    const fetched = requests.slice(before);
    expect(fetched.some((url) => url.endsWith('/models/face_anti_spoofing.tflite'))).toBe(true);
    // tfjs's WebAssembly binary may have come earlier, with the engine (MiniFASNet runs on every check)
    if (diagnostics?.learned_backend === 'wasm') expect(requests.some((url) => /\/models\/wasm\/tfjs-backend-wasm(-simd)?\.wasm$/.test(url))).toBe(true);
    expect(foreignRequests(requests, new URL(page.url()).origin)).toEqual([]);
  });

  test(`no tfjs tensor leaks over ${LEAK_CHECKS} checks`, async () => {
    test.setTimeout(180_000);
    const counts: number[] = [];
    for (let i = 0; i < LEAK_CHECKS; i++) {
      const response = await checkWith(page, frontal, { enable_learned_texture: true });
      counts.push(response.diagnostics?.learned_tensors ?? Number.NaN);
    }
    console.log(`tfjs tensors after each check: ${counts.join(', ')}`);
    expect(counts.every(Number.isFinite)).toBe(true);
    expect(new Set(counts).size, 'the same number of tensors after every check').toBe(1);
  });
});

test('a model that cannot load leaves the signal unmeasured with weight 0, and the check answers', async ({ page }) => {
  test.setTimeout(120_000);
  await openEngine(page, { enable_learned_texture: true, assets: { antiSpoofModel: '/models/missing.tflite' } });
  const image = await faceJpeg(page, FACES.frontal);
  for (let attempt = 0; attempt < 2; attempt++) {
    const { result } = await checkWith(page, image, {});
    expect(result.signals.map((s) => s.name)).toEqual([...EIGHT, 'learned_texture']);
    const learned = result.signals[8];
    expect(learned).toMatchObject({ score: 0.5, weight: 0, passed: true });
    expect(learned.detail).toMatch(/could not run \(.*missing\.tflite.*404.*\); its weight went to the other signals/);
    expect(Math.abs(result.signals.reduce((sum, s) => sum + s.weight, 0) - 1)).toBeLessThanOrEqual(1e-9);
  }
});
