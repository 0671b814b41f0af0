/**
 * The published package in apps that are not this repository (README "Install in your app"). Once for the file:
 * `npm run build:lib`, `npm pack`, a fresh folder with a minimal Vite app that installs Vite and the
 * tarball (`npm install --prefer-offline`: works from npm's cache), `npx selfie-liveness copy-assets
 * public/selfie-liveness`, and `vite build`. Then, in Chromium, served by a tiny static server under
 * the strict CSP of the README, sent with every response (the worker has its own policy):
 * - the built Vite app checks a real face photo (a crop of face-api's sample3.jpg, MIT);
 * - a page without a bundler does the same, importing the package's dist file where npm put it (not at
 *   the site root) with the assets next to it;
 * - the package's types compile in a consumer (`tsc --noEmit`, bundler and nodenext resolution);
 * - copy-assets refuses a file that does not match its sha256.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, type Page } from '@playwright/test';
import type { LivenessResponse } from '../src/index';
import {
  ASSET_FOLDER,
  CONSUMER_TS,
  consumerTsconfig,
  PLAIN_PAGE_INDEX_HTML,
  PLAIN_PAGE_MAIN_JS,
  VITE_APP_INDEX_HTML,
  VITE_APP_MAIN_JS,
  VITE_APP_PACKAGE_JSON,
} from './fixtures/outside-app';
import { FACES, sampleBase64 } from './helpers/faces';
import { SIGNAL_NAMES } from './helpers/contract';

/** The README's policy, sent with EVERY response (page, scripts, worker): a worker has its own policy. */
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'";

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
/** Build, pack, npm install (from the cache), copy-assets and an app build, on a small CI machine. */
const SETUP_TIMEOUT_MS = 300_000;
const COMMAND_TIMEOUT_MS = 240_000;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

interface StaticSite {
  origin: string;
  close(): Promise<void>;
}

/** A tiny static server for `root` on 127.0.0.1 (a free port), with the CSP on every response. */
async function serve(root: string): Promise<StaticSite> {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    const headers = { 'content-security-policy': CSP, 'cache-control': 'no-store' };
    if (!file.startsWith(root + sep)) return void response.writeHead(403, headers).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { ...headers, 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': body.length });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.writeHead(404, headers).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { origin: `http://127.0.0.1:${address.port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command; rejects with its output when it fails, unless `allowFailure`. */
function run(command: string, args: string[], cwd: string, allowFailure = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), COMMAND_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 && !allowFailure) reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${stdout}\n${stderr}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

let work: string;
let app: string;
let tarballFiles: string[];
let copyAssetsOutput: string;
const sites: StaticSite[] = [];

test.beforeAll(async () => {
  test.setTimeout(SETUP_TIMEOUT_MS);
  work = await mkdtemp(join(tmpdir(), 'selfie-liveness-package-'));
  app = join(work, 'app');

  await run('npm', ['run', 'build:lib'], PROJECT_ROOT);
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], PROJECT_ROOT);
  const [pack] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  tarballFiles = pack.files.map((file) => file.path);

  const { devDependencies } = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  await mkdir(app, { recursive: true });
  await writeFile(join(app, 'package.json'), VITE_APP_PACKAGE_JSON);
  await writeFile(join(app, 'index.html'), VITE_APP_INDEX_HTML);
  await writeFile(join(app, 'main.js'), VITE_APP_MAIN_JS);
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `vite@${devDependencies.vite}`, join(work, pack.filename)], app);

  copyAssetsOutput = (await run('npx', ['--no', 'selfie-liveness', 'copy-assets', `public/${ASSET_FOLDER}`], app)).stdout;
  await run(process.execPath, [join(app, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], app);

  await mkdir(join(app, 'plain'));
  await writeFile(join(app, 'plain', 'index.html'), PLAIN_PAGE_INDEX_HTML);
  await writeFile(join(app, 'plain', 'main.js'), PLAIN_PAGE_MAIN_JS);
});

