import { proxy, releaseProxy, transfer as withTransfer, wrap, type Remote } from 'comlink';
import type { LearnedBackendChoice } from './learned/backend.js';
import { resolveConfig, type LivenessConfig, type LivenessConfigInput } from './config.js';
import { ConfigError, EngineLoadError, errorInfo, isEnvelopeCode, isLivenessError, LivenessError, toErrorInfo } from './errors/index.js';
import type { CheckRequest } from './input/request.js';
import { errorEnvelope, newRequestId, successEnvelope } from './scoring/envelope.js';
import type { CheckOptions, FrameInspection, LivenessInput, LivenessResponse, LoadProgress } from './types.js';
import type { WorkerOutcome, WorkerService } from './worker-service.js';

/** Per-asset URL overrides; each defaults to a path under `assetBaseUrl`. */
export interface AssetUrls {
  /** The face landmarker model. @default `${assetBaseUrl}face_landmarker.task` */
  model: string;
  /**
   * Folder of the WASM files: MediaPipe's (`vision_wasm_module_internal.js`/`.wasm`) and, for
   * `learned_texture`, tfjs's (`tfjs-backend-wasm*.wasm`). @default `${assetBaseUrl}wasm/`
   */
  wasmBase: string;
  /** The learned anti-spoofing model (loaded only with `enable_learned_texture`). @default `${assetBaseUrl}face_anti_spoofing.tflite` */
  antiSpoofModel: string;
}

/** Options of `createLivenessEngine`: the configuration keys, plus where assets are and how to report. */
export type LivenessEngineOptions = LivenessConfigInput & {
  /** Folder the engine loads its model and WASM from, on the app's own origin. @default '/models/' */
  assetBaseUrl?: string;
  /** Per-asset overrides of the URLs under `assetBaseUrl`. */
  assets?: Partial<AssetUrls>;
  /** Called while the worker, WASM runtime and model load. */
  onProgress?: (progress: LoadProgress) => void;
  /** Longest a single check may take before it answers INFERENCE_ERROR, in ms. @default 30000 */
  timeoutMs?: number;
  /**
   * tfjs backend of the optional `learned_texture` model: `'auto'` picks WebGL on a hardware GPU and
   * WebAssembly otherwise (a software WebGL counts as none). @default 'auto'
   */
  learnedBackend?: LearnedBackendChoice;
};

/** A loaded engine: one worker with its model, reused for every check. */
export interface LivenessEngine {
  /** Analyse one selfie. Never throws for a bad image: failures come back as error envelopes. */
  check(input: LivenessInput, options?: CheckOptions): Promise<LivenessResponse>;
  /**
   * A quick look at one camera frame for capture guidance: face position, pose, light, sharpness.
   * No verdict. Rejects with a LivenessError (its `code` says why) when the frame cannot be read.
   * Calls queue behind checks: send the next frame only when the previous answer came back.
   */
  inspectFrame(input: LivenessInput): Promise<FrameInspection>;
  /** The resolved configuration in force. */
  readonly config: Readonly<LivenessConfig>;
  /** Stop the worker and free the model. Later calls to `check` reject. */
  dispose(): void;
}

/** Default per-check time limit, in ms. */
const DEFAULT_TIMEOUT_MS = 30_000;
const ENGINE_OPTION_KEYS = ['assetBaseUrl', 'assets', 'onProgress', 'timeoutMs', 'learnedBackend'] as const;
const LEARNED_BACKENDS: readonly LearnedBackendChoice[] = ['auto', 'webgl', 'wasm'];

function baseHref(): string {
  return typeof document !== 'undefined' ? document.baseURI : globalThis.location.href;
}

function resolveAssets(options: LivenessEngineOptions): AssetUrls {
  const base = new URL(options.assetBaseUrl ?? '/models/', baseHref());
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return {
    model: new URL(options.assets?.model ?? 'face_landmarker.task', base).href,
    wasmBase: new URL(options.assets?.wasmBase ?? 'wasm/', base).href,
    antiSpoofModel: new URL(options.assets?.antiSpoofModel ?? 'face_anti_spoofing.tflite', base).href,
  };
}

function splitOptions(options: LivenessEngineOptions): LivenessConfigInput {
  const config: Record<string, unknown> = { ...options };
  for (const key of ENGINE_OPTION_KEYS) delete config[key];
  return config as LivenessConfigInput;
}

function isPixelSource(input: unknown): input is ImageBitmapSource {
  const kinds = ['ImageBitmap', 'ImageData', 'OffscreenCanvas', 'HTMLCanvasElement', 'HTMLImageElement', 'HTMLVideoElement', 'VideoFrame'];
  return kinds.some((name) => {
    const type = (globalThis as Record<string, unknown>)[name];
    return typeof type === 'function' && input instanceof (type as abstract new (...args: never[]) => unknown);
  });
}

