/**
 * Outside apps built from the packed package (e2e/package.spec.ts, e2e/extra.bundlers.ts): `npm run
 * build:lib`, `npm pack`, ONE shared install of the bundlers and the tarball in a temporary folder
 * (`npm install --prefer-offline`: from npm's cache when it holds them), then one folder per app written
 * from the README's recipes (e2e/fixtures/outside-app.ts), built for production by its bundler. The sites
 * are served by a tiny static server that sends the README's strict CSP with EVERY response (a worker has
 * its own policy) and counts the bytes it serves; in Chromium the page watches CSP violations, requests
 * and console lines at warning or error level (the page's and its workers').
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import type { LivenessResponse } from '../../src/index';
import {
  APPS_PACKAGE_JSON,
  ASSET_FOLDER,
  ESBUILD_INDEX_HTML,
  NEXT_FILES,
  PLAIN_PAGE_INDEX_HTML,
  PLAIN_PAGE_MAIN_JS,
  ROLLUP_CONFIG_MJS,
  VITE_APP_INDEX_HTML,
  VITE_APP_MAIN_JS,
  WEBPACK_CONFIG_JS,
} from '../fixtures/outside-app';
import { SIGNAL_NAMES } from './contract';
import { FACES, sampleBase64 } from './faces';

/** The README's policy, sent with EVERY response (page, scripts, worker, assets). */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'";

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The learned_texture model, which is not in the package: apps copy it with --learned-model. */
export const LEARNED_MODEL = join(PROJECT_ROOT, 'public', 'models', 'face_anti_spoofing.tflite');
/** One command (an install, a production build) on a small, busy CI machine. */
const COMMAND_TIMEOUT_MS = 400_000;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command; rejects with its output when it fails, unless `allowFailure`. */
export function run(command: string, args: string[], cwd: string, options: { allowFailure?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, npm_config_update_notifier: 'false', NEXT_TELEMETRY_DISABLED: '1', ...options.env };
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), COMMAND_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 && !options.allowFailure) reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${code}\n${stdout}\n${stderr}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

/** The packed package. */
export interface Packed {
  tarball: string;
  bytes: number;
  files: string[];
}

/** `npm run build:lib`, then `npm pack` into `work`. */
export async function buildAndPack(work: string): Promise<Packed> {
  await run('npm', ['run', 'build:lib'], PROJECT_ROOT);
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], PROJECT_ROOT);
  const [pack] = JSON.parse(packed.stdout) as { filename: string; size: number; files: { path: string }[] }[];
  return { tarball: join(work, pack.filename), bytes: pack.size, files: pack.files.map((file) => file.path) };
}

/** Installs `dependencies` (name → exact version or a tarball path) into `dir`, a new folder. */
export async function install(dir: string, dependencies: Record<string, string>): Promise<Run> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), APPS_PACKAGE_JSON);
  const specs = Object.entries(dependencies).map(([name, version]) => (version.endsWith('.tgz') ? version : `${name}@${version}`));
  return run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...specs], dir);
}

/** The apps, by the bundler that builds them. */
export type AppName = 'vite' | 'webpack' | 'next-turbopack' | 'next-webpack' | 'esbuild' | 'rollup' | 'plain';

/** A built app: the folder to serve and the page to open. */
export interface BuiltApp {
  name: AppName;
  root: string;
  page: string;
  /** Next.js bootstraps with inline scripts of its own: the page's policy allows exactly those, by hash. */
  hashInlineScripts: boolean;
}

/** The files of an app, as the README has them. */
async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

/**
 * Writes the app `name` into `apps/<name>` (apps: the shared install), copies the assets with the
 * installed CLI (`copyAssetsArgs` added: --with-learned …) and builds it for production.
 */
