/**
 * Simulated **print attack**: the face photo printed on paper by a colour printer and held up to
 * the camera, filling most of the frame (ISO/IEC 30107-3 presentation attack instrument species
 * "printed photo"; the NUAA and Replay-Attack print attacks are of this kind).
 *
 * Artefacts it adds, in the order they arise:
 * 1. **Reduced gamut and a paper white point** — the picture is separated into cyan, magenta,
 *    yellow and black ink coverages (grey-component replacement) and printed with imperfect inks on
 *    warm off-white paper (Murray–Davies/Neugebauer-style multiplicative mixing): whites turn
 *    warm grey, blacks lift to the density of the black ink, saturated colours shrink.
 * 2. **Halftone dots** — each ink is rendered as an amplitude-modulated clustered-dot screen on its
 *    own rotated grid (cyan 15°, magenta 75°, yellow 0°, black 45°), with a dot period of a few
 *    camera pixels, so the rosette is visible at the pixel scale and shows as peaks in the spectrum.
 * 3. **Visible paper border** — the print has a white margin and covers 75–85 % of the frame,
 *    slightly turned and keystoned as a hand holds it; a room wall shows around it.
 * 4. **Mild uneven lighting** — a brightness gradient across the frame and a lens vignette.
 * 5. **Re-capture** — the sensor integrates the scene over each pixel (supersampling, which lets
 *    the halftone alias as it does in a real camera), a slight Gaussian blur, and sensor noise.
 */
import type { Random } from './random.js';
import { mulberry32, randomSign, uniform } from './random.js';
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
} from './raster.js';

/** Options of {@link simulatePrint}. */
export interface PrintOptions {
  /** Seed of every random choice (placement, tilt, lighting, noise). Same seed, same bytes. */
  seed: number;
  /**
   * Halftone screen ruling in dots per inch of the paper, on a print 4 inches wide. The dot period
   * in camera pixels is the paper's width in pixels over `4 · dpi`, and never below 3 px.
   * @default 32
   */
  dpi?: number;
}

/** Default halftone ruling (dots per inch); a 512-px-wide print then has 4-px dots. */
export const DEFAULT_PRINT_DPI = 32;
/** Width of the simulated print, inches (a 4×6" photo print). */
const PAPER_WIDTH_INCHES = 4;
/** Smallest halftone period, in camera pixels (finer dots would vanish in the re-capture). */
const MIN_DOT_PERIOD_PX = 3;
/** Share of the frame's width and height the paper covers. */
const PAPER_SCALE_MIN = 0.75;
const PAPER_SCALE_MAX = 0.85;
/** White margin of the print, as a share of the paper's shorter side. */
const PAPER_MARGIN = 0.04;
/** Largest in-plane tilt of the held paper, degrees. */
const MAX_TILT_DEG = 3;
/** Largest keystone (one edge nearer the camera), as a share of the paper's size. */
const MAX_KEYSTONE = 0.02;
/** Reflectance of the paper (linear RGB): a warm off-white. */
const PAPER_WHITE = [0.86, 0.82, 0.7] as const;
/** Reflectance of each ink where it fully covers the paper (linear RGB, relative to the paper). */
const INK_CYAN = [0.14, 0.55, 0.85] as const;
const INK_MAGENTA = [0.75, 0.2, 0.5] as const;
const INK_YELLOW = [0.92, 0.85, 0.15] as const;
const INK_BLACK = [0.06, 0.06, 0.07] as const;
/** Display gamma of the input's encoding (sRGB approximated by a power law). */
const ENCODING_GAMMA = 2.2;
/** Share of the common grey component printed with black ink (grey-component replacement). */
const GREY_COMPONENT_REPLACEMENT = 0.7;
/** Screen angles of the inks, degrees (the classic rosette). */
const ANGLE_CYAN_DEG = 15;
const ANGLE_MAGENTA_DEG = 75;
const ANGLE_YELLOW_DEG = 0;
const ANGLE_BLACK_DEG = 45;
/** Steepness of a dot's edge: coverage goes from 0 to 1 over 1/(period · this) of the spot function. */
const DOT_EDGE_SHARPNESS = 1.5;
/** Room light falling on the print, relative to full exposure. */
const ILLUMINATION_MIN = 0.85;
const ILLUMINATION_MAX = 1.05;
/** Lighting gradient and vignette of {@link applyLighting}. */
const LIGHT_GRADIENT = 0.12;
const LIGHT_VIGNETTE = 0.15;
/** Sub-samples per pixel side of the re-capturing sensor. */
const SENSOR_SAMPLES = 3;
/** Gaussian blur of the re-capture (focus, lens), pixels. */
const RECAPTURE_BLUR_PX = 0.55;
/** Sensor noise, grey levels (standard deviation). */
const SENSOR_NOISE_LEVELS = 2;

