/**
 * The SDK's envelope builders for failures the command line finds outside the engine (a file it cannot
 * read, a browser that fails), built into dist/cli/envelopes.js so that the CLI of an installed package
 * answers them with the SDK's own table of codes (bin/lib/session.mjs), as it does from the sources.
 */
export { errorInfo } from '../src/errors/index.js';
export { errorEnvelope } from '../src/scoring/envelope.js';