/** Turn any accepted input into what crosses to the worker (bytes and bitmaps transferred). */
async function toRequest(input: LivenessInput): Promise<{ request: CheckRequest; transfer: Transferable[] }> {
  if (typeof input === 'string') return { request: { kind: 'base64', text: input }, transfer: [] };
  if (input instanceof Blob) {
    const bytes = await input.arrayBuffer();
    return { request: { kind: 'bytes', bytes }, transfer: [bytes] };
  }
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    // Copy first: transferring the caller's own buffer would empty it under their feet.
    const view = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    const bytes = view.slice().buffer;
    return { request: { kind: 'bytes', bytes }, transfer: [bytes] };
  }
  if (isPixelSource(input)) {
    if (typeof HTMLImageElement !== 'undefined' && input instanceof HTMLImageElement && !input.complete) {
      throw new LivenessError('INVALID_REQUEST', 'The <img> element has not finished loading.');
    }
    if (typeof HTMLVideoElement !== 'undefined' && input instanceof HTMLVideoElement && input.readyState < 2) {
      throw new LivenessError('INVALID_REQUEST', 'The <video> element has no frame to capture yet.');
    }
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(input);
    } catch (error) {
      throw new LivenessError('INVALID_REQUEST', `The pixel source cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { request: { kind: 'pixels', bitmap }, transfer: [bitmap] };
  }
  const kind = input === null ? 'null' : typeof input;
  throw new LivenessError(
    'INVALID_REQUEST',
    input === undefined || input === null
      ? 'The image is missing.'
      : `Unsupported input (${kind}); pass a Base64 string, data URL, Blob, ArrayBuffer, Uint8Array or an image/canvas/video element.`,
  );
}

/** A started worker with its comlink handle. */
interface WorkerHandle {
  worker: Worker;
  api: Remote<WorkerService>;
  /** Settles with INFERENCE_ERROR when the worker dies. */
  died: Promise<WorkerOutcome>;
  /** Name of the Web Lock the worker holds for as long as it lives. */
  lifeline: string;
  /** Start watching the lifeline (once the worker holds it): its release means the worker ended. */
  watch(): void;
  /** Set once the worker has been stopped or replaced. */
  retired: boolean;
}

/** The Web Locks API, where the browser offers it (secure contexts). */
function lockManager(): LockManager | undefined {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined;
}

function startWorker(): WorkerHandle {
  const worker = new Worker(new URL('../workers/liveness.worker.ts', import.meta.url), { type: 'module', name: 'selfie-liveness' });
  let fail: (message: string) => void = () => {};
  const died = new Promise<WorkerOutcome>((resolve) => {
    fail = (message: string) =>
      resolve({ ok: false, fatal: true, error: errorInfo('INFERENCE_ERROR', `The analysis worker stopped unexpectedly (${message}); retry.`) });
    worker.addEventListener('error', (event) => fail(event.message || 'worker error'));
    worker.addEventListener('messageerror', () => fail('a message could not be read'));
  });
  // A worker that closes or is killed fires no event at all; the lock it holds is released then.
  const handle: WorkerHandle = {
    worker,
    api: wrap<WorkerService>(worker),
    died,
    lifeline: `selfie-liveness-worker-${newRequestId()}`,
    watch() {
      lockManager()
        ?.request(handle.lifeline, () => fail(handle.retired ? 'the engine stopped it' : 'it ended'))
        .catch(() => {});
    },
    retired: false,
  };
  return handle;
}

/**
 * Load the engine: validate the configuration, start the worker, load the WASM runtime and model
 * from the app's own origin.
 * @throws ConfigError on a bad configuration key or value; EngineLoadError when an asset is missing.
 */
export async function createLivenessEngine(options: LivenessEngineOptions = {}): Promise<LivenessEngine> {
  const config = Object.freeze(resolveConfig(splitOptions(options)));
  const assets = resolveAssets(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new ConfigError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}.`);
  const learnedBackend = options.learnedBackend ?? 'auto';
  if (!LEARNED_BACKENDS.includes(learnedBackend)) throw new ConfigError(`learnedBackend must be one of ${LEARNED_BACKENDS.join(', ')}, got ${String(learnedBackend)}.`);
  const report = options.onProgress ?? (() => {});

  async function boot(): Promise<WorkerHandle> {
    report({ stage: 'worker', progress: 0, message: 'Starting the analysis worker' });
    const handle = startWorker();
    const init = handle.api.init({ wasmBase: assets.wasmBase, modelUrl: assets.model, antiSpoofModelUrl: assets.antiSpoofModel, learnedBackend, config, lifeline: handle.lifeline }, proxy(report));
    const outcome = await Promise.race([init, handle.died.then((died) => ({ ok: false as const, message: died.ok ? '' : died.error.message }))]);
    if (!outcome.ok) {
      handle.worker.terminate();
      throw new EngineLoadError(`selfie-liveness could not start: ${outcome.message}`);
    }
    handle.watch();
    // A worker that dies between calls is replaced at once, so the next call does not meet it.
    void handle.died.then(() => retire(handle));
    return handle;
  }

  let handle: WorkerHandle | null = null;
  let restarting: Promise<WorkerHandle> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let disposed = false;
  handle = await boot();

  function stop(current: WorkerHandle): void {
    current.retired = true;
    current.api[releaseProxy]();
    current.worker.terminate();
  }

  /** Replace a dead or stuck worker (once, however many times it is reported); the next check waits for the new one. */
  function retire(dead: WorkerHandle): void {
    if (disposed || dead.retired) return;
    stop(dead);
    if (handle === dead) handle = null;
    restarting = boot();
    restarting.then(
      (fresh) => {
        if (disposed) stop(fresh);
        else handle = fresh;
      },
      () => {},
    ).finally(() => {
      restarting = null;
    });
  }

  /** Run one call on the worker, racing its death and the time limit; a fatal outcome retires the worker. */
  async function run<T extends { ok: boolean; fatal?: boolean }>(
    call: (api: Remote<WorkerService>) => Promise<T>,
  ): Promise<T | Extract<WorkerOutcome, { ok: false }>> {
    const current = handle ?? (restarting ? await restarting : await boot());
    handle = current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<Extract<WorkerOutcome, { ok: false }>>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, fatal: true, error: errorInfo('INFERENCE_ERROR', `The check did not finish within ${timeoutMs} ms; retry.`) }),
        timeoutMs,
      );
    });
    const died = current.died as Promise<Extract<WorkerOutcome, { ok: false }>>;
    try {
      const outcome = await Promise.race([call(current.api), died, timeout]);
      if (!outcome.ok && outcome.fatal) retire(current);
      return outcome;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Queue a call behind the previous ones (one worker, one landmarker). The input is captured at
   * once (a video frame is the frame of the moment of the call), then waits its turn.
   */
  function enqueue<T>(input: LivenessInput, work: (prepared: { request: CheckRequest; transfer: Transferable[] }) => Promise<T>): Promise<T> {
    if (disposed) {
      return Promise.reject(new EngineLoadError('This selfie-liveness engine has been disposed; create a new one with createLivenessEngine().'));
    }
    const prepared = toRequest(input);
    prepared.catch(() => {});
    const turn = queue.then(async () => work(await prepared));
    queue = turn.catch(() => {});
    return turn;
  }

  function check(input: LivenessInput, options: CheckOptions = {}): Promise<LivenessResponse> {
    const requestId = newRequestId();
    let callConfig: LivenessConfig | null = null;
    try {
      if (options.config !== undefined) {
        // a call that switches learned_texture on or off starts from that set's default weights
        const given = options.config.enable_learned_texture;
        const baseWeights = given !== undefined && given !== config.enable_learned_texture ? {} : config.weights;
        callConfig = resolveConfig({ ...config, ...options.config, weights: { ...baseWeights, ...options.config.weights } });
      }
    } catch (error) {
      return Promise.reject(error);
    }
    const flags = { diagnostics: options.diagnostics === true, visuals: options.visuals === true, config: callConfig };
    return enqueue(input, async ({ request, transfer }) => {
      const outcome = await run<WorkerOutcome>((api) => api.check(withTransfer(request, transfer), flags));
      if (outcome.ok) {
        const envelope = successEnvelope(outcome.result, requestId);
        return outcome.diagnostics ? { ...envelope, diagnostics: outcome.diagnostics } : envelope;
      }
      return errorEnvelope(outcome.error, requestId);
    }).catch((error: unknown): LivenessResponse => {
      const enveloped = isLivenessError(error) && isEnvelopeCode(error.code);
      if (disposed && !enveloped) throw error;
      if (isLivenessError(error)) return errorEnvelope(toErrorInfo(error), requestId);
      return errorEnvelope(errorInfo('SERVER_ERROR', `Unexpected failure (request ${requestId}): ${String(error)}`), requestId);
    });
  }

  function inspectFrame(input: LivenessInput): Promise<FrameInspection> {
    return enqueue(input, async ({ request, transfer }) => {
      const outcome = await run<Awaited<ReturnType<WorkerService['inspect']>>>((api) => api.inspect(withTransfer(request, transfer)));
      if (outcome.ok) return outcome.inspection;
      throw new LivenessError(outcome.error.code, outcome.error.message);
    });
  }

  return {
    check,
    inspectFrame,
    config,
    dispose() {
      if (disposed) return;
      disposed = true;
      if (handle) {
        handle.api.dispose().catch(() => {});
        stop(handle);
      }
      handle = null;
    },
  };
}
