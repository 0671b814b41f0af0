import { analyse, RegionCanvas } from './analysis.js';
import type { LearnedBackendChoice } from './learned/backend.js';
import type { LivenessConfig } from './config.js';
import { LivenessError, toErrorInfo } from './errors/index.js';
import { FaceModel } from './face/landmarker.js';
import { decodeRequest } from './input/decode.js';
import type { CheckRequest } from './input/request.js';
import { inspectFrame } from './inspect.js';
import { createLearnedTextureRunner, type LearnedTextureRunner } from './learned/loader.js';
import type { CheckDiagnostics, FrameInspection, LivenessErrorInfo, LivenessResult, LoadProgress } from './types.js';

/** What the facade tells the worker at start-up. */
export interface WorkerInit {
  wasmBase: string;
  modelUrl: string;
  /** The learned anti-spoofing model, loaded only when a check enables `learned_texture`. */
  antiSpoofModelUrl: string;
  /** tfjs backend of the learned model (see `LivenessEngineOptions.learnedBackend`). */
  learnedBackend: LearnedBackendChoice;
  config: LivenessConfig;
  /**
   * Name of a Web Lock the worker takes at once and holds until it ends; the facade waits on the
   * same lock, so a worker that closes or is killed without an `error` event is still noticed.
   */
  lifeline?: string;
}

/** The outcome of one check, as plain data. */
export type WorkerOutcome =
  | { ok: true; result: LivenessResult; diagnostics?: CheckDiagnostics }
  | { ok: false; error: LivenessErrorInfo; fatal: boolean };

/** The worker's API as the facade sees it through comlink. */
export interface WorkerService {
  init(options: WorkerInit, onProgress: (progress: LoadProgress) => void): Promise<{ ok: true } | { ok: false; message: string }>;
  check(request: CheckRequest, options: { diagnostics: boolean; visuals: boolean; config: LivenessConfig | null }): Promise<WorkerOutcome>;
  inspect(request: CheckRequest): Promise<{ ok: true; inspection: FrameInspection } | { ok: false; error: LivenessErrorInfo; fatal: boolean }>;
  dispose(): void;
}

/** Side of the blank image the model is warmed up on. */
const WARM_UP_SIDE = 64;

/** First bytes of a zip archive ("PK"), the container of a MediaPipe .task bundle. */
const ZIP_MAGIC = [0x50, 0x4b] as const;

/** Fetch an asset of the app's own origin, reporting progress when its size is known. */
async function fetchWithProgress(url: string, onChunk: (loaded: number, total: number) => void): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`Could not load ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new Error(`Could not load ${url}: HTTP ${response.status}.`);
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onChunk(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** Checks that the WASM loader is reachable before MediaPipe tries it (its own error names no URL). */
async function assertReachable(url: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'HEAD' });
  } catch (error) {
    throw new Error(`Could not load ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new Error(`Could not load ${url}: HTTP ${response.status}.`);
}

/** Take the lock `name` and hold it for the rest of this worker's life (resolves once it is held). */
function holdLifeline(name: string): Promise<void> {
  const locks = 'locks' in navigator ? navigator.locks : undefined;
  if (!locks) return Promise.resolve();
  return new Promise((held) => {
    locks
      .request(name, () => {
        held();
        return new Promise<never>(() => {});
      })
      .catch(() => held());
  });
}

