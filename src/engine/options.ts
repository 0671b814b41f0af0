/**
 * The engine's options besides the configuration keys: where the assets are (normalised here, once),
 * the per-check time limit, the learned model's backend and the progress callback.
 */
import type { LivenessConfigInput } from '../config.js';
import { ConfigError } from '../errors/index.js';
import type { LearnedBackendChoice } from '../learned/backend.js';
import type { LoadProgress } from '../types.js';

/** Per-asset URL overrides; each defaults to a path under `assetBaseUrl`. */
export interface AssetUrls {
  /** The face landmarker model. @default `${assetBaseUrl}face_landmarker.task` */
  model: string;
  /**
   * Folder of the WASM files: MediaPipe's runtime (`vision_wasm_internal.wasm.gz`) and tfjs's
   * (`tfjs-backend-wasm*.wasm`, which runs MiniFASNet and `learned_texture`). @default `${assetBaseUrl}wasm/`
   */
  wasmBase: string;
  /**
   * The MiniFASNet anti-spoofing models of `lbp_texture` (a JSON manifest; its binary,
   * `minifasnet.bin`, is fetched from beside it). @default `${assetBaseUrl}minifasnet.json`
   */
  miniFasNet: string;
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

/** The engine options, resolved and checked. */
export interface EngineSettings {
  /** Absolute asset URLs; `wasmBase` always ends with `/`. */
  assets: AssetUrls;
  timeoutMs: number;
  learnedBackend: LearnedBackendChoice;
  onProgress: (progress: LoadProgress) => void;
}

/** Default per-check time limit, in ms. */
const DEFAULT_TIMEOUT_MS = 30_000;
const ENGINE_OPTION_KEYS = ['assetBaseUrl', 'assets', 'onProgress', 'timeoutMs', 'learnedBackend'] as const;
const LEARNED_BACKENDS: readonly LearnedBackendChoice[] = ['auto', 'webgl', 'wasm'];

/** The page's (or worker's) base URL that relative asset URLs resolve against; none in Node. */
function baseHref(): string | undefined {
  return typeof document !== 'undefined' ? document.baseURI : globalThis.location?.href;
}

/** A folder URL, absolute and ending with `/`. */
function folder(url: string | URL, base?: string | URL): URL {
  const resolved = new URL(url, base);
  if (!resolved.pathname.endsWith('/')) resolved.pathname += '/';
  return resolved;
}

/** Absolute URLs of every asset, each folder ending with `/` (the one place they are normalised). */
export function resolveAssets(options: Pick<LivenessEngineOptions, 'assetBaseUrl' | 'assets'>): AssetUrls {
  const base = folder(options.assetBaseUrl ?? '/models/', baseHref());
  return {
    model: new URL(options.assets?.model ?? 'face_landmarker.task', base).href,
    wasmBase: folder(options.assets?.wasmBase ?? 'wasm/', base).href,
    miniFasNet: new URL(options.assets?.miniFasNet ?? 'minifasnet.json', base).href,
    antiSpoofModel: new URL(options.assets?.antiSpoofModel ?? 'face_anti_spoofing.tflite', base).href,
  };
}

/** The configuration keys of `options` (everything but the engine options). */
export function configOf(options: LivenessEngineOptions): LivenessConfigInput {
  const config: Record<string, unknown> = { ...options };
  for (const key of ENGINE_OPTION_KEYS) delete config[key];
  return config as LivenessConfigInput;
}

/**
 * The engine options of `options`, resolved.
 * @throws ConfigError on a `timeoutMs` that is not a positive number or an unknown `learnedBackend`.
 */
export function resolveEngineSettings(options: LivenessEngineOptions): EngineSettings {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new ConfigError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}.`);
  const learnedBackend = options.learnedBackend ?? 'auto';
  if (!LEARNED_BACKENDS.includes(learnedBackend)) throw new ConfigError(`learnedBackend must be one of ${LEARNED_BACKENDS.join(', ')}, got ${String(learnedBackend)}.`);
  return { assets: resolveAssets(options), timeoutMs, learnedBackend, onProgress: options.onProgress ?? (() => {}) };
}
