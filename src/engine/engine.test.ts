/**
 * The facade in Node, with the worker factory injected: each "worker" is a MessageChannel whose far
 * end exposes a stand-in service through comlink, so the queue, the restart after a death, the time
 * limit and dispose() are tested without a browser. The real worker runs in the browser tests (e2e/).
 */
import { expose } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config.js';
import { ConfigError, EngineLoadError, isLivenessError } from '../errors/index.js';
import type { ReplyValues, RequestOf, WorkerCall, WorkerReply, WorkerRequest, WorkerService } from '../protocol/index.js';
import type { LivenessResult, LoadProgress } from '../types.js';
import { createEngine } from './engine.js';
import type { WorkerLike } from './start-worker.js';

const RESULT: LivenessResult = { verdict: 'LIVE', confidence: 0.9, threshold: 0.58, face_detected: true, signals: [] };
const ASSETS = { assetBaseUrl: 'http://app.test/models' };

/** A promise with its resolver, to hold a call until the test lets it go. */
function deferred<T = void>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

type Behaviour = { [C in WorkerCall]?: (request: RequestOf<C>, onProgress?: (progress: LoadProgress) => void) => Promise<WorkerReply<C>> } & {
  /** How the worker answers dispose() (at once by default). */
  dispose?: () => Promise<void>;
};

const ok = <C extends WorkerCall>(call: C, value: ReplyValues[C]): WorkerReply<C> => ({ ok: true, call, value });

/** A worker whose far end is a stand-in service; it records the calls and can be made to die. */
class FakeWorker extends EventTarget implements WorkerLike {
  readonly requests: WorkerRequest[] = [];
  readonly events: string[] = [];
  private readonly near: MessagePort;
  private readonly far: MessagePort;

  constructor(behaviour: Behaviour) {
    super();
    const { port1, port2 } = new MessageChannel();
    this.near = port1;
    this.far = port2;
    port1.addEventListener('message', (event) => this.dispatchEvent(Object.assign(new Event('message'), { data: (event as MessageEvent).data })));
    port1.start();
    const service: WorkerService = {
      handle: async <C extends WorkerCall>(request: RequestOf<C>, onProgress?: (progress: LoadProgress) => void): Promise<WorkerReply<C>> => {
        this.requests.push(request);
        this.events.push(request.call);
        const answer = behaviour[request.call] as ((r: RequestOf<C>, p?: (progress: LoadProgress) => void) => Promise<WorkerReply<C>>) | undefined;
        if (answer) return answer(request, onProgress);
        if (request.call === 'init') return ok('init', { ready: true }) as WorkerReply<C>;
        if (request.call === 'check') return ok('check', { result: RESULT }) as WorkerReply<C>;
        return { ok: false, fatal: false, error: { code: 'SERVER_ERROR', message: 'not scripted', http_status: 500, retryable: false } };
      },
      dispose: () => {
        this.events.push('dispose');
        return behaviour.dispose?.();
      },
    } as WorkerService;
    expose(service, port2);
  }

  postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions): void {
    this.near.postMessage(message, transfer as Transferable[]);
  }

  terminate(): void {
    this.events.push('terminate');
    this.near.close();
    this.far.close();
  }

  /** The worker dies as a crashed worker does: an `error` event. */
  die(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error'), { message }));
  }
}

/** A worker factory that hands out fake workers, each with the behaviour given for its turn. */
function factory(...behaviours: Behaviour[]) {
  const started: FakeWorker[] = [];
  return {
    started,
    start: (): WorkerLike => {
      const worker = new FakeWorker(behaviours[Math.min(started.length, behaviours.length - 1)] ?? {});
      started.push(worker);
      return worker;
    },
  };
}

const engines: { dispose(): void }[] = [];
afterEach(() => {
  for (const engine of engines.splice(0)) engine.dispose();
});

async function engineWith(workers: ReturnType<typeof factory>, options: Parameters<typeof createEngine>[0] = {}) {
  const engine = await createEngine({ ...ASSETS, ...options }, workers.start);
  engines.push(engine);
  return engine;
}

