/**
 * The demo page a person uses: load, upload a face photo, see the verdict and the eight signals;
 * an image without a face shows the retake message. Screenshots are kept as test artefacts.
 */
import { test, expect, type Page } from '@playwright/test';
import { FACES } from './helpers/faces';
import { faceJpeg, openHarness } from './helpers/harness';
import { SIGNAL_NAMES } from './helpers/contract';
import { DEMO_URL } from './helpers/servers';


async function upload(page: Page, name: string, bytes: Buffer, mimeType: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType, buffer: bytes });
}

test('uploading a face photo shows a verdict, the confidence and one row per signal', async ({ page, browser }, testInfo) => {
  const tools = await browser.newPage();
  await openHarness(tools);
  const face = Buffer.from(await faceJpeg(tools, FACES.frontal), 'base64');
  await tools.close();

  for (const [width, height] of [[1280, 800], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(DEMO_URL);
    await expect(page.locator('body')).toHaveAttribute('data-engine', 'ready', { timeout: 60_000 });
    await upload(page, 'selfie.jpg', face, 'image/jpeg');
    const verdict = page.getByTestId('verdict');
    await expect(verdict).toHaveText(/^(LIVE|SPOOF|INCONCLUSIVE)$/, { timeout: 30_000 });
    await expect(page.getByTestId('signal-row')).toHaveCount(8);
    const names = await page.getByTestId('signal-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-signal')));
    expect(names).toEqual(SIGNAL_NAMES);
    await expect(page.getByTestId('request-id')).toHaveText(/^lv_[0-9a-f]{16}$/);
    const confidence = Number((await page.getByTestId('confidence').innerText()).match(/[0-9.]+/)![0]);
    expect(confidence).toBeGreaterThanOrEqual(0);
    expect(confidence).toBeLessThanOrEqual(1);
    const shot = testInfo.outputPath(`demo-${width}x${height}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`demo screenshot: ${shot}`);
  }
});

test('an image without a face shows the retake message', async ({ page }) => {
  await page.goto(DEMO_URL);
  await expect(page.locator('body')).toHaveAttribute('data-engine', 'ready', { timeout: 60_000 });
  // A 64×64 grey BMP: valid, decodable, no face.
  const width = 64;
  const height = 64;
  const header = Buffer.alloc(54);
  header.write('BM', 0);
  header.writeUInt32LE(54 + width * height * 3, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  const bmp = Buffer.concat([header, Buffer.alloc(width * height * 3, 128)]);
  await upload(page, 'wall.bmp', bmp, 'image/bmp');
  const error = page.getByTestId('error');
  await expect(error).toHaveAttribute('data-code', 'NO_FACE_DETECTED', { timeout: 30_000 });
  await expect(error).toContainText(/retake/i);
});
