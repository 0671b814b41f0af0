/**
 * The demo's result view beyond the verdict: the pictures that explain a check, the raw JSON with
 * its copy button, the time taken, and the settings panel re-scoring the last image.
 */
import { test, expect, type Page } from '@playwright/test';
import { FACES } from './helpers/faces';
import { faceJpeg, openHarness } from './helpers/harness';
import { DEMO_URL } from './helpers/servers';
import { DEFAULT_WEIGHTS, DEFAULT_WEIGHTS_WITH_LEARNED } from '../src/config';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

let face: Buffer;

test.beforeAll(async ({ browser }) => {
  const tools = await browser.newPage();
  await openHarness(tools);
  face = Buffer.from(await faceJpeg(tools, FACES.frontal), 'base64');
  await tools.close();
});

async function uploadFace(page: Page): Promise<void> {
  await page.goto(DEMO_URL);
  await expect(page.locator('body')).toHaveAttribute('data-engine', 'ready', { timeout: 60_000 });
  await page.getByTestId('file-input').setInputFiles({ name: 'selfie.jpg', mimeType: 'image/jpeg', buffer: face });
  await expect(page.getByTestId('verdict')).toHaveText(/^(LIVE|SPOOF|INCONCLUSIVE)$/, { timeout: 30_000 });
}

/** Share of a canvas's pixels that are not transparent black, and how many distinct grey levels it holds. */
function canvasContent(page: Page, testId: string): Promise<{ width: number; height: number; painted: number; levels: number }> {
  return page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    const levels = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] > 0) painted++;
      levels.add(data[i] >> 2);
    }
    return { width: canvas.width, height: canvas.height, painted: painted / (data.length / 4), levels: levels.size };
  });
}

test('an upload shows the pictures, the time taken and a copyable raw JSON response', async ({ page }) => {
  await uploadFace(page);
  await expect(page.getByTestId('visuals')).toBeVisible();
  const overlay = await canvasContent(page, 'visual-overlay');
  expect(overlay.width).toBeGreaterThan(100);
  expect(overlay.painted).toBeGreaterThan(0.9);
  expect(overlay.levels).toBeGreaterThan(20);
  for (const id of ['visual-crop', 'visual-lbp', 'visual-spectrum']) {
    const picture = await canvasContent(page, id);
    expect(picture.painted, id).toBeGreaterThan(0.5);
    expect(picture.levels, id).toBeGreaterThan(3);
  }
  expect((await canvasContent(page, 'visual-crop')).width).toBe(96);

  // The overlay marks the eye points in yellow (#facc15).
  const yellow = await page.getByTestId('visual-overlay').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] === 250 && data[i + 1] === 204 && data[i + 2] === 21) n++;
    return n;
  });
  expect(yellow).toBeGreaterThan(12);

  await expect(page.getByTestId('elapsed')).toHaveText(/^\d+(\.\d+)? m?s$/);
  await expect(page.getByTestId('verdict-action')).toHaveText(/^(allow|reject|retake)$/);

  await page.getByText('Raw JSON response').click();
  const raw = JSON.parse(await page.getByTestId('raw-json').innerText());
  expect(raw.status).toBe('success');
  expect(raw.result.signals).toHaveLength(8);
  expect(raw).not.toHaveProperty('diagnostics');
  await page.getByTestId('copy-json').click();
  await expect(page.getByTestId('copy-json')).toHaveText('Copied');
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(raw);
  await page.getByTestId('copy-request-id').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(raw.request_id);
});

