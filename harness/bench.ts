/**
 * Benchmark page (not part of the SDK). It installs `window.bench`, which `bin/lib/bench.mjs` drives
 * through `page.evaluate`, then sets `window.benchReady = true`.
 *
 * It builds the test JPEGs in the browser (the only JPEG encoder at hand), runs selfie-liveness and
 * the peer (`@vladmandic/human`, harness/peer-worker.ts) on the same images, and times every check on
 * the main thread from the call to the answer (input hand-over, worker, decode and analysis
 * included). Main-thread long tasks are counted only inside the windows where checks run.
 */
import { createLivenessEngine, type LivenessEngine, type LivenessResponse } from '../src/index.js';
import { mulberry32 } from '../src/synth/index.js';
import type { PeerReply, PeerRequest } from './peer-worker.js';

/** A rectangle in source pixels. */
export interface CropBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One bench image kept in the page. */
export interface BenchImage {
  id: string;
  kind: 'generated' | 'real';
  width: number;
  height: number;
  bytes: number;
  source: string;
}

/** One timed check. */
export interface Sample {
  image: string;
  ms: number;
  ok: boolean;
  /** Our verdict, or the peer's `real`/`live` scores, for a sanity look at what was measured. */
  outcome: string;
  stages: Record<string, number>;
}

/** A batch of serial checks with what the main thread went through meanwhile. */
export interface RunReport {
  samples: Sample[];
  long_tasks: number;
  long_task_ms: number;
  /** Longest gap between two ticks of a 10 ms timer on the main thread, minus the 10 ms. */
  max_gap_ms: number;
}

export type Target = 'ours' | 'peer';

export interface BenchApi {
  machine(): { cores: number; user_agent: string; device_memory_gb: number | null; long_task_supported: boolean };
  /** Builds the images of one size: one generated scene, then one crop per real sample. */
  generate(
    size: { width: number; height: number },
    samples: { name: string; base64: string; crop: CropBox }[],
    seed: number,
  ): Promise<BenchImage[]>;
  /** Creates a fresh engine (with `options`) or peer worker, then runs its first check on `image`. */
  coldStart(target: Target, image: string, options?: Record<string, unknown>): Promise<{ ready: number; first_result: number; info: Record<string, unknown> }>;
  /** `count` serial checks cycling through `images`. */
  run(target: Target, images: string[], count: number): Promise<RunReport>;
  /** `inFlight` checks started at once, `rounds` times; checks per second. */
  throughput(target: Target, images: string[], inFlight: number, rounds: number): Promise<{ checks: number; seconds: number; per_s: number }>;
  /** Stops the worker of `target`. */
  dispose(target: Target): void;
}

declare global {
  interface Window {
    bench: BenchApi;
    benchReady: boolean;
  }
}

const JPEG_QUALITY = 0.9;
/** Standard deviation of the added sensor-like grain, grey levels. */
const GRAIN_LEVELS = 5;
const TICK_MS = 10;

const images = new Map<string, Blob>();
let engine: LivenessEngine | null = null;
let peer: PeerClient | null = null;

// ---- main-thread responsiveness ---------------------------------------------------------------

interface Window_ {
  start: number;
  end: number;
}
const longTasks: PerformanceEntry[] = [];
let longTaskSupported = false;
try {
  new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true });
  longTaskSupported = PerformanceObserver.supportedEntryTypes.includes('longtask');
} catch {
  longTaskSupported = false;
}

/** Runs `work` while watching the main thread: long tasks inside the window and the longest timer gap. */
async function watched<T>(work: () => Promise<T>): Promise<{ value: T; long_tasks: number; long_task_ms: number; max_gap_ms: number }> {
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last - TICK_MS);
    last = now;
  }, TICK_MS);
  const window_: Window_ = { start: performance.now(), end: 0 };
  try {
    const value = await work();
    window_.end = performance.now();
    // long-task entries are delivered asynchronously: let the observer catch up
    await new Promise((resolve) => setTimeout(resolve, 50));
    const inside = longTasks.filter((entry) => entry.startTime >= window_.start && entry.startTime <= window_.end);
    return {
      value,
      long_tasks: inside.length,
      long_task_ms: inside.reduce((sum, entry) => sum + entry.duration, 0),
      max_gap_ms: Math.max(0, maxGap),
    };
  } finally {
    clearInterval(timer);
  }
}

