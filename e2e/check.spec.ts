/**
 * Real faces through the real worker and model: the full response contract (README "Result
 * contract"), every input kind (README "Use it"), and no request leaving the page's origin.
 */
import { test, expect, type Page } from '@playwright/test';
import { FACES, sampleBase64 } from './helpers/faces';
import { check, checkSuccess, faceJpeg, foreignRequests, openEngine, recordRequests } from './helpers/harness';
import { expectEnvelope, expectSignals, faceCountsInDetails, expectSingleFaceSuccess, signal, summary } from './helpers/contract';
import type { InputKind } from '../harness/harness';

/** An image without EXIF scores exactly this on exif_metadata (README "The eight signals"). */
const NO_EXIF_SCORE = 0.5;

test.describe('real faces', () => {
  let page: Page;
  let requests: string[];
  let origin: string;
  let frontal: string;
  let tilted: string;

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    requests = recordRequests(page);
    const loadMs = await openEngine(page);
    console.log(`engine loaded in ${loadMs} ms`);
    origin = new URL(page.url()).origin;
    frontal = await faceJpeg(page, FACES.frontal);
    tilted = await faceJpeg(page, FACES.tilted);
  });

  test.afterAll(async () => {
    await page.close();
  });

  test('the engine loads its model and WASM from the page origin only', async () => {
    expect(requests.some((url) => /\/models\/.+\.task$/.test(url)), 'the model was requested').toBe(true);
    expect(requests.some((url) => /\/models\/wasm\/vision_wasm_internal\.wasm\.gz$/.test(url)), 'the WASM runtime was requested').toBe(true);
    expect(foreignRequests(requests, origin)).toEqual([]);
    const stages = await page.evaluate(() => window.selfieLiveness.progress.map((p) => p.stage));
    expect(stages.at(-1)).toBe('ready');
  });

  test('a frontal face photo passes the whole contract, with no request leaving the origin', async () => {
    const before = requests.length;
    const result = expectSingleFaceSuccess(await check(page, frontal));
    console.log(`${FACES.frontal.description}: ${summary(result)}`);
    expect(foreignRequests(requests.slice(before), origin)).toEqual([]);

    expect(signal(result, 'exif_metadata').score).toBeCloseTo(NO_EXIF_SCORE, 6);
    expect(signal(result, 'eye_aspect_ratio').score, 'eyes are open').toBeGreaterThanOrEqual(0.5);
    expect(signal(result, 'head_pose').score, 'the head faces the camera').toBeGreaterThanOrEqual(0.5);
    expect(signal(result, 'face_area_ratio').score, 'the face fills a selfie-like share').toBeGreaterThanOrEqual(0.5);
    expect(signal(result, 'face_area_ratio').detail, 'all 478 landmarks were used').toContain('478 landmarks');
    expect(result.verdict, 'a real camera photo is LIVE').toBe('LIVE');
  });

  test('a second, slightly tilted face photo passes the whole contract', async () => {
    const result = expectSingleFaceSuccess(await check(page, tilted));
    console.log(`${FACES.tilted.description}: ${summary(result)}`);
    expect(signal(result, 'eye_aspect_ratio').score, 'eyes are open').toBeGreaterThanOrEqual(0.5);
    expect(signal(result, 'face_area_ratio').score).toBeGreaterThanOrEqual(0.5);
    expect(result.verdict, 'a real camera photo is LIVE').toBe('LIVE');
  });

  test('every call gets its own request id, and the same image the same confidence', async () => {
    const first = await checkSuccess(page, frontal);
    const second = await checkSuccess(page, frontal);
    expectEnvelope(first);
    expectEnvelope(second);
    expect(second.request_id).not.toBe(first.request_id);
    expect(Date.parse(second.timestamp)).toBeGreaterThanOrEqual(Date.parse(first.timestamp));
    expect(second.result.confidence).toBe(first.result.confidence);
    expect(second.result.signals).toEqual(first.result.signals);
  });

  test('diagnostics come only when asked for: raw measurements, face box and stage timings', async () => {
    const plain = await checkSuccess(page, frontal);
    expect(plain).not.toHaveProperty('diagnostics');
    const response = await page.evaluate((image) => window.selfieLiveness.check(image, 'base64', { diagnostics: true }), frontal);
    if (response.status !== 'success') throw new Error(response.error.message);
    const diagnostics = response.diagnostics!;
    expect(response.result.signals).toEqual(plain.result.signals);
    expect(Object.keys(diagnostics.measurements)).toEqual(plain.result.signals.map((s) => s.name));
    expect(diagnostics.measurements.sharpness.laplacian_variance).toBeGreaterThan(0);
    expect(diagnostics.face_count).toBe(1);
    expect(diagnostics.face_box.width).toBeGreaterThan(50);
    for (const stage of ['decode', 'face_landmarks', 'face_crops', 'lbp_texture', 'scoring']) {
      expect(diagnostics.timings_ms[stage], stage).toBeGreaterThanOrEqual(0);
    }
  });

  test('visuals come only when asked for: landmarks, face crop, LBP map and spectrum', async () => {
    const response = await page.evaluate((image) => window.selfieLiveness.check(image, 'base64', { visuals: true }), frontal);
    if (response.status !== 'success') throw new Error(response.error.message);
    const visuals = response.diagnostics!.visuals!;
    expect(visuals.landmarks).toHaveLength(478 * 2);
    expect(visuals.eye_indices.left).toHaveLength(6);
    expect([visuals.face_crop.width, visuals.face_crop.height, visuals.face_crop.data.length]).toEqual([96, 96, 96 * 96 * 4]);
    expect([visuals.lbp_map.width, visuals.lbp_map.height]).toEqual([94, 94]);
    expect([visuals.spectrum.width, visuals.spectrum.height]).toEqual([128, 128]);
    const box = response.diagnostics!.face_box;
    for (let i = 0; i < visuals.landmarks.length; i += 2) {
      expect(visuals.landmarks[i]).toBeGreaterThanOrEqual(box.x - 1e-6);
      expect(visuals.landmarks[i]).toBeLessThanOrEqual(box.x + box.width + 1e-6);
    }
  });

  test('inspectFrame gives face position, pose and light for capture guidance', async () => {
    const inspection = await page.evaluate(async (image) => {
      const engine = window.selfieLiveness.engine!;
      const bytes = Uint8Array.from(atob(image), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
      return engine.inspectFrame(bitmap);
    }, frontal);
    expect(inspection.face_count).toBe(1);
    expect(inspection.face_area_ratio!).toBeGreaterThan(0.1);
    expect(inspection.face_area_ratio!).toBeLessThan(0.4);
    expect(Math.abs(inspection.pose!.yaw)).toBeLessThan(20);
    expect(inspection.brightness).toBeGreaterThan(60);
    expect(inspection.sharpness!).toBeGreaterThan(0);
    const blank = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(320, 240);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#202020';
      context.fillRect(0, 0, 320, 240);
      return window.selfieLiveness.engine!.inspectFrame(canvas);
    });
    expect(blank).toMatchObject({ face_count: 0, face_box: null, pose: null });
    expect(blank.brightness).toBeCloseTo(32, 0);
  });

  test('configuration for one call re-scores the same image; a bad key rejects that call', async () => {
    const reference = await checkSuccess(page, frontal);
    const strict = await page.evaluate((image) => window.selfieLiveness.check(image, 'base64', { config: { live_threshold: 0.95 } }), frontal);
    if (strict.status !== 'success') throw new Error(strict.error.message);
    expect(strict.result.threshold).toBe(0.95);
    expect(strict.result.confidence).toBe(reference.result.confidence);
    expect(strict.result.verdict).toBe('SPOOF');
    const reweighted = await page.evaluate(
      (image) => window.selfieLiveness.check(image, 'base64', { config: { weights: { lbp_texture: 0.42, fft_deepfake: 0.21 } } }),
      frontal,
    );
    if (reweighted.status !== 'success') throw new Error(reweighted.error.message);
    expect(reweighted.result.signals.find((s) => s.name === 'lbp_texture')!.weight).toBe(0.42);
    const refused = await page.evaluate(async (image) => {
      try {
        await window.selfieLiveness.check(image, 'base64', { config: { live_treshold: 0.5 } as never });
        return 'accepted';
      } catch (error) {
        return String(error);
      }
    }, frontal);
    expect(refused).toMatch(/Unknown configuration key "live_treshold"/);
    const after = await checkSuccess(page, frontal);
    expect(after.result.threshold).toBe(0.58);
  });

  test('encoded inputs of every kind give the same result as Base64', async () => {
    const reference = await checkSuccess(page, frontal);
    const kinds: InputKind[] = ['data-url', 'blob', 'array-buffer', 'uint8array'];
    for (const kind of kinds) {
      const response = await checkSuccess(page, frontal, kind);
      expect(response.result.confidence, kind).toBe(reference.result.confidence);
      expect(response.result.signals, kind).toEqual(reference.result.signals);
    }
  });

  test('pixel sources of every kind are analysed, with no EXIF', async () => {
    const reference = await checkSuccess(page, frontal);
    const kinds: InputKind[] = ['image-bitmap', 'image-data', 'canvas', 'offscreen-canvas', 'image-element'];
    for (const kind of kinds) {
      const response = await checkSuccess(page, frontal, kind);
      expect(response.result.face_detected, kind).toBe(true);
      expectSignals(response.result);
      expect(signal(response.result, 'exif_metadata').score, kind).toBeCloseTo(NO_EXIF_SCORE, 6);
      expect(Math.abs(response.result.confidence - reference.result.confidence), kind).toBeLessThan(0.02);
    }
  });

  test('a full camera photo: its EXIF counts, and several faces make it INCONCLUSIVE', async () => {
    const response = await checkSuccess(page, sampleBase64(3));
    const { result } = response;
    console.log(`sample3.jpg (1920×1350, three people): ${summary(result)}`);
    expectSignals(result);
    expect(result.verdict).toBe('INCONCLUSIVE');
    // SONY ILCE-7M2 with GPS: camera make/model at least (the contract: 0.75 and up).
    expect(signal(result, 'exif_metadata').score).toBeGreaterThanOrEqual(0.75);
    const counts = faceCountsInDetails(result);
    expect(counts.length, 'a detail says how many faces were found').toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(2);
  });
});
