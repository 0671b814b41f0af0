/**
 * Simulated **photo-of-a-photo attack**: a small photographic print of the face, in a white border
 * and a dark frame, standing in a room and photographed from a little way off, so the face is small
 * inside a rectangle with distinct edges (ISO/IEC 30107-3 species "printed photo", the distant,
 * framed variant; the CASIA-FASD and SiW "photo" attacks often look like this).
 *
 * Artefacts it adds, in the order they arise:
 * 1. **Photographic print tone** — continuous tone (no halftone) with a compressed range: a warm
 *    paper white and lifted blacks.
 * 2. **Visible frame** — a white photo border and a dark picture-frame band around it: straight,
 *    high-contrast edges around the face that a live selfie does not have.
 * 3. **Small face in a larger scene** — the output is 1.8 × the input's size and the framed print
 *    covers 42–52 % of its width; a room wall fills the rest.
 * 4. **Perspective skew and rotation** — the print is turned by up to ±8° and seen obliquely
 *    (independent corner offsets of up to 6 %, a projective map).
 * 5. **Re-capture** — uneven lighting, a Gaussian blur of about one pixel (the camera focuses on
 *    a small, distant object) and sensor noise.
 */
import type { Random } from './random.js';
import { mulberry32, uniform } from './random.js';
import type { RgbaImage, SimulatedAttack } from './raster.js';
import {
  applyHomography,
  applyLighting,
  assertRgbaImage,
  invert3x3,
  recapture,
  renderSupersampled,
  roomBackdrop,
  rotatedRect,
  sampleBilinear,
  squareToQuad,
  surfaceRectBounds,
  toLinearPlanes,
} from './raster.js';

/** Options of {@link simulatePhotoOfPhoto}. */
export interface PhotoOfPhotoOptions {
  /** Seed of every random choice (placement, skew, lighting, noise). Same seed, same bytes. */
  seed: number;
}

/** Output size over input size: the scene around the print. */
export const SCENE_ENLARGEMENT = 1.8;
/** Share of the scene's width the framed print covers. */
const PRINT_WIDTH_MIN = 0.42;
const PRINT_WIDTH_MAX = 0.52;
/** White photo border and dark frame band, each as a share of the framed print's shorter side. */
const PHOTO_BORDER = 0.06;
const FRAME_BAND = 0.04;
/** Colours (linear light): the photo paper's border, and the dark frame. */
const BORDER_COLOUR = [0.78, 0.75, 0.66] as const;
const FRAME_COLOUR = [0.05, 0.035, 0.025] as const;
/** Photographic print tone: black and white reflectance (linear light, per channel). */
const PRINT_BLACK = [0.025, 0.022, 0.02] as const;
const PRINT_WHITE = [0.8, 0.76, 0.66] as const;
/** Largest in-plane rotation, degrees. */
const MAX_ROTATION_DEG = 8;
/** Largest offset of each corner (oblique view), as a share of the framed print's size. */
const MAX_CORNER_SKEW = 0.06;
/** Lighting gradient and vignette of {@link applyLighting}. */
const LIGHT_GRADIENT = 0.15;
const LIGHT_VIGNETTE = 0.2;
/** Sub-samples per pixel side of the re-capturing sensor. */
const SENSOR_SAMPLES = 2;
/** Gaussian blur of the re-capture, pixels. */
const RECAPTURE_BLUR_MIN_PX = 0.9;
const RECAPTURE_BLUR_MAX_PX = 1.3;
/** Sensor noise, grey levels (standard deviation). */
const SENSOR_NOISE_LEVELS = 2;

/**
 * Simulate a photo-of-a-photo attack of `img` (see the file header for the artefacts).
 * @param img the live picture, RGBA, at least 32×32 px.
 * @returns a new image 1.8 × the input's size, and the bounds of the photo (inside its border).
 * @throws RangeError on a malformed or too small image.
 */