// ---- images -----------------------------------------------------------------------------------

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function context2d(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('bench: 2D canvas context unavailable');
  return context;
}

/** Adds zero-mean grain (a sum of two uniforms, roughly Gaussian) like a phone sensor's. */
function addGrain(context: OffscreenCanvasRenderingContext2D, width: number, height: number, random: () => number): void {
  const pixels = context.getImageData(0, 0, width, height);
  const { data } = pixels;
  for (let i = 0; i < data.length; i += 4) {
    const n = (random() + random() - 1) * GRAIN_LEVELS * 1.73;
    data[i] += n;
    data[i + 1] += n;
    data[i + 2] += n;
  }
  context.putImageData(pixels, 0, 0);
}

/**
 * A minimal EXIF APP1 segment as a phone camera writes it: Make, Model, Orientation 1 (upright),
 * and an Exif IFD with f-number, exposure time, ISO and focal length. Big-endian TIFF.
 */
function phoneExif(): Uint8Array {
  const ascii = (text: string) => [...new TextEncoder().encode(text), 0];
  const make = ascii('BenchCam');
  const model = ascii('Phone 12');
  // IFD0: 4 entries; Exif IFD: 4 entries; then the out-of-line values
  const ifd0Offset = 8;
  const ifd0Size = 2 + 4 * 12 + 4;
  const exifOffset = ifd0Offset + ifd0Size;
  const exifSize = 2 + 4 * 12 + 4;
  let dataOffset = exifOffset + exifSize;
  const out: number[] = [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, ifd0Offset];
  const extra: number[] = [];
  const u16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];
  const u32 = (v: number) => [(v >>> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
  const outOfLine = (bytes: number[]) => {
    const at = dataOffset;
    extra.push(...bytes);
    dataOffset += bytes.length;
    return at;
  };
  const entry = (tag: number, type: number, count: number, value: number[]) => [...u16(tag), ...u16(type), ...u32(count), ...value];
  const ASCII = 2;
  const SHORT = 3;
  const LONG = 4;
  const RATIONAL = 5;
  const rational = (num: number, den: number) => outOfLine([...u32(num), ...u32(den)]);
  out.push(...u16(4));
  out.push(...entry(0x010f, ASCII, make.length, u32(outOfLine(make))));
  out.push(...entry(0x0110, ASCII, model.length, u32(outOfLine(model))));
  out.push(...entry(0x0112, SHORT, 1, [...u16(1), 0, 0]));
  out.push(...entry(0x8769, LONG, 1, u32(exifOffset)));
  out.push(...u32(0));
  out.push(...u16(4));
  out.push(...entry(0x829a, RATIONAL, 1, u32(rational(1, 120))));
  out.push(...entry(0x829d, RATIONAL, 1, u32(rational(18, 10))));
  out.push(...entry(0x8827, SHORT, 1, [...u16(100), 0, 0]));
  out.push(...entry(0x920a, RATIONAL, 1, u32(rational(426, 100))));
  out.push(...u32(0));
  const tiff = [...out, ...extra];
  const payload = [...ascii('Exif'), 0, ...tiff];
  return new Uint8Array([0xff, 0xe1, ...u16(payload.length + 2), ...payload]);
}

/** Encodes the canvas as JPEG and puts the phone EXIF segment right after SOI. */
async function phoneJpeg(canvas: OffscreenCanvas): Promise<Blob> {
  const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY })).arrayBuffer());
  return new Blob([jpeg.subarray(0, 2), phoneExif() as Uint8Array<ArrayBuffer>, jpeg.subarray(2)], { type: 'image/jpeg' });
}

/**
 * A photo-like scene: a lit wall and floor, blurred out-of-focus objects, a real face (a crop of a
 * sample photo) with feathered edges at the centre filling about a quarter of the frame, a
 * vignette and sensor grain.
 */
