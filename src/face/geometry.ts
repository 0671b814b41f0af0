import type { Box } from '../pixels/types.js';

/** A landmark in image pixels (x right, y down); z in the same scale as x, relative depth. */
export interface Point3 {
  x: number;
  y: number;
  z: number;
}

/** Bounding box of landmarks in pixels, clamped to the image. */
export function boxFromLandmarks(points: readonly Point3[], width: number, height: number): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    if (p.x < minX) minX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.x > maxX) maxX = p.x;
    if (p.y > maxY) maxY = p.y;
  }
  const x0 = clamp(minX, 0, width);
  const y0 = clamp(minY, 0, height);
  const x1 = clamp(maxX, 0, width);
  const y1 = clamp(maxY, 0, height);
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/** Index of the face with the largest box area (the one analysed). */
export function largestFaceIndex(boxes: readonly Box[]): number {
  let best = 0;
  for (let i = 1; i < boxes.length; i++) {
    if (boxes[i].width * boxes[i].height > boxes[best].width * boxes[best].height) best = i;
  }
  return best;
}

/**
 * Landmarks normalised to [0,1] of a (possibly padded and scaled) detection image, mapped back to
 * the pixels of the original image: `x = (nx · detW − padX) / scale`, clamped to the image.
 */
export function mapFromDetection(
  normalised: readonly { x: number; y: number; z: number }[],
  detection: { width: number; height: number; padX: number; padY: number; scale: number },
  image: { width: number; height: number },
): Point3[] {
  const { width: dw, height: dh, padX, padY, scale } = detection;
  return normalised.map((p) => ({
    x: clamp((p.x * dw - padX) / scale, 0, image.width),
    y: clamp((p.y * dh - padY) / scale, 0, image.height),
    // MediaPipe's z is in roughly the same scale as x (normalised by the detection width).
    z: (p.z * dw) / scale,
  }));
}

/** `value` limited to `[min, max]`. */
export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/**
 * Overlapping square windows over a `width`×`height` image, for finding faces too small for the
 * detector at full view: side half the shorter image side, stride half the side, the last row and
 * column pushed to the image edge. Empty when the side would be under `minSide` pixels.
 */
export function tileWindows(width: number, height: number, minSide: number): Box[] {
  const side = Math.floor(Math.min(width, height) / 2);
  if (side < minSide) return [];
  const stride = Math.floor(side / 2);
  const starts = (extent: number) => {
    const out: number[] = [];
    for (let s = 0; s + side < extent; s += stride) out.push(s);
    out.push(extent - side);
    return out;
  };
  const windows: Box[] = [];
  for (const y of starts(height)) for (const x of starts(width)) windows.push({ x, y, width: side, height: side });
  return windows;
}

/** Intersection over union of two boxes (0 when they do not overlap). */
export function boxIoU(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/**
 * Indices of `boxes` to keep when the same face may be listed more than once (overlapping windows):
 * in the given order of preference, a box is dropped when it overlaps a kept one by more than `maxIoU`.
 */
export function distinctBoxes(boxes: readonly Box[], maxIoU = 0.3): number[] {
  const kept: number[] = [];
  for (let i = 0; i < boxes.length; i++) {
    if (kept.every((k) => boxIoU(boxes[k], boxes[i]) <= maxIoU)) kept.push(i);
  }
  return kept;
}

/**
 * A square centred on the face box, with `scale` times its longer side; not clamped (crops read the
 * nearest edge pixel past the image).
 */
export function centredSquare(box: Box, scale: number): Box {
  const side = Math.max(box.width, box.height) * scale;
  return { x: box.x + box.width / 2 - side / 2, y: box.y + box.height / 2 - side / 2, width: side, height: side };
}

/** The square region around the face box (texture crops are square), clamped to the image. */
export function squareAround(box: Box, width: number, height: number): Box {
  const side = Math.min(Math.max(box.width, box.height), width, height);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const x = clamp(cx - side / 2, 0, width - side);
  const y = clamp(cy - side / 2, 0, height - side);
  return { x, y, width: side, height: side };
}
