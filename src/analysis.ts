import type { LivenessConfig } from './config.js';
import { LivenessError } from './errors/index.js';
import { boxFromLandmarks, clamp, distinctBoxes, largestFaceIndex, tileWindows } from './face/geometry.js';
import type { DetectedFace, FaceModel } from './face/landmarker.js';
import type { DecodedImage } from './input/decode.js';
import { fitWithin } from './input/decode.js';
import { antiSpoofInput } from './learned/crop.js';
import { cropResizeRgb, cropResizeRgba } from './pixels/colour.js';
import { cropResizeGrays, nativeGrayCrop } from './pixels/gray.js';
import { combineSignals } from './scoring/combine.js';
import { activeSignals } from './signals/registry.js';
import type { Box } from './pixels/types.js';
import type { LearnedTextureOutcome, SignalInput } from './signals/types.js';
import { LEFT_EYE_INDICES, RIGHT_EYE_INDICES } from './signals/eye-aspect-ratio.js';
import type { CheckDiagnostics, CheckVisuals, LivenessResult } from './types.js';
import { grayToPicture, lbpCodeMap, spectrumPicture } from './visuals/index.js';

/** Longest side of the downscaled copy used by the padded retry (as measured for the face model). */
const RETRY_MAX_SIDE = 640;
/** Border added on every side of the retry copy, as a share of its size. */
const RETRY_BORDER = 0.25;
/** Smallest window side of the tiled search (smaller windows hold no face worth measuring). */
const TILE_MIN_SIDE = 160;
/** Lowest detection floor tried to tell "a weak face" from "no face at all". */
const WEAK_FACE_FLOOR = 0.3;
/** Longest side of the greyscale face region measured for sharpness. */
const SHARPNESS_MAX_SIDE = 256;
/** Side of the LBP texture crop (contract: 96×96). */
const LBP_SIDE = 96;
/** How much larger than the face square the context square is (the face with hair, edges, background). */
const CONTEXT_SCALE = 1.6;
/** Side of the working copy of the context square the colour crops are cut from. */
const CONTEXT_WORKING_SIDE = 256;
/** Sides of the two scales colour texture is measured at. */
const COLOUR_SMALL_SIDE = 64;
const COLOUR_LARGE_SIDE = 128;
/** Side of the spectrum crop (a power of two for the FFT). */
const FFT_SIDE = 128;

/**
 * The image the faces' coordinates refer to: the decoded bitmap itself (the usual case: its pixels
 * are never read in full), or pixels already read for the padded or turned search.
 */
type FaceSource = ImageBitmap | ImageData;

/** How the face was found, for the details and the verdict. */
interface FaceSearch {
  faces: DetectedFace[];
  /** The image the faces' coordinates refer to (rotated pixels when a rotation found the face). */
  source: FaceSource;
  /** Degrees the image was turned to find the face (0, 90 or −90). */
  rotation: number;
  /** The face was found only below `min_face_confidence`. */
  weak: boolean;
}

function canvas2d(width: number, height: number): OffscreenCanvasRenderingContext2D {
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('OffscreenCanvas 2D context is unavailable in this browser.');
  return context;
}

function pixelsOf(bitmap: ImageBitmap, rotation = 0): ImageData {
  const turned = rotation !== 0;
  const width = turned ? bitmap.height : bitmap.width;
  const height = turned ? bitmap.width : bitmap.height;
  const context = canvas2d(width, height);
  if (turned) {
    context.translate(width / 2, height / 2);
    context.rotate((rotation * Math.PI) / 180);
    context.drawImage(bitmap, -bitmap.width / 2, -bitmap.height / 2);
  } else {
    context.drawImage(bitmap, 0, 0);
  }
  return context.getImageData(0, 0, width, height);
}

/** Mean colour of the image's outer rows and columns, as a CSS colour. */
function meanEdgeColour(pixels: ImageData): string {
  const { data, width, height } = pixels;
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  const add = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    r += data[i];
    g += data[i + 1];
    b += data[i + 2];
    n++;
  };
  for (let x = 0; x < width; x++) {
    add(x, 0);
    add(x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    add(0, y);
    add(width - 1, y);
  }
  return `rgb(${Math.round(r / n)}, ${Math.round(g / n)}, ${Math.round(b / n)})`;
}

