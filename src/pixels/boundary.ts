/**
 * Boundary evidence: is the face enclosed by a frame close around it — a phone or monitor bezel, the
 * edge of a page — the way a recaptured face is, rather than standing in front of a room?
 *
 * The face's surroundings are resampled to greyscale so the face box is `facePx` wide (every distance
 * below is in face sizes, whatever the image's resolution; a large face is read on a sparser grid).
 * On each side of the face box a constrained line search (a small Hough transform over offset × tilt)
 * looks for a straight edge, tilted up to about
 * 20°, between `searchNear` and `searchFar` face sizes out, whose brightness step across the line
 * keeps one sign along the face's whole span (continuity) and is strong (contrast). Such a candidate
 * is kept as a frame side when it also runs on, with the same polarity, to where it meets its
 * neighbours (run): a frame held in front of the camera is closed, while the lines of a room behind a
 * person are cut by the head and shoulders. Kept sides make a quadrilateral (the image border stands
 * in for a side not found). Bands either side of each kept side give the brightness step between
 * inside and outside, whether one band is a dark uniform border (a screen's bezel), and the share of
 * skin-coloured pixels just outside it (fingers holding the frame).
 *
 * With room for a frame on fewer than two sides (a tight face crop), or no usable face box, the
 * measure says it could not measure — its own state, never a score.
 *
 * Pure functions over typed arrays: no DOM, no module state.
 * @module
 */
import { cropResizeGraySparse } from './gray.js';
import type { Box } from './types.js';

/** A side of the face box; also the order of the quadrilateral's sides. */
export type SideName = 'left' | 'top' | 'right' | 'bottom';

/** Sides in quadrilateral order: left, top, right, bottom (corners top-left, top-right, …). */
export const SIDE_NAMES: readonly SideName[] = Object.freeze(['left', 'top', 'right', 'bottom'] as const);

/** A point in image pixels. */
export interface Point {
  x: number;
  y: number;
}

/** Parameters of the measure. Every distance is in face sizes unless its name says pixels. */
export interface BoundaryParams {
  /** Width of the face box in the working copy, px. @default 64 */
  facePx: number;
  /** When shrinking, image samples per working pixel and axis, at least (every q-th pixel is read, q = ⌊shrink / this⌋). @default 1.5 */
  samplesPerOutput: number;
  /** Closest a frame side may be to the face box, face sizes. @default 0.04 */
  searchNear: number;
  /** Farthest a frame side may be from the face box, face sizes. @default 2.5 */
  searchFar: number;
  /** Working copy kept beyond the farthest side (room for bands and steps), face sizes. @default 0.35 */
  regionPad: number;
  /** Narrower face boxes (image px) are not measured. @default 20 */
  minFacePx: number;
  /** Image a side needs beyond the face box to be observable, face sizes. @default 0.25 */
  minMargin: number;
  /** The same in working px. @default 4 */
  minMarginPx: number;
  /** Measurable when at least this many sides are observable. @default 2 */
  minObservableSides: number;
  /** The scored span reaches this far past the face box at both ends, face sizes. @default 0.25 */
  spanExtend: number;
  /** Tilts searched (across per along; ±0.36 ≈ ±20°). */
  slopes: readonly number[];
  /** The step across a line is taken between the pixels this far either side, working px. @default 2 */
  stepOffset: number;
  /** A sample lies on the edge when its step reaches this, grey levels. @default 10 */
  stepMin: number;
  /** Share of the face span on the edge for a candidate side. @default 0.7 */
  foundContinuity: number;
  /** Share of the run between the corners on the edge for a kept side. @default 0.6 */
  runMin: number;
  /** Width of the bands either side of a kept side, face sizes. @default 0.12 */
  band: number;
  /** Gap between a side and its bands, working px. @default 3 */
  bandGap: number;
  /** A band darker than this (grey level) … @default 60 */
  darkLuma: number;
  /** … and more uniform than this (grey-level standard deviation) is a dark border. @default 18 */
  uniformStd: number;
  /** Pixels darker than this (grey level) are not called skin. @default 80 */
  skinMinLuma: number;
}

