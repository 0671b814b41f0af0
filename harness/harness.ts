/**
 * Test and CLI harness (not part of the SDK, not part of the demo). It installs `window.selfieLiveness`,
 * a small surface over the public API (`src/index.ts`) that the Playwright suite (e2e/) and
 * `bin/selfie-liveness.mjs` drive through `page.evaluate`, and then sets `window.harnessReady = true`.
 *
 * Everything crosses the page boundary as plain data: images travel as Base64 strings, failures
 * as `{ ok: false, name, message }`, so nothing depends on how Playwright serialises errors.
 * The image tools build test inputs in the browser (crops, side-by-side faces, rotated pixels,
 * face-free images) because only a browser has a JPEG encoder without extra dependencies.
 * `synth` runs the attack simulator on a decoded photo for `selfie-liveness synth`, through the
 * simulator's entry (`src/synth/index.ts`). Nothing else of the SDK's inside is imported here.
 */
import {
  createLivenessEngine,
  type LivenessEngine,
  type LivenessInput,
  type LivenessResponse,
  type CheckOptions,
  type LoadProgress,
} from '../src/index.js';
import { ATTACKS, mulberry32, type SimulatedAttackName } from '../src/synth/index.js';

/** A rectangle in source pixels. */
export interface CropBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every input kind that `check` can be handed (README "Use it"). */
export type InputKind =
  | 'base64'
  | 'data-url'
  | 'blob'
  | 'array-buffer'
  | 'uint8array'
  | 'image-bitmap'
  | 'image-data'
  | 'canvas'
  | 'offscreen-canvas'
  | 'image-element';

/** Outcome of `init`: the engine is ready, or its factory rejected (for example a bad config key). */
export type InitOutcome =
  | { ok: true; config: unknown; load_ms: number }
  | { ok: false; name: string; message: string };

/** Output encoding of the image tools. */
export interface EncodeOptions {
  /** @default 'image/jpeg' */
  type?: 'image/jpeg' | 'image/png';
  /** JPEG quality in [0,1]. @default 0.92 */
  quality?: number;
}

/** A simulated attack, encoded: what `synth` returns. */
export interface SynthOutput {
  /** The simulated attack as a JPEG (Base64, quality 0.92). */
  image: string;
  width: number;
  height: number;
  /** Where the input picture ended up in the output, in output pixels. */
  picture: CropBox;
}

/** The surface installed on `window.selfieLiveness`. */
export interface HarnessApi {
  /** The public factory, for tests that exercise it directly. */
  createLivenessEngine: typeof createLivenessEngine;
  /**
   * Creates the page's shared engine (disposing any previous one) with `options` passed through
   * unchanged to `createLivenessEngine`. Progress events are collected in `progress`.
   */
  init(options?: Record<string, unknown>): Promise<InitOutcome>;
  /** The shared engine made by `init`, for tests that call it directly. */
  readonly engine: LivenessEngine | undefined;
  /** Runs one check on the shared engine; `image` is Base64 or a data URL, converted to `kind` first. */
  check(image: string, kind?: InputKind, options?: CheckOptions): Promise<LivenessResponse>;
  /** Disposes the shared engine, if any. */
  dispose(): void;
  /** Progress events of the last `init`. */
  progress: LoadProgress[];
  /**
   * Decodes `image` (EXIF orientation applied), applies the simulation `attack` of src/synth with
   * `seed`, and encodes the result as JPEG. Same image, attack and seed: same bytes.
   * @throws Error on an unknown attack name, an image that cannot be decoded, or one under 32 px.
   */
  synth(image: string, attack: SimulatedAttackName, seed: number): Promise<SynthOutput>;
  images: {
    /** Pixel size of an encoded image. */
    size(image: string): Promise<{ width: number; height: number }>;
    /** Cuts `box` out of `image`, optionally scaled, and encodes it. */
    crop(image: string, box: CropBox, options?: EncodeOptions & { scale?: number }): Promise<string>;
    /** Places the parts side by side, each scaled to `height`, `gap` pixels apart. */
    sideBySide(
      parts: { image: string; box?: CropBox }[],
      options: EncodeOptions & { height: number; gap?: number },
    ): Promise<string>;
    /** Draws `image` scaled to `box` on a plain grey `width`×`height` canvas (a small face in a large frame). */
    placed(image: string, box: CropBox, options: EncodeOptions & { width: number; height: number }): Promise<string>;
    /** Rotates the pixels clockwise by `quarterTurns` × 90° (for building EXIF-rotated files). */
    rotate(image: string, quarterTurns: 1 | 2 | 3, options?: EncodeOptions): Promise<string>;
    /** A face-free image: a smooth colour gradient or seeded uniform noise. */
    synthetic(
      kind: 'gradient' | 'noise',
      width: number,
      height: number,
      options?: EncodeOptions & { seed?: number },
    ): Promise<string>;
  };
}

