/**
 * What the facade needs of a worker, and how the SDK starts its own. The factory is injected into the
 * facade, so that it can be tested in Node with a stand-in (src/engine/engine.test.ts).
 */

/** A started worker as the facade uses it: a message endpoint that reports errors and can be ended. */
export type WorkerLike = Pick<Worker, 'postMessage' | 'addEventListener' | 'removeEventListener' | 'terminate'>;

/** Starts one analysis worker. */
export type StartWorker = () => WorkerLike;

/** The SDK's worker, as a module worker resolved next to this module (the pattern bundlers recognise). */
export const startModuleWorker: StartWorker = () =>
  new Worker(new URL('../../workers/liveness.worker.ts', import.meta.url), { type: 'module', name: 'selfie-liveness' });
