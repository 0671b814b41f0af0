/**
 * Orientation (docs/SECURITY.md, "EXIF orientation"): one selfie stored with each of the 8 EXIF orientations, its pixels
 * transformed the way a camera would store them, must be turned upright before analysis: the
 * same face box in upright coordinates and scores within a small tolerance of the upright file.
 */
import { test, expect } from '@playwright/test';
import type { LivenessSuccess } from '../src/index';
import { expectSingleFaceSuccess } from './helpers/contract';
import { exifOrientationSegment, withExifOrientation, type ExifOrientation } from './helpers/exif';
import { FACES, sampleBase64 } from './helpers/faces';
import { openEngine } from './helpers/harness';
import { pngChunk } from './helpers/image-files';
import { cropScaled, reencode } from './helpers/robustness';

const ORIENTATIONS: ExifOrientation[] = [1, 2, 3, 4, 5, 6, 7, 8];
/** Face box edges may move by this share of the image side (landmarks on re-encoded pixels). */
const BOX_TOLERANCE = 0.02;
/** Largest difference of any signal score or of the confidence from the upright file. */
const SCORE_TOLERANCE = 0.05;

/**
 * Stores upright pixels the way a camera with EXIF `orientation` does: the affine map from upright
 * (x, y) to stored coordinates is the inverse of the transform a viewer applies (EXIF 2.32, 0x0112).
 */
function storePixels(page: import('@playwright/test').Page, image: string, orientation: ExifOrientation): Promise<string> {
  return page.evaluate(
    async ([base64, o]) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes]));
      const W = bitmap.width;
      const H = bitmap.height;
      // setTransform(a, b, c, d, e, f): (x, y) → (a·x + c·y + e, b·x + d·y + f)
      const maps: Record<number, [number, number, number, number, number, number]> = {
        1: [1, 0, 0, 1, 0, 0],
        2: [-1, 0, 0, 1, W, 0], // viewer mirrors left-right
        3: [-1, 0, 0, -1, W, H], // viewer turns 180°
        4: [1, 0, 0, -1, 0, H], // viewer mirrors top-bottom
        5: [0, 1, 1, 0, 0, 0], // viewer transposes
        6: [0, -1, 1, 0, 0, W], // viewer turns 90° clockwise, so stored is turned counter-clockwise
        7: [0, -1, -1, 0, H, W], // viewer transverses
        8: [0, 1, -1, 0, H, 0], // viewer turns 90° counter-clockwise
      };
      const canvas = o >= 5 ? new OffscreenCanvas(H, W) : new OffscreenCanvas(W, H);
      const ctx = canvas.getContext('2d')!;
      ctx.setTransform(...maps[o]);
      ctx.drawImage(bitmap, 0, 0);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
      const out = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < out.length; i += 0x8000) binary += String.fromCharCode(...out.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    [image, orientation] as const,
  );
}

