/**
 * A fake camera for Chromium: `--use-file-for-fake-video-capture=<file.y4m>` plays a YUV4MPEG2
 * file in a loop as the camera. This writes one from RGBA pixels (4:2:0 chroma, BT.601 studio
 * range, the conversion Chromium's I420 path assumes), with no ffmpeg.
 */
import { writeFileSync } from 'node:fs';

/** RGBA pixels, 4 bytes per pixel, rows top to bottom. */
export interface RgbaFrame {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

function clampByte(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : Math.round(value);
}

/** One frame as I420 planes: Y at full size, U and V averaged over 2×2 blocks (BT.601, studio range). */
export function rgbaToI420(frame: RgbaFrame): Uint8Array {
  const { width, height, data } = frame;
  if (width % 2 !== 0 || height % 2 !== 0) throw new Error(`4:2:0 needs even dimensions, got ${width}×${height}`);
  const chromaWidth = width / 2;
  const chromaHeight = height / 2;
  const out = new Uint8Array(width * height + 2 * chromaWidth * chromaHeight);
  const uOffset = width * height;
  const vOffset = uOffset + chromaWidth * chromaHeight;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      out[y * width + x] = clampByte(16 + 0.257 * data[i] + 0.504 * data[i + 1] + 0.098 * data[i + 2]);
    }
  }
  for (let cy = 0; cy < chromaHeight; cy++) {
    for (let cx = 0; cx < chromaWidth; cx++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const i = ((cy * 2 + dy) * width + cx * 2 + dx) * 4;
        r += data[i];
        g += data[i + 1];
        b += data[i + 2];
      }
      r /= 4;
      g /= 4;
      b /= 4;
      out[uOffset + cy * chromaWidth + cx] = clampByte(128 - 0.148 * r - 0.291 * g + 0.439 * b);
      out[vOffset + cy * chromaWidth + cx] = clampByte(128 + 0.439 * r - 0.368 * g - 0.071 * b);
    }
  }
  return out;
}

/**
 * A YUV4MPEG2 (C420) file that shows `frame` for `frameCount` frames at `fps`.
 * Identical frames: a still face, so the "hold still" guidance passes.
 */
export function y4mFromRgba(frame: RgbaFrame, options: { frameCount?: number; fps?: number } = {}): Buffer {
  const frameCount = options.frameCount ?? 5;
  const fps = options.fps ?? 30;
  const header = Buffer.from(`YUV4MPEG2 W${frame.width} H${frame.height} F${fps}:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const planes = Buffer.from(rgbaToI420(frame));
  const marker = Buffer.from('FRAME\n', 'ascii');
  return Buffer.concat([header, ...Array.from({ length: frameCount }, () => [marker, planes]).flat()]);
}

export function writeY4m(path: string, frame: RgbaFrame, options?: { frameCount?: number; fps?: number }): void {
  writeFileSync(path, y4mFromRgba(frame, options));
}
