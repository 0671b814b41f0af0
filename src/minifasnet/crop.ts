/**
 * The inputs of the MiniFASNet ensemble, cut as its authors cut them (Silent-Face-Anti-Spoofing,
 * `src/generate_patches.py` CropImage): the face box scaled about its centre by the model's context
 * scale (2.7 or 4.0), kept inside the image, cropped at whole pixels and resized to 80×80 with OpenCV's
 * default bilinear filter, BGR, 0–255. Also the face box those models were trained on, from MediaPipe's
 * landmarks. Pure functions over typed arrays.
 *
 * When the scaled box runs off the image the authors neither pad nor skip the face:
 * - if the scaled box is wider or taller than the image (less one pixel), the scale is lowered until it
 *   fits (the same factor for both sides, so the box keeps its aspect ratio): the model sees less
 *   context than it was trained with (`scaleReduced`);
 * - the box is then moved back inside the image, edge by edge (left, top, right, bottom), so the face is
 *   no longer centred in the crop (`shifted`).
 * The crop therefore never holds pixels from outside the image; `contextRect` reports both flags so the
 * caller can say so.
 */

import type { Point3 } from '../face/geometry.js';
import type { Box } from '../pixels/types.js';

/** Side of each model's square input, pixels. */
export const MINIFASNET_SIDE = 80;

/** The pixel rectangle a model's crop is cut from, and what fitting it into the image did. */
export interface ContextRect {
  /** First and last column and row of the crop, inclusive, whole pixels inside the image. */
  left: number;
  top: number;
  right: number;
  bottom: number;
  /** Scale actually applied to the face box (lower than asked when the box would not fit). */
  scale: number;
  /** The scaled box was larger than the image: the scale was lowered to fit. */
  scaleReduced: boolean;
  /** The scaled box ran off the image and was moved back inside: the face is off centre. */
  shifted: boolean;
}

/**
 * The authors' `CropImage._get_new_box`: `face` scaled by `scale` about its centre, the scale lowered
 * to min(scale, (imageHeight − 1) / face.height, (imageWidth − 1) / face.width), moved back inside
 * [0, imageWidth − 1] × [0, imageHeight − 1], corners truncated to whole pixels.
 * @param face         face box, image pixels (width and height > 0)
 * @param imageWidth   image width, pixels
 * @param imageHeight  image height, pixels
 * @param scale        context scale (2.7 for MiniFASNetV2, 4.0 for MiniFASNetV1SE)
 */
export function contextRect(face: Box, imageWidth: number, imageHeight: number, scale: number): ContextRect {
  if (!(face.width > 0 && face.height > 0)) throw new RangeError('The face box must have a positive width and height.');
  const used = Math.min((imageHeight - 1) / face.height, (imageWidth - 1) / face.width, scale);
  const width = face.width * used;
  const height = face.height * used;
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  let left = cx - width / 2;
  let top = cy - height / 2;
  let right = cx + width / 2;
  let bottom = cy + height / 2;
  let shifted = false;
  if (left < 0) {
    right -= left;
    left = 0;
    shifted = true;
  }
  if (top < 0) {
    bottom -= top;
    top = 0;
    shifted = true;
  }
  if (right > imageWidth - 1) {
    left -= right - imageWidth + 1;
    right = imageWidth - 1;
    shifted = true;
  }
  if (bottom > imageHeight - 1) {
    top -= bottom - imageHeight + 1;
    bottom = imageHeight - 1;
    shifted = true;
  }
  // Python's int(): truncation toward zero
  return { left: Math.trunc(left), top: Math.trunc(top), right: Math.trunc(right), bottom: Math.trunc(bottom), scale: used, scaleReduced: used < scale, shifted };
}

/** OpenCV's fixed-point scale of bilinear coefficients (INTER_RESIZE_COEF_BITS = 11). */
const COEF_ONE = 2048;

/** lrintf: round half to even, as OpenCV's cvRound. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Source index pairs and fixed-point weights of OpenCV's bilinear resize along one axis
 * (`resizeGeneric` coefficients: source coordinate (d + 0.5)·s − 0.5 in float32, edges clamped).
 */
function linearTaps(src: number, dst: number): { i0: Int32Array; i1: Int32Array; w0: Int32Array; w1: Int32Array } {
  const scale = 1 / (dst / src);
  const i0 = new Int32Array(dst);
  const i1 = new Int32Array(dst);
  const w0 = new Int32Array(dst);
  const w1 = new Int32Array(dst);
  for (let d = 0; d < dst; d++) {
    let f = Math.fround((d + 0.5) * scale - 0.5);
    let s = Math.floor(f);
    f = Math.fround(f - s);
    if (s < 0) {
      f = 0;
      s = 0;
    }
    if (s >= src - 1) {
      f = 0;
      s = src - 1;
    }
    i0[d] = s;
    i1[d] = Math.min(s + 1, src - 1);
    w0[d] = roundHalfEven(Math.fround(1 - f) * COEF_ONE);
    w1[d] = roundHalfEven(f * COEF_ONE);
  }
  return { i0, i1, w0, w1 };
}

/**
 * The model input: the rectangle's pixels (inclusive) resized to `side × side` as OpenCV 4's
 * `cv2.resize(…, INTER_LINEAR)` does on 8-bit images, in BGR order: 11-bit fixed-point weights, a
 * horizontal pass in integers, and the vertical pass of its SIMD kernel
 * (((S0 >> 4)·β0 >> 16) + ((S1 >> 4)·β1 >> 16) + 2) >> 2; an exact 2× reduction averages 2×2 blocks
 * (OpenCV switches to INTER_AREA there). Bit-exact with OpenCV 4.6 (x86) when reducing; when enlarging
 * (a rectangle narrower than `side`), values of the first and last rows may differ by one grey level.
 * @param rgba   RGBA pixels, `width × height`
 * @returns `side² × 3` floats, row-major, channels B, G, R, whole numbers 0–255
 */