/** Detect on a downscaled copy with a border of the mean edge colour (helps tight crops). */
function detectPadded(model: FaceModel, bitmap: ImageBitmap, pixels: ImageData): DetectedFace[] {
  const small = fitWithin(bitmap.width, bitmap.height, RETRY_MAX_SIDE);
  const scale = small.width / bitmap.width;
  const padX = Math.round(small.width * RETRY_BORDER);
  const padY = Math.round(small.height * RETRY_BORDER);
  const context = canvas2d(small.width + 2 * padX, small.height + 2 * padY);
  context.fillStyle = meanEdgeColour(pixels);
  context.fillRect(0, 0, context.canvas.width, context.canvas.height);
  context.drawImage(bitmap, padX, padY, small.width, small.height);
  return model.detectFaces(context.getImageData(0, 0, context.canvas.width, context.canvas.height), {
    padX,
    padY,
    scale,
    width: bitmap.width,
    height: bitmap.height,
  });
}

/** The pixels of `window` of `pixels`, copied row by row. */
function windowOf(pixels: ImageData, window: Box): ImageData {
  const out = new ImageData(window.width, window.height);
  for (let y = 0; y < window.height; y++) {
    const from = ((window.y + y) * pixels.width + window.x) * 4;
    out.data.set(pixels.data.subarray(from, from + window.width * 4), y * window.width * 4);
  }
  return out;
}

/**
 * Faces too small for the detector's view of the whole image (a person far from the camera): each
 * overlapping half-size window is searched at full resolution. A face seen from two windows is kept
 * once, from the window where it lies furthest from the edges.
 */
function detectTiled(model: FaceModel, pixels: ImageData): DetectedFace[] {
  const found: { face: DetectedFace; box: Box; inset: number }[] = [];
  for (const window of tileWindows(pixels.width, pixels.height, TILE_MIN_SIDE)) {
    const faces = model.detectFaces(windowOf(pixels, window), { padX: -window.x, padY: -window.y, scale: 1, width: pixels.width, height: pixels.height });
    for (const face of faces) {
      const box = boxFromLandmarks(face.landmarks, pixels.width, pixels.height);
      const inset = Math.min(box.x - window.x, box.y - window.y, window.x + window.width - box.x - box.width, window.y + window.height - box.y - box.height);
      found.push({ face, box, inset: inset / Math.max(box.width, box.height) });
    }
  }
  found.sort((a, b) => b.inset - a.inset);
  return distinctBoxes(found.map((f) => f.box)).map((i) => found[i].face);
}

function identity(image: { width: number; height: number }) {
  return { padX: 0, padY: 0, scale: 1, width: image.width, height: image.height };
}

/**
 * As is, then padded, then turned ±90° (sideways crops), then window by window (small faces), at
 * the model's current floor. The first
 * try hands the bitmap straight to the landmarker; the upright pixels are read only for a retry.
 */
function searchAtFloor(model: FaceModel, bitmap: ImageBitmap, upright: () => ImageData): Omit<FaceSearch, 'weak'> | null {
  let faces = model.detectFaces(bitmap, identity(bitmap));
  if (faces.length > 0) return { faces, source: bitmap, rotation: 0 };
  const pixels = upright();
  faces = detectPadded(model, bitmap, pixels);
  if (faces.length > 0) return { faces, source: pixels, rotation: 0 };
  for (const rotation of [90, -90]) {
    const turned = pixelsOf(bitmap, rotation);
    faces = model.detectFaces(turned, identity(turned));
    if (faces.length > 0) return { faces, source: turned, rotation };
  }
  faces = detectTiled(model, pixels);
  if (faces.length > 0) return { faces, source: pixels, rotation: 0 };
  return null;
}

async function findFaces(model: FaceModel, bitmap: ImageBitmap, config: LivenessConfig): Promise<FaceSearch> {
  await model.setMinConfidence(config.min_face_confidence);
  let pixels: ImageData | null = null;
  const upright = () => (pixels ??= pixelsOf(bitmap));
  const found = searchAtFloor(model, bitmap, upright);
  if (found) return { ...found, weak: false };
  if (config.min_face_confidence > WEAK_FACE_FLOOR) {
    const floor = model.minConfidence;
    await model.setMinConfidence(WEAK_FACE_FLOOR);
    try {
      const weak = searchAtFloor(model, bitmap, upright);
      if (weak) return { ...weak, weak: true };
    } finally {
      await model.setMinConfidence(floor);
    }
  }
  throw new LivenessError(
    'NO_FACE_DETECTED',
    'No face was found. Retake the photo with one face filling 10–40 % of the frame, facing the camera, in even light.',
  );
}

