/// <reference lib="webworker" />
/**
 * Benchmark only (not part of the SDK): the open-source peer, `@vladmandic/human` (MIT), in its own
 * Web Worker on the tfjs WASM backend, configured for face detection + mesh + its antispoof and
 * liveness models. harness/bench.ts drives it with plain messages (see `PeerRequest`/`PeerReply`).
 *
 * Every asset comes from this origin: human's defaults point at a CDN, so `modelBasePath` and
 * `wasmPath` are both overridden with folders of node_modules served by Vite (the dev server; the
 * bench never runs from a production build). Result caching between frames (`cacheSensitivity`,
 * `skipFrames`, `skipTime`) is switched off: every check is an unrelated selfie.
 *
 * human is imported by file path, not by package name, so that Vite serves its prebuilt ESM bundle
 * as it is instead of discovering a new dependency at run time and reloading the page mid-run.
 */
import { Human, type Config } from '../node_modules/@vladmandic/human/dist/human.esm.js';

/** Messages from the bench page. */
export type PeerRequest =
  | { type: 'init' }
  | { type: 'check'; id: number; bytes: ArrayBuffer };

/** Messages to the bench page. */
export type PeerReply =
  | { type: 'ready'; ms: number; backend: string; version: string; tfjs: string; simd: boolean; threads: boolean }
  | { type: 'result'; id: number; ms: number; faces: number; score: number; real: number; live: number; stages: Record<string, number> }
  | { type: 'error'; id: number | null; message: string };

// A file inside the folder is named (not the folder) so that Vite rewrites the URL to the file it serves.
const MODEL_BASE = new URL('.', new URL('../node_modules/@vladmandic/human/models/blazeface.json', import.meta.url)).href;
const WASM_BASE = new URL('.', new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', import.meta.url)).href;

/** The entries of human's `result.performance` that time this call (others are load times or counters). */
const PER_CHECK_STAGES = ['inputProcess', 'face', 'total'] as const;

/** Re-run every model on every call: no frame-to-frame cache. */
const NO_SKIP = { skipFrames: 0, skipTime: 0 };

const CONFIG: Partial<Config> = {
  backend: 'wasm',
  wasmPath: WASM_BASE,
  modelBasePath: MODEL_BASE,
  cacheModels: false,
  debug: false,
  async: false,
  warmup: 'none',
  cacheSensitivity: 0,
  skipAllowed: false,
  filter: { enabled: false },
  gesture: { enabled: false },
  face: {
    enabled: true,
    detector: { rotation: false, maxDetected: 1, minConfidence: 0.2, ...NO_SKIP },
    mesh: { enabled: true },
    attention: { enabled: false },
    iris: { enabled: false },
    emotion: { enabled: false },
    description: { enabled: false },
    gear: { enabled: false },
    antispoof: { enabled: true, ...NO_SKIP },
    liveness: { enabled: true, ...NO_SKIP },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  segmentation: { enabled: false },
};

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: PeerReply) => scope.postMessage(message);
let human: Human | null = null;

async function init(): Promise<void> {
  const started = performance.now();
  const instance = new Human(CONFIG);
  await instance.load();
  human = instance;
  const tf = instance.tf as { getBackend(): string; env(): { getAsync(flag: string): Promise<unknown> } };
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  reply({
    type: 'ready',
    ms: performance.now() - started,
    backend: tf.getBackend(),
    version: instance.version,
    tfjs: String((instance.tf as { version_core?: string }).version_core ?? ''),
    simd,
    threads,
  });
}

/** One selfie, as an app would hand it to human: decode the bytes, detect, read antispoof and liveness. */
async function check(id: number, bytes: ArrayBuffer): Promise<void> {
  if (!human) throw new Error('peer: init first');
  const started = performance.now();
  const bitmap = await createImageBitmap(new Blob([bytes]), { imageOrientation: 'from-image' });
  const decodeMs = performance.now() - started;
  try {
    const result = await human.detect(bitmap);
    const face = result.face[0];
    const stages: Record<string, number> = { decode: decodeMs };
    for (const stage of PER_CHECK_STAGES) {
      const ms = result.performance[stage];
      if (typeof ms === 'number') stages[stage] = ms;
    }
    reply({
      type: 'result',
      id,
      ms: performance.now() - started,
      faces: result.face.length,
      score: face?.score ?? 0,
      real: face?.real ?? Number.NaN,
      live: face?.live ?? Number.NaN,
      stages,
    });
  } finally {
    bitmap.close();
  }
}

scope.addEventListener('message', (event: MessageEvent<PeerRequest>) => {
  const message = event.data;
  const id = message.type === 'check' ? message.id : null;
  const work = message.type === 'init' ? init() : check(message.id, message.bytes);
  work.catch((error: unknown) => reply({ type: 'error', id, message: error instanceof Error ? error.message : String(error) }));
});
