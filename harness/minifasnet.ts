/**
 * Component page of the MiniFASNet ensemble (not part of the SDK, not part of the demo): the browser
 * test (e2e/minifasnet.spec.ts) checks the ensemble's outputs in a Web Worker, on each tfjs backend,
 * against an independent float64 run (scripts/minifasnet-reference.mjs) on crops the test makes. It
 * installs `window.miniFasNet`, then sets `window.miniFasNetReady = true`. Crops travel as Base64 of
 * little-endian float32.
 */
import { wrap, type Remote } from 'comlink';
import type { LearnedBackend, LearnedBackendChoice } from '../src/learned/backend.js';
import type { MiniFasNetOutput } from '../src/minifasnet/model.js';
import type { MiniFasNetWorkerApi } from './minifasnet-worker.js';

/** The surface installed on `window.miniFasNet`. */
export interface MiniFasNetPage {
  /** Starts a new worker and loads the ensemble there on `backend` (the one the engine would pick with 'auto'). */
  load(backend: LearnedBackendChoice): Promise<{ backend: LearnedBackend; scales: readonly number[]; tensors: number }>;
  /** Runs the current worker's ensemble on one crop per model (Base64 of 80×80×3 float32, BGR, 0–255). */
  run(crops: string[]): Promise<MiniFasNetOutput & { tensors: number }>;
  /** Releases the weights and ends the worker; answers the tfjs tensors left before it ended. */
  close(): Promise<number>;
}

declare global {
  interface Window {
    miniFasNet: MiniFasNetPage;
    miniFasNetReady: boolean;
  }
}

function floatsOf(base64: string): Float32Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

let worker: Worker | null = null;
let api: Remote<MiniFasNetWorkerApi> | null = null;

window.miniFasNet = {
  load(backend) {
    worker?.terminate();
    worker = new Worker(new URL('./minifasnet-worker.ts', import.meta.url), { type: 'module' });
    api = wrap<MiniFasNetWorkerApi>(worker);
    return api.load(new URL('/models/minifasnet.json', location.href).href, new URL('/models/wasm/', location.href).href, backend);
  },
  run(crops) {
    if (!api) throw new Error('load a backend first');
    return api.run(crops.map(floatsOf));
  },
  async close() {
    const left = api ? await api.dispose() : 0;
    worker?.terminate();
    worker = null;
    api = null;
    return left;
  },
};
window.miniFasNetReady = true;
