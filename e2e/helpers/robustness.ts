/**
 * Shared pieces of the robustness suites (e2e/robustness-*.spec.ts): pixels out of the browser,
 * still WebP from the browser's encoder, and a check bounded by a test-side time limit.
 */
import type { Page } from '@playwright/test';
import type { CheckOptions, LivenessResponse } from '../../src/index';
import type { CropBox, InputKind } from '../../harness/harness';
import type { Rgba } from './image-files';

/** Decodes an image in the page and returns its RGBA pixels (browser decoder, no EXIF applied). */
export async function rgbaOf(page: Page, image: string): Promise<Rgba> {
  const { width, height, data } = await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes]), { imageOrientation: 'none' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const pixels = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let binary = '';
    for (let i = 0; i < pixels.length; i += 0x8000) binary += String.fromCharCode(...pixels.subarray(i, i + 0x8000));
    return { width: bitmap.width, height: bitmap.height, data: btoa(binary) };
  }, image);
  return { width, height, data: new Uint8Array(Buffer.from(data, 'base64')) };
}

/** Re-encodes an image with the browser's encoder (`image/webp`, `image/png` or `image/jpeg`). */
export function reencode(page: Page, image: string, type: 'image/webp' | 'image/png' | 'image/jpeg', quality = 0.9): Promise<string> {
  return page.evaluate(
    async ([base64, t, q]) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes]));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
      const blob = await canvas.convertToBlob({ type: t, quality: q });
      const out = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < out.length; i += 0x8000) binary += String.fromCharCode(...out.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    [image, type, quality] as const,
  );
}

/** What one bounded call came to: the response, or that the page gave no answer in time. */
export type BoundedOutcome = { response: LivenessResponse; ms: number } | { hung: true; ms: number };

/**
 * Runs `check` on the page's engine and gives up after `limitMs` (so a hang is a test failure
 * with a message, not a test timeout).
 */
export async function boundedCheck(
  page: Page,
  image: string,
  limitMs: number,
  kind: InputKind = 'base64',
  options: CheckOptions = {},
): Promise<BoundedOutcome> {
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<{ hung: true; ms: number }>((resolve) => {
    timer = setTimeout(() => resolve({ hung: true, ms: Date.now() - started }), limitMs);
  });
  try {
    return await Promise.race([
      page
        .evaluate(([i, k, o]) => window.selfieLiveness.check(i, k, o), [image, kind, options] as const)
        .then((response) => ({ response, ms: Date.now() - started })),
      hung,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** "CODE" for an error, "success VERDICT" for a result. */
export function outcomeLabel(response: LivenessResponse): string {
  return response.status === 'error' ? response.error.code : `success ${response.result.verdict}`;
}

/** Cuts `box` out of `image`, scaled by `scale`, as a browser JPEG (Base64). */
export function cropScaled(page: Page, image: string, box: CropBox, scale: number): Promise<string> {
  return page.evaluate(([i, b, s]) => window.selfieLiveness.images.crop(i, b, { scale: s }), [image, box, scale] as const);
}
