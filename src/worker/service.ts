/**
 * The worker's service: one handler per call of the protocol (src/protocol/), each answering with the
 * one reply shape, never throwing. It owns the worker's landmarker, learned model and region canvas;
 * the configuration travels with each call, and no call leaves state behind for the next.
 */
import { releaseProxy } from 'comlink';
import { EngineLoadError, LivenessError, toErrorInfo } from '../errors/index.js';
import { FaceModel, VISION_WASM_FILE } from '../face/landmarker.js';
import { decodeImage, type DecodedImage } from '../input/decode.js';
import { createLearnedTextureRunner, type LearnedTextureRunner } from '../learned/loader.js';
import { loadMiniFasNet, type MiniFasNetRunner } from '../minifasnet/loader.js';
import { RegionCanvas } from '../pixels/canvas.js';
import type { CallFailure, ImagePayload, ReplyValues, RequestOf, WorkerCall, WorkerReply, WorkerService } from '../protocol/index.js';
import type { LoadProgress } from '../types.js';
import { analyse } from './analyse.js';
import { assertReachable, fetchFaceModel } from './assets.js';
import { inspectFrame } from './inspect.js';

/** Side of the blank image the model is warmed up on. */
const WARM_UP_SIDE = 64;

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

/** A failure reply; an unexpected failure may have left the landmarker unusable, so the worker is replaced. */
function failure(thrown: unknown): CallFailure {
  const error = toErrorInfo(thrown);
  return { ok: false, error, fatal: error.code === 'SERVER_ERROR' || error.code === 'INFERENCE_ERROR' };
}

/** Release a comlink proxy handed to the worker (a plain function in tests has nothing to release). */
function release(callback: unknown): void {
  const remote = callback as { [releaseProxy]?: () => void } | undefined;
  remote?.[releaseProxy]?.();
}

/** One worker's state: its landmarker and anti-spoofing models, owned by this object (no module state). */
export function createWorkerService(): WorkerService {
  let model: FaceModel | null = null;
  let miniFasNet: MiniFasNetRunner | null = null;
  let learned: LearnedTextureRunner | null = null;
  const regionCanvas = new RegionCanvas();

  /**
   * Decode the call's image and run `work` on it (with the time the call started and the decoding
   * took, in ms); its bitmaps are closed whatever happens.
   */
  async function withImage<T>(image: ImagePayload, work: (decoded: DecodedImage, landmarker: FaceModel, started: number, decodeMs: number) => Promise<T>): Promise<T> {
    let bitmaps: (ImageBitmap | null)[] = image.kind === 'pixels' ? [image.bitmap] : [];
    try {
      if (!model) throw new LivenessError('INFERENCE_ERROR', 'The engine is not initialised.');
      const started = performance.now();
      const decoded = await decodeImage(image);
      bitmaps = [decoded.bitmap, decoded.fullResolution];
      return await work(decoded, model, started, performance.now() - started);
    } finally {
      for (const bitmap of bitmaps) bitmap?.close();
    }
  }

  const handlers: { [C in WorkerCall]: (request: RequestOf<C>, onProgress: (progress: LoadProgress) => void) => Promise<ReplyValues[C]> } = {
    async init(request, onProgress) {
      try {
        if (request.lifeline) await holdLifeline(request.lifeline);
        learned = createLearnedTextureRunner({ modelUrl: request.antiSpoofModelUrl, wasmBase: request.wasmBase, backend: request.learnedBackend });
        onProgress({ stage: 'model', progress: 0.05, message: 'Loading the face model' });
        const modelBytes = await fetchFaceModel(request.modelUrl, (loaded, total) => {
          if (total > 0) onProgress({ stage: 'model', progress: 0.05 + 0.75 * (loaded / total), message: 'Loading the face model' });
        });
        await assertReachable(`${request.wasmBase}${VISION_WASM_FILE}`);
        onProgress({ stage: 'wasm', progress: 0.8, message: 'Starting the WebAssembly runtime' });
        model = await FaceModel.create({ wasmBase: request.wasmBase, model: modelBytes }, request.config.min_face_confidence);
        onProgress({ stage: 'model', progress: 0.85, message: 'Loading the anti-spoofing models' });
        miniFasNet = await loadMiniFasNet({ manifestUrl: request.miniFasNetUrl, wasmBase: request.wasmBase }).catch((error: unknown) => {
          throw new EngineLoadError(`The anti-spoofing models could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
        });
        // MediaPipe builds its graph on the first detection: pay that during loading, not on the first check.
        onProgress({ stage: 'wasm', progress: 0.95, message: 'Warming up the face model' });
        model.detectFaces(new ImageData(WARM_UP_SIDE, WARM_UP_SIDE), { padX: 0, padY: 0, scale: 1, width: WARM_UP_SIDE, height: WARM_UP_SIDE });
        onProgress({ stage: 'ready', progress: 1, message: 'Ready' });
        return { ready: true };
      } catch (error) {
        throw error instanceof EngineLoadError ? error : new EngineLoadError(error instanceof Error ? error.message : String(error));
      }
    },

    check({ image, config, diagnostics, visuals }) {
      return withImage(image, async (decoded, landmarker, _started, decodeMs) => {
        const runner = learned;
        const analysis = await analyse(decoded, {
          model: landmarker,
          config,
          withVisuals: visuals,
          learnedModel: runner ? (input) => runner.measure(input) : undefined,
          miniFasNet: miniFasNet ?? undefined,
          regionCanvas,
        });
        if (!diagnostics && !visuals) return { result: analysis.result };
        analysis.diagnostics.timings_ms = { decode: decodeMs, ...analysis.diagnostics.timings_ms };
        if (miniFasNet) {
          analysis.diagnostics.minifasnet_backend = miniFasNet.backend;
          analysis.diagnostics.tfjs_tensors = miniFasNet.liveTensors();
        }
        if (runner && config.enable_learned_texture) {
          analysis.diagnostics.learned_tensors = await runner.liveTensors();
          const backend = await runner.backend();
          if (backend) analysis.diagnostics.learned_backend = backend;
        }
        return { result: analysis.result, diagnostics: analysis.diagnostics };
      });
    },

    inspect({ image, config }) {
      return withImage(image, async (decoded, landmarker, started) => {
        const inspection = await inspectFrame(decoded.bitmap, landmarker, config);
        return { ...inspection, elapsed_ms: performance.now() - started };
      });
    },
  };

  return {
    async handle<C extends WorkerCall>(request: RequestOf<C>, onProgress: (progress: LoadProgress) => void = () => {}): Promise<WorkerReply<C>> {
      const handler = handlers[request.call] as (request: RequestOf<C>, onProgress: (progress: LoadProgress) => void) => Promise<ReplyValues[C]>;
      try {
        return { ok: true, call: request.call, value: await handler(request, onProgress) } as WorkerReply<C>;
      } catch (error) {
        return failure(error);
      } finally {
        release(onProgress);
      }
    },

    dispose() {
      learned?.dispose();
      learned = null;
      miniFasNet?.dispose();
      miniFasNet = null;
      model?.close();
      model = null;
    },
  };
}
