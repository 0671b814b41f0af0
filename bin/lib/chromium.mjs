/**
 * How the project starts Chromium, shared by the command line and the browser tests: the system
 * browser (never a downloaded build) with flags for a closed network.
 * @module
 */

/** Debian's Chromium; `$CHROMIUM_PATH` takes precedence. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags for a closed network: no background traffic, no component or sync downloads. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);
