#!/usr/bin/env node
/**
 * Makes sure a Chromium for the browser tests and the CLI exists, without ever downloading a
 * browser build from the internet (no `playwright install`): it uses $CHROMIUM_PATH, else
 * /usr/bin/chromium, and when neither exists and this is Debian/Ubuntu running as root, installs
 * the distribution's `chromium` package with apt-get. Otherwise it says what to install and exits 1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const say = (/** @type {string} */ message) => process.stderr.write(`ensure-chromium: ${message}\n`);

/** @param {string} path @returns {never} */
function found(path) {
  say(`using ${path}`);
  process.exit(0);
}

const fromEnv = process.env.CHROMIUM_PATH;
if (fromEnv) {
  if (existsSync(fromEnv)) found(fromEnv);
  say(`CHROMIUM_PATH is set to "${fromEnv}", but no file is there. Fix or unset it.`);
  process.exit(1);
}
if (existsSync(DEFAULT_CHROMIUM)) found(DEFAULT_CHROMIUM);

const isRoot = process.getuid?.() === 0;
const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
if (isRoot && isDebian) {
  say(`no Chromium at ${DEFAULT_CHROMIUM}; installing the Debian package "chromium" with apt-get`);
  const result = spawnSync('sh', ['-c', 'apt-get update && apt-get install -y --no-install-recommends chromium'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status === 0 && existsSync(DEFAULT_CHROMIUM)) found(DEFAULT_CHROMIUM);
  say('apt-get could not install chromium (see above).');
  process.exit(1);
}

say(
  `no Chromium found. Install one (Debian/Ubuntu: sudo apt-get install -y chromium) ` +
    'or set CHROMIUM_PATH to a Chromium or Chrome executable. Do not run `playwright install`.',
);
process.exit(1);
