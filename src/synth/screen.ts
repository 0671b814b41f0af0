/**
 * Simulated **screen replay attack**: the face shown on a phone or monitor held up to the camera
 * and re-captured (ISO/IEC 30107-3 species "photo or video on a display"; the Replay-Attack, OULU-NPU
 * and MSU-MFSD replay attacks are of this kind).
 *
 * Artefacts it adds, in the order they arise:
 * 1. **Display gamma and contrast** — the picture is resampled to the display's own pixel grid and
 *    shown with a different tone curve (a power law with gamma 0.8–1.25), boosted saturation, a
 *    cool white point and a raised black level (backlight glow).
 * 2. **RGB sub-pixel grid** — every display pixel is three vertical red, green and blue stripes
 *    separated by a dark matrix, with a pitch of 3.2–3.8 camera pixels: a strong periodic component
 *    at the sub-pixel period.
 * 3. **Moiré** — the display is turned by 0.5–2° and its pitch is not a whole number of camera
 *    pixels; the sensor integrates the grid over each pixel (supersampling), so the grid's harmonics
 *    alias into low-frequency beat bands exactly as in a real re-capture.
 * 4. **Specular glare** — an elliptical reflection of a lamp on the glass, plus a faint uniform veil.
 * 5. **Bezel edge** — a near-black frame around the active area, with the room wall beyond it; the
 *    screen covers 80–90 % of the frame.
 * 6. **Re-capture** — slight Gaussian blur and sensor noise (screens are filmed in dim light).
 */
import type { Random } from './random.js';
import { mulberry32, randomSign, uniform } from './random.js';
import type { Planes, RgbaImage, SimulatedAttack } from './raster.js';
import {
  applyHomography,
  assertRgbaImage,
  invert3x3,
  recapture,
  renderSupersampled,
  resizePlanes,
  roomBackdrop,
  rotatedRect,
  squareToQuad,
  surfaceRectBounds,
  toLinearPlanes,
} from './raster.js';

/** Options of {@link simulateScreenReplay}. */
export interface ScreenReplayOptions {
  /** Seed of every random choice (pitch, tilt, tone curve, glare, noise). Same seed, same bytes. */
  seed: number;
}

/** Share of the frame's width and height the screen (active area and bezel) covers. */
const SCREEN_SCALE_MIN = 0.8;
const SCREEN_SCALE_MAX = 0.9;
/** Bezel width, as a share of the screen's shorter side. */
const BEZEL_SHARE = 0.05;
/** Display pixel pitch, in camera pixels (three sub-pixel stripes per display pixel). */
const PIXEL_PITCH_MIN = 3.2;
const PIXEL_PITCH_MAX = 3.8;
/** Sub-pixel stripes per display pixel (R, G, B). */
const STRIPES = 3;
/** Lit share of each stripe's width, and of each pixel row's height (the rest is black matrix). */
const STRIPE_FILL = 0.8;
const ROW_FILL = 0.85;
/** In-plane tilt of the display against the sensor, degrees (drives the moiré angle). */
const TILT_MIN_DEG = 0.5;
const TILT_MAX_DEG = 2;
/** Display tone curve `L' = L^gamma` in linear light (both darker and lighter panels occur). */
const DISPLAY_GAMMA_MIN = 0.8;
const DISPLAY_GAMMA_MAX = 1.25;
/** Saturation boost of a vivid phone panel (1 = none). */
const DISPLAY_SATURATION = 1.2;
/** White point of the panel (linear RGB): cool, bluish. */
const DISPLAY_WHITE = [0.88, 0.93, 1] as const;
/** Black level of the panel (backlight glow), linear light. */
const DISPLAY_BLACK = 0.012;
/** Exposure of the re-capturing camera relative to the panel's full white. */
const CAMERA_EXPOSURE = 0.85;
/** Reflectance of the bezel (linear light): near-black plastic or glass. */
const BEZEL_LEVEL = 0.012;
/** Peak of the glare reflection (linear light, added), and its size as a share of the screen width. */
const GLARE_PEAK_MIN = 0.2;
const GLARE_PEAK_MAX = 0.45;
const GLARE_SIZE_MIN = 0.07;
const GLARE_SIZE_MAX = 0.14;
/** Elongation of the glare ellipse (major over minor axis). */
const GLARE_ELONGATION = 2.2;
/** Faint uniform reflection of the room on the glass, linear light. */
const GLASS_VEIL = 0.01;
/** Sub-samples per pixel side of the re-capturing sensor. */
const SENSOR_SAMPLES = 3;
/** Gaussian blur of the re-capture, pixels. */
const RECAPTURE_BLUR_PX = 0.5;
/** Sensor noise, grey levels (standard deviation). */
const SENSOR_NOISE_LEVELS = 2.5;

