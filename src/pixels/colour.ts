import type { Box, GrayImage, RgbPlanes } from './types.js';
import { cropResizeRgbPlanes } from './gray.js';
import { lbpHistogramInto, LBP_BINS } from './lbp.js';

/** The six colour channels of colour texture analysis (Boulkenafet, Komulainen & Hadid 2016): YCbCr and HSV. */
export const COLOUR_CHANNELS = ['y', 'cb', 'cr', 'h', 's', 'v'] as const;
export type ColourChannel = (typeof COLOUR_CHANNELS)[number];


const MAX_LEVEL = 255;
const HUE_SECTORS = 6;

/** The box region of an RGBA image as R, G, B planes of `side × side` (area averaging when shrinking). */
export function cropResizeRgb(rgba: Uint8ClampedArray, width: number, height: number, box: Box, side: number): RgbPlanes {
  return cropResizeRgbPlanes(rgba, width, height, box, side, side);
}

/**
 * The box region as a new `side × side` RGBA image (8 bits per channel, opaque), resampled like
 * `cropResizeRgb`: a small working copy that several crops can then be cut from cheaply.
 */
export function cropResizeRgba(rgba: Uint8ClampedArray, width: number, height: number, box: Box, side: number): Uint8ClampedArray {
  const [{ data: r }, { data: g }, { data: b }] = cropResizeRgb(rgba, width, height, box, side);
  const out = new Uint8ClampedArray(side * side * 4);
  for (let i = 0, j = 0; i < side * side; i++, j += 4) {
    out[j] = r[i];
    out[j + 1] = g[i];
    out[j + 2] = b[i];
    out[j + 3] = 255;
  }
  return out;
}

/** Y, Cb, Cr (ITU-R BT.601 full range, 0–255) and H, S, V (each scaled to 0–255) planes of R, G, B planes. */
export function colourPlanes([r, g, b]: RgbPlanes): Record<ColourChannel, GrayImage> {
  const n = r.data.length;
  const [y, cb, cr, h, s, v] = COLOUR_CHANNELS.map(() => new Float32Array(n));
  convertPlanes(r.data, g.data, b.data, y, cb, cr, h, s, v);
  const plane = (data: Float32Array): GrayImage => ({ width: r.width, height: r.height, data });
  return { y: plane(y), cb: plane(cb), cr: plane(cr), h: plane(h), s: plane(s), v: plane(v) };
}

/** The conversion of `colourPlanes`, into planes the caller provides (at least as long as `red`). */
function convertPlanes(
  red: Float32Array,
  green: Float32Array,
  blue: Float32Array,
  y: Float32Array,
  cb: Float32Array,
  cr: Float32Array,
  h: Float32Array,
  s: Float32Array,
  v: Float32Array,
): void {
  const n = red.length;
  for (let i = 0; i < n; i++) {
    const R = red[i];
    const G = green[i];
    const B = blue[i];
    // YCbCr, BT.601 full range (as in JPEG)
    y[i] = 0.299 * R + 0.587 * G + 0.114 * B;
    cb[i] = 128 - 0.168736 * R - 0.331264 * G + 0.5 * B;
    cr[i] = 128 + 0.5 * R - 0.418688 * G - 0.081312 * B;
    // HSV, hexcone model; hue as a share of the circle
    const max = R >= G ? (R >= B ? R : B) : G >= B ? G : B;
    const min = R <= G ? (R <= B ? R : B) : G <= B ? G : B;
    const delta = max - min;
    let hue = 0;
    if (delta > 0) {
      if (max === R) {
        // (G − B) / delta lies in [−1, 1], so this is `x % 6` for x in [5, 7] (x − 6 is exact there)
        hue = (G - B) / delta + HUE_SECTORS;
        if (hue >= HUE_SECTORS) hue -= HUE_SECTORS;
      }
      else if (max === G) hue = (B - R) / delta + 2;
      else hue = (R - G) / delta + 4;
    }
    h[i] = (hue / HUE_SECTORS) * MAX_LEVEL;
    s[i] = max > 0 ? (delta / max) * MAX_LEVEL : 0;
    v[i] = max;
  }
}

/**
 * Colour texture descriptor of one crop: the uniform-LBP histogram (P=8, R=1) of each YCbCr and HSV
 * channel, concatenated in COLOUR_CHANNELS order (6 × 10 shares, each histogram summing to 1).
 */
export function colourLbpHistograms(planes: RgbPlanes): Float64Array {
  const [r, g, b] = planes;
  const channels = COLOUR_CHANNELS.map(() => new Float32Array(r.data.length));
  const [y, cb, cr, h, s, v] = channels;
  convertPlanes(r.data, g.data, b.data, y, cb, cr, h, s, v);
  const features = new Float64Array(COLOUR_CHANNELS.length * LBP_BINS);
  channels.forEach((data, i) => lbpHistogramInto(data, r.width, r.height, features, i * LBP_BINS));
  return features;
}
