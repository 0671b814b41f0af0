/**
 * Images the tests make themselves (no face, two faces, EXIF-rotated pixels), malformed inputs
 * and refused configurations: the contract's error codes, input rules and verdict rule (README "Use it"
 * and "Result contract").
 */
import { deflateSync, crc32 } from 'node:zlib';
import { test, expect, type Page } from '@playwright/test';
import { FACES } from './helpers/faces';
import { check, checkSuccess, faceJpeg, openEngine } from './helpers/harness';
import {
  expectEnvelope,
  expectError,
  expectSignals,
  expectSingleFaceSuccess,
  faceCountsInDetails,
  signal,
  summary,
} from './helpers/contract';
import { STORED_QUARTER_TURNS, withExifOrientation } from './helpers/exif';

/** The contract's exif_metadata score for EXIF present but without camera hardware tags. */
const EXIF_WITHOUT_CAMERA_SCORE = 0.55;
const NO_EXIF_SCORE = 0.5;
const TEN_MB = 10 * 1024 * 1024;

/** A PNG made of its signature and an IHDR chunk claiming `width`×`height` RGBA pixels. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter, no interlace
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // A short, valid start of the pixel stream; the rest is missing, as in a bomb that never ends.
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(4096)))]);
}

test.describe('generated and malformed inputs', () => {
  let page: Page;
  let frontal: string;

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    await openEngine(page);
    frontal = await faceJpeg(page, FACES.frontal);
  });

  test.afterAll(async () => {
    await page.close();
  });

  test('images without a face give NO_FACE_DETECTED', async () => {
    for (const kind of ['gradient', 'noise'] as const) {
      const image = await page.evaluate((k) => window.selfieLiveness.images.synthetic(k, 640, 480), kind);
      const response = await check(page, image);
      expectError(response, 'NO_FACE_DETECTED', 200, true);
    }
  });

  test('two faces side by side give INCONCLUSIVE, and a detail says how many', async () => {
    const upright = [FACES.frontal, FACES.tilted];
    const pair = await page.evaluate(
      (parts) => window.selfieLiveness.images.sideBySide(parts, { height: 560, gap: 40 }),
      await Promise.all(upright.map(async (face) => ({ image: await faceJpeg(page, face) }))),
    );
    const response = await checkSuccess(page, pair);
    const { result } = response;
    console.log(`two faces: ${summary(result)}`);
    expectSignals(result);
    expect(result.verdict).toBe('INCONCLUSIVE');
    expect(result.face_detected).toBe(true);
    expect(faceCountsInDetails(result)).toContain(2);
  });

  test('a face far from the camera (small in a large frame) is still found, where it is', async () => {
    // the frontal crop (560×630) drawn 112×126 px, at the upper left of a 1280×960 frame: under 1.2 % of
    // the image, too small for the detector's view of the whole frame
    const box = { x: 200, y: 150, width: 112, height: 126 };
    const far = await page.evaluate(
      ([image, b]) => window.selfieLiveness.images.placed(image, b, { width: 1280, height: 960 }),
      [frontal, box] as const,
    );
    const response = await page.evaluate((image) => window.selfieLiveness.check(image, 'base64', { diagnostics: true }), far);
    if (response.status !== 'success') throw new Error(`${response.error.code}: ${response.error.message}`);
    console.log(`small face: ${summary(response.result)}`);
    expect(response.result.face_detected).toBe(true);
    expect(response.diagnostics!.face_count).toBe(1);
    const found = response.diagnostics!.face_box;
    const centre = { x: found.x + found.width / 2, y: found.y + found.height / 2 };
    expect(Math.abs(centre.x - (box.x + box.width / 2))).toBeLessThan(box.width / 4);
    expect(Math.abs(centre.y - (box.y + box.height / 2))).toBeLessThan(box.height / 4);
    expect(found.width).toBeLessThan(box.width * 1.2);
  });

  for (const orientation of [6, 8] as const) {
    test(`a JPEG stored rotated with EXIF Orientation=${orientation} is turned upright first`, async () => {
      const upright = expectSingleFaceSuccess(await check(page, frontal));
      const stored = await page.evaluate(
        ([image, turns]) => window.selfieLiveness.images.rotate(image, turns),
        [frontal, STORED_QUARTER_TURNS[orientation]] as const,
      );
      const tagged = Buffer.from(withExifOrientation(Buffer.from(stored, 'base64'), orientation)).toString('base64');
      const result = expectSingleFaceSuccess(await check(page, tagged));
      console.log(`EXIF orientation ${orientation}: ${summary(result)}`);

      expect(signal(upright, 'exif_metadata').score).toBeCloseTo(NO_EXIF_SCORE, 6);
      expect(signal(result, 'exif_metadata').score, 'the EXIF segment was read').toBeCloseTo(EXIF_WITHOUT_CAMERA_SCORE, 6);
      for (const name of ['face_area_ratio', 'head_pose', 'eye_aspect_ratio'] as const) {
        expect(Math.abs(signal(result, name).score - signal(upright, name).score), name).toBeLessThan(0.05);
      }

      // Control: the same stored pixels without the tag read as a head rolled by about 90°, so
      // the head_pose comparison above really shows that the orientation was applied.
      const untagged = expectSingleFaceSuccess(await check(page, stored));
      expect(signal(untagged, 'head_pose').score, signal(untagged, 'head_pose').detail).toBeLessThan(
        signal(upright, 'head_pose').score - 0.3,
      );
    });
  }

  test('malformed inputs give INVALID_REQUEST (422), and the engine keeps working', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;', 'latin1');
    const oversize = Buffer.alloc(TEN_MB + 1024);
    oversize.set([0xff, 0xd8, 0xff, 0xe0]);
    const cases: [string, string][] = [
      ['an empty string', ''],
      ['blanks', '   \n '],
      ['text that is not Base64', 'this is not base64!!'],
      ['Base64 of plain text', Buffer.from('Hello, I am a text file, not a selfie.').toString('base64')],
      ['a GIF', gif.toString('base64')],
      ['a data URL of a GIF', `data:image/gif;base64,${gif.toString('base64')}`],
      ['a JPEG cut off after its header', Buffer.from(frontal, 'base64').subarray(0, 600).toString('base64')],
      ['over 10 MB', oversize.toString('base64')],
      ['a PNG claiming 40000×40000 pixels', pngHeader(40_000, 40_000).toString('base64')],
    ];
    const wrong: string[] = [];
    for (const [label, input] of cases) {
      const response = await check(page, input);
      expectEnvelope(response);
      const got =
        response.status === 'error'
          ? `${response.error.code} ${response.error.http_status} retryable=${response.error.retryable}`
          : `success ${response.result.verdict}`;
      if (got !== 'INVALID_REQUEST 422 retryable=false') wrong.push(`${label}: ${got}`);
    }
    expect(wrong, 'inputs not refused as INVALID_REQUEST').toEqual([]);
    expectSingleFaceSuccess(await check(page, frontal));
  });

  test('a bad configuration is refused when the engine is created, naming the key', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ live_treshold: 0.6 }, 'live_treshold'],
      [{ live_threshold: 1.5 }, 'live_threshold'],
      [{ min_ear: 'low' }, 'min_ear'],
      [{ weights: { lbp_texture: 0.9 } }, 'weights'],
    ];
    for (const [config, key] of cases) {
      const outcome = await page.evaluate(async (options) => {
        try {
          const engine = await window.selfieLiveness.createLivenessEngine(options as never);
          engine.dispose();
          return 'created';
        } catch (error) {
          return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        }
      }, config);
      expect(outcome, JSON.stringify(config)).toContain(key);
      expect(outcome).toMatch(/^ConfigError: /);
    }
  });
});