/** Defaults of the measure (chosen on the development sources; see README). */
export const BOUNDARY_DEFAULTS: Readonly<BoundaryParams> = Object.freeze({
  facePx: 64,
  samplesPerOutput: 1.5,
  searchNear: 0.04,
  searchFar: 2.5,
  regionPad: 0.35,
  minFacePx: 20,
  minMargin: 0.25,
  minMarginPx: 4,
  minObservableSides: 2,
  spanExtend: 0.25,
  slopes: Object.freeze([-0.36, -0.27, -0.18, -0.09, 0, 0.09, 0.18, 0.27, 0.36]),
  stepOffset: 2,
  stepMin: 10,
  foundContinuity: 0.7,
  runMin: 0.6,
  band: 0.12,
  bandGap: 3,
  darkLuma: 60,
  uniformStd: 18,
  skinMinLuma: 80,
});

/**
 * The frame score's logistic model, fitted on the measurable development images (169 live, 21
 * screen replays and prints; balanced classes): z = intercept + runSum·w₁ + contrast/100·w₂.
 */
export const FRAME_MODEL = Object.freeze({ intercept: -5.7912, runSum: 2.0827, contrast: 3.8492 });

/** What one side's search found. */
export interface BoundarySide {
  side: SideName;
  /** The image has room for a frame on this side. */
  observable: boolean;
  /** A straight edge runs along the face's span (continuity ≥ `foundContinuity`). */
  candidate: boolean;
  /** A candidate that also runs on to its corners (run ≥ `runMin`): a frame side. */
  found: boolean;
  /** Share (0–1) of the face span where the step keeps the edge's polarity and reaches `stepMin`. */
  continuity: number;
  /** Median step across the best line along the face span, with its polarity, grey levels. */
  contrast: number;
  /** +1 when the outside of the line is brighter, −1 when darker, 0 when nothing was searched. */
  polarity: 1 | -1 | 0;
  /** Share (0–1) of the candidate's whole run, corner to corner, on the edge; 0 unless a candidate. */
  run: number;
  /** Distance of the best line from the face box at its centre, face sizes; null if not searched. */
  offset: number | null;
  /** Tilt of the best line (across per along); null if not searched. */
  slope: number | null;
  /** Mean grey level outside minus inside, in bands along a found side; 0 otherwise. */
  step: number;
  /** One band along a found side is dark and uniform (a screen's bezel). */
  darkBand: boolean;
  /** Share (0–1) of skin-coloured pixels in the band outside a found side (fingers). */
  skinShare: number;
  /** Ends of the best line's scored stretch in image px (its run when found); null if not searched. */
  segment: readonly [Point, Point] | null;
}

/** Why the measure could not be taken. */
export type BoundaryUnmeasurableReason = 'no-face-box' | 'face-too-small' | 'too-little-context';

/** The image did not allow the measure. */
export interface BoundaryUnmeasured {
  measurable: false;
  reason: BoundaryUnmeasurableReason;
  /** Plain-language sentence. */
  detail: string;
  /** Per-side results when the search ran (too little context), else null. */
  sides: readonly BoundarySide[] | null;
}

/** The measure was taken. */
export interface BoundaryMeasured {
  measurable: true;
  /** Frame corners in image px (top-left, top-right, bottom-right, bottom-left) with two or more sides found; else null. */
  quad: readonly [Point, Point, Point, Point] | null;
  /** Number of frame sides found (0–4). */
  sideCount: number;
  /** Per-side results, in `SIDE_NAMES` order. */
  sides: readonly BoundarySide[];
  /** Sum of the found sides' runs (0–4). */
  runSum: number;
  /** Mean |contrast| of the found sides, grey levels; 0 with none. */
  contrast: number;
  /** Mean |step| between the bands of the found sides, grey levels; 0 with none. */
  step: number;
  /** Number of found sides with a dark uniform band. */
  darkSides: number;
  /** Largest skin share outside a found left, right or bottom side. */
  skinShare: number;
  /** Frame score 0–1 (`FRAME_MODEL`): higher = more like a recapture frame around the face. */
  probability: number;
  /** Plain-language sentence, e.g. "a dark rectangular border encloses the face on 3 sides". */
  detail: string;
}

export type BoundaryMeasurement = BoundaryMeasured | BoundaryUnmeasured;

