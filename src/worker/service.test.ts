/**
 * The worker's service in Node, on the paths that need no browser: the one reply shape for a call
 * that fails, and the release of the progress callback's proxy. The real service runs in e2e/.
 */
import { releaseProxy } from 'comlink';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config.js';
import type { LoadProgress } from '../types.js';
import { createWorkerService } from './service.js';

/** A progress callback as comlink hands it to the worker: callable, and releasable. */
function remoteCallback() {
  const calls: LoadProgress[] = [];
  let released = 0;
  const callback = Object.assign((progress: LoadProgress) => void calls.push(progress), {
    [releaseProxy]: () => {
      released++;
    },
  });
  return { callback, calls, released: () => released };
}

describe('the worker service', () => {
  it('answers a check before init with a fatal INFERENCE_ERROR, as data', async () => {
    const service = createWorkerService();
    const reply = await service.handle({ call: 'check', image: { kind: 'base64', text: 'AAAA' }, config: DEFAULT_CONFIG, diagnostics: false, visuals: false });
    expect(reply).toEqual({
      ok: false,
      fatal: true,
      error: { code: 'INFERENCE_ERROR', message: 'The engine is not initialised.', http_status: 200, retryable: true },
    });
  });

  it('answers an init whose model cannot be fetched with a failure naming the URL, and releases the progress callback', async () => {
    const service = createWorkerService();
    const progress = remoteCallback();
    const modelUrl = 'http://127.0.0.1:9/models/face_landmarker.task';
    const reply = await service.handle(
      { call: 'init', wasmBase: 'http://127.0.0.1:9/models/wasm/', modelUrl, miniFasNetUrl: 'http://127.0.0.1:9/models/minifasnet.json', antiSpoofModelUrl: 'http://127.0.0.1:9/models/x.tflite', learnedBackend: 'auto', config: DEFAULT_CONFIG },
      progress.callback,
    );
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('INFERENCE_ERROR');
    expect(reply.error.message).toContain(`Could not load ${modelUrl}`);
    expect(progress.calls.map((p) => p.stage)).toEqual(['model']);
    expect(progress.released()).toBe(1);
    service.dispose();
  });
});
