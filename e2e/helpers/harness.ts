/**
 * Opening the harness page (harness/harness.html) and driving the page's shared engine from a test;
 * opening the component pages of the learned model (harness/learned-model.html) and of MiniFASNet
 * (harness/minifasnet.html).
 */
import { expect, type Page, type Request } from '@playwright/test';
import type { CropBox, EncodeOptions, InputKind } from '../../harness/harness';
import type { LivenessResponse, LivenessSuccess } from '../../src/index';
import { sampleBase64, type FaceCrop } from './faces';

/**
 * On a fresh install Vite's dev server pre-bundles dependencies it discovers at run time (those
 * of the worker, for example) and then reloads the page once; an evaluation running at that
 * moment fails with one of these messages.
 */
const RELOAD_ERROR = /Execution context was destroyed|navigat/i;
const LOAD_ATTEMPTS = 3;

/**
 * Loads the harness page and creates its engine; fails the test when the engine does not load.
 * Returns the load time in ms.
 */
export async function openEngine(page: Page, options: Record<string, unknown> = {}): Promise<number> {
  await page.goto('/harness.html');
  for (let attempt = 1; ; attempt++) {
    try {
      await page.waitForFunction(() => window.harnessReady === true);
      const outcome = await page.evaluate((o) => window.selfieLiveness.init(o), options);
      if (!outcome.ok) throw new Error(`engine failed to load: ${outcome.name}: ${outcome.message}`);
      return outcome.load_ms;
    } catch (error) {
      if (attempt >= LOAD_ATTEMPTS || !RELOAD_ERROR.test(String(error))) throw error;
      await page.waitForLoadState('load');
    }
  }
}

/** Loads the harness page without an engine (for the image tools only). */
export async function openHarness(page: Page): Promise<void> {
  await page.goto('/harness.html');
  await page.waitForFunction(() => window.harnessReady === true);
}

/** Loads MiniFASNet's component page (`window.miniFasNet`). */
export async function openMiniFasNet(page: Page): Promise<void> {
  await page.goto('/minifasnet.html');
  await page.waitForFunction(() => window.miniFasNetReady === true);
}

/** Loads the learned model's component page (`window.learnedModel`). */
export async function openLearnedModel(page: Page): Promise<void> {
  await page.goto('/learned-model.html');
  await page.waitForFunction(() => window.learnedModelReady === true);
}

export function check(page: Page, image: string, kind: InputKind = 'base64'): Promise<LivenessResponse> {
  return page.evaluate(([i, k]) => window.selfieLiveness.check(i, k), [image, kind] as const);
}

/** Like `check`, but fails the test unless the response is a success, and narrows it. */
export async function checkSuccess(page: Page, image: string, kind: InputKind = 'base64'): Promise<LivenessSuccess> {
  const response = await check(page, image, kind);
  if (response.status !== 'success') {
    throw new Error(`expected success, got ${response.error.code}: ${response.error.message}`);
  }
  return response;
}

export function crop(page: Page, image: string, box: CropBox, options: EncodeOptions = {}): Promise<string> {
  return page.evaluate(([i, b, o]) => window.selfieLiveness.images.crop(i, b, o), [image, box, options] as const);
}

/** A fixture face as a JPEG crop (Base64). */
export function faceJpeg(page: Page, face: FaceCrop): Promise<string> {
  return crop(page, sampleBase64(face.sample), face.box);
}

/** Records every request the page or its workers make (the engine loads assets inside a worker). */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  const record = (request: Request) => urls.push(request.url());
  page.context().on('request', record);
  return urls;
}

/** URLs among `urls` that would leave `origin` (data: URLs stay in the page). */
export function foreignRequests(urls: readonly string[], origin: string): string[] {
  return urls.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
}

export { expect };