test('the same selfie under each of the 8 EXIF orientations: same upright face box, same scores', async ({ page }) => {
  await openEngine(page);
  // 336×384: both sides multiples of 16, so every transform keeps JPEG's 8×8 and 16×16 (chroma)
  // block grid aligned and the stored files differ only by quantisation, not by new block seams.
  const box = { ...FACES.frontal.box, height: 640 };
  const upright = await cropScaled(page, sampleBase64(FACES.frontal.sample), box, 0.6);
  const results = new Map<ExifOrientation, LivenessSuccess>();
  for (const orientation of ORIENTATIONS) {
    const stored = await storePixels(page, upright, orientation);
    const tagged = Buffer.from(withExifOrientation(Buffer.from(stored, 'base64'), orientation)).toString('base64');
    const response = await page.evaluate((i) => window.selfieLiveness.check(i, 'base64', { diagnostics: true }), tagged);
    const { diagnostics, ...envelope } = response as LivenessSuccess;
    expect(diagnostics, 'diagnostics were asked for').toBeDefined();
    expectSingleFaceSuccess(envelope);
    results.set(orientation, response as LivenessSuccess);
  }

  const reference = results.get(1)!;
  const ref = reference.diagnostics!;
  const lines: string[] = [];
  for (const [orientation, response] of results) {
    const d = response.diagnostics!;
    const box = d.face_box;
    lines.push(
      `orientation ${orientation}: box ${[box.x, box.y, box.width, box.height].map((v) => v.toFixed(1)).join(',')} ` +
        `confidence ${response.result.confidence.toFixed(4)} rotation ${d.rotation}`,
    );
    expect(d.rotation, `orientation ${orientation}: upright before detection, no rotation search`).toBe(0);
    expect(d.image_size, `orientation ${orientation}: upright size`).toEqual(ref.image_size);
    expect(d.source_size).toEqual(ref.source_size);
    const sides = { x: ref.image_size.width, y: ref.image_size.height, width: ref.image_size.width, height: ref.image_size.height };
    for (const key of ['x', 'y', 'width', 'height'] as const) {
      expect(Math.abs(box[key] - ref.face_box[key]) / sides[key], `orientation ${orientation}: face_box.${key}`).toBeLessThan(BOX_TOLERANCE);
    }
    expect(Math.abs(response.result.confidence - reference.result.confidence), `orientation ${orientation}: confidence`).toBeLessThan(
      SCORE_TOLERANCE,
    );
    response.result.signals.forEach((s, i) => {
      expect(Math.abs(s.score - reference.result.signals[i].score), `orientation ${orientation}: ${s.name}`).toBeLessThan(SCORE_TOLERANCE);
    });
  }
  console.log(lines.join('\n'));
});

/**
 * Chromium also turns a PNG upright by its eXIf chunk. A photo larger than the analysis size is
 * resized while it is decoded, after it is turned, so the resize target must be the upright size
 * (before the fix a transposed PNG was squashed into the stored aspect ratio).
 */
test('a large PNG stored rotated with an eXIf Orientation=6 chunk is analysed upright and undistorted', async ({ page }) => {
  await openEngine(page);
  // 1280×1440 upright (portrait, above the 1280 px analysis size), face in the upper middle.
  const upright = await cropScaled(page, sampleBase64(FACES.frontal.sample), { x: 600, y: 0, width: 1200, height: 1350 }, 1.0667);
  const toPng = async (image: string) => Buffer.from(await reencode(page, image, 'image/png'), 'base64');
  const reference = await page.evaluate(async (i) => window.selfieLiveness.check(i, 'base64', { diagnostics: true }), (await toPng(upright)).toString('base64'));
  const storedJpeg = await storePixels(page, upright, 6);
  const storedPng = await toPng(storedJpeg);
  const tiff = exifOrientationSegment(6).subarray(10); // the TIFF structure without APP1 marker, length and "Exif\0\0"
  const IHDR_END = 8 + 25;
  const tagged = Buffer.concat([storedPng.subarray(0, IHDR_END), pngChunk('eXIf', tiff), storedPng.subarray(IHDR_END)]).toString('base64');
  const response = await page.evaluate(async (i) => window.selfieLiveness.check(i, 'base64', { diagnostics: true }), tagged);
  expect(response.status).toBe('success');
  expect(reference.status).toBe('success');
  const d = (response as LivenessSuccess).diagnostics!;
  const ref = (reference as LivenessSuccess).diagnostics!;
  expect(d.source_size, 'upright source size').toEqual(ref.source_size);
  expect(d.image_size, 'upright analysis size').toEqual(ref.image_size);
  expect(d.rotation, 'no rotation search needed').toBe(0);
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    const side = key === 'x' || key === 'width' ? ref.image_size.width : ref.image_size.height;
    expect(Math.abs(d.face_box[key] - ref.face_box[key]) / side, `face_box.${key}`).toBeLessThan(BOX_TOLERANCE);
  }
});
