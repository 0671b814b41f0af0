/**
 * The worker of the MiniFASNet component page: it loads the ensemble with the engine's own loader
 * (src/minifasnet/loader.ts: the same weights, backend choice and tfjs code as the analysis worker)
 * and runs it on crops it is handed. Exposed with comlink.
 */
import { expose } from 'comlink';
import type { LearnedBackend, LearnedBackendChoice } from '../src/learned/backend.js';
import { loadMiniFasNet, type MiniFasNetRunner } from '../src/minifasnet/loader.js';
import type { MiniFasNetOutput } from '../src/minifasnet/model.js';

/** What the page can ask of this worker. */
export interface MiniFasNetWorkerApi {
  /** Loads the ensemble from `manifestUrl` on `backend` (once per worker: tfjs keeps one backend). */
  load(manifestUrl: string, wasmBase: string, backend: LearnedBackendChoice): Promise<{ backend: LearnedBackend; scales: readonly number[]; tensors: number }>;
  /** Runs the ensemble on one crop per model (80×80×3 BGR floats). */
  run(crops: Float32Array[]): Promise<MiniFasNetOutput & { tensors: number }>;
  /** Releases the weights; answers the tensors left. */
  dispose(): number;
}

let runner: MiniFasNetRunner | null = null;

const api: MiniFasNetWorkerApi = {
  async load(manifestUrl, wasmBase, backend) {
    if (runner) throw new Error('This worker has loaded the ensemble already.');
    runner = await loadMiniFasNet({ manifestUrl, wasmBase, backend });
    return { backend: runner.backend, scales: runner.scales, tensors: runner.liveTensors() };
  },
  async run(crops) {
    if (!runner) throw new Error('Load the ensemble first.');
    const output = await runner.run(crops);
    return { ...output, tensors: runner.liveTensors() };
  },
  dispose() {
    if (!runner) return 0;
    runner.dispose();
    const left = runner.liveTensors();
    runner = null;
    return left;
  },
};

expose(api);