export async function buildApp(apps: string, name: AppName, copyAssetsArgs: string[] = []): Promise<BuiltApp> {
  const dir = join(apps, name);
  const bin = (tool: string, ...path: string[]) => join(apps, 'node_modules', tool, ...path);
  const copyAssets = (target: string) => run('npx', ['--no', 'selfie-liveness', 'copy-assets', target, ...copyAssetsArgs, '--quiet'], dir);
  const built = (root: string, page = '/', hashInlineScripts = false): BuiltApp => ({ name, root, page, hashInlineScripts });
  // The tools of the shared install, where an app's own node_modules would be.
  const linkModules = () => symlink(join(apps, 'node_modules'), join(dir, 'node_modules'), 'dir');
  switch (name) {
    case 'vite':
      await writeFiles(dir, { 'index.html': VITE_APP_INDEX_HTML, 'main.js': VITE_APP_MAIN_JS });
      await copyAssets(`public/${ASSET_FOLDER}`);
      await run(process.execPath, [bin('vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], dir);
      return built(join(dir, 'dist'));
    case 'webpack':
      await writeFiles(dir, { 'webpack.config.js': WEBPACK_CONFIG_JS, 'main.js': VITE_APP_MAIN_JS });
      await copyAssets(`public/${ASSET_FOLDER}`);
      await run(process.execPath, [bin('webpack-cli', 'bin', 'cli.js'), '--no-color'], dir);
      return built(join(dir, 'dist'));
    case 'next-turbopack':
    case 'next-webpack':
      await writeFiles(dir, NEXT_FILES);
      await copyAssets(`public/${ASSET_FOLDER}`);
      await run(process.execPath, [bin('next', 'dist', 'bin', 'next'), 'build', ...(name === 'next-webpack' ? ['--webpack'] : [])], dir);
      return built(join(dir, 'out'), '/', true);
    case 'esbuild':
      await writeFiles(dir, { 'index.html': ESBUILD_INDEX_HTML, 'main.js': VITE_APP_MAIN_JS });
      await linkModules();
      await copyAssets(`dist/${ASSET_FOLDER}`);
      await run('npx', ['--no', 'esbuild', 'main.js', '--bundle', '--format=esm', '--minify', '--outfile=dist/app.js', '--log-level=warning'], dir);
      await copyWorkerFiles(dir);
      await cp(join(dir, 'index.html'), join(dir, 'dist', 'index.html'));
      return built(join(dir, 'dist'));
    case 'rollup':
      await writeFiles(dir, { 'index.html': ESBUILD_INDEX_HTML, 'main.js': VITE_APP_MAIN_JS, 'rollup.config.mjs': ROLLUP_CONFIG_MJS });
      await linkModules();
      await copyAssets(`dist/${ASSET_FOLDER}`);
      await run('npx', ['--no', 'rollup', '-c', '--silent'], dir);
      await copyWorkerFiles(dir);
      await cp(join(dir, 'index.html'), join(dir, 'dist', 'index.html'));
      return built(join(dir, 'dist'));
    case 'plain':
      // No bundler, no copy: the page imports the package where npm put it, with the assets next to it.
      await writeFiles(dir, { 'index.html': PLAIN_PAGE_INDEX_HTML, 'main.js': PLAIN_PAGE_MAIN_JS });
      return built(apps, `/${name}/index.html`);
  }
}

/** README "esbuild, Rollup": `cp node_modules/selfie-liveness/dist/liveness.*.js dist/` (the workers and their chunks). */
async function copyWorkerFiles(dir: string): Promise<void> {
  const from = join(dir, 'node_modules', 'selfie-liveness', 'dist');
  for (const file of (await readdir(from)).filter((f) => /^liveness\..*\.js$/.test(f))) await cp(join(from, file), join(dir, 'dist', file));
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** A served site; `served` lists every response with its size, in order. */
export interface Site {
  origin: string;
  served: { path: string; bytes: number }[];
  close(): Promise<void>;
}

/** Serves `root` on 127.0.0.1 (a free port), the CSP on every response; Next.js's pages allow their own inline scripts by hash. */
export async function serve(root: string, hashInlineScripts = false): Promise<Site> {
  const served: Site['served'] = [];
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const headers: Record<string, string> = { 'content-security-policy': CSP, 'cache-control': 'no-store' };
    // Browsers ask for it by themselves; a 404 would be a console error that is not the app's.
    if (path === '/favicon.ico') return void response.writeHead(204, headers).end();
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep)) return void response.writeHead(403, headers).end();
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return void response.writeHead(404, headers).end('not found');
    }
    if (hashInlineScripts && extname(file) === '.html') {
      const inline = [...body.toString('utf8').matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
      const hashes = inline.map((match) => `'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`);
      headers['content-security-policy'] = CSP.replace("script-src 'self'", `script-src 'self' ${hashes.join(' ')}`);
    }
    if (request.method !== 'HEAD') served.push({ path, bytes: body.length });
    response.writeHead(200, { ...headers, 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { origin: `http://127.0.0.1:${address.port}`, served, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** What a page did: CSP violations, requests (page and workers), console lines at warning or error level. */
export interface Watched {
  violations(): Promise<string[]>;
  requests: string[];
  warnings: string[];
}

export async function watch(page: Page): Promise<Watched> {
  const fromConsole: string[] = [];
  const warnings: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) fromConsole.push(message.text());
    if (message.type() === 'error' || message.type() === 'warning') warnings.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => warnings.push(`page error: ${error.message}`));
  page.context().on('request', (request) => requests.push(request.url()));
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return {
    requests,
    warnings,
    violations: async () => [...fromConsole, ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))],
  };
}

export interface OutsideCheck {
  response: LivenessResponse;
  action: string;
  score: number;
}

/** Waits for the app's engine (`window.outsideApp.loaded`), then checks the frontal face of sample3, cropped and encoded as JPEG in the page. */
export async function checkFace(page: Page, config?: Record<string, unknown>): Promise<OutsideCheck> {
  await page.waitForFunction(() => (window as unknown as { outsideApp?: unknown }).outsideApp !== undefined);
  const loaded = await page.evaluate(() => (window as unknown as { outsideApp: { loaded: Promise<true | string> } }).outsideApp.loaded);
  expect(loaded, 'engine load').toBe(true);
  const image = await faceJpeg(page);
  return page.evaluate(
    ([base64, options]) => (window as unknown as { outsideApp: { check(b: string, c?: unknown): Promise<OutsideCheck> } }).outsideApp.check(base64, options),
    [image, config] as const,
  );
}

/** The frontal face of face-api's sample3.jpg (MIT), cropped and encoded as JPEG by the browser: Base64. */
export function faceJpeg(page: Page): Promise<string> {
  const face = FACES.frontal;
  return page.evaluate(
    async ([sample, box]) => {
      const bytes = Uint8Array.from(atob(sample), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
      const canvas = new OffscreenCanvas(box.width, box.height);
      canvas.getContext('2d')?.drawImage(bitmap, box.x, box.y, box.width, box.height, 0, 0, box.width, box.height);
      const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })).arrayBuffer());
      let binary = '';
      for (const byte of jpeg) binary += String.fromCharCode(byte);
      return btoa(binary);
    },
    [sampleBase64(face.sample), face.box] as const,
  );
}

