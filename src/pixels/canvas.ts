/**
 * Canvas helpers of the worker: reading a bitmap's pixels (upright or turned a quarter), copying a
 * window out of read pixels, and the one reusable canvas face regions are read through. They need
 * `OffscreenCanvas`, so they run in the browser only; the kernels next to them run anywhere.
 */
import type { Box } from './types.js';

/** A 2D context of a new `width × height` canvas, set up for reading pixels back. */
export function canvas2d(width: number, height: number): OffscreenCanvasRenderingContext2D {
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('OffscreenCanvas 2D context is unavailable in this browser.');
  return context;
}

/** The RGBA pixels of `bitmap`, turned by `rotation` degrees (0 or ±90) about its centre. */
export function pixelsOf(bitmap: ImageBitmap, rotation = 0): ImageData {
  const turned = rotation !== 0;
  const width = turned ? bitmap.height : bitmap.width;
  const height = turned ? bitmap.width : bitmap.height;
  const context = canvas2d(width, height);
  if (turned) {
    context.translate(width / 2, height / 2);
    context.rotate((rotation * Math.PI) / 180);
    context.drawImage(bitmap, -bitmap.width / 2, -bitmap.height / 2);
  } else {
    context.drawImage(bitmap, 0, 0);
  }
  return context.getImageData(0, 0, width, height);
}

/** Mean colour of the image's outer rows and columns, as a CSS colour. */
export function meanEdgeColour(pixels: { data: Uint8ClampedArray; width: number; height: number }): string {
  const { data, width, height } = pixels;
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  const add = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    r += data[i];
    g += data[i + 1];
    b += data[i + 2];
    n++;
  };
  for (let x = 0; x < width; x++) {
    add(x, 0);
    add(x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    add(0, y);
    add(width - 1, y);
  }
  return `rgb(${Math.round(r / n)}, ${Math.round(g / n)}, ${Math.round(b / n)})`;
}

/** The pixels of `window` of `pixels`, copied row by row. */
export function windowOf(pixels: ImageData, window: Box): ImageData {
  const out = new ImageData(window.width, window.height);
  for (let y = 0; y < window.height; y++) {
    const from = ((window.y + y) * pixels.width + window.x) * 4;
    out.data.set(pixels.data.subarray(from, from + window.width * 4), y * window.width * 4);
  }
  return out;
}

/**
 * The canvas face regions are read through, owned by one worker's service and kept between its
 * checks (grown when a larger region comes), so a check does not allocate a canvas of the region's size.
 */
export class RegionCanvas {
  private context: OffscreenCanvasRenderingContext2D | null = null;

  /**
   * A canvas of at least `width × height` whose top-left `width × height` is transparent black, as a
   * new canvas is (so a region drawn there reads back the same pixels).
   */
  take(width: number, height: number): OffscreenCanvasRenderingContext2D {
    const current = this.context?.canvas;
    if (!this.context || !current || current.width < width || current.height < height) {
      this.context = canvas2d(Math.max(width, current?.width ?? 0), Math.max(height, current?.height ?? 0));
    } else {
      this.context.clearRect(0, 0, width, height);
    }
    return this.context;
  }
}
