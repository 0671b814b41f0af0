/**
 * The two dev servers of the browser tests (playwright.config.ts starts both): the demo, as `npm start`
 * serves it, and the harness pages the tests and the command line drive (harness/vite.config.ts).
 * `.ci/run` picks free ports for both.
 */
/** Port of the demo's server. */
export const DEMO_PORT = Number(process.env.E2E_PORT || 5199);
/** Port of the harness pages' server (the tests' base URL). */
export const HARNESS_PORT = Number(process.env.E2E_HARNESS_PORT || DEMO_PORT + 1);

/** The demo's origin; `page.goto(DEMO_URL)` opens the demo page. */
export const DEMO_URL = `http://127.0.0.1:${DEMO_PORT}/`;
/** The harness pages' origin. */
export const HARNESS_ORIGIN = `http://127.0.0.1:${HARNESS_PORT}`;