/** Precomputed screen of one ink: unit vectors of its grid, scaled by 1 / period. */
interface InkScreen {
  ax: number;
  ay: number;
  bx: number;
  by: number;
}

function inkScreen(angleDeg: number, period: number): InkScreen {
  const angle = (angleDeg * Math.PI) / 180;
  return {
    ax: Math.cos(angle) / period,
    ay: Math.sin(angle) / period,
    bx: -Math.sin(angle) / period,
    by: Math.cos(angle) / period,
  };
}

/**
 * Ink present at paper position (px, py) for a coverage in [0, 1]: a clustered dot from the
 * "round-square" spot function `½ + ¼(cos 2πa + cos 2πb)` over the screen's cell coordinates
 * (a, b), thresholded at `1 − coverage` (amplitude-modulated halftoning).
 */
function halftone(screen: InkScreen, px: number, py: number, coverage: number, sharpness: number): number {
  if (coverage <= 0) return 0;
  const a = px * screen.ax + py * screen.ay;
  const b = px * screen.bx + py * screen.by;
  const spot = 0.5 + 0.25 * (Math.cos(2 * Math.PI * a) + Math.cos(2 * Math.PI * b));
  const ink = (spot - (1 - coverage)) * sharpness;
  return ink <= 0 ? 0 : ink >= 1 ? 1 : ink;
}

/** Ink coverages of the picture, one plane per ink, at the picture's own resolution. */
interface Separation {
  cyan: Float32Array;
  magenta: Float32Array;
  yellow: Float32Array;
  black: Float32Array;
}

/**
 * CMYK separation with grey-component replacement. Coverages come from linear-light values, so
 * that under Murray–Davies mixing (reflectance ≈ 1 − coverage · (1 − ink)) the print keeps the
 * picture's tones, within the inks' gamut.
 */
function separate(img: RgbaImage): Separation {
  const count = img.width * img.height;
  const linear = new Float32Array(256);
  for (let v = 0; v < 256; v++) linear[v] = (v / 255) ** ENCODING_GAMMA;
  const sep: Separation = {
    cyan: new Float32Array(count),
    magenta: new Float32Array(count),
    yellow: new Float32Array(count),
    black: new Float32Array(count),
  };
  for (let i = 0; i < count; i++) {
    const c = 1 - linear[img.data[4 * i]];
    const m = 1 - linear[img.data[4 * i + 1]];
    const y = 1 - linear[img.data[4 * i + 2]];
    const k = GREY_COMPONENT_REPLACEMENT * Math.min(c, m, y);
    const rest = k < 1 ? 1 / (1 - k) : 0;
    sep.cyan[i] = (c - k) * rest;
    sep.magenta[i] = (m - k) * rest;
    sep.yellow[i] = (y - k) * rest;
    sep.black[i] = k;
  }
  return sep;
}

/**
 * Simulate a printed-photo attack of `img` (see the file header for the artefacts).
 * @param img the live picture, RGBA, at least 32×32 px.
 * @returns a new image of the same size, and the bounds of the printed picture inside it.
 * @throws RangeError on a malformed or too small image.
 */