/**
 * An RGBA image (`ImageData` layout) and the face box in its pixels. The pixels may be a region of a
 * larger image that holds everything the measure reads (the face box and `searchFar + regionPad` face
 * sizes around it, cut to the image): `imageBox` then says where the whole image lies in the region's
 * coordinates, so that a side's room and the quadrilateral's image-border sides are the image's.
 */
export interface BoundaryInput {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  faceBox: Box | null;
  /** Where the whole image lies in these pixels' coordinates. @default the pixels themselves */
  imageBox?: Box;
}

const isVertical = (side: SideName): boolean => side === 'left' || side === 'right';
const outwardOf = (side: SideName): 1 | -1 => (side === 'left' || side === 'top' ? -1 : 1);
/** Round half up, as the prototype does (floor(v + 0.5)). */
const roundHalfUp = (v: number): number => Math.floor(v + 0.5);

/** The working copy: greyscale of the face's surroundings with the face box `facePx` wide. */
interface WorkingCopy {
  width: number;
  height: number;
  grey: Float32Array;
  /** Face box in working px. */
  box: Box;
  /** Image px = origin + working px / scale. */
  originX: number;
  originY: number;
  scaleX: number;
  scaleY: number;
  /** The source image, for colour at single pixels (skin). */
  source: BoundaryInput;
  /**
   * Sign of grey[x + stepOffset] − grey[x − stepOffset] where it reaches ±stepMin, else 0 (also where
   * either sample lies off the copy); signY the same along y.
   */
  signX: Int8Array;
  signY: Int8Array;
}

/** Sign images of a grey image: where the difference `offset` px either side reaches ±stepMin, along x and y. */
function signImages(grey: Float32Array, W: number, H: number, offset: number, stepMin: number): { signX: Int8Array; signY: Int8Array } {
  const signX = new Int8Array(W * H);
  const signY = new Int8Array(W * H);
  for (let y = 0; y < H; y++) {
    const row = y * W;
    for (let x = offset; x < W - offset; x++) {
      const d = grey[row + x + offset] - grey[row + x - offset];
      signX[row + x] = d >= stepMin ? 1 : d <= -stepMin ? -1 : 0;
    }
  }
  const dy = offset * W;
  for (let i = dy; i < W * H - dy; i++) {
    const d = grey[i + dy] - grey[i - dy];
    signY[i] = d >= stepMin ? 1 : d <= -stepMin ? -1 : 0;
  }
  return { signX, signY };
}

// BT.601 luma weights
const LUMA_R = 0.299;
const LUMA_G = 0.587;
const LUMA_B = 0.114;

/**
 * The whole-pixel region of a `width × height` image the measure reads around `box`: the box and
 * `searchFar + regionPad` face sizes beyond it on every side, cut to the image.
 */