function drawScene(context: OffscreenCanvasRenderingContext2D, width: number, height: number, face: ImageBitmap, crop: CropBox, random: () => number): void {
  const wall = context.createLinearGradient(0, 0, width * 0.3, height);
  wall.addColorStop(0, `hsl(${Math.round(random() * 360)}, 25%, 70%)`);
  wall.addColorStop(1, `hsl(${Math.round(random() * 360)}, 20%, 35%)`);
  context.fillStyle = wall;
  context.fillRect(0, 0, width, height);
  const unit = Math.min(width, height);
  for (let i = 0; i < 24; i++) {
    context.filter = `blur(${Math.round(unit * (0.005 + random() * 0.02))}px)`;
    context.fillStyle = `hsla(${Math.round(random() * 360)}, ${Math.round(20 + random() * 50)}%, ${Math.round(20 + random() * 60)}%, 0.8)`;
    const w = unit * (0.05 + random() * 0.3);
    const h = unit * (0.05 + random() * 0.4);
    const x = random() * width;
    const y = random() * height;
    if (random() < 0.5) context.fillRect(x - w / 2, y - h / 2, w, h);
    else {
      context.beginPath();
      context.ellipse(x, y, w / 2, h / 2, random() * Math.PI, 0, 2 * Math.PI);
      context.fill();
    }
  }
  context.filter = 'none';
  // the face: the crop scaled to 80 % of the height, feathered into the scene
  const faceH = Math.round(height * 0.8);
  const faceW = Math.round((crop.width / crop.height) * faceH);
  const layer = new OffscreenCanvas(faceW, faceH);
  const layerContext = context2d(layer);
  layerContext.drawImage(face, crop.x, crop.y, crop.width, crop.height, 0, 0, faceW, faceH);
  const feather = layerContext.createRadialGradient(faceW / 2, faceH / 2, faceH * 0.3, faceW / 2, faceH / 2, faceH * 0.55);
  feather.addColorStop(0, 'rgba(0,0,0,1)');
  feather.addColorStop(1, 'rgba(0,0,0,0)');
  layerContext.globalCompositeOperation = 'destination-in';
  layerContext.fillStyle = feather;
  layerContext.fillRect(0, 0, faceW, faceH);
  context.drawImage(layer, Math.round((width - faceW) / 2), height - faceH);
  const vignette = context.createRadialGradient(width / 2, height / 2, unit * 0.4, width / 2, height / 2, Math.hypot(width, height) / 2);
  vignette.addColorStop(0, 'rgba(0,0,0,0)');
  vignette.addColorStop(1, 'rgba(0,0,0,0.35)');
  context.fillStyle = vignette;
  context.fillRect(0, 0, width, height);
  addGrain(context, width, height, random);
}

// ---- the peer ---------------------------------------------------------------------------------

/** The peer's worker behind a promise per message. */
class PeerClient {
  private readonly worker = new Worker(new URL('./peer-worker.ts', import.meta.url), { type: 'module', name: 'peer-human' });
  private readonly pending = new Map<number | null, { resolve: (reply: PeerReply) => void; reject: (error: Error) => void }>();
  private nextId = 1;

  constructor() {
    this.worker.addEventListener('message', (event: MessageEvent<PeerReply>) => {
      const reply = event.data;
      const key = reply.type === 'ready' ? null : reply.id;
      const waiter = this.pending.get(key);
      if (!waiter) return;
      this.pending.delete(key);
      if (reply.type === 'error') waiter.reject(new Error(`peer: ${reply.message}`));
      else waiter.resolve(reply);
    });
    this.worker.addEventListener('error', (event) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`peer worker failed: ${event.message}`));
      this.pending.clear();
    });
  }

  private send(key: number | null, message: PeerRequest, transfer: Transferable[] = []): Promise<PeerReply> {
    return new Promise((resolve, reject) => {
      this.pending.set(key, { resolve, reject });
      this.worker.postMessage(message, transfer);
    });
  }

  async init(): Promise<Extract<PeerReply, { type: 'ready' }>> {
    return (await this.send(null, { type: 'init' })) as Extract<PeerReply, { type: 'ready' }>;
  }

  async check(blob: Blob): Promise<Extract<PeerReply, { type: 'result' }>> {
    const id = this.nextId++;
    const bytes = await blob.arrayBuffer();
    return (await this.send(id, { type: 'check', id, bytes }, [bytes])) as Extract<PeerReply, { type: 'result' }>;
  }

  terminate(): void {
    this.worker.terminate();
  }
}

// ---- checks -----------------------------------------------------------------------------------

function imageBlob(id: string): Blob {
  const blob = images.get(id);
  if (!blob) throw new Error(`bench: no image "${id}"; call generate() first`);
  return blob;
}

function outcomeOf(response: LivenessResponse): string {
  return response.status === 'success' ? `${response.result.verdict} ${response.result.confidence.toFixed(3)}` : response.error.code;
}

