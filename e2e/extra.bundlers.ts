/**
 * The bundlers and cases that stay out of `npm test` for its time (npm run test:bundlers): Next.js app
 * router built with `next build --webpack`, Rollup, and learned_texture on in every app (the default run
 * turns it on in the Vite app only). The same shared install, recipes and checks as e2e/package.spec.ts
 * (e2e/helpers/outside-apps.ts).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { BUNDLER_VERSIONS, EXTRA_BUNDLER_VERSIONS } from './fixtures/outside-app';
import { buildAndPack, buildApp, checkApp, install, LEARNED_MODEL, PROJECT_ROOT, type AppName } from './helpers/outside-apps';

let work: string;
let apps: string;

test.beforeAll(async () => {
  test.setTimeout(600_000);
  work = await mkdtemp(join(tmpdir(), 'selfie-liveness-bundlers-'));
  apps = join(work, 'apps');
  const packed = await buildAndPack(work);
  const { devDependencies } = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  await install(apps, { ...BUNDLER_VERSIONS, ...EXTRA_BUNDLER_VERSIONS, vite: devDependencies.vite, 'selfie-liveness': packed.tarball });
});

test.afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const APPS: AppName[] = ['next-webpack', 'rollup', 'webpack', 'next-turbopack', 'esbuild', 'plain', 'vite'];

for (const name of APPS) {
  test(`${name}: the production build checks a real face under the strict CSP, then with learned_texture on`, async ({ page }) => {
    test.setTimeout(600_000);
    const app = await buildApp(apps, name, ['--with-learned', '--learned-model', LEARNED_MODEL]);
    const { firstLoadBytes } = await checkApp(page, app, { learned: true });
    test.info().annotations.push({ type: 'first-load bytes', description: `${name}: ${firstLoadBytes}` });
  });
}
