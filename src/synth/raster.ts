/**
 * Pixel machinery shared by the attack simulations: RGBA in and out, float colour planes in linear
 * light, a supersampling renderer (the camera sensor integrating a scene over each pixel), planar
 * homographies, resampling, Gaussian blur, lighting and a plain room backdrop. No DOM; every buffer
 * is allocated once per image, never per pixel.
 */
import type { Box } from '../pixels/types.js';
import type { Random } from './random.js';
import { gaussian, uniform } from './random.js';

/** An 8-bit RGBA image, row-major, 4 bytes per pixel (the layout of `ImageData`). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** A simulated attack: the re-captured image, and where the input picture ended up in it. */
export interface SimulatedAttack extends RgbaImage {
  /** Axis-aligned bounds, in output pixels, of the input picture as it appears in the output. */
  picture: Box;
}

/** Three colour planes in linear light, 0 = black, 1 = white; `r[y * width + x]`. */
export interface Planes {
  width: number;
  height: number;
  r: Float32Array;
  g: Float32Array;
  b: Float32Array;
}

const CHANNELS = 4;
/** Display gamma of sRGB-like encodings (a power-law approximation of the sRGB curve). */
const ENCODING_GAMMA = 2.2;
/** Largest input side accepted (keeps a simulated attack within memory on a phone). */
export const MAX_SYNTH_SIDE = 4096;

/**
 * Throws a RangeError unless `img` is a well-formed RGBA image.
 * @param minSide smallest width and height accepted, in pixels.
 */
export function assertRgbaImage(img: RgbaImage, minSide: number): void {
  const { width, height, data } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < minSide || height < minSide) {
    throw new RangeError(`The image must be at least ${minSide}×${minSide} px, got ${width}×${height}.`);
  }
  if (width > MAX_SYNTH_SIDE || height > MAX_SYNTH_SIDE) {
    throw new RangeError(`The image must be at most ${MAX_SYNTH_SIDE} px on a side, got ${width}×${height}.`);
  }
  if (data.length !== width * height * CHANNELS) {
    throw new RangeError(`An RGBA image of ${width}×${height} needs ${width * height * CHANNELS} bytes, got ${data.length}.`);
  }
}

/** Empty planes of the given size. */
export function createPlanes(width: number, height: number): Planes {
  const count = width * height;
  return { width, height, r: new Float32Array(count), g: new Float32Array(count), b: new Float32Array(count) };
}

/** Decode an RGBA image into linear-light planes (inverse display gamma; alpha ignored). */
export function toLinearPlanes(img: RgbaImage): Planes {
  const decode = new Float32Array(256);
  for (let v = 0; v < 256; v++) decode[v] = (v / 255) ** ENCODING_GAMMA;
  const planes = createPlanes(img.width, img.height);
  const { data } = img;
  for (let i = 0, j = 0; i < planes.r.length; i++, j += CHANNELS) {
    planes.r[i] = decode[data[j]];
    planes.g[i] = decode[data[j + 1]];
    planes.b[i] = decode[data[j + 2]];
  }
  return planes;
}

/**
 * Encode linear planes to an opaque RGBA image (display gamma), adding the camera's sensor noise:
 * Gaussian, `noiseLevels` grey levels of standard deviation, independent per channel, after encoding.
 */
export function encodePlanes(planes: Planes, random: Random, noiseLevels: number): RgbaImage {
  const { width, height } = planes;
  const data = new Uint8ClampedArray(width * height * CHANNELS);
  const inverse = 1 / ENCODING_GAMMA;
  const encode = (linear: number): number => 255 * (linear > 0 ? Math.min(linear, 1) ** inverse : 0);
  for (let i = 0, j = 0; i < planes.r.length; i++, j += CHANNELS) {
    data[j] = encode(planes.r[i]) + noiseLevels * gaussian(random);
    data[j + 1] = encode(planes.g[i]) + noiseLevels * gaussian(random);
    data[j + 2] = encode(planes.b[i]) + noiseLevels * gaussian(random);
    data[j + 3] = 255;
  }
  return { width, height, data };
}

/**
 * Bilinear sample of one plane at a continuous position (pixel centres at `i + 0.5`), clamped to
 * the edge.
 */
