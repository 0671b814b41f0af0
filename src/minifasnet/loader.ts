/**
 * Loading the MiniFASNet ensemble inside the worker, with the engine: the weights manifest and its
 * binary are fetched from the app's own origin, tfjs's backend is started — WebAssembly (SIMD), or
 * WebGL where the browser has a hardware GPU, as `pickBackend` of ../learned/backend.ts chooses — and
 * the ensemble is compiled once. The tfjs code is a chunk of its own, imported here. The runner is
 * owned by one worker service and released with it.
 */
import { pickBackend, type LearnedBackend, type LearnedBackendChoice } from '../learned/backend.js';
import type { MiniFasNet, MiniFasNetManifest, MiniFasNetOutput } from './model.js';

/** Where the weights and tfjs's WASM binaries are. */
export interface MiniFasNetAssets {
  /** URL of minifasnet.json; its binary is fetched from beside it (the manifest names it). */
  manifestUrl: string;
  /** Folder URL of tfjs-backend-wasm*.wasm, ending with `/`. */
  wasmBase: string;
  /** Which tfjs backend to start. @default 'auto' */
  backend?: LearnedBackendChoice;
}

/** The loaded ensemble, as the worker uses it. */
export interface MiniFasNetRunner {
  /** Context scale of each model's crop, in the order `run` takes them (2.7, 4.0). */
  readonly scales: readonly number[];
  /** The tfjs backend it runs on. */
  readonly backend: LearnedBackend;
  /** Runs every model on its crop (80×80×3, BGR, 0–255, one per scale). */
  run(crops: Float32Array[]): Promise<MiniFasNetOutput>;
  /** Tensors alive in tfjs's engine, for leak checks. */
  liveTensors(): number;
  /** Releases the weights; later runs reject. */
  dispose(): void;
}

async function fetchOk(url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`${url} could not be fetched (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return response;
}

/** Makes `wanted` tfjs's backend (WebGL falls back to WebAssembly when it cannot start). */
async function startBackend(tf: typeof import('@tensorflow/tfjs-core'), wanted: LearnedBackend, wasmBase: string): Promise<void> {
  if (wanted === 'webgl') {
    await import('../learned/webgl-backend.js');
    if (await tf.setBackend('webgl').catch(() => false)) return;
  }
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  // One thread, as for learned_texture (src/learned/anti-spoof-model.ts): the threaded build needs
  // cross-origin isolation and blob: workers; only tfjs-backend-wasm-simd.wasm is hosted.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(wasmBase);
  if (!(await tf.setBackend('wasm'))) throw new Error(`The tfjs WebAssembly backend could not start from ${wasmBase}.`);
}

/**
 * Fetches the weights, starts the backend and compiles the ensemble.
 * @throws Error naming the URL when a file cannot be fetched or read, or the backend cannot start.
 */
export async function loadMiniFasNet(assets: MiniFasNetAssets): Promise<MiniFasNetRunner> {
  const manifest = (await (await fetchOk(assets.manifestUrl)).json().catch(() => {
    throw new Error(`${assets.manifestUrl} is not a MiniFASNet weights manifest (JSON).`);
  })) as MiniFasNetManifest;
  const binaryUrl = new URL(manifest.binary, assets.manifestUrl).href;
  const [bin, tf, { MiniFasNet }] = await Promise.all([
    fetchOk(binaryUrl).then((response) => response.arrayBuffer()),
    import('@tensorflow/tfjs-core'),
    import('./model.js'),
  ]);
  await startBackend(tf, pickBackend(assets.backend ?? 'auto'), assets.wasmBase);
  await tf.ready();
  let model: MiniFasNet | null = MiniFasNet.create(manifest, bin);
  const backend: LearnedBackend = tf.getBackend() === 'webgl' ? 'webgl' : 'wasm';
  return {
    scales: model.scales,
    backend,
    run(crops) {
      if (!model) return Promise.reject(new Error('MiniFASNet was disposed.'));
      return model.run(crops);
    },
    liveTensors: () => MiniFasNet.liveTensors(),
    dispose() {
      model?.dispose();
      model = null;
    },
  };
}