/** Pictures that explain the measurement (only when asked for). */
function visualsOf(input: SignalInput): CheckVisuals {
  return {
    landmarks: input.landmarks.flatMap((p) => [p.x, p.y]),
    eye_indices: { left: [...LEFT_EYE_INDICES], right: [...RIGHT_EYE_INDICES] },
    face_crop: grayToPicture(input.faceGray96),
    lbp_map: lbpCodeMap(input.faceGray96),
    spectrum: spectrumPicture(input.faceGray128),
  };
}

/** RGBA pixels of a whole-pixel region of an image, and where the region lies in it. */
interface PixelRegion {
  data: Uint8ClampedArray;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Extra pixels read around the boxes: area averaging reads `[floor(x), ceil(x + width))`, bilinear
 * enlarging one pixel more on each side; a margin of two keeps every read inside the region, so the
 * crops come out as if taken from the whole image.
 */
const REGION_MARGIN = 2;

/**
 * The RGBA pixels covering `boxes` (plus REGION_MARGIN), cut to the image. Pixels already read are
 * used as they are; from a bitmap only the region is drawn and read, not the whole photo.
 */
function regionAround(source: FaceSource, boxes: Box[], canvas: RegionCanvas): PixelRegion {
  if (source instanceof ImageData) return { data: source.data, x: 0, y: 0, width: source.width, height: source.height };
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  const x0 = clamp(Math.floor(left) - REGION_MARGIN, 0, source.width - 1);
  const y0 = clamp(Math.floor(top) - REGION_MARGIN, 0, source.height - 1);
  const x1 = clamp(Math.ceil(right) + REGION_MARGIN, x0 + 1, source.width);
  const y1 = clamp(Math.ceil(bottom) + REGION_MARGIN, y0 + 1, source.height);
  const width = x1 - x0;
  const height = y1 - y0;
  const context = canvas.take(width, height);
  context.drawImage(source, x0, y0, width, height, 0, 0, width, height);
  return { data: context.getImageData(0, 0, width, height).data, x: x0, y: y0, width, height };
}

/**
 * The canvas face regions are read through, owned by one worker's service and kept between its
 * checks (grown when a larger region comes), so a check does not allocate a canvas of the region's size.
 */
export class RegionCanvas {
  private context: OffscreenCanvasRenderingContext2D | null = null;

