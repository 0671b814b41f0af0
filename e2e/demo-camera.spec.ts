/**
 * The demo's camera path in a Chromium whose camera is a file: a `.y4m` made in the test from a
 * real face photo (e2e/helpers/y4m.ts). The camera starts, guidance turns green, the frame is
 * captured (automatically, and by the button) and goes through the same check as an upload.
 * A refused permission shows the clear message.
 */
import { chromium, expect, test, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { FACES, sampleBase64 } from './helpers/faces';
import { openHarness } from './helpers/harness';
import { DEMO_URL } from './helpers/servers';
import { writeY4m, type RgbaFrame } from './helpers/y4m';

/** Size of the fake camera's frames (4:3, like most laptop cameras). */
const CAMERA_WIDTH = 640;
const CAMERA_HEIGHT = 480;

/** The frontal test face centred in a camera frame, face about a fifth of the frame, as RGBA. */
async function cameraFrame(page: Page): Promise<RgbaFrame> {
  const face = FACES.frontal;
  const base64 = await page.evaluate(
    async ([image, box, width, height]) => {
      const bytes = Uint8Array.from(atob(image), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes]));
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#7d8288';
      ctx.fillRect(0, 0, width, height);
      const scale = height / box.height;
      const drawWidth = box.width * scale;
      ctx.drawImage(bitmap, box.x, box.y, box.width, box.height, (width - drawWidth) / 2, 0, drawWidth, height);
      const rgba = new Uint8Array(ctx.getImageData(0, 0, width, height).data.buffer);
      let binary = '';
      for (let i = 0; i < rgba.length; i += 0x8000) binary += String.fromCharCode(...rgba.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    [sampleBase64(face.sample), face.box, CAMERA_WIDTH, CAMERA_HEIGHT] as const,
  );
  return { width: CAMERA_WIDTH, height: CAMERA_HEIGHT, data: Buffer.from(base64, 'base64') };
}

/** Launches a Chromium with the project's flags plus `extraArgs`. */
function launchWith(testInfo: TestInfo, extraArgs: string[]): Promise<Browser> {
  const launch = testInfo.project.use.launchOptions ?? {};
  return chromium.launch({ ...launch, headless: true, args: [...(launch.args ?? []), ...extraArgs] });
}

async function openDemo(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  // Every instruction the guidance shows, in order (a green phase may last only a second).
  await page.addInitScript(() => {
    const log: string[] = [];
    (window as unknown as { guidanceLog: string[] }).guidanceLog = log;
    new MutationObserver(() => {
      const code = document.querySelector('[data-testid="guidance"]')?.getAttribute('data-guidance');
      if (code && log[log.length - 1] !== code) log.push(code);
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-guidance'] });
  });
  await page.goto(DEMO_URL);
  await expect(page.locator('body')).toHaveAttribute('data-engine', 'ready', { timeout: 60_000 });
  return page;
}

const guidanceLog = (page: Page) => page.evaluate(() => (window as unknown as { guidanceLog: string[] }).guidanceLog);

test.describe('camera capture', () => {
  let y4mPath = '';
  let camera: Browser | null = null;

  test.beforeAll(async ({ browser }, testInfo) => {
    const tools = await browser.newPage();
    await openHarness(tools);
    y4mPath = testInfo.outputPath('fake-camera.y4m');
    writeY4m(y4mPath, await cameraFrame(tools), { frameCount: 3 });
    await tools.close();
    camera = await launchWith(testInfo, [
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4mPath}`,
    ]);
  });

  test.afterAll(async () => {
    await camera?.close();
  });

  test('guidance turns green, the frame is captured by itself and checked', async () => {
    const context = await camera!.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['camera'] });
    const page = await openDemo(context);
    await page.getByTestId('camera-start').click();
    await expect(page.getByTestId('camera-stage')).toHaveAttribute('data-state', 'live');
    const verdict = page.getByTestId('verdict');
    await expect(verdict).toHaveText(/^(LIVE|SPOOF|INCONCLUSIVE)$/, { timeout: 30_000 });
    const log = await guidanceLog(page);
    console.log(`guidance sequence: ${log.join(' → ')}`);
    expect(log).toContain('ready');
    expect(log[log.length - 1]).toBe('captured');
    await expect(page.getByTestId('signal-row')).toHaveCount(8);
    await expect(page.getByTestId('request-id')).toHaveText(/^lv_[0-9a-f]{16}$/);
    // The camera is released after the capture; the pictures are drawn from the captured frame.
    await expect(page.getByTestId('camera-stage')).toHaveAttribute('data-state', 'off');
    await expect(page.getByTestId('visual-overlay')).toHaveAttribute('data-drawn', 'true');
    await expect(page.getByTestId('camera-start')).toHaveText(/retake/i);
    await context.close();
  });

  test('on a phone screen, capture by the button once guidance is green', async ({}, testInfo) => {
    const context = await camera!.newContext({ viewport: { width: 390, height: 844 }, permissions: ['camera'], isMobile: true, hasTouch: true });
    const page = await openDemo(context);
    await page.getByTestId('auto-capture').uncheck();
    await page.getByTestId('camera-start').click();
    await expect(page.getByTestId('guidance-box')).toHaveAttribute('data-ok', 'true', { timeout: 20_000 });
    await expect(page.getByTestId('guidance')).toHaveText(/hold still/i);
    await expect(page.getByTestId('camera-metrics')).toContainText('1 face');
    console.log(`frame measurements: ${await page.getByTestId('camera-metrics').innerText()}`);
    const shot = testInfo.outputPath('demo-camera-390x844.png');
    await page.screenshot({ path: shot });
    console.log(`camera screenshot: ${shot}`);
    // No auto-capture while it is switched off: the camera stays live.
    await page.waitForTimeout(1500);
    await expect(page.getByTestId('camera-stage')).toHaveAttribute('data-state', 'live');
    await page.getByTestId('camera-capture').click();
    await expect(page.getByTestId('verdict')).toHaveText(/^(LIVE|SPOOF|INCONCLUSIVE)$/, { timeout: 30_000 });
    await expect(page.getByTestId('signal-row')).toHaveCount(8);
    await context.close();
  });
});

test('a refused camera permission says so and points to the upload', async ({}, testInfo) => {
  // A real refusal: a fake camera exists, but every permission prompt is answered "block".
  const browser = await launchWith(testInfo, ['--use-fake-device-for-media-stream', '--deny-permission-prompts']);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openDemo(context);
    await page.getByTestId('camera-start').click();
    const message = page.getByTestId('camera-error');
    await expect(message).toBeVisible();
    await expect(message).toHaveAttribute('data-reason', 'denied');
    await expect(message).toContainText('Camera access was refused');
    await expect(message).toContainText(/upload a photo/i);
    await expect(page.getByTestId('camera-stage')).toHaveAttribute('data-state', 'off');
    await expect(page.getByTestId('camera-start')).toBeEnabled();
  } finally {
    await browser.close();
  }
});
