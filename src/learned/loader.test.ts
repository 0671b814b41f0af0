import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLearnedTextureRunner } from './loader.js';

const INPUT = new Float32Array(256 * 256 * 3);
const ASSETS = { modelUrl: 'https://app.example/models/face_anti_spoofing.tflite', wasmBase: 'https://app.example/models/wasm/' };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createLearnedTextureRunner', () => {
  it('answers "could not measure" with the reason when the model is missing, and tries again next time', async () => {
    const fetch = vi.fn(async () => new Response('not found', { status: 404 }));
    vi.stubGlobal('fetch', fetch);
    const runner = createLearnedTextureRunner(ASSETS);
    expect(await runner.measure(INPUT)).toEqual({ ok: false, reason: `${ASSETS.modelUrl} answered HTTP 404` });
    expect(await runner.measure(INPUT)).toMatchObject({ ok: false });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('never hangs: a load that does not finish gives up after the time limit', async () => {
    vi.useFakeTimers();
    try {
      vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>(() => {})));
      const runner = createLearnedTextureRunner(ASSETS, 50);
      const answer = runner.measure(INPUT);
      await vi.advanceTimersByTimeAsync(50);
      expect(await answer).toEqual({ ok: false, reason: 'loading the model did not finish within 50 ms' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses bytes that are not a TFLite model, and answers after dispose without loading', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>oops</html>')));
    const runner = createLearnedTextureRunner(ASSETS);
    expect(await runner.measure(INPUT)).toEqual({ ok: false, reason: 'Not a TensorFlow Lite model (no TFL3 identifier).' });
    runner.dispose();
    expect(await runner.measure(INPUT)).toEqual({ ok: false, reason: 'the engine was disposed' });
  });
});
