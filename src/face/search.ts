/**
 * The face search of a check: the whole image as it is, then a padded downscaled copy (tight crops),
 * then the image turned ±90° (sideways crops), then overlapping windows at full resolution (faces too
 * small for the detector's view of the whole image); first at `min_face_confidence`, then, to tell "a
 * weak face" from "no face at all", at a lower floor. Runs in the worker (landmarker and canvas).
 */
import type { LivenessConfig } from '../config.js';
import { LivenessError } from '../errors/index.js';
import { fitWithin } from '../input/decode.js';
import { canvas2d, meanEdgeColour, pixelsOf, windowOf } from '../pixels/canvas.js';
import type { Box } from '../pixels/types.js';
import { boxFromLandmarks, distinctBoxes, tileWindows } from './geometry.js';
import type { DetectedFace, FaceModel } from './landmarker.js';

/** Longest side of the downscaled copy used by the padded retry (as measured for the face model). */
const RETRY_MAX_SIDE = 640;
/** Border added on every side of the retry copy, as a share of its size. */
const RETRY_BORDER = 0.25;
/** Smallest window side of the tiled search (smaller windows hold no face worth measuring). */
const TILE_MIN_SIDE = 160;
/** Lowest detection floor tried to tell "a weak face" from "no face at all". */
const WEAK_FACE_FLOOR = 0.3;

/**
 * The image the faces' coordinates refer to: the decoded bitmap itself (the usual case: its pixels
 * are never read in full), or pixels already read for the padded or turned search.
 */
export type FaceSource = ImageBitmap | ImageData;

/** How the face was found, for the details and the verdict. */
export interface FaceSearch {
  faces: DetectedFace[];
  /** The image the faces' coordinates refer to (rotated pixels when a rotation found the face). */
  source: FaceSource;
  /** Degrees the image was turned to find the face (0, 90 or −90). */
  rotation: number;
  /** The face was found only below `min_face_confidence`. */
  weak: boolean;
}

/** Detect on a downscaled copy with a border of the mean edge colour (helps tight crops). */
function detectPadded(model: FaceModel, bitmap: ImageBitmap, pixels: ImageData): DetectedFace[] {
  const small = fitWithin(bitmap.width, bitmap.height, RETRY_MAX_SIDE);
  const scale = small.width / bitmap.width;
  const padX = Math.round(small.width * RETRY_BORDER);
  const padY = Math.round(small.height * RETRY_BORDER);
  const context = canvas2d(small.width + 2 * padX, small.height + 2 * padY);
  context.fillStyle = meanEdgeColour(pixels);
  context.fillRect(0, 0, context.canvas.width, context.canvas.height);
  context.drawImage(bitmap, padX, padY, small.width, small.height);
  return model.detectFaces(context.getImageData(0, 0, context.canvas.width, context.canvas.height), {
    padX,
    padY,
    scale,
    width: bitmap.width,
    height: bitmap.height,
  });
}

/**
 * Faces too small for the detector's view of the whole image (a person far from the camera): each
 * overlapping half-size window is searched at full resolution. A face seen from two windows is kept
 * once, from the window where it lies furthest from the edges.
 */
function detectTiled(model: FaceModel, pixels: ImageData): DetectedFace[] {
  const found: { face: DetectedFace; box: Box; inset: number }[] = [];
  for (const window of tileWindows(pixels.width, pixels.height, TILE_MIN_SIDE)) {
    const faces = model.detectFaces(windowOf(pixels, window), { padX: -window.x, padY: -window.y, scale: 1, width: pixels.width, height: pixels.height });
    for (const face of faces) {
      const box = boxFromLandmarks(face.landmarks, pixels.width, pixels.height);
      const inset = Math.min(box.x - window.x, box.y - window.y, window.x + window.width - box.x - box.width, window.y + window.height - box.y - box.height);
      found.push({ face, box, inset: inset / Math.max(box.width, box.height) });
    }
  }
  found.sort((a, b) => b.inset - a.inset);
  return distinctBoxes(found.map((f) => f.box)).map((i) => found[i].face);
}

function identity(image: { width: number; height: number }) {
  return { padX: 0, padY: 0, scale: 1, width: image.width, height: image.height };
}

/**
 * As is, then padded, then turned ±90° (sideways crops), then window by window (small faces), at
 * the model's current floor. The first try hands the bitmap straight to the landmarker; the upright
 * pixels are read only for a retry.
 */
function searchAtFloor(model: FaceModel, bitmap: ImageBitmap, upright: () => ImageData): Omit<FaceSearch, 'weak'> | null {
  let faces = model.detectFaces(bitmap, identity(bitmap));
  if (faces.length > 0) return { faces, source: bitmap, rotation: 0 };
  const pixels = upright();
  faces = detectPadded(model, bitmap, pixels);
  if (faces.length > 0) return { faces, source: pixels, rotation: 0 };
  for (const rotation of [90, -90]) {
    const turned = pixelsOf(bitmap, rotation);
    faces = model.detectFaces(turned, identity(turned));
    if (faces.length > 0) return { faces, source: turned, rotation };
  }
  faces = detectTiled(model, pixels);
  if (faces.length > 0) return { faces, source: pixels, rotation: 0 };
  return null;
}

/**
 * The faces of `bitmap` at `config.min_face_confidence`, else (weak) at WEAK_FACE_FLOOR. The model's
 * floor is put back as it was, so the search leaves no state behind for the next call.
 * @throws LivenessError NO_FACE_DETECTED when neither floor finds a face.
 */
export async function findFaces(model: FaceModel, bitmap: ImageBitmap, config: LivenessConfig): Promise<FaceSearch> {
  let pixels: ImageData | null = null;
  const upright = () => (pixels ??= pixelsOf(bitmap));
  return model.atFloor(config.min_face_confidence, async () => {
    const found = searchAtFloor(model, bitmap, upright);
    if (found) return { ...found, weak: false };
    if (config.min_face_confidence > WEAK_FACE_FLOOR) {
      const weak = await model.atFloor(WEAK_FACE_FLOOR, () => searchAtFloor(model, bitmap, upright));
      if (weak) return { ...weak, weak: true };
    }
    throw new LivenessError(
      'NO_FACE_DETECTED',
      'No face was found. Retake the photo with one face filling 10–40 % of the frame, facing the camera, in even light.',
    );
  });
}