/** One worker's state: its landmarker and configuration, owned by this object (no module state). */
export function createWorkerService(): WorkerService {
  let model: FaceModel | null = null;
  let config: LivenessConfig | null = null;
  let learned: LearnedTextureRunner | null = null;
  const regionCanvas = new RegionCanvas();

  return {
    async init(options, onProgress) {
      try {
        if (options.lifeline) await holdLifeline(options.lifeline);
        config = options.config;
        learned = createLearnedTextureRunner({ modelUrl: options.antiSpoofModelUrl, wasmBase: options.wasmBase.replace(/\/?$/, '/'), backend: options.learnedBackend });
        onProgress({ stage: 'model', progress: 0.05, message: 'Loading the face model' });
        const modelBytes = await fetchWithProgress(options.modelUrl, (loaded, total) => {
          if (total > 0) onProgress({ stage: 'model', progress: 0.05 + 0.75 * (loaded / total), message: 'Loading the face model' });
        });
        // A .task bundle is a zip archive: anything else (an HTML error page, say) is not the model.
        if (modelBytes[0] !== ZIP_MAGIC[0] || modelBytes[1] !== ZIP_MAGIC[1]) {
          throw new Error(`${options.modelUrl} is not a face landmarker model (.task bundle).`);
        }
        const wasmBase = options.wasmBase.replace(/\/?$/, '/');
        await assertReachable(`${wasmBase}vision_wasm_module_internal.wasm`);
        onProgress({ stage: 'wasm', progress: 0.85, message: 'Starting the WebAssembly runtime' });
        model = await FaceModel.create({ wasmBase, model: modelBytes }, config.min_face_confidence);
        // MediaPipe builds its graph on the first detection: pay that during loading, not on the first check.
        onProgress({ stage: 'wasm', progress: 0.95, message: 'Warming up the face model' });
        model.detectFaces(new ImageData(WARM_UP_SIDE, WARM_UP_SIDE), { padX: 0, padY: 0, scale: 1, width: WARM_UP_SIDE, height: WARM_UP_SIDE });
        onProgress({ stage: 'ready', progress: 1, message: 'Ready' });
        return { ok: true };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    },

    async check(request, { diagnostics, visuals, config: override }) {
      let bitmap: ImageBitmap | null = request.kind === 'pixels' ? request.bitmap : null;
      try {
        if (!model || !config) throw new LivenessError('INFERENCE_ERROR', 'The engine is not initialised.');
        const started = performance.now();
        const image = await decodeRequest(request);
        bitmap = image.bitmap;
        const decodeMs = performance.now() - started;
        const runner = learned;
        const analysis = await analyse(image, {
          model,
          config: override ?? config,
          withVisuals: visuals,
          learnedModel: runner ? (input) => runner.measure(input) : undefined,
          regionCanvas,
        });
        if (!diagnostics && !visuals) return { ok: true, result: analysis.result };
        analysis.diagnostics.timings_ms = { decode: decodeMs, ...analysis.diagnostics.timings_ms };
        if (runner && (override ?? config).enable_learned_texture) {
          analysis.diagnostics.learned_tensors = await runner.liveTensors();
          const backend = await runner.backend();
          if (backend) analysis.diagnostics.learned_backend = backend;
        }
        return { ok: true, result: analysis.result, diagnostics: analysis.diagnostics };
      } catch (error) {
        const info = toErrorInfo(error);
        // An unexpected failure may have left the landmarker unusable: let the facade restart the worker.
        return { ok: false, error: info, fatal: info.code === 'SERVER_ERROR' || info.code === 'INFERENCE_ERROR' };
      } finally {
        bitmap?.close();
      }
    },

    async inspect(request) {
      let bitmap: ImageBitmap | null = request.kind === 'pixels' ? request.bitmap : null;
      try {
        if (!model) throw new LivenessError('INFERENCE_ERROR', 'The engine is not initialised.');
        const started = performance.now();
        const image = await decodeRequest(request);
        bitmap = image.bitmap;
        const inspection = inspectFrame(image.bitmap, model);
        return { ok: true, inspection: { ...inspection, elapsed_ms: performance.now() - started } };
      } catch (error) {
        const info = toErrorInfo(error);
        return { ok: false, error: info, fatal: info.code === 'SERVER_ERROR' || info.code === 'INFERENCE_ERROR' };
      } finally {
        bitmap?.close();
      }
    },

    dispose() {
      learned?.dispose();
      learned = null;
      model?.close();
      model = null;
    },
  };
}