export function boundaryRegion(box: Box, width: number, height: number, p: Readonly<BoundaryParams> = BOUNDARY_DEFAULTS): Box {
  const reach = p.searchFar + p.regionPad;
  const x0 = Math.max(0, Math.floor(box.x - reach * box.width));
  const y0 = Math.max(0, Math.floor(box.y - reach * box.height));
  const x1 = Math.min(width, Math.ceil(box.x + box.width + reach * box.width));
  const y1 = Math.min(height, Math.ceil(box.y + box.height + reach * box.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

function workingCopy(input: BoundaryInput, box: Box, p: BoundaryParams): WorkingCopy {
  const { width: w, height: h } = input;
  const { x: x0, y: y0, width: regionWidth, height: regionHeight } = boundaryRegion(box, w, h, p);
  const x1 = x0 + regionWidth;
  const y1 = y0 + regionHeight;
  const scale = p.facePx / box.width;
  const outW = Math.max(1, roundHalfUp((x1 - x0) * scale));
  const outH = Math.max(1, roundHalfUp((y1 - y0) * scale));
  // a large face needs no more than a few image samples per working pixel: read every q-th pixel
  const stride = Math.max(1, Math.floor(1 / scale / p.samplesPerOutput));
  const grey = cropResizeGraySparse(input.rgba, w, h, { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, outW, outH, stride).data;
  const sx = outW / (x1 - x0);
  const sy = outH / (y1 - y0);
  return {
    width: outW,
    height: outH,
    grey,
    box: { x: (box.x - x0) * sx, y: (box.y - y0) * sy, width: box.width * sx, height: box.height * sy },
    originX: x0,
    originY: y0,
    scaleX: sx,
    scaleY: sy,
    source: input,
    ...signImages(grey, outW, outH, p.stepOffset, p.stepMin),
  };
}

/** Whether the source pixel under a working pixel's centre is skin-coloured. */
function skinAt(copy: WorkingCopy, col: number, row: number, minLuma: number): boolean {
  const { rgba, width, height } = copy.source;
  const x = Math.min(width - 1, Math.max(0, Math.floor(copy.originX + (col + 0.5) / copy.scaleX)));
  const y = Math.min(height - 1, Math.max(0, Math.floor(copy.originY + (row + 0.5) / copy.scaleY)));
  const j = 4 * (y * width + x);
  return isSkinColour(rgba[j], rgba[j + 1], rgba[j + 2], minLuma);
}

/** The best line of one side, in working px: across = round(edge + slope·(along − centre)) + outward·offsetPx. */
interface SideLine {
  side: SideName;
  edge: number;
  offsetPx: number;
  slope: number;
  centre: number;
  /** Face size along the search direction, working px. */
  size: number;
  /** Scored face span (along positions, inclusive). */
  a0: number;
  a1: number;
  polarity: 1 | -1;
}

interface SideSearch {
  observable: boolean;
  line: SideLine | null;
  continuity: number;
  contrast: number;
}

/** k-th smallest of values[0..n) (0-based), reordering them (Hoare's selection). */
function select(values: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}

/** Median of values[0..n) (mean of the two middle values for even n); reorders them. */
function median(values: Float64Array, n: number): number {
  const upper = select(values, n, n >> 1);
  if (n % 2 === 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

/** Constrained line search on one side of the face box (offset × tilt), scored on the face span. */
function searchSide(copy: WorkingCopy, side: SideName, marginFaces: number, p: BoundaryParams): SideSearch {
  const { width: W, height: H, grey, box } = copy;
  const vertical = isVertical(side);
  const outward = outwardOf(side);
  const size = vertical ? box.width : box.height;
  const lo = vertical ? box.y - p.spanExtend * box.height : box.x - p.spanExtend * box.width;
  const hi = vertical ? box.y + box.height + p.spanExtend * box.height : box.x + box.width + p.spanExtend * box.width;
  const alongLimit = vertical ? H : W;
  const acrossLimit = vertical ? W : H;
  const centre = vertical ? box.y + box.height / 2 : box.x + box.width / 2;
  const margin = side === 'left' ? box.x : side === 'right' ? W - (box.x + box.width) : side === 'top' ? box.y : H - (box.y + box.height);
  const edge = side === 'left' ? box.x : side === 'right' ? box.x + box.width : side === 'top' ? box.y : box.y + box.height;
  const a0 = Math.max(0, Math.ceil(lo));
  const a1 = Math.min(alongLimit - 1, Math.floor(hi));
  const near = Math.max(1, Math.ceil(p.searchNear * size));
  const far = Math.floor(Math.min(p.searchFar * size, margin - p.stepOffset - 1));
  const roomy = marginFaces >= p.minMargin && margin >= p.minMarginPx;
  const none: SideSearch = { observable: false, line: null, continuity: 0, contrast: 0 };
  if (!roomy || a1 <= a0 || far < near) return none;

  const n = a1 - a0 + 1;
  // the step across the line, outside minus inside, is outward · (grey[c + 2] − grey[c − 2]) along x
  // or y; whether it reaches ±stepMin is read from the copy's sign image
  const sign = vertical ? copy.signX : copy.signY;
  const stepDelta = p.stepOffset * (vertical ? 1 : W);
  const acrossStride = vertical ? 1 : W;
  const alongStride = vertical ? W : 1;
  const across = new Int32Array(n);
  const base = new Int32Array(n);
  const steps = new Float64Array(n);
  let bestHits = -1;
  let bestContrast = -Infinity;
  let best: { offsetPx: number; slope: number; polarity: 1 | -1 } | null = null;
  for (const slope of p.slopes) {
    let acrossMin = Infinity;
    let acrossMax = -Infinity;
    for (let i = 0; i < n; i++) {
      const c = roundHalfUp(edge + slope * (a0 + i - centre));
      across[i] = c;
      base[i] = (a0 + i) * alongStride + c * acrossStride;
      if (c < acrossMin) acrossMin = c;
      if (c > acrossMax) acrossMax = c;
    }
    for (let off = near; off <= far; off++) {
      const shiftPx = outward * off;
      const shift = shiftPx * acrossStride;
      let sum = 0;
      let count = 0;
      if (acrossMin + shiftPx >= 0 && acrossMax + shiftPx < acrossLimit) {
        for (let i = 0; i < n; i++) {
          const v = sign[base[i] + shift];
          sum += v;
          count += v & 1;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const c = across[i] + shiftPx;
          if (c < 0 || c >= acrossLimit) continue;
          const v = sign[base[i] + shift];
          sum += v;
          count += v & 1;
        }
      }
      // samples with the step ≥ stepMin outward-brighter (pos) and inward-brighter (neg)
      const up = (count + sum) / 2;
      const down = (count - sum) / 2;
      const pos = outward > 0 ? up : down;
      const neg = outward > 0 ? down : up;
      const hits = Math.max(pos, neg);
      if (hits < bestHits) continue;
      const polarity: 1 | -1 = pos >= neg ? 1 : -1;
      const factor = polarity * outward;
      for (let i = 0; i < n; i++) {
        const c = across[i] + shiftPx;
        const k = base[i] + shift;
        steps[i] = c < p.stepOffset || c >= acrossLimit - p.stepOffset ? 0 : factor * (grey[k + stepDelta] - grey[k - stepDelta]);
      }
      const contrast = median(steps, n);
      if (hits > bestHits || contrast > bestContrast) {
        bestHits = hits;
        bestContrast = contrast;
        best = { offsetPx: off, slope, polarity };
      }
    }
  }
  if (best === null) return none;
  return {
    observable: true,
    line: { side, edge, offsetPx: best.offsetPx, slope: best.slope, centre, size, a0, a1, polarity: best.polarity },
    continuity: bestHits / n,
    contrast: bestContrast,
  };
}

/** A line as point + direction, working or image px. */
interface Ray {
  px: number;
  py: number;
  dx: number;
  dy: number;
}

function rayOf(l: SideLine): Ray {
  const base = l.edge + outwardOf(l.side) * l.offsetPx;
  return isVertical(l.side) ? { px: base, py: l.centre, dx: l.slope, dy: 1 } : { px: l.centre, py: base, dx: 1, dy: l.slope };
}

/** Border line of a `w × h` rectangle at (x0, y0) on one side (its far edges at x0 + w and y0 + h). */
function borderRay(side: SideName, w: number, h: number, x0 = 0, y0 = 0): Ray {
  switch (side) {
    case 'left':
      return { px: x0, py: y0, dx: 0, dy: 1 };
    case 'right':
      return { px: x0 + w, py: y0, dx: 0, dy: 1 };
    case 'top':
      return { px: x0, py: y0, dx: 1, dy: 0 };
    default:
      return { px: x0, py: y0 + h, dx: 1, dy: 0 };
  }
}

function intersect(a: Ray, b: Ray): Point | null {
  const den = a.dx * b.dy - a.dy * b.dx;
  if (Math.abs(den) < 1e-9) return null;
  const u = ((b.px - a.px) * b.dy - (b.py - a.py) * b.dx) / den;
  return { x: a.px + u * a.dx, y: a.py + u * a.dy };
}

/** Across position (working px) of a side's line at an along position. */
function acrossAt(l: SideLine, along: number): number {
  return roundHalfUp(l.edge + l.slope * (along - l.centre)) + outwardOf(l.side) * l.offsetPx;
}

/** Share of a line's samples between two along positions whose step keeps its polarity (≥ stepMin). */
function runContinuity(copy: WorkingCopy, l: SideLine, a0: number, a1: number, p: BoundaryParams): number {
  const { width: W, height: H, grey } = copy;
  const vertical = isVertical(l.side);
  const acrossLimit = vertical ? W : H;
  const delta = outwardOf(l.side) * p.stepOffset;
  let valid = 0;
  let hits = 0;
  for (let a = a0; a <= a1; a++) {
    const c = acrossAt(l, a);
    const co = c + delta;
    const ci = c - delta;
    if (co < 0 || co >= acrossLimit || ci < 0 || ci >= acrossLimit) continue;
    const s = vertical ? grey[a * W + co] - grey[a * W + ci] : grey[co * W + a] - grey[ci * W + a];
    valid++;
    if (l.polarity * s >= p.stepMin) hits++;
  }
  return valid > 0 ? hits / valid : 0;
}

/**
 * Skin colour rule in YCbCr (Chai & Ngan 1999): Cr 133–173 and Cb 77–127, with luma at least
 * `minLuma` (dark browns, wood and shadows fall in the chroma box too).
 */
export function isSkinColour(r: number, g: number, b: number, minLuma: number = BOUNDARY_DEFAULTS.skinMinLuma): boolean {
  const y = LUMA_R * r + LUMA_G * g + LUMA_B * b;
  const cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
  const cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
  return cr >= 133 && cr <= 173 && cb >= 77 && cb <= 127 && y >= minLuma;
}

interface BandStats {
  mean: number;
  std: number;
  skin: number;
  count: number;
}

/** Grey mean and spread, and skin share, of the band along a line's run, inside or outside it. */
function bandStats(copy: WorkingCopy, l: SideLine, a0: number, a1: number, inside: boolean, p: BoundaryParams): BandStats {
  const { width: W, height: H, grey } = copy;
  const vertical = isVertical(l.side);
  const acrossLimit = vertical ? W : H;
  const width = Math.max(2, roundHalfUp(p.band * l.size));
  const sign = inside ? -outwardOf(l.side) : outwardOf(l.side);
  let count = 0;
  let sum = 0;
  let sumSq = 0;
  let skin = 0;
  for (let k = p.bandGap; k < p.bandGap + width; k++) {
    for (let a = a0; a <= a1; a++) {
      const c = acrossAt(l, a) + sign * k;
      if (c < 0 || c >= acrossLimit) continue;
      const v = vertical ? grey[a * W + c] : grey[c * W + a];
      count++;
      sum += v;
      sumSq += v * v;
      if (!inside && (vertical ? skinAt(copy, c, a, p.skinMinLuma) : skinAt(copy, a, c, p.skinMinLuma))) skin++;
    }
  }
  if (count === 0) return { mean: 0, std: 0, skin: 0, count: 0 };
  const mean = sum / count;
  return { mean, std: Math.sqrt(Math.max(0, sumSq / count - mean * mean)), skin: skin / count, count };
}

/** Working px → image px. */
function toImage(copy: WorkingCopy, x: number, y: number): Point {
  return { x: copy.originX + x / copy.scaleX, y: copy.originY + y / copy.scaleY };
}

function lineSegment(copy: WorkingCopy, l: SideLine, a0: number, a1: number): readonly [Point, Point] {
  const base = l.edge + outwardOf(l.side) * l.offsetPx;
  const at = (a: number): Point => {
    const c = base + l.slope * (a - l.centre);
    return isVertical(l.side) ? toImage(copy, c, a) : toImage(copy, a, c);
  };
  return [at(a0), at(a1)];
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The frame score of a measurement's summary (`FRAME_MODEL`). */
export function frameProbability(runSum: number, contrast: number): number {
  return sigmoid(FRAME_MODEL.intercept + FRAME_MODEL.runSum * runSum + (FRAME_MODEL.contrast * contrast) / 100);
}

/** Skin share outside a found side from which the detail mentions fingers (with 2 or more sides found). */
const SKIN_DETAIL_SHARE = 0.25;

function sideList(names: readonly SideName[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Plain-language sentence for a measurement: "no frame around the face: …", "a straight edge runs
 * along the left of the face", "a dark rectangular border encloses the face on 3 sides (left, top and
 * right)".
 */
export function boundaryDetail(m: Omit<BoundaryMeasured, 'detail'>): string {
  const found = m.sides.filter((s) => s.found);
  if (found.length === 0) {
    const candidates = m.sides.filter((s) => s.candidate).length;
    return candidates > 0
      ? `no frame around the face: ${candidates === 1 ? 'a straight edge beside it does' : 'straight edges beside it do'} not run on to close a frame`
      : 'no frame around the face: no straight edge runs along it';
  }
  const dark = m.darkSides >= Math.max(1, Math.ceil(found.length / 2));
  if (found.length === 1) {
    return `${dark ? 'a dark straight border' : 'a straight edge'} runs along the ${found[0].side} of the face`;
  }
  const names = found.map((s) => s.side);
  const where = found.length === 4 ? 'all 4 sides' : `${found.length} sides (${sideList(names)})`;
  const fingers = m.skinShare >= SKIN_DETAIL_SHARE ? ', with skin-coloured patches against it, as fingers holding it would be' : '';
  return `${dark ? 'a dark rectangular border' : 'a rectangular edge'} encloses the face on ${where}${fingers}`;
}

/** A side as searched, before closure (for the "could not measure" state). */
function searchedSide(side: SideName, s: SideSearch, candidate: boolean): BoundarySide {
  const l = s.line;
  return {
    side,
    observable: s.observable,
    candidate,
    found: false,
    continuity: s.continuity,
    contrast: s.contrast,
    polarity: l === null ? 0 : l.polarity,
    run: 0,
    offset: l === null ? null : l.offsetPx / l.size,
    slope: l === null ? null : l.slope,
    step: 0,
    darkBand: false,
    skinShare: 0,
    segment: null,
  };
}

const UNMEASURED_DETAIL: Record<BoundaryUnmeasurableReason, string> = {
  'no-face-box': 'could not look for a frame: no face box',
  'face-too-small': 'could not look for a frame: the face is too small',
  'too-little-context': 'could not look for a frame: the image shows too little around the face',
};

function unmeasured(reason: BoundaryUnmeasurableReason, sides: readonly BoundarySide[] | null): BoundaryUnmeasured {
  return { measurable: false, reason, detail: UNMEASURED_DETAIL[reason], sides };
}

/**
 * Measure the boundary evidence of one image.
 * @param input RGBA pixels (`width * height * 4` bytes, row-major, upright) and the face box in their pixels.
 * @param params measure parameters; `BOUNDARY_DEFAULTS` unless given.
 * @returns the measurement, or the state "could not measure" with its reason.
 * @throws RangeError when the sizes are not positive integers or the buffer is too short.
 */
export function measureBoundary(input: BoundaryInput, params: Readonly<BoundaryParams> = BOUNDARY_DEFAULTS): BoundaryMeasurement {
  const { width, height, rgba, faceBox } = input;
  const image = input.imageBox ?? { x: 0, y: 0, width, height };
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`width and height must be positive integers, got ${width}×${height}.`);
  }
  if (rgba.length < width * height * 4) {
    throw new RangeError(`RGBA buffer holds ${rgba.length} bytes, ${width}×${height} needs ${width * height * 4}.`);
  }
  if (faceBox === null) return unmeasured('no-face-box', null);
  const { x, y, width: bw, height: bh } = faceBox;
  const finite = [x, y, bw, bh].every(Number.isFinite);
  if (!finite || !(bw > 0 && bh > 0) || x >= width || y >= height || x + bw <= 0 || y + bh <= 0) {
    return unmeasured('no-face-box', null);
  }
  if (bw < params.minFacePx) return unmeasured('face-too-small', null);

  const copy = workingCopy(input, faceBox, params);
  const marginFaces: Record<SideName, number> = {
    left: (x - image.x) / bw,
    right: (image.x + image.width - x - bw) / bw,
    top: (y - image.y) / bh,
    bottom: (image.y + image.height - y - bh) / bh,
  };
  const searches = SIDE_NAMES.map((side) => searchSide(copy, side, marginFaces[side], params));
  const lines = searches.map((s) => s.line);
  const candidate = searches.map((s) => s.line !== null && s.continuity >= params.foundContinuity);
  const observable = searches.filter((s) => s.observable).length;
  if (observable < params.minObservableSides) return unmeasured('too-little-context', searches.map((s, i) => searchedSide(SIDE_NAMES[i], s, candidate[i])));

  // closure: a candidate's run between where it meets its neighbours (their lines, or the copy's border)
  const W = copy.width;
  const H = copy.height;
  const rays = SIDE_NAMES.map((side, i) => (candidate[i] ? rayOf(lines[i]!) : borderRay(side, W - 1, H - 1)));
  const runs = new Float64Array(4);
  const ends: ([number, number] | null)[] = [null, null, null, null];
  const found = [false, false, false, false];
  for (let i = 0; i < 4; i++) {
    const l = lines[i];
    if (!candidate[i] || l === null) continue;
    const vertical = isVertical(l.side);
    const corners = [intersect(rays[i], rays[(i + 3) % 4]), intersect(rays[i], rays[(i + 1) % 4])];
    if (corners[0] === null || corners[1] === null) continue;
    const e0 = vertical ? corners[0].y : corners[0].x;
    const e1 = vertical ? corners[1].y : corners[1].x;
    const limit = vertical ? H : W;
    const a0 = Math.max(0, Math.ceil(Math.min(e0, e1)));
    const a1 = Math.min(limit - 1, Math.floor(Math.max(e0, e1)));
    if (a1 <= a0) continue;
    ends[i] = [a0, a1];
    runs[i] = runContinuity(copy, l, a0, a1, params);
    found[i] = runs[i] >= params.runMin;
  }

  const sides: BoundarySide[] = SIDE_NAMES.map((side, i) => {
    const s = searches[i];
    const l = lines[i];
    const result: BoundarySide = {
      side,
      observable: s.observable,
      candidate: candidate[i],
      found: found[i],
      continuity: s.continuity,
      contrast: s.contrast,
      polarity: l === null ? 0 : l.polarity,
      run: runs[i],
      offset: l === null ? null : l.offsetPx / l.size,
      slope: l === null ? null : l.slope,
      step: 0,
      darkBand: false,
      skinShare: 0,
      segment: l === null ? null : found[i] ? lineSegment(copy, l, ends[i]![0], ends[i]![1]) : lineSegment(copy, l, l.a0, l.a1),
    };
    if (found[i] && l !== null) {
      const [a0, a1] = ends[i]!;
      const inner = bandStats(copy, l, a0, a1, true, params);
      const outer = bandStats(copy, l, a0, a1, false, params);
      if (inner.count > 0 && outer.count > 0) {
        result.step = outer.mean - inner.mean;
        // a dark border (a bezel, a dark surround): the darker band is dark and uniform
        const darker = inner.mean < outer.mean ? inner : outer;
        result.darkBand = darker.mean < params.darkLuma && darker.std < params.uniformStd;
        result.skinShare = outer.skin;
      }
    }
    return result;
  });

  const kept = sides.filter((s) => s.found);
  const mean = (f: (s: BoundarySide) => number): number => (kept.length === 0 ? 0 : kept.reduce((acc, s) => acc + f(s), 0) / kept.length);
  const runSum = kept.reduce((acc, s) => acc + s.run, 0);
  const contrast = mean((s) => Math.abs(s.contrast));
  const step = mean((s) => Math.abs(s.step));
  const darkSides = kept.filter((s) => s.darkBand).length;
  const skinShare = kept.filter((s) => s.side !== 'top').reduce((acc, s) => Math.max(acc, s.skinShare), 0);

  // quadrilateral in image px: found sides, the image border for the others
  let quad: BoundaryMeasured['quad'] = null;
  if (kept.length >= 2) {
    const imageRays = SIDE_NAMES.map((side, i) => {
      const l = lines[i];
      if (!found[i] || l === null) return borderRay(side, image.width, image.height, image.x, image.y);
      const r = rayOf(l);
      const p0 = toImage(copy, r.px, r.py);
      return { px: p0.x, py: p0.y, dx: r.dx / copy.scaleX, dy: r.dy / copy.scaleY };
    });
    const corners = [0, 1, 2, 3].map((i) => intersect(imageRays[i], imageRays[(i + 1) % 4]));
    // corners: left∩top, top∩right, right∩bottom, bottom∩left
    if (corners.every((c) => c !== null)) quad = corners as unknown as [Point, Point, Point, Point];
  }
  const summary = {
    measurable: true as const,
    quad,
    sideCount: kept.length,
    sides,
    runSum,
    contrast,
    step,
    darkSides,
    skinShare,
    probability: frameProbability(runSum, contrast),
  };
  return { ...summary, detail: boundaryDetail(summary) };
}