declare global {
  interface Window {
    selfieLiveness: HarnessApi;
    harnessReady: boolean;
  }
}

const DEFAULT_JPEG_QUALITY = 0.92;
/** btoa/String.fromCharCode take arguments on the stack; stay well under engine limits. */
const BASE64_CHUNK = 0x8000;

function stripDataUrl(image: string): string {
  const comma = image.indexOf(',');
  return image.startsWith('data:') && comma >= 0 ? image.slice(comma + 1) : image;
}

function base64ToBytes(image: string): Uint8Array<ArrayBuffer> {
  const binary = atob(stripDataUrl(image).replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + BASE64_CHUNK));
  }
  return btoa(binary);
}

/** MIME type from the magic bytes, for data URLs and Blobs; unknown bytes stay untyped. */
function sniffMime(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes[0] === 0x42 && bytes[1] === 0x4d) return 'image/bmp';
  if (bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return '';
}

function decode(image: string): Promise<ImageBitmap> {
  return createImageBitmap(new Blob([base64ToBytes(image)]));
}

async function encode(canvas: OffscreenCanvas, options: EncodeOptions = {}): Promise<string> {
  const type = options.type ?? 'image/jpeg';
  const blob = await canvas.convertToBlob({ type, quality: options.quality ?? DEFAULT_JPEG_QUALITY });
  return bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
}

function context2d(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas context unavailable');
  return ctx;
}

async function toInput(image: string, kind: InputKind): Promise<LivenessInput> {
  if (kind === 'base64') return stripDataUrl(image);
  const bytes = base64ToBytes(image);
  const mime = sniffMime(bytes);
  switch (kind) {
    case 'data-url':
      return `data:${mime || 'application/octet-stream'};base64,${stripDataUrl(image)}`;
    case 'blob':
      return new Blob([bytes], { type: mime });
    case 'array-buffer':
      return bytes.buffer;
    case 'uint8array':
      return bytes;
    case 'image-bitmap':
      return createImageBitmap(new Blob([bytes]));
    case 'image-data':
    case 'canvas':
    case 'offscreen-canvas': {
      const bitmap = await createImageBitmap(new Blob([bytes]));
      const offscreen = new OffscreenCanvas(bitmap.width, bitmap.height);
      context2d(offscreen).drawImage(bitmap, 0, 0);
      if (kind === 'offscreen-canvas') return offscreen;
      if (kind === 'image-data') return context2d(offscreen).getImageData(0, 0, bitmap.width, bitmap.height);
      const canvas = document.createElement('canvas');
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
      return canvas;
    }
    case 'image-element': {
      const img = new Image();
      img.src = URL.createObjectURL(new Blob([bytes], { type: mime }));
      await img.decode();
      return img;
    }
  }
}

let engine: LivenessEngine | undefined;