describe('createEngine', () => {
  it('starts one worker with the resolved configuration and asset URLs, the WASM folder ending with /', async () => {
    const progress: LoadProgress[] = [];
    const workers = factory({
      async init(_request, onProgress) {
        onProgress?.({ stage: 'model', progress: 0.5, message: 'half way' });
        return ok('init', { ready: true });
      },
    });
    const engine = await engineWith(workers, { live_threshold: 0.7, assets: { wasmBase: 'http://cdn.test/wasm' }, onProgress: (p) => progress.push(p) });
    expect(workers.started).toHaveLength(1);
    const [init] = workers.started[0].requests;
    expect(init).toMatchObject({
      call: 'init',
      modelUrl: 'http://app.test/models/face_landmarker.task',
      wasmBase: 'http://cdn.test/wasm/',
      miniFasNetUrl: 'http://app.test/models/minifasnet.json',
      antiSpoofModelUrl: 'http://app.test/models/face_anti_spoofing.tflite',
      learnedBackend: 'auto',
    });
    expect(init.call === 'init' && init.config).toEqual({ ...DEFAULT_CONFIG, live_threshold: 0.7 });
    expect(engine.config.live_threshold).toBe(0.7);
    expect(progress.map((p) => p.stage)).toEqual(['worker', 'model']);
  });

  it('rejects a bad engine option with a ConfigError before starting a worker', async () => {
    const workers = factory({});
    await expect(createEngine({ ...ASSETS, timeoutMs: 0 }, workers.start)).rejects.toBeInstanceOf(ConfigError);
    await expect(createEngine({ ...ASSETS, learnedBackend: 'gpu' as 'auto' }, workers.start)).rejects.toThrow(/learnedBackend must be one of auto, webgl, wasm/);
    expect(workers.started).toHaveLength(0);
  });

  it('rejects with an EngineLoadError naming the failure when the worker cannot load, and ends that worker', async () => {
    const workers = factory({
      init: async () => ({ ok: false, fatal: true, error: { code: 'INFERENCE_ERROR', message: 'Could not load /models/face_landmarker.task: HTTP 404.', http_status: 200, retryable: true } }),
    });
    const failure = await createEngine(ASSETS, workers.start).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EngineLoadError);
    expect(isLivenessError(failure)).toBe(true);
    expect((failure as Error).message).toBe('selfie-liveness could not start: Could not load /models/face_landmarker.task: HTTP 404.');
    expect(workers.started[0].events).toEqual(['init', 'terminate']);
  });
});

describe('check', () => {
  it('answers with an envelope around the worker result, sending the configuration with every call', async () => {
    const workers = factory({});
    const engine = await engineWith(workers);
    const response = await engine.check('AAAA', { config: { live_threshold: 0.6 } });
    expect(response).toMatchObject({ status: 'success', result: RESULT, error: null });
    expect(response.request_id).toMatch(/^lv_[0-9a-f]{16}$/);
    const check = workers.started[0].requests[1];
    expect(check).toMatchObject({ call: 'check', image: { kind: 'base64', text: 'AAAA' }, diagnostics: false, visuals: false });
    expect(check.call === 'check' && check.config.live_threshold).toBe(0.6);
    await engine.check('AAAA', { visuals: true });
    const second = workers.started[0].requests[2];
    expect(second.call === 'check' && [second.config, second.visuals]).toEqual([engine.config, true]);
  });

  it('turns a worker failure into an error envelope, and a bad input into INVALID_REQUEST without a call', async () => {
    const workers = factory({
      check: async () => ({ ok: false, fatal: false, error: { code: 'NO_FACE_DETECTED', message: 'No face was found.', http_status: 200, retryable: true } }),
    });
    const engine = await engineWith(workers);
    expect((await engine.check('AAAA')).error).toEqual({ code: 'NO_FACE_DETECTED', message: 'No face was found.', http_status: 200, retryable: true });
    const missing = await engine.check(undefined as unknown as string);
    expect(missing.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'The image is missing.', http_status: 422 });
    expect(workers.started[0].events).toEqual(['init', 'check']);
  });

  it('runs calls one after another: the second reaches the worker only when the first has answered', async () => {
    const release = deferred();
    const workers = factory({
      async check(request) {
        if (request.image.kind === 'base64' && request.image.text === 'first') await release.promise;
        return ok('check', { result: RESULT });
      },
    });
    const engine = await engineWith(workers);
    const first = engine.check('first');
    const second = engine.check('second');
    await expect.poll(() => workers.started[0].requests.length).toBe(2);
    // the first is held: the second waits in the queue
    await new Promise((resolve) => setImmediate(resolve));
    expect(workers.started[0].requests.map((r) => (r.call === 'check' && r.image.kind === 'base64' ? r.image.text : r.call))).toEqual(['init', 'first']);
    release.resolve();
    expect((await first).status).toBe('success');
    expect((await second).status).toBe('success');
    expect(workers.started[0].requests.map((r) => (r.call === 'check' && r.image.kind === 'base64' ? r.image.text : r.call))).toEqual(['init', 'first', 'second']);
  });

  it('answers INFERENCE_ERROR when the worker dies during a call, and runs the next call on a new worker', async () => {
    const dying = deferred<WorkerReply<'check'>>();
    const workers = factory({ check: () => dying.promise }, {});
    const engine = await engineWith(workers);
    const pending = engine.check('AAAA');
    await expect.poll(() => workers.started[0].requests.length).toBe(2);
    workers.started[0].die('out of memory');
    const response = await pending;
    expect(response.error).toMatchObject({ code: 'INFERENCE_ERROR', retryable: true });
    expect(response.error?.message).toBe('The analysis worker stopped unexpectedly (out of memory); retry.');
    expect((await engine.check('AAAA')).status).toBe('success');
    expect(workers.started).toHaveLength(2);
    expect(workers.started[0].events.at(-1)).toBe('terminate');
    expect(workers.started[1].events).toEqual(['init', 'check']);
  });

  it('replaces a worker that dies while idle before the next call needs it', async () => {
    const workers = factory({}, {});
    const engine = await engineWith(workers);
    workers.started[0].die('closed');
    await expect.poll(() => workers.started.length).toBe(2);
    expect((await engine.check('AAAA')).status).toBe('success');
    expect(workers.started[1].events).toEqual(['init', 'check']);
  });

  it('answers INFERENCE_ERROR past the time limit and replaces the hung worker', async () => {
    const workers = factory({ check: () => new Promise<never>(() => {}) }, {});
    const engine = await engineWith(workers, { timeoutMs: 5 });
    const response = await engine.check('AAAA');
    expect(response.error).toMatchObject({ code: 'INFERENCE_ERROR', message: 'The check did not finish within 5 ms; retry.' });
    expect(workers.started[0].events.at(-1)).toBe('terminate');
    expect((await engine.check('AAAA')).status).toBe('success');
  });
});

