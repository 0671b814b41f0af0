/**
 * What every command of the CLI shares: a local server on a free port, headless Chromium through
 * playwright-core, the harness page, and ONE engine that all checks reuse. From an installed package the
 * server is node:http on the package's dist/ (the prebuilt page dist/cli/harness.html, the published facade,
 * worker and assets); in a checkout of the repository it is Vite on harness/ (the sources, no build step).
 * Resources are registered here so that the entry point can release them on every way out.
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from './chromium.mjs';
import { serveStatic } from './static-server.mjs';

export { DEFAULT_CHROMIUM };

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The harness pages' server (harness/vite.config.ts), not the demo's. */
const VITE_CONFIG = fileURLToPath(new URL('../../harness/vite.config.ts', import.meta.url));
/** True in a checkout of the repository (the harness pages' sources and Vite), false in an installed package. */
export const FROM_SOURCES = existsSync(VITE_CONFIG);
/** The built package: the library, its assets, and the CLI's harness page and envelopes (dist/cli/). */
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
/** The playwright-core the CLI is tested with; an optional peer dependency of the package. */
const PLAYWRIGHT_CORE = 'playwright-core@1.65.1';
/** Its own pre-bundle cache, so that a CLI run never disturbs a dev server sharing node_modules/.vite. */
const VITE_CACHE_DIR = fileURLToPath(new URL('../../node_modules/.vite-cli', import.meta.url));
/** Time allowed for the harness page to load its module graph. */
const PAGE_READY_TIMEOUT_MS = 120_000;
/** Longest wait for the browser or the server to close before exiting anyway. */
const CLOSE_TIMEOUT_MS = 5_000;

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A mistake of the caller (arguments, configuration, environment): exit status 2. */
export class UsageError extends Error {}

/** A failure to report in one line, without a stack (the engine could not load): exit status 1. */
export class FatalError extends Error {}

/** @typedef {(message: string) => void} Log */

/** @type {Record<string, string>} */
const READ_ERRORS = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/**
 * Envelopes for failures found outside the engine, built by the SDK's own code (src/errors: the table
 * of codes with their HTTP status and retryability; src/scoring/envelope.ts).
 * @param {{ errorInfo: (code: string, message: string) => any, errorEnvelope: (info: any) => any }} sdk
 */
function failureEnvelopes({ errorInfo, errorEnvelope }) {
  return {
    /** INVALID_REQUEST envelope for a file that could not be read. @param {string} file @param {any} error */
    unreadable(file, error) {
      const reason = READ_ERRORS[error?.code] ?? error?.message ?? String(error);
      return errorEnvelope(errorInfo('INVALID_REQUEST', `The file "${file}" could not be read: ${reason}.`));
    },
    /** INFERENCE_ERROR envelope for a browser that failed during a check. @param {unknown} error */
    browserFailure(error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return errorEnvelope(errorInfo('INFERENCE_ERROR', `The browser failed during the check: ${reason}`));
    },
  };
}

/** Parses `--config`. @param {string} json @returns {Record<string, unknown>} */
export function parseConfig(json) {
  let value;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new UsageError(`--config is not valid JSON: ${error instanceof Error ? error.message : error}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError('--config must be a JSON object');
  }
  return value;
}

/** Chromium from $CHROMIUM_PATH, else the Debian path; a UsageError naming what to install. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new UsageError(
      `CHROMIUM_PATH is set to "${fromEnv}", but no file is there. Point it at a Chromium or Chrome ` +
        'executable, or unset it and install Chromium (Debian/Ubuntu: apt-get install -y chromium)',
    );
  }
  if (existsSync(DEFAULT_CHROMIUM)) return DEFAULT_CHROMIUM;
  throw new UsageError(
    `no Chromium found at ${DEFAULT_CHROMIUM}. Install it (Debian/Ubuntu: apt-get install -y chromium) ` +
      'or set CHROMIUM_PATH to a Chromium or Chrome executable',
  );
}

/**
 * playwright-core, an optional peer dependency: a UsageError saying what to install when it is missing.
 * @returns {Promise<typeof import('playwright-core')>}
 */
async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new UsageError(`this command drives Chromium through playwright-core, which is not installed: npm install --save-dev ${PLAYWRIGHT_CORE}`);
  }
}

/**
 * The server of the harness page: Vite on harness/ in a checkout of the repository, else node:http on
 * the package's dist/. Resolves to its origin, the page's path, the default engine options and the
 * SDK's envelope builders.
 * @param {Log} log
 */
async function startServer(log) {
  if (FROM_SOURCES) {
    // public/models/wasm/ comes out of node_modules (also when the CLI runs without an npm script before it).
    const [{ createServer }, { copyWasm }] = await Promise.all([import('vite'), import('../../scripts/copy-wasm.mjs')]);
    copyWasm();
    const server = await createServer({
      configFile: VITE_CONFIG,
      cacheDir: VITE_CACHE_DIR,
      logLevel: 'silent',
      clearScreen: false,
      server: { host: '127.0.0.1', port: 0, strictPort: false, open: false, hmr: false, watch: null },
    });
    resources.server = server;
    await server.listen();
    const address = server.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('the Vite server has no TCP address');
    const [{ errorInfo }, { errorEnvelope }] = await Promise.all([
      server.ssrLoadModule(fileURLToPath(new URL('../../src/errors/index.ts', import.meta.url))),
      server.ssrLoadModule(fileURLToPath(new URL('../../src/scoring/envelope.ts', import.meta.url))),
    ]);
    log(`serving ${PROJECT_ROOT} at http://127.0.0.1:${address.port}`);
    return { origin: `http://127.0.0.1:${address.port}`, page: 'harness.html', defaults: {}, sdk: { errorInfo, errorEnvelope } };
  }
  const envelopes = `${DIST}cli/envelopes.js`;
  if (!existsSync(envelopes)) {
    throw new UsageError(`no built harness in ${DIST}cli/: this copy of selfie-liveness is incomplete (reinstall it)`);
  }
  const sdk = await import(pathToFileURL(envelopes).href);
  const server = await serveStatic(DIST);
  resources.server = server;
  log(`serving ${DIST} at ${server.origin}`);
  return { origin: server.origin, page: 'cli/harness.html', defaults: { assetBaseUrl: '/assets/' }, sdk };
}

