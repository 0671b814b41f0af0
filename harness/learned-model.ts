/**
 * Component page of the optional learned anti-spoofing model (not part of the SDK, not part of the
 * demo). Unlike the harness, it drives `src/learned/` directly: the browser test
 * (e2e/learned-texture.spec.ts) checks the model's in-browser outputs against an independent float64
 * run on fixed crops, which needs the model and the engine's crop on their own. It installs
 * `window.learnedModel`, then sets `window.learnedModelReady = true`. Images and crops travel as Base64.
 */
import type { AntiSpoofModel, AntiSpoofOutput } from '../src/learned/anti-spoof-model.js';
import type { LearnedBackend, LearnedBackendChoice } from '../src/learned/backend.js';
import { ANTI_SPOOF_SIDE, antiSpoofInput } from '../src/learned/crop.js';

/** A rectangle in source pixels. */
export interface CropBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The surface installed on `window.learnedModel`. */
export interface LearnedModelPage {
  /**
   * The model input of the square `box` of `image` (Base64), cut by the engine's crop
   * (src/learned/crop.ts), as 256×256 RGB bytes (rounded from [0,1] × 255), Base64.
   */
  crop(image: string, box: CropBox): Promise<string>;
  /**
   * Runs the model on 256×256 RGB bytes (Base64), scaled to [0,1], on `backend` (default: the one
   * the engine would pick). The page keeps the first backend it starts: use one page per backend.
   */
  run(rgb: string, backend?: LearnedBackendChoice): Promise<AntiSpoofOutput & { backend: LearnedBackend }>;
}

declare global {
  interface Window {
    learnedModel: LearnedModelPage;
    learnedModelReady: boolean;
  }
}

/** btoa/String.fromCharCode take arguments on the stack; stay well under engine limits. */
const BASE64_CHUNK = 0x8000;

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + BASE64_CHUNK));
  return btoa(binary);
}

let model: Promise<AntiSpoofModel> | undefined;

window.learnedModel = {
  async crop(image, box) {
    const bitmap = await createImageBitmap(new Blob([base64ToBytes(image)]));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('2D canvas context unavailable');
    context.drawImage(bitmap, 0, 0);
    const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height);
    const input = antiSpoofInput(pixels.data, pixels.width, pixels.height, box);
    return bytesToBase64(Uint8Array.from(input, (v) => Math.round(v * 255)));
  },

  async run(rgb, backend = 'auto') {
    const bytes = base64ToBytes(rgb);
    if (bytes.length !== ANTI_SPOOF_SIDE * ANTI_SPOOF_SIDE * 3) throw new Error(`expected ${ANTI_SPOOF_SIDE}×${ANTI_SPOOF_SIDE} RGB bytes, got ${bytes.length}`);
    model ??= (async () => {
      const { AntiSpoofModel } = await import('../src/learned/anti-spoof-model.js');
      const response = await fetch('/models/face_anti_spoofing.tflite');
      return AntiSpoofModel.create(new URL('/models/wasm/', location.href).href, new Uint8Array(await response.arrayBuffer()), backend);
    })();
    const loaded = await model;
    return { ...(await loaded.run(Float32Array.from(bytes, (v) => v / 255))), backend: loaded.backend };
  },
};
window.learnedModelReady = true;
