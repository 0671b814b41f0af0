/**
 * Bad-input battery (docs/SECURITY.md, "Input limits"): every input is built by the test itself.
 * Each must get the error code listed here (or a valid result where Chromium can decode and analyse
 * it) within a bounded time, and the very next call on a good photo must still succeed.
 *
 * Where the contract leaves the outcome to the decoder (truncated data, corrupt entropy data, unusual
 * colour layouts), the expected value below is what Chromium's decoders do with the file, pinned so
 * that a change shows up; docs/SECURITY.md lists the same table.
 */
import { test, expect, type Page } from '@playwright/test';
import type { InputKind } from '../harness/harness';
import type { LivenessErrorCode } from '../src/index';
import { expectEnvelope, expectError, expectSingleFaceSuccess } from './helpers/contract';
import { FACES } from './helpers/faces';
import { crop, faceJpeg, openEngine } from './helpers/harness';
import {
  animatedWebp,
  encodeJpeg,
  encodePng,
  gifImage,
  hugeExifSegments,
  insertAfterSoi,
  isoMediaFile,
  malformedExifSegments,
  mulberry32,
  pdfDocument,
  pngBomb,
  scanDataOffset,
  svgWithScript,
  type Rgba,
} from './helpers/image-files';
import { boundedCheck, outcomeLabel, reencode, rgbaOf } from './helpers/robustness';
import { sampleBase64 } from './helpers/faces';

/** Longest any single battery call may take, in ms (an 11 MB payload included). */
const CALL_LIMIT_MS = 20_000;
const TEN_MB = 10 * 1024 * 1024;

/** What an input must give: an error code, or a success (the face analysed). */
type Expected = LivenessErrorCode | 'success';

interface Case {
  label: string;
  expected: Expected;
  /** Builds the input: Base64 (or any string), and the harness input kind it is passed as. */
  build: (ctx: Fixtures) => Promise<{ image: string; kind?: InputKind }> | { image: string; kind?: InputKind };
}

