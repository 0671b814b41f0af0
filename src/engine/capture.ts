/**
 * Capturing what a caller hands to `check` or `inspectFrame` as the image payload of the protocol,
 * on the main thread and at the moment of the call (a video frame is the frame of that moment).
 * Bytes and bitmaps are transferred to the worker, never copied twice.
 */
import { LivenessError } from '../errors/index.js';
import type { ImagePayload } from '../protocol/index.js';
import type { LivenessInput } from '../types.js';

/** An image payload and what to transfer with it. */
export interface CapturedImage {
  image: ImagePayload;
  transfer: Transferable[];
}

function isPixelSource(input: unknown): input is ImageBitmapSource {
  const kinds = ['ImageBitmap', 'ImageData', 'OffscreenCanvas', 'HTMLCanvasElement', 'HTMLImageElement', 'HTMLVideoElement', 'VideoFrame'];
  return kinds.some((name) => {
    const type = (globalThis as Record<string, unknown>)[name];
    return typeof type === 'function' && input instanceof (type as abstract new (...args: never[]) => unknown);
  });
}

/**
 * Turn any accepted input into what crosses to the worker.
 * @throws LivenessError INVALID_REQUEST for a missing or unsupported input, or a pixel source that cannot be read yet.
 */
export async function captureImage(input: LivenessInput): Promise<CapturedImage> {
  if (typeof input === 'string') return { image: { kind: 'base64', text: input }, transfer: [] };
  if (input instanceof Blob) {
    const bytes = await input.arrayBuffer();
    return { image: { kind: 'bytes', bytes }, transfer: [bytes] };
  }
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    // Copy first: transferring the caller's own buffer would empty it under their feet.
    const view = input instanceof ArrayBuffer ? new Uint8Array(input) : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    const bytes = view.slice().buffer;
    return { image: { kind: 'bytes', bytes }, transfer: [bytes] };
  }
  if (isPixelSource(input)) {
    if (typeof HTMLImageElement !== 'undefined' && input instanceof HTMLImageElement && !input.complete) {
      throw new LivenessError('INVALID_REQUEST', 'The <img> element has not finished loading.');
    }
    if (typeof HTMLVideoElement !== 'undefined' && input instanceof HTMLVideoElement && input.readyState < 2) {
      throw new LivenessError('INVALID_REQUEST', 'The <video> element has no frame to capture yet.');
    }
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(input);
    } catch (error) {
      throw new LivenessError('INVALID_REQUEST', `The pixel source cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { image: { kind: 'pixels', bitmap }, transfer: [bitmap] };
  }
  const kind = input === null ? 'null' : typeof input;
  throw new LivenessError(
    'INVALID_REQUEST',
    input === undefined || input === null
      ? 'The image is missing.'
      : `Unsupported input (${kind}); pass a Base64 string, data URL, Blob, ArrayBuffer, Uint8Array or an image/canvas/video element.`,
  );
}
