#!/usr/bin/env node
/**
 * selfie-liveness command line: runs the real SDK (worker, WASM, model) in headless Chromium.
 *
 *   selfie-liveness check <image>... [--config '<json>']
 *
 * It starts the project's Vite server on a free local port, opens demo/harness.html in Chromium
 * through playwright-core, creates ONE engine and checks every image in input order. stdout carries
 * only JSON lines, one response envelope per image; progress and problems go to stderr.
 *
 * Plain ESM JavaScript, so it runs from a fresh clone without a build step.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const VITE_CONFIG = fileURLToPath(new URL('../vite.config.ts', import.meta.url));
const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Time allowed for the harness page to load its module graph. */
const PAGE_READY_TIMEOUT_MS = 120_000;

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
const PLANNED_COMMANDS = ['eval', 'bench', 'synth', 'copy-assets'];

const HELP = `selfie-liveness — passive single-selfie liveness check, run locally in headless Chromium

Usage:
  selfie-liveness check <image>... [--config '<json>'] [--quiet]
  selfie-liveness --help

Commands:
  check <image>...   check each image (JPEG, PNG, WebP or BMP) and print one JSON response
                     envelope per image, one per line, in input order
  eval               not yet available
  bench              not yet available
  synth              not yet available
  copy-assets        not yet available

Options:
  --config '<json>'  engine configuration as a JSON object, e.g. '{"live_threshold":0.6}'
  --quiet, -q        no progress on stderr
  --help, -h         show this help
  --                 end of options (for file names that start with "-")

Output: stdout holds only JSON lines. A file that cannot be read still gets an error envelope
(INVALID_REQUEST). Progress and diagnostics go to stderr.

Exit status:
  0  every image got an envelope (error envelopes included)
  1  the engine could not be loaded, or the browser failed during a check
  2  usage error: no images, bad --config JSON, a configuration the engine refuses,
     unknown option or command, or no Chromium found

Chromium: $CHROMIUM_PATH if set, else ${DEFAULT_CHROMIUM} (Debian: apt-get install -y chromium).
`;

class UsageError extends Error {}

/** @param {string[]} argv */
function parseArgs(argv) {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command');
  if (command === '--help' || command === '-h') return { help: true };
  if (PLANNED_COMMANDS.includes(command)) throw new UsageError(`"${command}" is not yet available`);
  if (command !== 'check') throw new UsageError(`unknown command "${command}"`);

  /** @type {string[]} */
  const images = [];
  let config = {};
  let quiet = false;
  let optionsEnded = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      images.push(arg);
    } else if (arg === '--') {
      optionsEnded = true;
    } else if (arg === '--help' || arg === '-h') {
      return { help: true };
    } else if (arg === '--quiet' || arg === '-q') {
      quiet = true;
    } else if (arg === '--config' || arg.startsWith('--config=')) {
      const json = arg === '--config' ? rest[++i] : arg.slice('--config='.length);
      if (json === undefined) throw new UsageError('--config needs a JSON object');
      config = parseConfig(json);
    } else {
      throw new UsageError(`unknown option "${arg}"`);
    }
  }
  if (images.length === 0) throw new UsageError('check needs at least one image');
  return { help: false, images, config, quiet };
}

