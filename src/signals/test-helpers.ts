/**
 * Builders of synthetic signal inputs for unit tests. Imported by `*.test.ts` files only; nothing
 * here ships in the SDK's public surface.
 */
import FFT from 'fft.js';
import { mulberry32 } from '../synth/random.js';
import type { GrayImage, RgbPlanes } from '../pixels/types.js';
import type { Point3 } from '../face/geometry.js';
import type { MiniFasNetOutcome, SignalInput } from './types.js';

/** Number of MediaPipe face landmarks (468 mesh + 10 iris). */
export const LANDMARK_COUNT = 478;

/** A small deterministic PRNG (mulberry32), so test images are the same on every run. */
export const seededRandom = mulberry32;

/** A grey image from a function of (x, y). */
export function grayFrom(width: number, height: number, value: (x: number, y: number) => number): GrayImage {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  return { width, height, data };
}

/** A flat grey image. */
export function flatGray(width: number, height: number, level = 128): GrayImage {
  return grayFrom(width, height, () => level);
}

/** Uniform noise `mean ± amplitude`, deterministic for a seed. */
export function noiseGray(width: number, height: number, seed = 1, mean = 128, amplitude = 60): GrayImage {
  const random = seededRandom(seed);
  return grayFrom(width, height, () => mean + amplitude * (2 * random() - 1));
}

/**
 * Random-phase noise with a power-law spectrum `P(f) ∝ f^−alpha`, like natural images (α ≈ 2–3),
 * scaled to mean 128 and standard deviation 40. Deterministic for a seed; `size` a power of two.
 */
export function powerLawGray(size: number, alpha: number, seed = 1): GrayImage {
  const random = seededRandom(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const re = new Float64Array(size * size);
  const im = new Float64Array(size * size);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const f = Math.hypot(u < size / 2 ? u : u - size, v < size / 2 ? v : v - size);
      if (f === 0) continue;
      const amplitude = f ** (-alpha / 2);
      re[v * size + u] = amplitude * gauss();
      im[v * size + u] = amplitude * gauss();
    }
  }
  // inverse 2-D FFT by rows then columns; the real part is the image
  const fft = new FFT(size);
  const input = new Float64Array(2 * size);
  const output = new Float64Array(2 * size);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      input[2 * u] = re[v * size + u];
      input[2 * u + 1] = im[v * size + u];
    }
    fft.inverseTransform(output, input);
    for (let u = 0; u < size; u++) {
      re[v * size + u] = output[2 * u];
      im[v * size + u] = output[2 * u + 1];
    }
  }
  const data = new Float32Array(size * size);
  for (let u = 0; u < size; u++) {
    for (let v = 0; v < size; v++) {
      input[2 * v] = re[v * size + u];
      input[2 * v + 1] = im[v * size + u];
    }
    fft.inverseTransform(output, input);
    for (let v = 0; v < size; v++) data[v * size + u] = output[2 * v];
  }
  let mean = 0;
  for (const value of data) mean += value;
  mean /= data.length;
  let variance = 0;
  for (const value of data) variance += (value - mean) ** 2;
  const std = Math.sqrt(variance / data.length);
  for (let i = 0; i < data.length; i++) data[i] = 128 + (40 * (data[i] - mean)) / std;
  return { width: size, height: size, data };
}

/** An RGBA buffer from a function of (x, y) returning [r, g, b] (alpha 255). */
export function rgbaFrom(
  width: number,
  height: number,
  color: (x: number, y: number) => readonly [number, number, number],
): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = color(x, y);
      const i = (y * width + x) * 4;
      rgba[i] = r;
      rgba[i + 1] = g;
      rgba[i + 2] = b;
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}

/**
 * Column-major 4×4 matrix of the rotation `Rz(roll) · Ry(yaw) · Rx(pitch)` (degrees), with an
 * optional uniform scale and a translation, as MediaPipe lays out its facial transformation matrix.
 */
export function transformFromAngles(
  yawDeg: number,
  pitchDeg: number,
  rollDeg: number,
  scale = 1,
  translation: readonly [number, number, number] = [0, 0, -50],
): number[] {
  const rad = Math.PI / 180;
  const [cy, sy] = [Math.cos(yawDeg * rad), Math.sin(yawDeg * rad)];
  const [cp, sp] = [Math.cos(pitchDeg * rad), Math.sin(pitchDeg * rad)];
  const [cr, sr] = [Math.cos(rollDeg * rad), Math.sin(rollDeg * rad)];
  // R = Rz · Ry · Rx, row-major
  const r = [
    [cr * cy, cr * sy * sp - sr * cp, cr * sy * cp + sr * sp],
    [sr * cy, sr * sy * sp + cr * cp, sr * sy * cp - cr * sp],
    [-sy, cy * sp, cy * cp],
  ];
  const m = new Array<number>(16).fill(0);
  for (let row = 0; row < 3; row++) for (let col = 0; col < 3; col++) m[col * 4 + row] = scale * r[row][col];
  m[12] = translation[0];
  m[13] = translation[1];
  m[14] = translation[2];
  m[15] = 1;
  return m;
}

