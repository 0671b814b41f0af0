/**
 * The main-thread facade: validates, captures the input, hands it to the analysis worker and turns the
 * worker's reply into the response envelope. Calls run one after another on one worker; each races
 * the worker's death and its time limit, and a worker that died or hung is replaced before the next
 * call. All analysis lives behind the worker boundary (src/worker/).
 */
import { proxy, transfer as withTransfer } from 'comlink';
import { resolveConfig, type LivenessConfig } from '../config.js';
import { EngineLoadError, errorInfo, isLivenessError, LivenessError, toErrorInfo } from '../errors/index.js';
import type { CallFailure, RequestOf, WorkerCall, WorkerReply } from '../protocol/index.js';
import { errorEnvelope, newRequestId, successEnvelope } from '../scoring/envelope.js';
import type { CheckOptions, FrameInspection, LivenessInput, LivenessResponse } from '../types.js';
import { captureImage, type CapturedImage } from './capture.js';
import { configOf, resolveEngineSettings, type LivenessEngineOptions } from './options.js';
import { startModuleWorker, type StartWorker } from './start-worker.js';
import { connect, stop, type WorkerHandle } from './worker.js';

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
  /**
   * Stop the worker and free the model. A call still waiting or running answers INFERENCE_ERROR at
   * once; later calls reject with an EngineLoadError.
   */
  dispose(): void;
}

const DISPOSED_MESSAGE = 'This selfie-liveness engine has been disposed; create a new one with createLivenessEngine().';

/** A call's configuration: the engine's, with the call's keys over it (validated like the engine's). */
function callConfig(engine: LivenessConfig, given: CheckOptions['config']): LivenessConfig {
  if (given === undefined) return engine;
  // a call that switches learned_texture on or off starts from that set's default weights
  const switched = given.enable_learned_texture !== undefined && given.enable_learned_texture !== engine.enable_learned_texture;
  return resolveConfig({ ...engine, ...given, weights: { ...(switched ? {} : engine.weights), ...given.weights } });
}

/** Settles after `ms` (or never, once `cancel` is called). */
function delay(ms: number): { done: Promise<void>; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { done, cancel: () => clearTimeout(timer) };
}

/**
 * The facade over workers made by `startWorker` (the SDK's module worker, or a stand-in in tests).
 * @throws ConfigError on a bad configuration key or engine option; EngineLoadError when the worker cannot load.
 */