/** One check, timed on the main thread from the call to the answer. */
async function timedCheck(target: Target, id: string): Promise<Sample> {
  const blob = imageBlob(id);
  const started = performance.now();
  if (target === 'ours') {
    if (!engine) throw new Error('bench: no engine; run coldStart("ours") first');
    const response = await engine.check(blob, { diagnostics: true });
    const ms = performance.now() - started;
    const stages = response.status === 'success' ? (response.diagnostics?.timings_ms ?? {}) : {};
    return { image: id, ms, ok: response.status === 'success', outcome: outcomeOf(response), stages };
  }
  if (!peer) throw new Error('bench: no peer; run coldStart("peer") first');
  const reply = await peer.check(blob);
  const ms = performance.now() - started;
  const outcome = reply.faces > 0 ? `faces=${reply.faces} real=${reply.real.toFixed(3)} live=${reply.live.toFixed(3)}` : 'no face';
  return { image: id, ms, ok: reply.faces > 0, outcome, stages: reply.stages };
}

const api: BenchApi = {
  machine() {
    const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
    return {
      cores: navigator.hardwareConcurrency,
      user_agent: navigator.userAgent,
      device_memory_gb: memory ?? null,
      long_task_supported: longTaskSupported,
    };
  },

  async generate(size, samples, seed) {
    const random = mulberry32(seed);
    const made: BenchImage[] = [];
    const bitmaps = await Promise.all(samples.map((sample) => createImageBitmap(new Blob([base64ToBytes(sample.base64)]))));
    const tag = `${size.width}x${size.height}`;
    {
      const canvas = new OffscreenCanvas(size.width, size.height);
      drawScene(context2d(canvas), size.width, size.height, bitmaps[0], samples[0].crop, random);
      const blob = await phoneJpeg(canvas);
      const id = `${tag}-generated`;
      images.set(id, blob);
      made.push({ id, kind: 'generated', width: size.width, height: size.height, bytes: blob.size, source: `scene + ${samples[0].name}` });
    }
    for (const [i, sample] of samples.entries()) {
      const canvas = new OffscreenCanvas(size.width, size.height);
      const context = context2d(canvas);
      context.imageSmoothingQuality = 'high';
      const { crop } = sample;
      context.drawImage(bitmaps[i], crop.x, crop.y, crop.width, crop.height, 0, 0, size.width, size.height);
      const blob = await phoneJpeg(canvas);
      const id = `${tag}-${sample.name}`;
      images.set(id, blob);
      made.push({ id, kind: 'real', width: size.width, height: size.height, bytes: blob.size, source: sample.name });
    }
    for (const bitmap of bitmaps) bitmap.close();
    return made;
  },

  async coldStart(target, image, options = {}) {
    api.dispose(target);
    const started = performance.now();
    let info: Record<string, unknown> = {};
    if (target === 'ours') {
      engine = await createLivenessEngine(options);
    } else {
      peer = new PeerClient();
      const ready = await peer.init();
      info = { backend: ready.backend, version: ready.version, tfjs: ready.tfjs, simd: ready.simd, threads: ready.threads, init_in_worker_ms: ready.ms };
    }
    const ready = performance.now() - started;
    const first = await timedCheck(target, image);
    if (!first.ok) throw new Error(`bench: the first ${target} check of ${image} failed: ${first.outcome}`);
    return { ready, first_result: performance.now() - started, info: { ...info, first_outcome: first.outcome } };
  },

  async run(target, ids, count) {
    const { value, ...watch } = await watched(async () => {
      const samples: Sample[] = [];
      for (let i = 0; i < count; i++) samples.push(await timedCheck(target, ids[i % ids.length]));
      return samples;
    });
    return { samples: value, ...watch };
  },

  async throughput(target, ids, inFlight, rounds) {
    const started = performance.now();
    let checks = 0;
    for (let round = 0; round < rounds; round++) {
      await Promise.all(Array.from({ length: inFlight }, (_, i) => timedCheck(target, ids[(round * inFlight + i) % ids.length])));
      checks += inFlight;
    }
    const seconds = (performance.now() - started) / 1000;
    return { checks, seconds, per_s: checks / seconds };
  },

  dispose(target) {
    if (target === 'ours') {
      engine?.dispose();
      engine = null;
    } else {
      peer?.terminate();
      peer = null;
    }
  },
};

window.bench = api;
window.benchReady = true;