export function sampleBilinear(plane: Float32Array, width: number, height: number, x: number, y: number): number {
  const fx = Math.min(Math.max(x - 0.5, 0), width - 1);
  const fy = Math.min(Math.max(y - 0.5, 0), height - 1);
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, width - 1);
  const y1 = Math.min(y0 + 1, height - 1);
  const tx = fx - x0;
  const ty = fy - y0;
  const top = plane[y0 * width + x0] * (1 - tx) + plane[y0 * width + x1] * tx;
  const bottom = plane[y1 * width + x0] * (1 - tx) + plane[y1 * width + x1] * tx;
  return top * (1 - ty) + bottom * ty;
}

/** Resampling taps of one axis: output sample `o` reads `indices[starts[o] .. starts[o+1])`. */
interface AxisTaps {
  starts: Int32Array;
  indices: Int32Array;
  weights: Float64Array;
}

function axisTaps(inSize: number, outSize: number): AxisTaps {
  const scale = inSize / outSize;
  const maxTaps = Math.ceil(scale) + 2;
  const starts = new Int32Array(outSize + 1);
  const indices = new Int32Array(outSize * maxTaps);
  const weights = new Float64Array(outSize * maxTaps);
  let count = 0;
  const push = (index: number, weight: number): void => {
    indices[count] = Math.min(Math.max(index, 0), inSize - 1);
    weights[count] = weight;
    count++;
  };
  for (let o = 0; o < outSize; o++) {
    starts[o] = count;
    if (scale >= 1) {
      // area averaging: coverage of source sample p by the footprint [a, b)
      const a = o * scale;
      const b = a + scale;
      for (let p = Math.floor(a); p < b; p++) {
        const coverage = Math.min(b, p + 1) - Math.max(a, p);
        if (coverage > 0) push(p, coverage / scale);
      }
    } else {
      // bilinear interpolation at the output sample's centre
      const centre = (o + 0.5) * scale - 0.5;
      const i0 = Math.floor(centre);
      push(i0, 1 - (centre - i0));
      push(i0 + 1, centre - i0);
    }
  }
  starts[outSize] = count;
  return { starts, indices, weights };
}

/** Resize planes: area averaging where they shrink, bilinear interpolation where they grow. */
export function resizePlanes(src: Planes, outW: number, outH: number): Planes {
  const cols = axisTaps(src.width, outW);
  const rows = axisTaps(src.height, outH);
  const out = createPlanes(outW, outH);
  const horizontal = new Float32Array(src.height * outW);
  for (const key of ['r', 'g', 'b'] as const) {
    const plane = src[key];
    // separable: along rows first, then along columns
    for (let y = 0; y < src.height; y++) {
      for (let ox = 0; ox < outW; ox++) {
        let sum = 0;
        for (let t = cols.starts[ox]; t < cols.starts[ox + 1]; t++) sum += plane[y * src.width + cols.indices[t]] * cols.weights[t];
        horizontal[y * outW + ox] = sum;
      }
    }
    const target = out[key];
    for (let oy = 0; oy < outH; oy++) {
      for (let t = rows.starts[oy]; t < rows.starts[oy + 1]; t++) {
        const base = rows.indices[t] * outW;
        const weight = rows.weights[t];
        for (let ox = 0; ox < outW; ox++) target[oy * outW + ox] += horizontal[base + ox] * weight;
      }
    }
  }
  return out;
}

/** Kernel radius of the Gaussian blur, in standard deviations. */
const GAUSSIAN_RADIUS_SIGMAS = 3;

/**
 * Separable Gaussian blur in place (edges clamped): the re-capturing camera's optics and focus.
 * @param sigma standard deviation in pixels; ≤ 0 leaves the planes as they are.
 */
export function gaussianBlur(planes: Planes, sigma: number): void {
  if (!(sigma > 0)) return;
  const radius = Math.max(1, Math.ceil(GAUSSIAN_RADIUS_SIGMAS * sigma));
  const kernel = new Float64Array(2 * radius + 1);
  let total = 0;
  for (let k = -radius; k <= radius; k++) total += kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let k = 0; k < kernel.length; k++) kernel[k] /= total;
  const { width, height } = planes;
  const scratch = new Float32Array(width * height);
  for (const key of ['r', 'g', 'b'] as const) {
    const plane = planes[key];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let k = -radius; k <= radius; k++) {
          const xx = Math.min(Math.max(x + k, 0), width - 1);
          sum += plane[y * width + xx] * kernel[k + radius];
        }
        scratch[y * width + x] = sum;
      }
    }
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let k = -radius; k <= radius; k++) {
          const yy = Math.min(Math.max(y + k, 0), height - 1);
          sum += scratch[yy * width + x] * kernel[k + radius];
        }
        plane[y * width + x] = sum;
      }
    }
  }
}