/** Resources to release on every way out: normal end, error, SIGINT/SIGTERM, closed stdout. */
const resources = { browser: /** @type {any} */ (undefined), server: /** @type {any} */ (undefined) };
/** @type {Promise<void> | undefined} */
let closing;

/** @param {Promise<unknown>} promise */
function closeWithin(promise) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
  return Promise.race([promise.catch(() => {}), timeout]).finally(() => clearTimeout(timer));
}

/** Closes the browser, then the server; each at most CLOSE_TIMEOUT_MS. Safe to call repeatedly. */
export function closeResources() {
  closing ??= (async () => {
    if (resources.browser) await closeWithin(resources.browser.close());
    if (resources.server) await closeWithin(resources.server.close());
  })();
  return closing;
}

/**
 * On a fresh install Vite pre-bundles the dependencies it discovers at run time (the worker's,
 * for example) and then reloads the page once; an evaluation running then fails like this.
 */
const RELOAD_ERROR = /Execution context was destroyed|navigat|harness: call init\(\) before check\(\)/i;
const RELOAD_ATTEMPTS = 3;

/**
 * Waits for the harness and creates its engine; survives Vite's one-time reload.
 * @param {import('playwright-core').Page} page @param {Record<string, unknown>} config @param {Log} log
 */
async function initEngine(page, config, log) {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.waitForFunction(() => window.harnessReady === true, null, { timeout: PAGE_READY_TIMEOUT_MS });
      return await page.evaluate((options) => window.selfieLiveness.init(options), config);
    } catch (error) {
      if (attempt >= RELOAD_ATTEMPTS || !RELOAD_ERROR.test(String(error))) throw error;
      log('the page reloaded (Vite pre-bundled a dependency); loading the engine again');
      await page.waitForLoadState('load');
    }
  }
}

/**
 * A ready engine in a browser page.
 * @typedef {object} Session
 * @property {import('playwright-core').Page} page
 * @property {{ config: any, load_ms: number }} engine  the engine's resolved configuration and load time
 * @property {(base64: string, options?: Record<string, unknown>) => Promise<any>} check  one check on the shared engine (options as `engine.check` takes them); a response envelope
 * @property {(file: string, error: unknown) => any} unreadableEnvelope  the INVALID_REQUEST envelope of a file that could not be read
 * @property {(error: unknown) => any} browserFailureEnvelope  the INFERENCE_ERROR envelope of a check the browser failed
 */

/**
 * Starts the server and the browser, opens the harness and creates one engine with `config`.
 * A configuration the engine refuses is a UsageError; an engine that cannot load throws an Error.
 * @param {{ config: Record<string, unknown>, log: Log }} options
 * @returns {Promise<Session>}
 */
export async function openSession({ config: options, log }) {
  const { chromium } = await loadPlaywright();
  const executablePath = findChromium();
  const served = await startServer(log);
  const failures = failureEnvelopes(served.sdk);
  const config = { ...served.defaults, ...options };

  // Signals are handled by the entry point (closing browser and server in order), not by Playwright.
  const browser = await chromium.launch({
    executablePath,
    args: [...CHROMIUM_ARGS],
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  resources.browser = browser;
  const page = await browser.newPage();
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  page.on('crash', () => log('the page crashed'));

  log('loading the engine…');
  await page.goto(`${served.origin}/${served.page}`);
  const init = await initEngine(page, config, log);
  if (!init.ok) {
    if (init.name === 'ConfigError') throw new UsageError(`invalid configuration: ${init.message}`);
    throw new FatalError(`the engine could not be loaded: ${init.name}: ${init.message}`);
  }
  log(`engine ready in ${init.load_ms} ms`);

  /** One check; when the page reloaded under it, the engine is created again and the check repeated. */
  const check = async (/** @type {string} */ base64, /** @type {Record<string, unknown>} */ options = {}) => {
    try {
      return await page.evaluate(([image, o]) => window.selfieLiveness.check(image, 'base64', o), /** @type {const} */ ([base64, options]));
    } catch (error) {
      if (!RELOAD_ERROR.test(String(error))) throw error;
      log('the page reloaded during a check; loading the engine again');
      await page.waitForLoadState('load');
      const again = await initEngine(page, config, log);
      if (!again.ok) throw new Error(`the engine could not be loaded again: ${again.message}`);
      return page.evaluate(([image, o]) => window.selfieLiveness.check(image, 'base64', o), /** @type {const} */ ([base64, options]));
    }
  };
  return {
    page,
    engine: { config: init.config, load_ms: init.load_ms },
    check,
    unreadableEnvelope: failures.unreadable,
    browserFailureEnvelope: failures.browserFailure,
  };
}
