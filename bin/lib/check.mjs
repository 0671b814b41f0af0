/**
 * `selfie-liveness check <image>...`: one JSON response envelope per image on stdout, one per line,
 * in input order. Progress and problems go to stderr.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { EXIT_FAILURE, EXIT_OK, openSession } from './session.mjs';

/** Writes one line to stdout and waits until it is flushed (keeps order and back-pressure). */
function printLine(/** @type {unknown} */ value) {
  return new Promise((resolve) => {
    if (!process.stdout.write(`${JSON.stringify(value)}\n`)) process.stdout.once('drain', resolve);
    else resolve(undefined);
  });
}

/**
 * @param {{ images: string[], config: Record<string, unknown>, log: import('./session.mjs').Log }} options
 * @returns {Promise<number>} the exit status
 */
export async function runCheck({ images, config, log }) {
  const session = await openSession({ config, log });
  let failed = false;
  for (const [index, file] of images.entries()) {
    const tag = `[${index + 1}/${images.length}] ${file}`;
    let bytes;
    try {
      bytes = await readFile(file);
    } catch (error) {
      const envelope = session.unreadableEnvelope(file, error);
      log(`${tag}: ${envelope.error.message}`);
      await printLine(envelope);
      continue;
    }
    const started = performance.now();
    let envelope;
    try {
      envelope = await session.check(bytes.toString('base64'));
    } catch (error) {
      failed = true;
      envelope = session.browserFailureEnvelope(error);
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