/** @param {string} json */
function parseConfig(json) {
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

/** The contract's envelope for a failure found before the engine saw the image. */
function errorEnvelope(code, message, httpStatus, retryable) {
  return {
    status: 'error',
    request_id: `lv_${randomBytes(8).toString('hex')}`,
    timestamp: new Date().toISOString(),
    result: null,
    error: { code, message, http_status: httpStatus, retryable },
  };
}

const READ_ERRORS = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

function unreadableEnvelope(file, error) {
  const reason = READ_ERRORS[error?.code] ?? error?.message ?? String(error);
  return errorEnvelope('INVALID_REQUEST', `The file "${file}" could not be read: ${reason}.`, 422, false);
}

function findChromium() {
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

/** Resources to release on every way out: normal end, error, SIGINT/SIGTERM, closed stdout. */
const resources = { browser: undefined, server: undefined };
let closing;
/** The first exit status asked for wins (a signal, then the error it causes in the running check). */
let exitStatus;

/** Longest wait for the browser or the server to close before exiting anyway. */
const CLOSE_TIMEOUT_MS = 5_000;

function closeWithin(promise) {
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
  return Promise.race([promise.catch(() => {}), timeout]).finally(() => clearTimeout(timer));
}

function closeResources() {
  closing ??= (async () => {
    if (resources.browser) await closeWithin(resources.browser.close());
    if (resources.server) await closeWithin(resources.server.close());
  })();
  return closing;
}

async function exit(code) {
  exitStatus ??= code;
  await closeResources();
  process.exit(exitStatus);
}

/** Writes one line to stdout and waits until it is flushed (keeps order and back-pressure). */
function printLine(value) {
  return new Promise((resolve) => {
    if (!process.stdout.write(`${JSON.stringify(value)}\n`)) process.stdout.once('drain', resolve);
    else resolve();
  });
}

/**
 * On a fresh install Vite pre-bundles the dependencies it discovers at run time (the worker's,
 * for example) and then reloads the page once; an evaluation running then fails like this.
 */
const RELOAD_ERROR = /Execution context was destroyed|navigat|harness: call init\(\) before check\(\)/i;
const RELOAD_ATTEMPTS = 3;

/** Waits for the harness and creates its engine; survives Vite's one-time reload. */
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

/** One check; when the page reloaded under it, the engine is created again and the check repeated. */
async function checkImage(page, image, config, log) {
  try {
    return await page.evaluate((base64) => window.selfieLiveness.check(base64), image);
  } catch (error) {
    if (!RELOAD_ERROR.test(String(error))) throw error;
    log('the page reloaded during a check; loading the engine again');
    await page.waitForLoadState('load');
    const init = await initEngine(page, config, log);
    if (!init.ok) throw new Error(`the engine could not be loaded again: ${init.message}`);
    return page.evaluate((base64) => window.selfieLiveness.check(base64), image);
  }
}

async function check({ images, config, quiet }) {
  const log = quiet ? () => {} : (message) => process.stderr.write(`selfie-liveness: ${message}\n`);
  const executablePath = findChromium();

  const [{ createServer }, { chromium }] = await Promise.all([import('vite'), import('playwright-core')]);
  const server = await createServer({
    configFile: VITE_CONFIG,
    // Its own pre-bundle cache, so that a CLI run never disturbs a dev server (`npm start`) that
    // shares node_modules/.vite.
    cacheDir: fileURLToPath(new URL('../node_modules/.vite-cli', import.meta.url)),
    logLevel: 'silent',
    clearScreen: false,
    server: { host: '127.0.0.1', port: 0, strictPort: false, open: false, hmr: false, watch: null },
  });
  resources.server = server;
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the Vite server has no TCP address');
  const origin = `http://127.0.0.1:${address.port}`;
  log(`serving ${PROJECT_ROOT} at ${origin}`);

  // Signals are handled below (closing browser and server in order), not by Playwright.
  const browser = await chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  resources.browser = browser;
  const page = await browser.newPage();
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  page.on('crash', () => log('the page crashed'));

  const harnessUrl = `${origin}/harness.html`;
  log('loading the engine…');
  await page.goto(harnessUrl);
  const init = await initEngine(page, config, log);
  if (!init.ok) {
    if (init.name === 'ConfigError') {
      process.stderr.write(`selfie-liveness: invalid configuration: ${init.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`selfie-liveness: the engine could not be loaded: ${init.name}: ${init.message}\n`);
    return EXIT_FAILURE;
  }
  log(`engine ready in ${init.load_ms} ms`);

  let failed = false;
  for (const [index, file] of images.entries()) {
    const tag = `[${index + 1}/${images.length}] ${file}`;
    let bytes;
    try {
      bytes = await readFile(file);
    } catch (error) {
      const envelope = unreadableEnvelope(file, error);
      log(`${tag}: ${envelope.error.message}`);
      await printLine(envelope);
      continue;
    }
    const started = performance.now();
    const image = bytes.toString('base64');
    let envelope;
    try {
      envelope = await checkImage(page, image, config, log);
    } catch (error) {
      failed = true;
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      envelope = errorEnvelope('INFERENCE_ERROR', `The browser failed during the check: ${reason}`, 200, true);
    }
    const ms = Math.round(performance.now() - started);
    const outcome =
      envelope.status === 'success'
        ? `${envelope.result.verdict} confidence=${envelope.result.confidence.toFixed(3)}`
        : `${envelope.error.code}: ${envelope.error.message}`;
    log(`${tag}: ${outcome} (${ms} ms)`);
    await printLine(envelope);
  }
  return failed ? EXIT_FAILURE : EXIT_OK;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`selfie-liveness: ${error.message}\nRun "selfie-liveness --help" for usage.\n`);
    return EXIT_USAGE;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  try {
    return await check(args);
  } catch (error) {
    // Interrupted: the browser was closed under the running check; that is not an error to report.
    if (exitStatus !== undefined) return exitStatus;
    if (error instanceof UsageError) {
      process.stderr.write(`selfie-liveness: ${error.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`selfie-liveness: ${error instanceof Error ? error.stack ?? error.message : error}\n`);
    return EXIT_FAILURE;
  }
}

process.on('SIGINT', () => void exit(130));
process.on('SIGTERM', () => void exit(143));
process.stdout.on('error', (error) => {
  // A reader that went away (`| head`) is not a failure of the check.
  if (error.code === 'EPIPE') void exit(EXIT_OK);
});

exit(await main());