export function simulatePhotoOfPhoto(img: RgbaImage, options: PhotoOfPhotoOptions): SimulatedAttack {
  assertRgbaImage(img, 32);
  const random: Random = mulberry32(options.seed);
  const width = Math.round(img.width * SCENE_ENLARGEMENT);
  const height = Math.round(img.height * SCENE_ENLARGEMENT);
  const source = toLinearPlanes(img);

  // layout: the framed print (frame band + border + photo), keeping the photo's aspect
  const printW = uniform(random, PRINT_WIDTH_MIN, PRINT_WIDTH_MAX) * width;
  const edge = (PHOTO_BORDER + FRAME_BAND) * printW;
  const photoW = printW - 2 * edge;
  const photoH = (photoW * img.height) / img.width;
  const printH = photoH + 2 * edge;
  const band = FRAME_BAND * printW;
  const cx = width / 2 + uniform(random, -0.5, 0.5) * (width - printW) * 0.6;
  const cy = height / 2 + uniform(random, -0.5, 0.5) * (height - printH) * 0.6;
  const rotation = (uniform(random, -1, 1) * MAX_ROTATION_DEG * Math.PI) / 180;
  // perspective: each corner moved independently (an oblique view), then a projective map
  const quad = rotatedRect(cx, cy, printW, printH, rotation);
  for (let k = 0; k < 8; k++) quad[k] += uniform(random, -1, 1) * MAX_CORNER_SKEW * (k % 2 === 0 ? printW : printH);
  const forward = squareToQuad(quad);
  const toPrint = invert3x3(forward);
  const backdrop = roomBackdrop(random, width, height);
  const uv = new Float64Array(2);
  const sx = img.width / photoW;
  const sy = img.height / photoH;

  // scene: wall, frame band, white border, or the photo in print tone
  const planes = renderSupersampled(width, height, SENSOR_SAMPLES, (x, y, out) => {
    applyHomography(toPrint, x, y, uv);
    if (uv[0] < 0 || uv[0] > 1 || uv[1] < 0 || uv[1] > 1) {
      backdrop(x, y, out);
      return;
    }
    const px = uv[0] * printW;
    const py = uv[1] * printH;
    if (px < band || px > printW - band || py < band || py > printH - band) {
      out[0] = FRAME_COLOUR[0];
      out[1] = FRAME_COLOUR[1];
      out[2] = FRAME_COLOUR[2];
      return;
    }
    const qx = px - edge;
    const qy = py - edge;
    if (qx < 0 || qx >= photoW || qy < 0 || qy >= photoH) {
      out[0] = BORDER_COLOUR[0];
      out[1] = BORDER_COLOUR[1];
      out[2] = BORDER_COLOUR[2];
      return;
    }
    // continuous-tone photo paper: reflectance between the print's black and white
    const ix = qx * sx;
    const iy = qy * sy;
    out[0] = PRINT_BLACK[0] + (PRINT_WHITE[0] - PRINT_BLACK[0]) * sampleBilinear(source.r, img.width, img.height, ix, iy);
    out[1] = PRINT_BLACK[1] + (PRINT_WHITE[1] - PRINT_BLACK[1]) * sampleBilinear(source.g, img.width, img.height, ix, iy);
    out[2] = PRINT_BLACK[2] + (PRINT_WHITE[2] - PRINT_BLACK[2]) * sampleBilinear(source.b, img.width, img.height, ix, iy);
  });

  // room lighting, then the camera: blur and sensor noise
  applyLighting(planes, random, LIGHT_GRADIENT, LIGHT_VIGNETTE);
  const encoded = recapture(planes, random, uniform(random, RECAPTURE_BLUR_MIN_PX, RECAPTURE_BLUR_MAX_PX), SENSOR_NOISE_LEVELS);

  // where the photo (inside its border) lies in the output
  const photo = { left: edge, top: edge, right: printW - edge, bottom: printH - edge };
  return { ...encoded, picture: surfaceRectBounds(forward, photo, printW, printH, width, height) };
}