function clamp(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** The panel's tone curve, saturation, white point and black level, in place on the display image. */
function displayTone(display: Planes, gamma: number): void {
  for (let i = 0; i < display.r.length; i++) {
    const r = display.r[i] ** gamma;
    const g = display.g[i] ** gamma;
    const b = display.b[i] ** gamma;
    // saturation about the luma (BT.709 weights in linear light)
    const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    display.r[i] = DISPLAY_BLACK + (1 - DISPLAY_BLACK) * DISPLAY_WHITE[0] * clamp(luma + DISPLAY_SATURATION * (r - luma));
    display.g[i] = DISPLAY_BLACK + (1 - DISPLAY_BLACK) * DISPLAY_WHITE[1] * clamp(luma + DISPLAY_SATURATION * (g - luma));
    display.b[i] = DISPLAY_BLACK + (1 - DISPLAY_BLACK) * DISPLAY_WHITE[2] * clamp(luma + DISPLAY_SATURATION * (b - luma));
  }
}

/**
 * Simulate a screen-replay attack of `img` (see the file header for the artefacts).
 * @param img the live picture, RGBA, at least 32×32 px.
 * @returns a new image of the same size, and the bounds of the displayed picture inside it.
 * @throws RangeError on a malformed or too small image.
 */
export function simulateScreenReplay(img: RgbaImage, options: ScreenReplayOptions): SimulatedAttack {
  assertRgbaImage(img, 32);
  const random: Random = mulberry32(options.seed);
  const { width, height } = img;

  // layout: screen with bezel at 80–90 % of the frame, turned slightly against the sensor
  const scale = uniform(random, SCREEN_SCALE_MIN, SCREEN_SCALE_MAX);
  const screenW = scale * width;
  const screenH = scale * height;
  const bezel = BEZEL_SHARE * Math.min(screenW, screenH);
  const cx = width / 2 + uniform(random, -0.5, 0.5) * (width - screenW) * 0.8;
  const cy = height / 2 + uniform(random, -0.5, 0.5) * (height - screenH) * 0.8;
  const tilt = (randomSign(random) * uniform(random, TILT_MIN_DEG, TILT_MAX_DEG) * Math.PI) / 180;
  const quad = rotatedRect(cx, cy, screenW, screenH, tilt);
  const toScreen = invert3x3(squareToQuad(quad));

  // the display: picture resampled to whole display pixels (area averaging), then the panel's tone
  const pitch = uniform(random, PIXEL_PITCH_MIN, PIXEL_PITCH_MAX);
  const columns = Math.max(1, Math.floor((screenW - 2 * bezel) / pitch));
  const rows = Math.max(1, Math.floor((screenH - 2 * bezel) / pitch));
  const activeW = columns * pitch;
  const activeH = rows * pitch;
  const activeX = (screenW - activeW) / 2;
  const activeY = (screenH - activeH) / 2;
  const display = resizePlanes(toLinearPlanes(img), columns, rows);
  displayTone(display, uniform(random, DISPLAY_GAMMA_MIN, DISPLAY_GAMMA_MAX));
  // a lit stripe emits this much more than its pixel's mean, so a pixel averages its colour
  const stripeGain = (CAMERA_EXPOSURE * STRIPES) / (STRIPE_FILL * ROW_FILL);

  // glare: an elliptical Gaussian on the glass, in screen coordinates
  const glareX = uniform(random, 0.15, 0.85) * screenW;
  const glareY = uniform(random, 0.15, 0.85) * screenH;
  const glareSigma = uniform(random, GLARE_SIZE_MIN, GLARE_SIZE_MAX) * screenW;
  const glareAngle = uniform(random, 0, Math.PI);
  const glarePeak = uniform(random, GLARE_PEAK_MIN, GLARE_PEAK_MAX);
  const glareCos = Math.cos(glareAngle);
  const glareSin = Math.sin(glareAngle);
  const backdrop = roomBackdrop(random, width, height);
  const uv = new Float64Array(2);

  // scene: wall, bezel, or the sub-pixel stripes of the display, under the glass reflection
  const planes = renderSupersampled(width, height, SENSOR_SAMPLES, (x, y, out) => {
    applyHomography(toScreen, x, y, uv);
    if (uv[0] < 0 || uv[0] > 1 || uv[1] < 0 || uv[1] > 1) {
      backdrop(x, y, out);
      return;
    }
    const sx = uv[0] * screenW;
    const sy = uv[1] * screenH;
    out[0] = BEZEL_LEVEL;
    out[1] = BEZEL_LEVEL;
    out[2] = BEZEL_LEVEL;
    const ax = (sx - activeX) / pitch;
    const ay = (sy - activeY) / pitch;
    if (ax >= 0 && ax < columns && ay >= 0 && ay < rows) {
      // RGB stripe sub-pixel layout: which stripe, and whether the point is lit or black matrix
      const column = Math.floor(ax);
      const row = Math.floor(ay);
      const stripePos = (ax - column) * STRIPES;
      const stripe = Math.floor(stripePos);
      const lit = stripePos - stripe < STRIPE_FILL && ay - row < ROW_FILL;
      out[0] = 0;
      out[1] = 0;
      out[2] = 0;
      if (lit) {
        const i = row * columns + column;
        const value = stripe === 0 ? display.r[i] : stripe === 1 ? display.g[i] : display.b[i];
        out[stripe] = value * stripeGain;
      }
    }
    // specular glare on the glass (Gaussian lobe) and the faint room veil
    const gx = sx - glareX;
    const gy = sy - glareY;
    const major = (gx * glareCos + gy * glareSin) / (glareSigma * GLARE_ELONGATION);
    const minor = (-gx * glareSin + gy * glareCos) / glareSigma;
    const glare = GLASS_VEIL + glarePeak * Math.exp(-0.5 * (major * major + minor * minor));
    out[0] += glare;
    out[1] += glare;
    out[2] += glare;
  });

  // the camera: blur and sensor noise
  const encoded = recapture(planes, random, RECAPTURE_BLUR_PX, SENSOR_NOISE_LEVELS);

  // where the displayed picture (the active area) lies in the output
  const active = { left: activeX, top: activeY, right: activeX + activeW, bottom: activeY + activeH };
  return { ...encoded, picture: surfaceRectBounds(squareToQuad(quad), active, screenW, screenH, width, height) };
}
