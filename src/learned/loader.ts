/**
 * Lazy loading of the learned anti-spoofing model inside the worker: the tfjs code, its WebAssembly
 * backend and the model are fetched the first time a check has `enable_learned_texture` on, from the
 * app's own origin. A load that fails or takes too long, or a run that fails, gives "could not measure"
 * for that check (the signal's weight goes to the others) and is tried again on the next one; it never
 * hangs a check.
 */
import type { LearnedTextureOutcome } from '../signals/types.js';
import type { AntiSpoofModel } from './anti-spoof-model.js';
import type { LearnedBackend, LearnedBackendChoice } from './backend.js';

/** Longest the model may take to load (tfjs runtime, WASM and 4 MB of weights), in ms. */
export const LEARNED_LOAD_TIMEOUT_MS = 15_000;

/** Where the model and tfjs's WASM binaries are. */
export interface LearnedAssets {
  /** URL of face_anti_spoofing.tflite. */
  modelUrl: string;
  /** Folder URL of tfjs-backend-wasm*.wasm, ending with `/`. */
  wasmBase: string;
  /** Which tfjs backend to start. @default 'auto' */
  backend?: LearnedBackendChoice;
}

/** Runs the model on a crop; loads it on first use. Owned by one worker service. */
export interface LearnedTextureRunner {
  measure(input: Float32Array): Promise<LearnedTextureOutcome>;
  /** Tensors alive in tfjs's engine (0 before the first load), for leak checks. */
  liveTensors(): Promise<number>;
  /** The backend the loaded model runs on; `null` when no load has succeeded. */
  backend(): Promise<LearnedBackend | null>;
  dispose(): void;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function load(assets: LearnedAssets): Promise<AntiSpoofModel> {
  const [{ AntiSpoofModel }, response] = await Promise.all([import('./anti-spoof-model.js'), fetch(assets.modelUrl)]);
  if (!response.ok) throw new Error(`${assets.modelUrl} answered HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return AntiSpoofModel.create(assets.wasmBase, bytes, assets.backend);
}

/** A runner that loads the model from `assets` the first time `measure` is called. */
export function createLearnedTextureRunner(assets: LearnedAssets, timeoutMs = LEARNED_LOAD_TIMEOUT_MS): LearnedTextureRunner {
  let loading: Promise<AntiSpoofModel> | null = null;
  let disposed = false;
  return {
    async measure(input) {
      if (disposed) return { ok: false, reason: 'the engine was disposed' };
      let model: AntiSpoofModel;
      try {
        loading ??= withTimeout(load(assets), timeoutMs, 'loading the model');
        model = await loading;
      } catch (error) {
        // try again on the next check (a file may appear, a network hiccup may pass)
        loading = null;
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
      try {
        const { raw, leaf } = await model.run(input);
        return { ok: true, raw, leaf: leaf.indexOf(Math.max(...leaf)) };
      } catch (error) {
        // a failed run may have left the model unusable: load it afresh next time
        model.dispose();
        loading = null;
        return { ok: false, reason: `the model failed: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
    async liveTensors() {
      if (!loading) return 0;
      const { AntiSpoofModel } = await import('./anti-spoof-model.js');
      return AntiSpoofModel.liveTensors();
    },
    async backend() {
      const model = await loading?.catch(() => null);
      return model?.backend ?? null;
    },
    dispose() {
      disposed = true;
      void loading?.then((model) => model.dispose()).catch(() => {});
      loading = null;
    },
  };
}
