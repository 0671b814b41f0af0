/**
 * Drawn test scenes for the boundary kernel: an RGBA canvas with seeded noise, filled polygons and
 * ellipses, and the scenes the tests and the benchmark use (a phone held up, a tilted page, a person
 * in a doorway, a tight crop). Pure functions; nothing is read from disk.
 */
import type { Box } from './types.js';

export type Rgb = readonly [number, number, number];

export interface Canvas {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

/** Deterministic uniform numbers in [0, 1) (a 32-bit LCG, Numerical Recipes constants). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A canvas filled with `colour` plus uniform noise of ±`noise` grey levels per pixel. */
export function canvas(width: number, height: number, colour: Rgb, noise = 6, seed = 1): Canvas {
  const rgba = new Uint8ClampedArray(width * height * 4);
  const rand = seededRandom(seed);
  for (let i = 0; i < width * height; i++) {
    const n = (rand() * 2 - 1) * noise;
    rgba[4 * i] = colour[0] + n;
    rgba[4 * i + 1] = colour[1] + n;
    rgba[4 * i + 2] = colour[2] + n;
    rgba[4 * i + 3] = 255;
  }
  return { width, height, rgba };
}

function paint(c: Canvas, x: number, y: number, colour: Rgb): void {
  const j = 4 * (y * c.width + x);
  c.rgba[j] = colour[0];
  c.rgba[j + 1] = colour[1];
  c.rgba[j + 2] = colour[2];
}

/** Fill the convex or concave polygon `points` (pixel centres inside it, even-odd rule). */
export function fillPolygon(c: Canvas, points: readonly (readonly [number, number])[], colour: Rgb): void {
  const ys = points.map((p) => p[1]);
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(c.height - 1, Math.ceil(Math.max(...ys)));
  for (let y = y0; y <= y1; y++) {
    const cy = y + 0.5;
    const xs: number[] = [];
    for (let i = 0; i < points.length; i++) {
      const [ax, ay] = points[i];
      const [bx, by] = points[(i + 1) % points.length];
      if ((ay <= cy && by > cy) || (by <= cy && ay > cy)) xs.push(ax + ((cy - ay) / (by - ay)) * (bx - ax));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const from = Math.max(0, Math.ceil(xs[k] - 0.5));
      const to = Math.min(c.width - 1, Math.floor(xs[k + 1] - 0.5));
      for (let x = from; x <= to; x++) paint(c, x, y, colour);
    }
  }
}

/** Fill the axis-aligned rectangle [x0, x1) × [y0, y1). */
export function fillRect(c: Canvas, x0: number, y0: number, x1: number, y1: number, colour: Rgb): void {
  fillPolygon(c, [[x0, y0], [x1, y0], [x1, y1], [x0, y1]], colour);
}

/** The corners of a w × h rectangle centred on (cx, cy), turned by `angle` radians (y down): TL, TR, BR, BL. */
export function turnedRect(cx: number, cy: number, w: number, h: number, angle: number): [number, number][] {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ].map(([x, y]) => [cx + x * cos - y * sin, cy + x * sin + y * cos]);
}

/** Fill an ellipse centred on (cx, cy) with radii rx, ry. */
export function fillEllipse(c: Canvas, cx: number, cy: number, rx: number, ry: number, colour: Rgb): void {
  for (let y = Math.max(0, Math.floor(cy - ry)); y <= Math.min(c.height - 1, Math.ceil(cy + ry)); y++) {
    for (let x = Math.max(0, Math.floor(cx - rx)); x <= Math.min(c.width - 1, Math.ceil(cx + rx)); x++) {
      const u = (x + 0.5 - cx) / rx;
      const v = (y + 0.5 - cy) / ry;
      if (u * u + v * v <= 1) paint(c, x, y, colour);
    }
  }
}

export const SKIN: Rgb = [205, 150, 120];
const EYE: Rgb = [60, 45, 40];

/** A face-like blob: a skin ellipse with two dark eyes and a mouth; returns its box. */
export function drawFace(c: Canvas, cx: number, cy: number, width: number, height: number): Box {
  fillEllipse(c, cx, cy, width / 2, height / 2, SKIN);
  fillEllipse(c, cx - width * 0.2, cy - height * 0.1, width * 0.08, height * 0.04, EYE);
  fillEllipse(c, cx + width * 0.2, cy - height * 0.1, width * 0.08, height * 0.04, EYE);
  fillEllipse(c, cx, cy + height * 0.25, width * 0.15, height * 0.03, [150, 70, 70]);
  return { x: cx - width / 2, y: cy - height / 2, width, height };
}

export interface Scene extends Canvas {
  faceBox: Box;
}

/**
 * A phone held up to the camera: a 12 px black bezel around a bright screen whose content shows a
 * face, on a noisy mid-grey room. `screen` is [x0, y0, x1, y1] in units of `k` px (k = 1 → 640×480).
 */
export function phoneScene(k = 1, screen: readonly [number, number, number, number] = [230, 90, 410, 390]): Scene {
  const c = canvas(640 * k, 480 * k, [115, 110, 105], 6, 7);
  const [x0, y0, x1, y1] = screen.map((v) => v * k);
  fillRect(c, x0 - 12 * k, y0 - 12 * k, x1 + 12 * k, y1 + 12 * k, [18, 18, 20]);
  fillRect(c, x0, y0, x1, y1, [200, 210, 225]);
  // the replayed person's shoulders, sloping from the neck to the screen's sides
  const shirt: [number, number][] = [[300, 262], [340, 262], [400, 300], [400, screen[3]], [240, screen[3]], [240, 300]];
  fillPolygon(c, shirt.map(([x, y]) => [x * k, y * k]), [60, 80, 140]);
  const faceBox = drawFace(c, 320 * k, 200 * k, 80 * k, 100 * k);
  return { ...c, faceBox };
}

/** A white page turned by `angle` radians on a grey-green table, a face printed in its middle. */
export function pageScene(angle: number): Scene & { corners: [number, number][] } {
  const c = canvas(640, 480, [100, 112, 96], 6, 11);
  const corners = turnedRect(320, 240, 260, 340, angle);
  fillPolygon(c, corners, [236, 234, 228]);
  const faceBox = drawFace(c, 320, 240, 80, 100);
  return { ...c, faceBox, corners };
}

/**
 * A person standing in a doorway: dark door jambs either side of the head and a lintel above it, cut
 * by the person's sloping shoulders in front of them. The jambs' inner edges are at x = 227 and 413.
 */
export function doorwayScene(): Scene {
  const c = canvas(640, 560, [150, 148, 140], 6, 5);
  fillRect(c, 215, 40, 227, 560, [60, 50, 45]);
  fillRect(c, 413, 40, 425, 560, [60, 50, 45]);
  fillRect(c, 215, 40, 425, 52, [60, 50, 45]);
  // body: neck, then shoulders sloping from the neck's base down to the image's bottom corners
  fillRect(c, 300, 240, 340, 275, SKIN);
  fillPolygon(c, [[295, 262], [345, 262], [440, 310], [470, 560], [170, 560], [200, 310]], [40, 60, 120]);
  fillEllipse(c, 320, 150, 48, 40, [35, 25, 20]); // hair
  const faceBox = drawFace(c, 320, 200, 80, 100);
  return { ...c, faceBox };
}
