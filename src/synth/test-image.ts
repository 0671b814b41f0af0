/**
 * A synthetic "natural" face-like picture for the simulator's unit tests (imported by `*.test.ts`
 * only): smooth skin-coloured shading of an ellipse on a darker background, plus a random-phase
 * 1/f² texture (the power law of natural images) and fine sensor noise. Deterministic for a seed.
 */
import { cropResizeRgb } from '../pixels/colour.js';
import { cropResizeGray } from '../pixels/gray.js';
import { powerSpectrum } from '../pixels/spectrum.js';
import { makeSignalInput, powerLawGray, seededRandom } from '../signals/test-helpers.js';
import type { Box } from '../pixels/types.js';
import type { SignalInput } from '../signals/types.js';
import type { RgbaImage } from './raster.js';

/** Side of the test picture, pixels (a power of two for the 1/f texture). */
export const NATURAL_SIZE = 256;
/** The face-like ellipse's bounding box in the test picture. */
export const NATURAL_FACE: Box = { x: 64, y: 48, width: 128, height: 160 };
/** Spectral slope of the texture (power ∝ f^−alpha). */
const TEXTURE_ALPHA = 2;
/** Contrast of the texture and of the fine noise, grey levels (standard deviation). */
const TEXTURE_LEVELS = 14;
const NOISE_LEVELS = 4;
/** Skin and background colours (sRGB). */
const SKIN = [214, 166, 140] as const;
const BACKGROUND = [70, 80, 96] as const;

/** The test picture described in the file header. */
export function naturalFaceImage(seed = 1): RgbaImage {
  const size = NATURAL_SIZE;
  const texture = powerLawGray(size, TEXTURE_ALPHA, seed);
  const random = seededRandom(seed + 1);
  const data = new Uint8ClampedArray(size * size * 4);
  const cx = NATURAL_FACE.x + NATURAL_FACE.width / 2;
  const cy = NATURAL_FACE.y + NATURAL_FACE.height / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = (x - cx) / (NATURAL_FACE.width / 2);
      const dy = (y - cy) / (NATURAL_FACE.height / 2);
      const r2 = dx * dx + dy * dy;
      // soft-edged ellipse, lit from the upper left (Lambert-like shading)
      const inside = Math.min(1, Math.max(0, (1 - r2) * 6));
      const shade = 0.75 + 0.25 * Math.sqrt(Math.max(0, 1 - r2)) - 0.1 * (dx + dy) * inside;
      const grain = ((texture.data[y * size + x] - 128) / 40) * TEXTURE_LEVELS;
      for (let c = 0; c < 3; c++) {
        const base = inside * SKIN[c] * shade + (1 - inside) * BACKGROUND[c];
        data[(y * size + x) * 4 + c] = base + grain + NOISE_LEVELS * (2 * random() - 1);
      }
      data[(y * size + x) * 4 + 3] = 255;
    }
  }
  return { width: size, height: size, data };
}

/** The square crop of the natural picture's face (the analysis crops a square around the face box). */
export const NATURAL_FACE_SQUARE: Box = { x: 64, y: 64, width: 128, height: 128 };

/** Where a box of the input picture lands in a simulated attack, given the picture's placement. */
export function mapBox(box: Box, picture: Box, inputWidth: number, inputHeight: number): Box {
  const sx = picture.width / inputWidth;
  const sy = picture.height / inputHeight;
  return { x: picture.x + box.x * sx, y: picture.y + box.y * sy, width: box.width * sx, height: box.height * sy };
}

/** The texture and spectrum crops the analysis takes from `box`, as a full signal input. */
export function faceInput(img: RgbaImage, box: Box): SignalInput {
  return makeSignalInput({
    faceGray96: cropResizeGray(img.data, img.width, img.height, box, 96, 96),
    faceGray128: cropResizeGray(img.data, img.width, img.height, box, 128, 128),
    colourCrops: {
      face64: cropResizeRgb(img.data, img.width, img.height, box, 64),
      face128: cropResizeRgb(img.data, img.width, img.height, box, 128),
      context64: cropResizeRgb(img.data, img.width, img.height, grow(box, 1.6), 64),
      context128: cropResizeRgb(img.data, img.width, img.height, grow(box, 1.6), 128),
    },
  });
}

function grow(box: Box, scale: number): Box {
  const side = Math.max(box.width, box.height) * scale;
  return { x: box.x + box.width / 2 - side / 2, y: box.y + box.height / 2 - side / 2, width: side, height: side };
}

/** Strongest and median power of a native-resolution 128×128 grey crop over an annulus of the spectrum. */
export function spectrumPeak(img: RgbaImage, box: Box, innerRadius: number, outerRadius: number): { peak: number; median: number; radius: number } {
  const size = 128;
  const crop = cropResizeGray(img.data, img.width, img.height, { x: Math.round(box.x), y: Math.round(box.y), width: size, height: size }, size, size);
  const power = powerSpectrum(crop);
  const values: number[] = [];
  let peak = 0;
  let radius = 0;
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const r = Math.hypot(u - size / 2, v - size / 2);
      if (r < innerRadius || r > outerRadius) continue;
      const p = power[v * size + u];
      values.push(p);
      if (p > peak) {
        peak = p;
        radius = r;
      }
    }
  }
  values.sort((a, b) => a - b);
  return { peak, median: values[values.length >> 1], radius };
}