  /**
   * A canvas of at least `width × height` whose top-left `width × height` is transparent black, as a
   * new canvas is (so a region drawn there reads back the same pixels).
   */
  take(width: number, height: number): OffscreenCanvasRenderingContext2D {
    const current = this.context?.canvas;
    if (!this.context || !current || current.width < width || current.height < height) {
      this.context = canvas2d(Math.max(width, current?.width ?? 0), Math.max(height, current?.height ?? 0));
    } else {
      this.context.clearRect(0, 0, width, height);
    }
    return this.context;
  }
}

/** `box` in the coordinates of `region`. */
function inRegion(box: Box, region: PixelRegion): Box {
  return { x: box.x - region.x, y: box.y - region.y, width: box.width, height: box.height };
}

/**
 * A square centred on the face box, with `scale` times its longer side; not clamped (crops read the
 * nearest edge pixel past the image).
 */
function centredSquare(box: Box, scale: number): Box {
  const side = Math.max(box.width, box.height) * scale;
  return { x: box.x + box.width / 2 - side / 2, y: box.y + box.height / 2 - side / 2, width: side, height: side };
}

/** The square region around the face box (texture crops are square), clamped to the image. */
function squareAround(box: Box, width: number, height: number): Box {
  const side = Math.min(Math.max(box.width, box.height), width, height);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const x = clamp(cx - side / 2, 0, width - side);
  const y = clamp(cy - side / 2, 0, height - side);
  return { x, y, width: side, height: side };
}

/**
 * The whole analysis of one decoded image: find the face, measure every signal of the registry,
 * combine them into the result. Also returns what was measured and how long each stage took.
 * Throws LivenessError for NO_FACE_DETECTED.
 */
/** What a check brings besides the image: the worker's models, the configuration, and what to return. */
export interface AnalyseOptions {
  model: FaceModel;
  config: LivenessConfig;
  /** Draw the pictures of `diagnostics.visuals`. */
  withVisuals?: boolean;
  /** Runs the optional anti-spoofing model (only called when `enable_learned_texture` is on). */
  learnedModel?: (input: Float32Array) => Promise<LearnedTextureOutcome>;
  /** The worker's canvas for reading face regions. */
  regionCanvas: RegionCanvas;
}

const NO_LEARNED_MODEL = async (): Promise<LearnedTextureOutcome> => ({ ok: false, reason: 'no model was given' });

export async function analyse(
  image: DecodedImage,
  options: AnalyseOptions,
): Promise<{ result: LivenessResult; diagnostics: CheckDiagnostics }> {
  const { model, config, withVisuals = false, learnedModel = NO_LEARNED_MODEL } = options;
  const timings: Record<string, number> = {};
  let started = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    timings[stage] = now - started;
    started = now;
  };
  const search = await findFaces(model, image.bitmap, config);
  lap('face_landmarks');
  const { width, height } = search.source;
  const boxes = search.faces.map((face) => boxFromLandmarks(face.landmarks, width, height));
  const index = largestFaceIndex(boxes);
  const face = search.faces[index];
  const faceBox = boxes[index];
  const square = squareAround(faceBox, width, height);
  // only the face's surroundings are read from the bitmap (not the whole photo)
  const contextSquare = centredSquare(faceBox, CONTEXT_SCALE);
  const region = regionAround(search.source, [faceBox, square, contextSquare], options.regionCanvas);
  // colour texture: the context square is resampled once to a small working copy, and the four
  // colour crops are cut from it (the face square is its centre)
  const context = cropResizeRgba(region.data, region.width, region.height, inRegion(contextSquare, region), CONTEXT_WORKING_SIDE);
  const faceSide = CONTEXT_WORKING_SIDE / CONTEXT_SCALE;
  const faceInContext: Box = { x: (CONTEXT_WORKING_SIDE - faceSide) / 2, y: (CONTEXT_WORKING_SIDE - faceSide) / 2, width: faceSide, height: faceSide };
  const wholeContext: Box = { x: 0, y: 0, width: CONTEXT_WORKING_SIDE, height: CONTEXT_WORKING_SIDE };
  const colourCrop = (box: Box, side: number) => cropResizeRgb(context, CONTEXT_WORKING_SIDE, CONTEXT_WORKING_SIDE, box, side);
  const regionSquare = inRegion(square, region);
  // the three greyscale crops share one luma plane of the pixels they read
  const nativeFace = nativeGrayCrop(region.width, region.height, inRegion(faceBox, region), SHARPNESS_MAX_SIDE);
  const [faceGray96, faceGray128, faceGray] = cropResizeGrays(region.data, region.width, region.height, [
    { box: regionSquare, outW: LBP_SIDE, outH: LBP_SIDE },
    { box: regionSquare, outW: FFT_SIDE, outH: FFT_SIDE },
    ...(nativeFace ? [nativeFace] : []),
  ]);
  const input: SignalInput = {
    imageWidth: width,
    imageHeight: height,
    landmarks: face.landmarks,
    faceBox,
    transformMatrix: face.matrix,
    faceCount: search.faces.length,
    faceGray: faceGray ?? { width: 0, height: 0, data: new Float32Array(0) },
    faceGray96,
    faceGray128,
    colourCrops: {
      face64: colourCrop(faceInContext, COLOUR_SMALL_SIDE),
      face128: colourCrop(faceInContext, COLOUR_LARGE_SIDE),
      context64: colourCrop(wholeContext, COLOUR_SMALL_SIDE),
      context128: colourCrop(wholeContext, COLOUR_LARGE_SIDE),
    },
    exif: image.exif,
    learnedTexture: null,
  };
  lap('face_crops');
  if (config.enable_learned_texture) {
    input.learnedTexture = await learnedModel(antiSpoofInput(region.data, region.width, region.height, regionSquare));
    lap('learned_model');
  }
  const measurements = {} as CheckDiagnostics['measurements'];
  const scores = activeSignals(config).map((signal) => {
    const score = signal.measure(input, config);
    measurements[signal.name] = score.raw;
    lap(signal.name);
    return score;
  });
  const result = combineSignals(scores, config, {
    faceCount: search.faces.length,
    weakFace: search.weak,
    rotation: search.rotation,
    landmarkCount: face.landmarks.length,
  });
  lap('scoring');
  return {
    result,
    diagnostics: {
      timings_ms: timings,
      measurements,
      face_box: faceBox,
      face_count: search.faces.length,
      image_size: { width, height },
      source_size: { width: image.sourceWidth, height: image.sourceHeight },
      rotation: search.rotation,
      ...(withVisuals ? { visuals: visualsOf(input) } : {}),
    },
  };
}