test.afterAll(async () => {
  await Promise.all(sites.map((site) => site.close()));
  if (work) await rm(work, { recursive: true, force: true });
});

/** Watches CSP violations (page and console) and every request of the page and its worker. */
async function watch(page: Page): Promise<{ violations: () => Promise<string[]>; requests: string[] }> {
  const fromConsole: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) fromConsole.push(message.text());
  });
  page.context().on('request', (request) => requests.push(request.url()));
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return {
    requests,
    violations: async () => [...fromConsole, ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))],
  };
}

interface OutsideCheck {
  response: LivenessResponse;
  action: string;
  score: number;
}

/** Crops the frontal face of sample3 in the page (JPEG, as e2e/helpers/faces.ts does) and checks it there. */
async function checkFace(page: Page, config?: Record<string, unknown>): Promise<OutsideCheck> {
  const loaded = await page.evaluate(() => (window as unknown as { outsideApp: { loaded: Promise<true | string> } }).outsideApp.loaded);
  expect(loaded, 'engine load').toBe(true);
  const face = FACES.frontal;
  return page.evaluate(
    async ([sample, box, options]) => {
      const bytes = Uint8Array.from(atob(sample), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
      const canvas = new OffscreenCanvas(box.width, box.height);
      canvas.getContext('2d')?.drawImage(bitmap, box.x, box.y, box.width, box.height, 0, 0, box.width, box.height);
      const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })).arrayBuffer());
      let binary = '';
      for (const byte of jpeg) binary += String.fromCharCode(byte);
      const outside = (window as unknown as { outsideApp: { check(base64: string, config?: unknown): Promise<OutsideCheck> } }).outsideApp;
      return outside.check(btoa(binary), options);
    },
    [sampleBase64(face.sample), face.box, config] as const,
  );
}

function expectVerdict({ response, action, score }: OutsideCheck): void {
  if (response.status !== 'success') throw new Error(`expected a result, got ${response.error.code}: ${response.error.message}`);
  expect(response.request_id).toMatch(/^lv_[0-9a-f]{16}$/);
  expect(['LIVE', 'SPOOF', 'INCONCLUSIVE']).toContain(response.result.verdict);
  expect(response.result.face_detected).toBe(true);
  expect(response.result.signals.map((signal) => signal.name)).toEqual(SIGNAL_NAMES);
  expect(action).toBe({ LIVE: 'allow', SPOOF: 'reject', INCONCLUSIVE: 'retake' }[response.result.verdict]);
  expect(score).toBeGreaterThanOrEqual(1);
  expect(score).toBeLessThanOrEqual(100);
}

test('the tarball holds the library, its types, the assets with their manifest and the CLI, and nothing else', () => {
  for (const file of [
    'dist/selfie-liveness.js',
    'dist/selfie-liveness.js.map',
    'dist/liveness.worker.js',
    'dist/liveness.worker.js.map',
    'dist/types/index.d.ts',
    'dist/assets/manifest.json',
    'dist/assets/face_landmarker.task',
    'dist/assets/wasm/vision_wasm_module_internal.js',
    'dist/assets/wasm/vision_wasm_module_internal.wasm',
    'bin/selfie-liveness.mjs',
    'bin/lib/copy-assets.mjs',
    'package.json',
    'README.md',
  ]) {
    expect(tarballFiles, file).toContain(file);
  }
  const unexpected = tarballFiles.filter((file) => !/^(dist\/|bin\/.*\.mjs$|package\.json$|README\.md$|LICENSE)/.test(file));
  expect(unexpected).toEqual([]);
  expect(copyAssetsOutput).toContain(`sha256 verified; createLivenessEngine({ assetBaseUrl: '/${ASSET_FOLDER}/' })`);
});