describe('inspectFrame', () => {
  it('sends the engine configuration and rejects with a LivenessError carrying the failure code', async () => {
    const workers = factory({
      inspect: async () => ({ ok: false, fatal: false, error: { code: 'INVALID_REQUEST', message: 'The image is empty (0 bytes).', http_status: 422, retryable: false } }),
    });
    const engine = await engineWith(workers);
    const failure = await engine.inspectFrame('AAAA').catch((error: unknown) => error);
    expect(isLivenessError(failure) && [failure.code, failure.message]).toEqual(['INVALID_REQUEST', 'The image is empty (0 bytes).']);
    const inspect = workers.started[0].requests[1];
    expect(inspect.call === 'inspect' && inspect.config).toEqual(engine.config);
  });
});

describe('dispose', () => {
  it('answers the call in flight and the queued one at once, has the worker free its models, then ends it', async () => {
    const held = deferred<WorkerReply<'check'>>();
    const workers = factory({ check: () => held.promise });
    const engine = await engineWith(workers);
    const inFlight = engine.check('first');
    const queued = engine.check('second');
    await expect.poll(() => workers.started[0].requests.length).toBe(2);
    engine.dispose();
    for (const response of await Promise.all([inFlight, queued])) {
      expect(response.error).toMatchObject({ code: 'INFERENCE_ERROR' });
      expect(response.error?.message).toMatch(/disposed/);
    }
    held.resolve(ok('check', { result: RESULT }));
    await expect.poll(() => workers.started[0].events).toEqual(['init', 'check', 'dispose', 'terminate']);
  });

  it('makes later calls reject with an EngineLoadError, and starts no new worker', async () => {
    const workers = factory({});
    const engine = await engineWith(workers);
    engine.dispose();
    engine.dispose();
    const failure = await engine.check('AAAA').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EngineLoadError);
    expect((failure as Error).message).toMatch(/disposed; create a new one/);
    await expect(engine.inspectFrame('AAAA')).rejects.toBeInstanceOf(EngineLoadError);
    expect(workers.started).toHaveLength(1);
    await expect.poll(() => workers.started[0].events).toEqual(['init', 'dispose', 'terminate']);
  });

  it('ends a worker that does not answer dispose() once the time limit has passed', async () => {
    const workers = factory({ dispose: () => new Promise<never>(() => {}) });
    const engine = await createEngine({ ...ASSETS, timeoutMs: 5 }, workers.start);
    engine.dispose();
    await expect.poll(() => workers.started[0].events).toEqual(['init', 'dispose', 'terminate']);
  });
});