/**
 * Colour of the scene at a point, written into `out[0..2]` (linear light). Called once per
 * sub-sample; it must not allocate.
 */
export type SceneShader = (x: number, y: number, out: Float64Array) => void;

/**
 * Render a scene the way a sensor integrates light: `samples × samples` stratified sub-samples per
 * output pixel, averaged (box pre-filter). Periodic detail finer than a pixel aliases as it does
 * in a real camera, which is where moiré comes from.
 */
export function renderSupersampled(width: number, height: number, samples: number, shade: SceneShader): Planes {
  const planes = createPlanes(width, height);
  const colour = new Float64Array(3);
  const weight = 1 / (samples * samples);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          shade(x + (sx + 0.5) / samples, y + (sy + 0.5) / samples, colour);
          r += colour[0];
          g += colour[1];
          b += colour[2];
        }
      }
      const i = y * width + x;
      planes.r[i] = r * weight;
      planes.g[i] = g * weight;
      planes.b[i] = b * weight;
    }
  }
  return planes;
}

/** A 3×3 projective map, row-major: `(x, y) ↦ ((h0 x + h1 y + h2) / w, (h3 x + h4 y + h5) / w)`, `w = h6 x + h7 y + h8`. */
export type Homography = Float64Array;

/** Four corners `[x0, y0, x1, y1, x2, y2, x3, y3]`: top-left, top-right, bottom-right, bottom-left. */
export type Quad = readonly number[];

/**
 * The homography taking the unit square's corners (0,0), (1,0), (1,1), (0,1) to the quad's corners
 * (Heckbert 1989, "Fundamentals of texture mapping", square-to-quadrilateral).
 */
export function squareToQuad(quad: Quad): Homography {
  const [x0, y0, x1, y1, x2, y2, x3, y3] = quad;
  const sx = x0 - x1 + x2 - x3;
  const sy = y0 - y1 + y2 - y3;
  const dx1 = x1 - x2;
  const dx2 = x3 - x2;
  const dy1 = y1 - y2;
  const dy2 = y3 - y2;
  const det = dx1 * dy2 - dx2 * dy1;
  const g = (sx * dy2 - dx2 * sy) / det;
  const h = (dx1 * sy - sx * dy1) / det;
  return Float64Array.of(x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1);
}

/** Inverse of a 3×3 matrix (by cofactors). */
export function invert3x3(m: Homography): Homography {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return Float64Array.of(
    A / det, -(b * i - c * h) / det, (b * f - c * e) / det,
    B / det, (a * i - c * g) / det, -(a * f - c * d) / det,
    C / det, -(a * h - b * g) / det, (a * e - b * d) / det,
  );
}

/** Apply a homography to a point, writing `[x', y']` into `out`. */
export function applyHomography(m: Homography, x: number, y: number, out: Float64Array): void {
  const w = m[6] * x + m[7] * y + m[8];
  out[0] = (m[0] * x + m[1] * y + m[2]) / w;
  out[1] = (m[3] * x + m[4] * y + m[5]) / w;
}

/** The corners of a `width × height` rectangle centred at (cx, cy), turned by `angle` radians. */
export function rotatedRect(cx: number, cy: number, width: number, height: number, angle: number): number[] {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const corners = [-0.5, -0.5, 0.5, -0.5, 0.5, 0.5, -0.5, 0.5];
  const quad: number[] = [];
  for (let k = 0; k < 8; k += 2) {
    const px = corners[k] * width;
    const py = corners[k + 1] * height;
    quad.push(cx + px * cos - py * sin, cy + px * sin + py * cos);
  }
  return quad;
}

