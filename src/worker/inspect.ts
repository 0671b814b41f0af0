/**
 * A quick look at one camera frame for live capture guidance, in the worker: one detection pass on a
 * small copy, then face position, pose, light and sharpness. No verdict, no signals.
 */
import type { LivenessConfig } from '../config.js';
import { boxFromLandmarks, largestFaceIndex } from '../face/geometry.js';
import type { FaceModel } from '../face/landmarker.js';
import { fitWithin } from '../input/decode.js';
import { canvas2d } from '../pixels/canvas.js';
import { cropGrayNative } from '../pixels/gray.js';
import { laplacianVariance } from '../pixels/laplacian.js';
import { poseFromMatrix } from '../signals/head-pose.js';
import type { FrameInspection } from '../types.js';

/** Frames are looked at this small: guidance needs position, pose and light, not texture. */
const INSPECT_MAX_SIDE = 480;
/** Longest side of the face region measured for sharpness. */
const INSPECT_SHARPNESS_SIDE = 160;

function meanLuma(data: Uint8ClampedArray, width: number, box: { x: number; y: number; width: number; height: number }): number {
  let sum = 0;
  let n = 0;
  const x1 = Math.floor(box.x + box.width);
  const y1 = Math.floor(box.y + box.height);
  for (let y = Math.floor(box.y); y < y1; y += 2) {
    for (let x = Math.floor(box.x); x < x1; x += 2) {
      const i = (y * width + x) * 4;
      sum += 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}

/**
 * Face position, pose, light and sharpness of one frame, at guidance speed (one detection pass at
 * `config.min_face_confidence`; the model's floor is put back afterwards).
 */
export async function inspectFrame(bitmap: ImageBitmap, model: FaceModel, config: LivenessConfig): Promise<Omit<FrameInspection, 'elapsed_ms'>> {
  const size = fitWithin(bitmap.width, bitmap.height, INSPECT_MAX_SIDE);
  const context = canvas2d(size.width, size.height);
  context.drawImage(bitmap, 0, 0, size.width, size.height);
  const pixels = context.getImageData(0, 0, size.width, size.height);
  const whole = { x: 0, y: 0, width: size.width, height: size.height };
  const faces = await model.atFloor(config.min_face_confidence, () =>
    model.detectFaces(pixels, { padX: 0, padY: 0, scale: 1, width: size.width, height: size.height }),
  );
  if (faces.length === 0) {
    return { face_count: 0, face_box: null, face_area_ratio: null, pose: null, brightness: meanLuma(pixels.data, size.width, whole), sharpness: null };
  }
  const boxes = faces.map((f) => boxFromLandmarks(f.landmarks, size.width, size.height));
  const index = largestFaceIndex(boxes);
  const box = boxes[index];
  const matrix = faces[index].matrix;
  const pose = matrix ? poseFromMatrix(matrix) : null;
  return {
    face_count: faces.length,
    face_box: { x: box.x / size.width, y: box.y / size.height, width: box.width / size.width, height: box.height / size.height },
    face_area_ratio: (box.width * box.height) / (size.width * size.height),
    pose: pose && Number.isFinite(pose.yaw) ? pose : null,
    brightness: meanLuma(pixels.data, size.width, box),
    sharpness: laplacianVariance(cropGrayNative(pixels.data, size.width, size.height, box, INSPECT_SHARPNESS_SIDE)),
  };
}