test('the settings panel re-scores the last image: the threshold flips the verdict, bad weights are refused', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await uploadFace(page);
  const before = (await page.getByTestId('verdict').innerText()) as 'LIVE' | 'SPOOF' | 'INCONCLUSIVE';
  const confidence = Number(await page.getByTestId('confidence').innerText());
  const firstId = await page.getByTestId('request-id').innerText();

  await page.getByTestId('settings').locator('summary').click();
  // LIVE (or INCONCLUSIVE) turns SPOOF with a threshold far above the confidence; SPOOF turns LIVE far below.
  const threshold = before === 'SPOOF' ? Math.max(0.05, confidence - 0.2) : 0.95;
  const expected = before === 'SPOOF' ? 'LIVE' : 'SPOOF';
  expect(before === 'SPOOF' ? confidence >= threshold + 0.04 || threshold === 0.05 : confidence < 0.91).toBe(true);
  await page.getByTestId('setting-live_threshold').fill(threshold.toFixed(2));
  await expect(page.getByTestId('verdict')).toHaveText(expected, { timeout: 15_000 });
  await expect(page.getByTestId('request-id')).not.toHaveText(firstId);
  await expect(page.getByTestId('custom-settings-note')).toContainText(`live_threshold = ${threshold.toFixed(2)}`);
  await expect(page.getByTestId('gauge-threshold')).toContainText(threshold.toFixed(2));
  expect(Number(await page.getByTestId('confidence').innerText())).toBeCloseTo(confidence, 3);

  // Weights that do not sum to 1 are refused with the SDK's message; the verdict stays.
  await page.getByTestId('weight-lbp_texture').fill('0.5');
  await expect(page.getByTestId('settings-error')).toBeVisible();
  await expect(page.getByTestId('settings-error')).toContainText('must sum to 1.0');
  await expect(page.getByTestId('weight-lbp_texture')).toHaveAttribute('aria-invalid', '');
  const offBy = 0.5 - DEFAULT_WEIGHTS.lbp_texture;
  await expect(page.getByTestId('weight-sum')).toHaveText((1 + offBy).toFixed(2));
  await page.getByTestId('weights-normalise').click();
  await expect(page.getByTestId('settings-error')).toBeHidden();
  await expect(page.getByTestId('weight-sum')).toHaveText('1.00');
  await expect(page.getByTestId('custom-settings-note')).toContainText('weights.lbp_texture', { timeout: 15_000 });
  const rows = page.getByTestId('signal-row');
  const normalised = (0.5 / (1 + offBy)).toFixed(2);
  await expect(rows.filter({ has: page.locator('.cell-weight', { hasText: normalised }) })).toHaveCount(1);

  const shot = testInfo.outputPath('demo-settings-1280x800.png');
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`settings screenshot: ${shot}`);

  // Reset brings back the defaults and the first verdict.
  await page.getByTestId('settings-reset').click();
  await expect(page.getByTestId('verdict')).toHaveText(before, { timeout: 15_000 });
  await expect(page.getByTestId('custom-settings-note')).toHaveCount(0);
});

test('the settings panel switches the optional learned_texture signal on and off', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await uploadFace(page);
  const rows = page.getByTestId('signal-row');
  await expect(rows).toHaveCount(8);
  await page.getByTestId('settings').locator('summary').click();
  await expect(page.getByTestId('weight-learned_texture')).toBeHidden();

  await page.getByTestId('setting-enable_learned_texture').check();
  await expect(page.getByTestId('weight-learned_texture')).toBeVisible();
  await expect(page.getByTestId('weight-learned_texture')).toHaveValue(String(DEFAULT_WEIGHTS_WITH_LEARNED.learned_texture));
  await expect(page.getByTestId('weight-lbp_texture')).toHaveValue(String(DEFAULT_WEIGHTS_WITH_LEARNED.lbp_texture));
  await expect(page.getByTestId('weight-sum')).toHaveText('1.00');
  await expect(page.getByTestId('custom-settings-note')).toContainText('enable_learned_texture = true', { timeout: 60_000 });
  await expect(rows).toHaveCount(9, { timeout: 60_000 });
  await expect(rows.last()).toContainText('Learned texture (anti-spoof model)');

  await page.getByTestId('setting-enable_learned_texture').uncheck();
  await expect(page.getByTestId('weight-learned_texture')).toBeHidden();
  await expect(page.getByTestId('weight-lbp_texture')).toHaveValue(String(DEFAULT_WEIGHTS.lbp_texture));
  await expect(rows).toHaveCount(8, { timeout: 15_000 });
});