test('a Vite app built with the installed package checks a real face under the strict CSP', async ({ page }) => {
  const site = await serve(join(app, 'dist'));
  sites.push(site);
  const { violations, requests } = await watch(page);
  await page.goto(`${site.origin}/`);
  expectVerdict(await checkFace(page));
  expect(await violations()).toEqual([]);
  expect(requests.filter((url) => !url.startsWith(site.origin) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
  // The app's bundler emitted the worker as its own file, and the engine loaded the copied assets.
  expect(requests.some((url) => /\/assets\/liveness\.worker[^/]*\.js$/.test(url)), requests.join('\n')).toBe(true);
  expect(requests).toContain(`${site.origin}/${ASSET_FOLDER}/face_landmarker.task`);
  expect(requests).toContain(`${site.origin}/${ASSET_FOLDER}/wasm/vision_wasm_module_internal.wasm`);
});

test('a page without a bundler imports the dist file where npm put it and checks a real face', async ({ page }) => {
  const site = await serve(app);
  sites.push(site);
  const { violations, requests } = await watch(page);
  await page.goto(`${site.origin}/plain/index.html`);
  expectVerdict(await checkFace(page));
  expect(await violations()).toEqual([]);
  const dist = `${site.origin}/node_modules/selfie-liveness/dist/`;
  expect(requests).toContain(`${dist}liveness.worker.js`);
  expect(requests).toContain(`${dist}assets/face_landmarker.task`);
  expect(requests.filter((url) => !url.startsWith(site.origin) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
});

test('the optional learned_texture loads its chunk and model in the Vite app and in the page without a bundler', async ({ page }) => {
  test.setTimeout(120_000);
  const site = await serve(join(app, 'dist'));
  sites.push(site);
  const plain = await serve(app);
  sites.push(plain);
  const { violations, requests } = await watch(page);
  for (const [url, model] of [
    [`${site.origin}/`, `${site.origin}/${ASSET_FOLDER}/face_anti_spoofing.tflite`],
    [`${plain.origin}/plain/index.html`, `${plain.origin}/node_modules/selfie-liveness/dist/assets/face_anti_spoofing.tflite`],
  ]) {
    await page.goto(url);
    const { response } = await checkFace(page, { enable_learned_texture: true });
    if (response.status !== 'success') throw new Error(`${url}: ${response.error.code}: ${response.error.message}`);
    expect(response.result.signals.map((signal) => signal.name)).toEqual([...SIGNAL_NAMES, 'learned_texture']);
    expect(response.result.signals[8].detail, url).toMatch(/spoof score \d\.\d{3}/);
    expect(requests).toContain(model);
  }
  expect(await violations()).toEqual([]);
  expect(requests.filter((url) => !url.startsWith(site.origin) && !url.startsWith(plain.origin) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
});

for (const resolution of ['bundler', 'nodenext'] as const) {
  test(`the public types compile in a consumer (tsc --noEmit, moduleResolution ${resolution})`, async () => {
    const dir = join(app, `types-${resolution}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'consumer.ts'), CONSUMER_TS);
    await writeFile(join(dir, 'tsconfig.json'), consumerTsconfig(resolution));
    const result = await run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], dir, true);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
}

test('copy-assets exits 1 and names the file when a packaged asset does not match its sha256', async () => {
  const packaged = join(app, 'node_modules', 'selfie-liveness', 'dist', 'assets', 'README.md');
  const original = await readFile(packaged);
  try {
    await writeFile(packaged, Buffer.concat([original, Buffer.from('tampered\n')]));
    const result = await run('npx', ['--no', 'selfie-liveness', 'copy-assets', 'public/again'], app, true);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/README\.md: sha256 [0-9a-f]{64} \(\d+ bytes\), expected [0-9a-f]{64}/);
  } finally {
    await writeFile(packaged, original);
  }
  const usage = await run('npx', ['--no', 'selfie-liveness', 'copy-assets'], app, true);
  expect(usage.code).toBe(2);
});