interface Fixtures {
  /** The frontal face crop (560×630) as a browser JPEG, Base64. */
  face: string;
  /** Its pixels. */
  pixels: Rgba;
  page: Page;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

const CASES: Case[] = [
  { label: 'empty string', expected: 'INVALID_REQUEST', build: () => ({ image: '' }) },
  { label: 'whitespace only', expected: 'INVALID_REQUEST', build: () => ({ image: ' \t\r\n  ' }) },
  { label: 'data: URL with no payload', expected: 'INVALID_REQUEST', build: () => ({ image: 'data:image/jpeg;base64,' }) },
  { label: 'invalid Base64', expected: 'INVALID_REQUEST', build: () => ({ image: '!!not*base64$$@@' }) },
  {
    label: 'Base64 of plain text',
    expected: 'INVALID_REQUEST',
    build: () => ({ image: Buffer.from('Hello, I am a text file, not a selfie.\n').toString('base64') }),
  },
  { label: 'PDF document', expected: 'INVALID_REQUEST', build: () => ({ image: b64(pdfDocument()) }) },
  { label: 'GIF image', expected: 'INVALID_REQUEST', build: () => ({ image: b64(gifImage()) }) },
  { label: 'SVG with a <script> inside', expected: 'INVALID_REQUEST', build: () => ({ image: b64(svgWithScript()) }) },
  { label: 'SVG as a data: URL', expected: 'INVALID_REQUEST', build: () => ({ image: `data:image/svg+xml;base64,${b64(svgWithScript())}` }) },
  { label: 'HEIC magic bytes', expected: 'INVALID_REQUEST', build: () => ({ image: b64(isoMediaFile('heic')) }) },
  { label: 'AVIF magic bytes', expected: 'INVALID_REQUEST', build: () => ({ image: b64(isoMediaFile('avif')) }) },
  {
    label: 'JPEG truncated after its header (600 bytes)',
    expected: 'INVALID_REQUEST',
    build: ({ face }) => ({ image: b64(Buffer.from(face, 'base64').subarray(0, 600)) }),
  },
  {
    label: 'JPEG truncated at half its length',
    // Chromium's createImageBitmap refuses an incomplete JPEG rather than painting half of it.
    expected: 'INVALID_REQUEST',
    build: ({ face }) => {
      const bytes = Buffer.from(face, 'base64');
      return { image: b64(bytes.subarray(0, Math.floor(bytes.length / 2))) };
    },
  },
  {
    label: 'JPEG with corrupt Huffman data',
    expected: 'NO_FACE_DETECTED',
    build: ({ face }) => {
      const bytes = Buffer.from(face, 'base64');
      const start = scanDataOffset(bytes);
      const random = mulberry32(6);
      // Overwrite the entropy-coded data from 5 % in to the end, keeping EOI (no 0xFF bytes, so
      // no marker is invented).
      for (let i = start + Math.floor((bytes.length - start) * 0.05); i < bytes.length - 2; i++) bytes[i] = Math.floor(random() * 255);
      return { image: b64(bytes) };
    },
  },
  { label: 'PNG declaring 30000×30000 pixels (tiny file)', expected: 'INVALID_REQUEST', build: () => ({ image: b64(pngBomb(30_000, 30_000)) }) },
  {
    label: 'PNG declaring 16385×16 pixels (one past the side limit)',
    expected: 'INVALID_REQUEST',
    build: () => ({ image: b64(pngBomb(16_385, 16)) }),
  },
  { label: 'PNG declaring 0×0 pixels', expected: 'INVALID_REQUEST', build: () => ({ image: b64(pngBomb(0, 0)) }) },
  {
    label: '1×1 PNG',
    expected: 'NO_FACE_DETECTED',
    build: () => ({ image: b64(encodePng({ width: 1, height: 1, data: Uint8Array.from([200, 150, 120, 255]) }, 'rgb8')) }),
  },
  { label: '0-byte Blob', expected: 'INVALID_REQUEST', build: () => ({ image: '', kind: 'blob' }) },
  {
    label: '11 MB payload (JPEG magic bytes)',
    expected: 'INVALID_REQUEST',
    build: () => {
      const bytes = Buffer.alloc(11 * 1024 * 1024);
      bytes.set([0xff, 0xd8, 0xff, 0xe0]);
      return { image: b64(bytes) };
    },
  },
  {
    label: '10 MB + 1 byte as a Blob',
    expected: 'INVALID_REQUEST',
    build: () => {
      const bytes = Buffer.alloc(TEN_MB + 1);
      bytes.set([0xff, 0xd8, 0xff, 0xe0]);
      return { image: b64(bytes), kind: 'blob' };
    },
  },
  { label: 'CMYK JPEG (Adobe, 4 components)', expected: 'success', build: ({ pixels }) => ({ image: b64(encodeJpeg(pixels, 'cmyk')) }) },
  { label: 'greyscale JPEG (1 component)', expected: 'success', build: ({ pixels }) => ({ image: b64(encodeJpeg(pixels, 'grey')) }) },
  { label: 'greyscale PNG (8-bit)', expected: 'success', build: ({ pixels }) => ({ image: b64(encodePng(pixels, 'grey8')) }) },
  { label: '16-bit RGB PNG', expected: 'success', build: ({ pixels }) => ({ image: b64(encodePng(pixels, 'rgb16')) }) },
  {
    label: 'PNG with alpha (transparent border)',
    expected: 'success',
    build: ({ pixels }) => {
      const margin = 40;
      const alpha = (x: number, y: number) =>
        x < margin || y < margin || x >= pixels.width - margin || y >= pixels.height - margin ? 0 : 255;
      return { image: b64(encodePng(pixels, 'rgba8', alpha)) };
    },
  },
  {
    label: 'animated WebP (face, then noise)',
    expected: 'success',
    build: async ({ face, pixels, page }) => {
      const first = Buffer.from(await reencode(page, face, 'image/webp'), 'base64');
      const noise = await page.evaluate(
        ([w, h]) => window.selfieLiveness.images.synthetic('noise', w, h, { seed: 3 }),
        [pixels.width, pixels.height] as const,
      );
      const second = Buffer.from(await reencode(page, noise, 'image/webp'), 'base64');
      return { image: b64(animatedWebp([first, second], pixels.width, pixels.height)) };
    },
  },
  {
    label: 'JPEG with malformed EXIF blocks',
    expected: 'success',
    build: ({ face }) => ({ image: b64(insertAfterSoi(Buffer.from(face, 'base64'), malformedExifSegments())) }),
  },
  {
    label: 'JPEG with huge EXIF (100 × 64 KB APP1)',
    expected: 'success',
    build: ({ face }) => ({ image: b64(insertAfterSoi(Buffer.from(face, 'base64'), hugeExifSegments(99))) }),
  },
];

test.describe('bad-input battery', () => {
  let page: Page;
  let fixtures: Fixtures;
  /** A small good photo for the "next call still works" check. */
  let good: string;
  const table: string[] = [];

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    await openEngine(page);
    const face = await faceJpeg(page, FACES.frontal);
    fixtures = { face, pixels: await rgbaOf(page, face), page };
    good = await crop(page, sampleBase64(FACES.tilted.sample), FACES.tilted.box);
  });

  test.afterAll(async () => {
    console.log(`battery:\n${table.join('\n')}`);
    await page.close();
  });

  for (const entry of CASES) {
    test(`${entry.label} → ${entry.expected}`, async () => {
      const { image, kind = 'base64' } = await entry.build(fixtures);
      const outcome = await boundedCheck(page, image, CALL_LIMIT_MS, kind);
      if ('hung' in outcome) throw new Error(`${entry.label}: no answer within ${CALL_LIMIT_MS} ms`);
      const { response, ms } = outcome;
      table.push(`| ${entry.label} | ${outcomeLabel(response)} | ${ms} ms |`);
      expectEnvelope(response);
      if (entry.expected === 'success') {
        expectSingleFaceSuccess(response);
      } else if (entry.expected === 'INVALID_REQUEST') {
        expectError(response, 'INVALID_REQUEST', 422, false);
      } else {
        expect(outcomeLabel(response), response.status === 'error' ? response.error.message : '').toBe(entry.expected);
      }
      // The very next call on a good photo still succeeds.
      const next = await boundedCheck(page, good, CALL_LIMIT_MS);
      if ('hung' in next) throw new Error(`the call after "${entry.label}" hung`);
      expectSingleFaceSuccess(next.response);
    });
  }
});