/** A verdict on the face, with the eight contract signals (and `extra` ones) and the decision helpers' answers. */
export function expectVerdict({ response, action, score }: OutsideCheck, extra: string[] = []): void {
  if (response.status !== 'success') throw new Error(`expected a result, got ${response.error.code}: ${response.error.message}`);
  expect(response.request_id).toMatch(/^lv_[0-9a-f]{16}$/);
  expect(['LIVE', 'SPOOF', 'INCONCLUSIVE']).toContain(response.result.verdict);
  expect(response.result.face_detected).toBe(true);
  expect(response.result.signals.map((signal) => signal.name)).toEqual([...SIGNAL_NAMES, ...extra]);
  expect(action).toBe({ LIVE: 'allow', SPOOF: 'reject', INCONCLUSIVE: 'retake' }[response.result.verdict]);
  expect(score).toBeGreaterThanOrEqual(1);
  expect(score).toBeLessThanOrEqual(100);
}

/**
 * Opens a built app, checks the face (and once more with learned_texture when asked), and asserts what
 * every app must show: a verdict, no CSP violation, no request to another origin, no console line at
 * warning or error level. Returns the bytes served on the first load (up to the first verdict).
 */
export async function checkApp(page: Page, app: BuiltApp, options: { learned?: boolean } = {}): Promise<{ firstLoadBytes: number; site: Site }> {
  const site = await serve(app.root, app.hashInlineScripts);
  try {
    const watched = await watch(page);
    await page.goto(`${site.origin}${app.page}`);
    expectVerdict(await checkFace(page));
    const firstLoadBytes = site.served.reduce((sum, entry) => sum + entry.bytes, 0);
    if (options.learned) {
      const learned = await checkFace(page, { enable_learned_texture: true });
      expectVerdict(learned, ['learned_texture']);
      if (learned.response.status === 'success') expect(learned.response.result.signals[8].detail).toMatch(/spoof score \d\.\d{3}/);
      expect(site.served.map((entry) => entry.path)).toContainEqual(expect.stringMatching(/face_anti_spoofing\.tflite$/));
    }
    expect(await watched.violations()).toEqual([]);
    expect(watched.requests.filter((url) => !url.startsWith(site.origin) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
    expect(watched.warnings, 'console lines at warning or error level').toEqual([]);
    return { firstLoadBytes, site };
  } finally {
    await site.close();
  }
}