/** Axis-aligned bounds of a quad, cut to the image. */
export function quadBounds(quad: Quad, width: number, height: number): Box {
  const xs = [quad[0], quad[2], quad[4], quad[6]];
  const ys = [quad[1], quad[3], quad[5], quad[7]];
  const x0 = Math.max(0, Math.min(...xs));
  const y0 = Math.max(0, Math.min(...ys));
  const x1 = Math.min(width, Math.max(...xs));
  const y1 = Math.min(height, Math.max(...ys));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/** A rectangle of a flat surface (a print, a screen) in the surface's own units: its four edges. */
export interface SurfaceRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Where the rectangle `rect` of a `surfaceW × surfaceH` surface lies in the output: its corners
 * (top-left, top-right, bottom-right, bottom-left) mapped by `homography` (which takes the unit square
 * to the surface's outline in the output), bounded and cut to the `width × height` output.
 */
export function surfaceRectBounds(homography: Homography, rect: SurfaceRect, surfaceW: number, surfaceH: number, width: number, height: number): Box {
  const { left, top, right, bottom } = rect;
  const corner = new Float64Array(2);
  const quad: number[] = [];
  for (const [u, v] of [[left, top], [right, top], [right, bottom], [left, bottom]]) {
    applyHomography(homography, u / surfaceW, v / surfaceH, corner);
    quad.push(corner[0], corner[1]);
  }
  return quadBounds(quad, width, height);
}

/**
 * The camera's part of every simulation, after the scene is rendered: optical blur of `blurSigma`
 * pixels, then encoding with `noiseLevels` grey levels of sensor noise (draws from `random`).
 */
export function recapture(planes: Planes, random: Random, blurSigma: number, noiseLevels: number): RgbaImage {
  gaussianBlur(planes, blurSigma);
  return encodePlanes(planes, random, noiseLevels);
}

/** Wall colours of the room behind the attack (linear light): off-white, grey, beige, pale blue. */
const WALL_COLOURS: readonly (readonly [number, number, number])[] = [
  [0.62, 0.6, 0.55],
  [0.42, 0.43, 0.45],
  [0.55, 0.45, 0.33],
  [0.4, 0.47, 0.55],
];
/** Brightness falls by this share from the top of the wall to the bottom (light from above). */
const WALL_FALLOFF = 0.35;
/** Amplitude of the wall's low-frequency blotches (uneven paint and light), as a share. */
const WALL_BLOTCH = 0.08;
/** Number of random cosine waves that make the blotches. */
const WALL_WAVES = 4;

/**
 * A plain room wall: one of a few wall colours, darker towards the bottom, with low-frequency
 * blotches (a sum of random cosines). Stands for the scene around the attack medium.
 * @returns a shader of the backdrop over a `width × height` frame.
 */
export function roomBackdrop(random: Random, width: number, height: number): SceneShader {
  const base = WALL_COLOURS[Math.floor(random() * WALL_COLOURS.length)];
  const waves = new Float64Array(WALL_WAVES * 3);
  for (let k = 0; k < WALL_WAVES; k++) {
    const angle = uniform(random, 0, Math.PI);
    const frequency = uniform(random, 0.5, 2.5) / Math.max(width, height);
    waves[3 * k] = 2 * Math.PI * frequency * Math.cos(angle);
    waves[3 * k + 1] = 2 * Math.PI * frequency * Math.sin(angle);
    waves[3 * k + 2] = uniform(random, 0, 2 * Math.PI);
  }
  return (x, y, out) => {
    let blotch = 0;
    for (let k = 0; k < WALL_WAVES; k++) blotch += Math.cos(waves[3 * k] * x + waves[3 * k + 1] * y + waves[3 * k + 2]);
    const level = (1 - (WALL_FALLOFF * y) / height) * (1 + (WALL_BLOTCH / WALL_WAVES) * blotch);
    out[0] = base[0] * level;
    out[1] = base[1] * level;
    out[2] = base[2] * level;
  };
}

/**
 * Uneven illumination, multiplied in place: a linear gradient across the frame in a random
 * direction (a lamp to one side) times a radial vignette (lens fall-off).
 * @param gradient brightness difference from one side of the frame to the centre, as a share.
 * @param vignette brightness lost in the corners, as a share.
 */
export function applyLighting(planes: Planes, random: Random, gradient: number, vignette: number): void {
  const { width, height } = planes;
  const angle = uniform(random, 0, 2 * Math.PI);
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  const cx = width / 2;
  const cy = height / 2;
  const cornerSq = cx * cx + cy * cy;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const along = (dx * ux + dy * uy) / Math.sqrt(cornerSq);
      const factor = (1 + gradient * along) * (1 - (vignette * (dx * dx + dy * dy)) / cornerSq);
      const i = y * width + x;
      planes.r[i] *= factor;
      planes.g[i] *= factor;
      planes.b[i] *= factor;
    }
  }
}