export function simulatePrint(img: RgbaImage, options: PrintOptions): SimulatedAttack {
  assertRgbaImage(img, 32);
  const random: Random = mulberry32(options.seed);
  const { width, height } = img;

  // layout: the paper (picture + white margin) at 75–85 % of the frame, tilted and keystoned
  const scale = uniform(random, PAPER_SCALE_MIN, PAPER_SCALE_MAX);
  const paperW = scale * width;
  const paperH = scale * height;
  const cx = width / 2 + uniform(random, -0.5, 0.5) * (width - paperW) * 0.8;
  const cy = height / 2 + uniform(random, -0.5, 0.5) * (height - paperH) * 0.8;
  const tilt = (randomSign(random) * uniform(random, 0.3, 1) * MAX_TILT_DEG * Math.PI) / 180;
  const quad = rotatedRect(cx, cy, paperW, paperH, tilt);
  const keystone = uniform(random, -MAX_KEYSTONE, MAX_KEYSTONE) * paperW;
  quad[0] += keystone;
  quad[2] -= keystone;
  const toPaper = invert3x3(squareToQuad(quad));
  const margin = PAPER_MARGIN * Math.min(paperW, paperH);
  const pictureW = paperW - 2 * margin;
  const pictureH = paperH - 2 * margin;

  // halftone screens, attached to the paper (they turn with it)
  const dpi = options.dpi ?? DEFAULT_PRINT_DPI;
  if (!(dpi > 0)) throw new RangeError(`dpi must be a positive number, got ${dpi}.`);
  const period = Math.max(MIN_DOT_PERIOD_PX, paperW / (PAPER_WIDTH_INCHES * dpi));
  const sharpness = DOT_EDGE_SHARPNESS * period;
  const screens = {
    cyan: inkScreen(ANGLE_CYAN_DEG, period),
    magenta: inkScreen(ANGLE_MAGENTA_DEG, period),
    yellow: inkScreen(ANGLE_YELLOW_DEG, period),
    black: inkScreen(ANGLE_BLACK_DEG, period),
  };
  const sep = separate(img);
  const illumination = uniform(random, ILLUMINATION_MIN, ILLUMINATION_MAX);
  const backdrop = roomBackdrop(random, width, height);
  const uv = new Float64Array(2);
  const sx = width / pictureW;
  const sy = height / pictureH;

  // scene: wall, paper margin, or the halftoned picture (Murray–Davies mixing per ink)
  const planes = renderSupersampled(width, height, SENSOR_SAMPLES, (x, y, out) => {
    applyHomography(toPaper, x, y, uv);
    if (uv[0] < 0 || uv[0] > 1 || uv[1] < 0 || uv[1] > 1) {
      backdrop(x, y, out);
      return;
    }
    const px = uv[0] * paperW;
    const py = uv[1] * paperH;
    let r = PAPER_WHITE[0] * illumination;
    let g = PAPER_WHITE[1] * illumination;
    let b = PAPER_WHITE[2] * illumination;
    const qx = px - margin;
    const qy = py - margin;
    if (qx >= 0 && qx < pictureW && qy >= 0 && qy < pictureH) {
      const ix = qx * sx;
      const iy = qy * sy;
      const c = halftone(screens.cyan, px, py, sampleBilinear(sep.cyan, width, height, ix, iy), sharpness);
      const m = halftone(screens.magenta, px, py, sampleBilinear(sep.magenta, width, height, ix, iy), sharpness);
      const ye = halftone(screens.yellow, px, py, sampleBilinear(sep.yellow, width, height, ix, iy), sharpness);
      const k = halftone(screens.black, px, py, sampleBilinear(sep.black, width, height, ix, iy), sharpness);
      r *= (1 - c * (1 - INK_CYAN[0])) * (1 - m * (1 - INK_MAGENTA[0])) * (1 - ye * (1 - INK_YELLOW[0])) * (1 - k * (1 - INK_BLACK[0]));
      g *= (1 - c * (1 - INK_CYAN[1])) * (1 - m * (1 - INK_MAGENTA[1])) * (1 - ye * (1 - INK_YELLOW[1])) * (1 - k * (1 - INK_BLACK[1]));
      b *= (1 - c * (1 - INK_CYAN[2])) * (1 - m * (1 - INK_MAGENTA[2])) * (1 - ye * (1 - INK_YELLOW[2])) * (1 - k * (1 - INK_BLACK[2]));
    }
    out[0] = r;
    out[1] = g;
    out[2] = b;
  });

  // room lighting, then the camera: blur and sensor noise
  applyLighting(planes, random, LIGHT_GRADIENT, LIGHT_VIGNETTE);
  const encoded = recapture(planes, random, RECAPTURE_BLUR_PX, SENSOR_NOISE_LEVELS);

  // where the printed picture (inside the margin) lies in the output
  const picture = { left: margin, top: margin, right: paperW - margin, bottom: paperH - margin };
  return { ...encoded, picture: surfaceRectBounds(squareToQuad(quad), picture, paperW, paperH, width, height) };
}