export function contextCropBgr(rgba: Uint8ClampedArray, width: number, height: number, rect: ContextRect, side = MINIFASNET_SIDE): Float32Array {
  const out = new Float32Array(side * side * 3);
  const cropWidth = rect.right - rect.left + 1;
  const cropHeight = rect.bottom - rect.top + 1;
  if (rect.left < 0 || rect.top < 0 || rect.right >= width || rect.bottom >= height || cropWidth < 1 || cropHeight < 1) {
    throw new RangeError('The context rectangle must lie inside the image.');
  }
  const at = (x: number, y: number, c: number) => rgba[((rect.top + y) * width + rect.left + x) * 4 + c];
  if (cropWidth === 2 * side && cropHeight === 2 * side) {
    for (let v = 0; v < side; v++)
      for (let u = 0; u < side; u++)
        for (let c = 0; c < 3; c++) {
          const sum = at(2 * u, 2 * v, c) + at(2 * u + 1, 2 * v, c) + at(2 * u, 2 * v + 1, c) + at(2 * u + 1, 2 * v + 1, c);
          out[(v * side + u) * 3 + 2 - c] = (sum + 2) >> 2;
        }
    return out;
  }
  const xs = linearTaps(cropWidth, side);
  const ys = linearTaps(cropHeight, side);
  // horizontal pass of the two source rows each output row reads, in fixed point (values × 2048), R, G, B
  const rowLength = side * 3;
  const rows = new Int32Array(2 * rowLength);
  for (let v = 0; v < side; v++) {
    for (let tap = 0; tap < 2; tap++) {
      const base = (rect.top + (tap ? ys.i1[v] : ys.i0[v])) * width + rect.left;
      for (let u = 0; u < side; u++) {
        const p0 = (base + xs.i0[u]) * 4;
        const p1 = (base + xs.i1[u]) * 4;
        const w0 = xs.w0[u];
        const w1 = xs.w1[u];
        const o = tap * rowLength + u * 3;
        rows[o] = rgba[p0] * w0 + rgba[p1] * w1;
        rows[o + 1] = rgba[p0 + 1] * w0 + rgba[p1 + 1] * w1;
        rows[o + 2] = rgba[p0 + 2] * w0 + rgba[p1 + 2] * w1;
      }
    }
    const b0 = ys.w0[v];
    const b1 = ys.w1[v];
    for (let u = 0; u < side; u++)
      for (let c = 0; c < 3; c++) {
        const i = u * 3 + c;
        const value = (((rows[i] >> 4) * b0) >> 16) + (((rows[rowLength + i] >> 4) * b1) >> 16);
        out[(v * side + u) * 3 + 2 - c] = Math.min(255, Math.max(0, (value + 2) >> 2));
      }
  }
  return out;
}

/**
 * Min/max box of the landmarks, in their pixels, not cut to the image (a face that runs off a tight
 * crop keeps its size and centre, as a face detector's box would).
 */
export function landmarkBox(points: readonly Point3[]): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of points) {
    x0 = Math.min(x0, p.x);
    x1 = Math.max(x1, p.x);
    y0 = Math.min(y0, p.y);
    y1 = Math.max(y1, p.y);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A box mapping: width and height factors about the centre, then the centre moved down by `shiftDown` × the original height. */
export interface BoxMapping {
  width: number;
  height: number;
  shiftDown: number;
}

/**
 * How the face box MiniFASNet was trained on (its authors' RetinaFace detector: forehead to chin,
 * about the width of the cheeks) relates to the min/max box of MediaPipe's 478 face landmarks:
 * width and height factors about the box centre, and a shift of the centre downwards as a fraction of
 * the landmark box's height. Measured on the development images (see README: criterion and search).
 */
export const LANDMARK_TO_TRAINING_BOX: Readonly<BoxMapping> = Object.freeze({ width: 1.1, height: 1.0, shiftDown: 0.05 });

/**
 * The training-style face box from a MediaPipe landmark box (see `LANDMARK_TO_TRAINING_BOX`).
 * @param box the min/max box of the landmarks, pixels of the image they were found in
 */
export function trainingFaceBox(box: Box, mapping: Readonly<BoxMapping> = LANDMARK_TO_TRAINING_BOX): Box {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2 + mapping.shiftDown * box.height;
  const width = box.width * mapping.width;
  const height = box.height * mapping.height;
  return { x: cx - width / 2, y: cy - height / 2, width, height };
}

/**
 * A box found in an analysed (possibly downscaled) image, in the pixels of the full-resolution image it
 * was made from (both upright), so that the crop can be cut at full resolution.
 */
export function toSourcePixels(box: Box, analysed: { width: number; height: number }, source: { width: number; height: number }): Box {
  const sx = source.width / analysed.width;
  const sy = source.height / analysed.height;
  return { x: box.x * sx, y: box.y * sy, width: box.width * sx, height: box.height * sy };
}

/**
 * The crop of each model (in the order of `scales`) for a face box, and whether its context ran off
 * the image.
 */
export function miniFasNetCrops(rgba: Uint8ClampedArray, width: number, height: number, face: Box, scales: readonly number[]): { crops: Float32Array[]; rects: ContextRect[]; contextOffImage: boolean } {
  const rects = scales.map((s) => contextRect(face, width, height, s));
  return { crops: rects.map((r) => contextCropBgr(rgba, width, height, r)), rects, contextOffImage: rects.some((r) => r.scaleReduced || r.shifted) };
}