export async function createEngine(options: LivenessEngineOptions, startWorker: StartWorker): Promise<LivenessEngine> {
  const config = Object.freeze(resolveConfig(configOf(options)));
  const { assets, timeoutMs, learnedBackend, onProgress } = resolveEngineSettings(options);

  let handle: WorkerHandle | null = null;
  let restarting: Promise<WorkerHandle> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let disposed = false;
  /** How to answer the call in flight at once (on dispose()), while it runs. */
  const inFlight = new Set<(failure: CallFailure) => void>();
  const disposedFailure = (): CallFailure => ({ ok: false, fatal: false, error: errorInfo('INFERENCE_ERROR', `${DISPOSED_MESSAGE} The call did not finish.`) });

  async function boot(): Promise<WorkerHandle> {
    onProgress({ stage: 'worker', progress: 0, message: 'Starting the analysis worker' });
    const started = connect(startWorker());
    const init = started.api.handle(
      {
        call: 'init',
        wasmBase: assets.wasmBase,
        modelUrl: assets.model,
        miniFasNetUrl: assets.miniFasNet,
        antiSpoofModelUrl: assets.antiSpoofModel,
        learnedBackend,
        config,
        lifeline: started.lifeline,
      },
      proxy(onProgress),
    );
    const reply = await Promise.race([init, started.died]);
    if (!reply.ok) {
      stop(started);
      throw new EngineLoadError(`selfie-liveness could not start: ${reply.error.message}`);
    }
    started.watch();
    // A worker that dies between calls is replaced at once, so the next call does not meet it.
    void started.died.then(() => retire(started));
    return started;
  }

  /** Replace a dead or stuck worker (once, however many times it is reported); the next call waits for the new one. */
  function retire(dead: WorkerHandle): void {
    if (disposed || dead.retired) return;
    stop(dead);
    if (handle === dead) handle = null;
    const fresh = boot();
    restarting = fresh;
    fresh
      .then(
        (next) => {
          if (disposed) stop(next);
          else handle = next;
        },
        () => {},
      )
      .finally(() => {
        if (restarting === fresh) restarting = null;
      });
  }

  /** Ask a worker to free its models, then end it (at the latest after the time limit). */
  function close(current: WorkerHandle): void {
    current.retired = true;
    const limit = delay(timeoutMs);
    void Promise.race([current.api.dispose(), current.died, limit.done])
      .catch(() => {})
      .finally(() => {
        limit.cancel();
        stop(current);
      });
  }

  /** Run one call on the worker, racing its death, the time limit and dispose(); a fatal failure retires the worker. */
  async function run<C extends WorkerCall>(request: RequestOf<C>, transfer: Transferable[]): Promise<WorkerReply<C>> {
    if (disposed) return disposedFailure();
    const current = handle ?? (await (restarting ?? boot()));
    if (disposed) {
      if (current !== handle) stop(current);
      return disposedFailure();
    }
    handle = current;
    let interrupt: (failure: CallFailure) => void = () => {};
    const interrupted = new Promise<CallFailure>((resolve) => (interrupt = resolve));
    const timer = setTimeout(
      () => interrupt({ ok: false, fatal: true, error: errorInfo('INFERENCE_ERROR', `The check did not finish within ${timeoutMs} ms; retry.`) }),
      timeoutMs,
    );
    const stopWatching = current.onDeath(interrupt);
    inFlight.add(interrupt);
    try {
      const reply = await Promise.race([current.api.handle(withTransfer(request, transfer)), interrupted]);
      if (!reply.ok && reply.fatal) retire(current);
      return reply as WorkerReply<C>;
    } finally {
      clearTimeout(timer);
      stopWatching();
      inFlight.delete(interrupt);
    }
  }

  /**
   * Queue a call behind the previous ones (one worker, one landmarker). The input is captured at
   * once (a video frame is the frame of the moment of the call), then waits its turn.
   */
  function enqueue<T>(input: LivenessInput, work: (captured: CapturedImage) => Promise<T>): Promise<T> {
    if (disposed) return Promise.reject(new EngineLoadError(DISPOSED_MESSAGE));
    const captured = captureImage(input);
    captured.catch(() => {});
    const turn = queue.then(async () => work(await captured));
    queue = turn.catch(() => {});
    return turn;
  }

  function check(input: LivenessInput, options: CheckOptions = {}): Promise<LivenessResponse> {
    const requestId = newRequestId();
    let configOfCall: LivenessConfig;
    try {
      configOfCall = callConfig(config, options.config);
    } catch (error) {
      return Promise.reject(error);
    }
    const diagnostics = options.diagnostics === true;
    const visuals = options.visuals === true;
    if (disposed) return Promise.reject(new EngineLoadError(DISPOSED_MESSAGE));
    return enqueue(input, async ({ image, transfer }): Promise<LivenessResponse> => {
      const reply = await run({ call: 'check', image, config: configOfCall, diagnostics, visuals }, transfer);
      if (!reply.ok) return errorEnvelope(reply.error, requestId);
      const envelope = successEnvelope(reply.value.result, requestId);
      return reply.value.diagnostics ? { ...envelope, diagnostics: reply.value.diagnostics } : envelope;
    }).catch((error: unknown): LivenessResponse => {
      if (isLivenessError(error)) return errorEnvelope(toErrorInfo(error), requestId);
      return errorEnvelope(errorInfo('SERVER_ERROR', `Unexpected failure (request ${requestId}): ${String(error)}`), requestId);
    });
  }

  function inspectFrame(input: LivenessInput): Promise<FrameInspection> {
    return enqueue(input, async ({ image, transfer }) => {
      const reply = await run({ call: 'inspect', image, config }, transfer);
      if (reply.ok) return reply.value;
      throw new LivenessError(reply.error.code, reply.error.message);
    });
  }

  handle = await boot();

  return {
    check,
    inspectFrame,
    config,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const interrupt of inFlight) interrupt(disposedFailure());
      if (handle) close(handle);
      handle = null;
    },
  };
}

/**
 * Load the engine: validate the configuration, start the worker, load the WASM runtime and model
 * from the app's own origin.
 * @throws ConfigError on a bad configuration key or value; EngineLoadError when an asset is missing.
 */
export function createLivenessEngine(options: LivenessEngineOptions = {}): Promise<LivenessEngine> {
  return createEngine(options, startModuleWorker);
}