const api: HarnessApi = {
  createLivenessEngine,
  progress: [],
  get engine() {
    return engine;
  },

  async init(options = {}) {
    api.dispose();
    api.progress = [];
    const started = performance.now();
    try {
      engine = await createLivenessEngine({
        ...options,
        onProgress: (p: LoadProgress) => api.progress.push(p),
      });
      return { ok: true, config: engine.config, load_ms: Math.round(performance.now() - started) };
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      return { ok: false, name, message };
    }
  },

  async check(image, kind = 'base64', options = {}) {
    if (!engine) throw new Error('harness: call init() before check()');
    return engine.check(await toInput(image, kind), options);
  },

  dispose() {
    engine?.dispose();
    engine = undefined;
  },

  async synth(image, attack, seed) {
    const simulation = ATTACKS.find((entry) => entry.name === attack);
    if (!simulation) throw new Error(`unknown attack "${attack}" (known: ${ATTACKS.map((a) => a.name).join(', ')})`);
    const bitmap = await decode(image);
    const source = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = context2d(source);
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    const pixels = ctx.getImageData(0, 0, source.width, source.height);
    const simulated = simulation.apply({ width: pixels.width, height: pixels.height, data: pixels.data }, seed);
    const out = new OffscreenCanvas(simulated.width, simulated.height);
    const outCtx = context2d(out);
    const outPixels = outCtx.createImageData(simulated.width, simulated.height);
    outPixels.data.set(simulated.data);
    outCtx.putImageData(outPixels, 0, 0);
    return { image: await encode(out), width: simulated.width, height: simulated.height, picture: simulated.picture };
  },

  images: {
    async size(image) {
      const bitmap = await decode(image);
      return { width: bitmap.width, height: bitmap.height };
    },

    async crop(image, box, options = {}) {
      const scale = options.scale ?? 1;
      const bitmap = await decode(image);
      const canvas = new OffscreenCanvas(Math.round(box.width * scale), Math.round(box.height * scale));
      context2d(canvas).drawImage(bitmap, box.x, box.y, box.width, box.height, 0, 0, canvas.width, canvas.height);
      return encode(canvas, options);
    },

    async sideBySide(parts, options) {
      const gap = options.gap ?? 0;
      const pieces = await Promise.all(
        parts.map(async ({ image, box }) => {
          const bitmap = await decode(image);
          const source = box ?? { x: 0, y: 0, width: bitmap.width, height: bitmap.height };
          return { bitmap, source, width: Math.round((source.width * options.height) / source.height) };
        }),
      );
      const width = pieces.reduce((sum, piece) => sum + piece.width, 0) + gap * (pieces.length - 1);
      const canvas = new OffscreenCanvas(width, options.height);
      const ctx = context2d(canvas);
      ctx.fillStyle = '#808080';
      ctx.fillRect(0, 0, width, options.height);
      let x = 0;
      for (const { bitmap, source, width: pieceWidth } of pieces) {
        ctx.drawImage(bitmap, source.x, source.y, source.width, source.height, x, 0, pieceWidth, options.height);
        x += pieceWidth + gap;
      }
      return encode(canvas, options);
    },

    async placed(image, box, options) {
      const bitmap = await decode(image);
      const canvas = new OffscreenCanvas(options.width, options.height);
      const ctx = context2d(canvas);
      ctx.fillStyle = '#808080';
      ctx.fillRect(0, 0, options.width, options.height);
      ctx.drawImage(bitmap, box.x, box.y, box.width, box.height);
      return encode(canvas, options);
    },

    async rotate(image, quarterTurns, options = {}) {
      const bitmap = await decode(image);
      const odd = quarterTurns % 2 === 1;
      const canvas = new OffscreenCanvas(odd ? bitmap.height : bitmap.width, odd ? bitmap.width : bitmap.height);
      const ctx = context2d(canvas);
      // Move the origin to where the source's top-left corner lands, then turn clockwise.
      if (quarterTurns === 1) ctx.translate(canvas.width, 0);
      if (quarterTurns === 2) ctx.translate(canvas.width, canvas.height);
      if (quarterTurns === 3) ctx.translate(0, canvas.height);
      ctx.rotate((quarterTurns * Math.PI) / 2);
      ctx.drawImage(bitmap, 0, 0);
      return encode(canvas, options);
    },

    async synthetic(kind, width, height, options = {}) {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = context2d(canvas);
      if (kind === 'gradient') {
        const gradient = ctx.createLinearGradient(0, 0, width, height);
        gradient.addColorStop(0, '#1d3557');
        gradient.addColorStop(0.5, '#a8dadc');
        gradient.addColorStop(1, '#e63946');
        ctx.fillStyle = gradient;
        ctx.fillRect(0, 0, width, height);
      } else {
        const random = mulberry32(options.seed ?? 1);
        const pixels = ctx.createImageData(width, height);
        for (let i = 0; i < pixels.data.length; i += 4) {
          pixels.data[i] = random() * 256;
          pixels.data[i + 1] = random() * 256;
          pixels.data[i + 2] = random() * 256;
          pixels.data[i + 3] = 255;
        }
        ctx.putImageData(pixels, 0, 0);
      }
      return encode(canvas, options);
    },
  },
};

window.selfieLiveness = api;
window.harnessReady = true;