/** Options of {@link frontalLandmarks}. */
export interface FaceOptions {
  /** Centre of the face in image pixels. @default [320, 240] */
  centre?: readonly [number, number];
  /** Distance between the face edges 234 and 454, in pixels. @default 200 */
  faceWidth?: number;
  /** Eye aspect ratio of both eyes. @default 0.3 */
  ear?: number;
  /** In-plane rotation of the whole face, degrees. @default 0 */
  rollDeg?: number;
}

/**
 * 478 landmarks of a mirror-symmetric, frontal face: the eye, midline and mirrored-pair points the
 * signals read are placed by hand (in units of the face width), every other point sits at the centre.
 */
export function frontalLandmarks(options: FaceOptions = {}): Point3[] {
  const [cx, cy] = options.centre ?? [320, 240];
  const unit = (options.faceWidth ?? 200) / 2;
  const ear = options.ear ?? 0.3;
  const roll = ((options.rollDeg ?? 0) * Math.PI) / 180;
  const points: Point3[] = Array.from({ length: LANDMARK_COUNT }, () => ({ x: cx, y: cy, z: 0 }));
  // face coordinates: x right, y down, in half face widths; placed then rotated by `roll`
  const place = (index: number, x: number, y: number, z = 0): void => {
    const px = x * unit;
    const py = y * unit;
    points[index] = {
      x: cx + px * Math.cos(roll) - py * Math.sin(roll),
      y: cy + px * Math.sin(roll) + py * Math.cos(roll),
      z: z * unit,
    };
  };
  const mirrored = (left: number, right: number, x: number, y: number, z = 0): void => {
    place(left, -x, y, z);
    place(right, x, y, z);
  };
  place(10, 0, -1.2); // forehead
  place(152, 0, 1.3); // chin
  place(168, 0, -0.3); // nose bridge
  place(1, 0, 0.2, 0.4); // nose tip
  mirrored(234, 454, 1, 0, -0.5); // face edges
  mirrored(61, 291, 0.4, 0.7); // mouth corners
  mirrored(70, 300, 0.75, -0.55); // eyebrow outer ends
  mirrored(105, 334, 0.5, -0.6); // eyebrow middles
  mirrored(107, 336, 0.2, -0.55); // eyebrow inner ends
  mirrored(129, 358, 0.18, 0.15); // nose wings
  mirrored(58, 288, 0.9, 0.5, -0.3); // lower cheeks
  mirrored(172, 397, 0.85, 0.75, -0.3); // jaw angles
  // eyes: corners 0.3 and 0.8 from the midline (width 0.5), lids at the thirds, opening = ear · width
  const eyeY = -0.3;
  const half = (ear * 0.5) / 2;
  mirrored(33, 263, 0.8, eyeY); // outer corners
  mirrored(133, 362, 0.3, eyeY); // inner corners
  mirrored(160, 387, 0.63, eyeY - half); // upper lid, lateral
  mirrored(144, 373, 0.63, eyeY + half); // lower lid, lateral
  mirrored(158, 385, 0.47, eyeY - half); // upper lid, medial
  mirrored(153, 380, 0.47, eyeY + half); // lower lid, medial
  return points;
}

/** R, G, B noise planes of a square crop (seeds `seed`, `seed + 1`, `seed + 2`). */
export function noiseRgb(side: number, seed: number): RgbPlanes {
  return [noiseGray(side, side, seed), noiseGray(side, side, seed + 1), noiseGray(side, side, seed + 2)];
}

/** A MiniFASNet outcome with these real probabilities (V2, V1SE), both contexts inside the image. */
export function miniFasNetSaying(v2: number, v1se: number): MiniFasNetOutcome {
  return {
    ok: true,
    real: (v2 + v1se) / 2,
    fullResolution: true,
    models: [
      { name: 'MiniFASNetV2', scale: 2.7, real: v2, scaleUsed: 2.7, scaleReduced: false, shifted: false },
      { name: 'MiniFASNetV1SE', scale: 4, real: v1se, scaleUsed: 4, scaleReduced: false, shifted: false },
    ],
  };
}

/**
 * A complete, plausible signal input: a 640×480 image with a 200×260 face box (17 % of the frame),
 * frontal landmarks, an identity pose, noise-textured grey crops and no EXIF. Override any field.
 */
export function makeSignalInput(overrides: Partial<SignalInput> = {}): SignalInput {
  return {
    imageWidth: 640,
    imageHeight: 480,
    landmarks: frontalLandmarks(),
    faceBox: { x: 220, y: 110, width: 200, height: 260 },
    transformMatrix: transformFromAngles(0, 0, 0),
    faceCount: 1,
    faceGray: noiseGray(200, 260, 1),
    faceGray96: noiseGray(96, 96, 2),
    faceGray128: noiseGray(128, 128, 3),
    faceNative: noiseGray(200, 200, 4),
    colourCrops: {
      face64: noiseRgb(64, 10),
      face128: noiseRgb(128, 20),
      context64: noiseRgb(64, 30),
      context128: noiseRgb(128, 40),
    },
    exif: null,
    learnedTexture: null,
    miniFasNet: miniFasNetSaying(0.9, 0.9),
    boundary: { measurable: false, reason: 'too-little-context', detail: 'could not look for a frame: the image shows too little around the face', sides: null },
    ...overrides,
  };
}
