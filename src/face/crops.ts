/**
 * The face-crop step of a check: every crop the signals measure, cut once from the pixels around the
 * face. Only that region is read from the bitmap (the face, its context, and the surroundings the
 * boundary measure searches for a frame; not more of the photo); its greyscale crops share one luma
 * plane, and the colour crops are cut from one resampled copy of the face's context square. The
 * MiniFASNet crops are cut at the image's full resolution: from the same region when the analysed
 * image is the full resolution, else from the full-resolution bitmap (only their rectangles are read).
 * New single-image evidence that looks at the face (more crops, more scales) adds its crops here.
 * Runs in the worker (the region is drawn through a canvas); the resampling kernels are in pixels/.
 */
import { contextCropBgr, contextRect, landmarkBox, toSourcePixels, trainingFaceBox, type ContextRect } from '../minifasnet/crop.js';
import { boundaryRegion } from '../pixels/boundary.js';
import { cropResizeRgb, cropResizeRgba } from '../pixels/colour.js';
import type { RegionCanvas } from '../pixels/canvas.js';
import { cropResizeGrays, nativeGrayCrop } from '../pixels/gray.js';
import { lumaRegion, nativeFaceSquare } from '../pixels/upsampling.js';
import type { Box, GrayImage } from '../pixels/types.js';
import type { ColourCrops } from '../signals/types.js';
import { centredSquare, clamp, squareAround, type Point3 } from './geometry.js';
import type { FaceSource } from './search.js';

/** Longest side of the greyscale face region measured for sharpness. */
const SHARPNESS_MAX_SIDE = 256;
/** Side of the LBP texture crop (96×96). */
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
 * Extra pixels read around the boxes: area averaging reads `[floor(x), ceil(x + width))`, bilinear
 * enlarging one pixel more on each side; a margin of two keeps every read inside the region, so the
 * crops come out as if taken from the whole image.
 */
const REGION_MARGIN = 2;

/** An image with no pixels (a crop that could not be cut). */
const EMPTY_GRAY: GrayImage = Object.freeze({ width: 0, height: 0, data: new Float32Array(0) });

/** RGBA pixels of a whole-pixel region of an image, and where the region lies in it. */
export interface PixelRegion {
  data: Uint8ClampedArray;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The crops of one face, and the region they were cut from. */
export interface FaceCrops {
  /** Greyscale face box at (at most) native resolution, for sharpness; empty when the box is. */
  faceGray: GrayImage;
  /** 96×96 greyscale face square, for LBP texture. */
  faceGray96: GrayImage;
  /** 128×128 greyscale face square, for the spectrum. */
  faceGray128: GrayImage;
  /** Greyscale face square at native resolution, for the up-sampling measure; 0×0 when the face is too small. */
  faceNative: GrayImage;
  /** R, G, B planes of the face square and of its 1.6× context, at 64×64 and 128×128. */
  colourCrops: ColourCrops;
  /**
   * The pixels read around the face (for crops cut later, such as the learned model's, and for the
   * boundary measure: they hold its whole search region).
   */
  region: PixelRegion;
  /** The face square (the face box made square, inside the image), in the region's coordinates. */
  faceSquare: Box;
  /** The MiniFASNet inputs; null when no scales were asked for. */
  miniFasNet: MiniFasNetCrops | null;
}

/** The MiniFASNet inputs of one face, cut as the models' authors cut them (minifasnet/crop.ts). */
export interface MiniFasNetCrops {
  /** One 80×80×3 BGR crop per scale, in the order of the scales asked for. */
  crops: Float32Array[];
  /** Where each crop was cut, in the pixels of the image it was cut from, and what fitting it did. */
  rects: ContextRect[];
  /** Cut at the image's full resolution (false: from a downscaled analysis copy, as for a turned image). */
  fullResolution: boolean;
}

/** What the MiniFASNet crops are cut from, besides the analysed image. */
export interface MiniFasNetSource {
  /** Context scale of each model (2.7, 4.0). */
  scales: readonly number[];
  /** The face's landmarks, in the analysed image's pixels (their min/max box is mapped to the training box). */
  landmarks: readonly Point3[];
  /**
   * The upright full-resolution image when the analysed image is a downscaled copy of it (and not
   * turned); null to cut from the analysed image.
   */
  fullResolution: ImageBitmap | null;
  /** The analysed image is a downscaled copy of the image as given. */
  downscaled: boolean;
}

/** Whole-pixel bounds of `boxes` plus REGION_MARGIN, cut to a `width × height` image (never empty). */
export function regionBounds(boxes: readonly Box[], width: number, height: number): Box {
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  const x0 = clamp(Math.floor(left) - REGION_MARGIN, 0, width - 1);
  const y0 = clamp(Math.floor(top) - REGION_MARGIN, 0, height - 1);
  const x1 = clamp(Math.ceil(right) + REGION_MARGIN, x0 + 1, width);
  const y1 = clamp(Math.ceil(bottom) + REGION_MARGIN, y0 + 1, height);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * The RGBA pixels covering `boxes` (plus REGION_MARGIN), cut to the image. Pixels already read are
 * used as they are; from a bitmap only the region is drawn and read, not the whole photo.
 */
function regionAround(source: ImageBitmap | ImageData, boxes: Box[], canvas: RegionCanvas): PixelRegion {
  if (source instanceof ImageData) return { data: source.data, x: 0, y: 0, width: source.width, height: source.height };
  const { x, y, width, height } = regionBounds(boxes, source.width, source.height);
  const context = canvas.take(width, height);
  context.drawImage(source, x, y, width, height, 0, 0, width, height);
  return { data: context.getImageData(0, 0, width, height).data, x, y, width, height };
}

/** `box` in the coordinates of `region`. */
export function inRegion(box: Box, region: { x: number; y: number }): Box {
  return { x: box.x - region.x, y: box.y - region.y, width: box.width, height: box.height };
}

/** An inclusive whole-pixel rectangle as a box. */
function rectBox(rect: ContextRect): Box {
  return { x: rect.left, y: rect.top, width: rect.right - rect.left + 1, height: rect.bottom - rect.top + 1 };
}

/** A rectangle moved into the coordinates of `region`. */
function rectIn(rect: ContextRect, region: { x: number; y: number }): ContextRect {
  return { ...rect, left: rect.left - region.x, right: rect.right - region.x, top: rect.top - region.y, bottom: rect.bottom - region.y };
}

/**
 * Every crop of the face in `faceBox` of `source` (a `width × height` image), and with `miniFasNet`
 * the MiniFASNet inputs.
 */
export function cropFace(source: FaceSource, faceBox: Box, canvas: RegionCanvas, miniFasNet?: MiniFasNetSource): FaceCrops {
  const { width, height } = source;
  const square = squareAround(faceBox, width, height);
  const contextSquare = centredSquare(faceBox, CONTEXT_SCALE);
  const native = nativeFaceSquare(faceBox, width, height);
  // MiniFASNet: the landmark box mapped to the box the models were trained on, at full resolution
  const full = miniFasNet?.fullResolution ?? null;
  const trainingBox = miniFasNet ? trainingFaceBox(landmarkBox(miniFasNet.landmarks)) : null;
  const mfImage = full ?? source;
  const mfBox = trainingBox && full ? toSourcePixels(trainingBox, source, full) : trainingBox;
  const mfRects = miniFasNet && mfBox && mfBox.width > 0 && mfBox.height > 0 ? miniFasNet.scales.map((scale) => contextRect(mfBox, mfImage.width, mfImage.height, scale)) : [];
  // only the face's surroundings are read from the bitmap (not the whole photo)
  const boxes = [faceBox, square, contextSquare, boundaryRegion(faceBox, width, height), ...(native ? [native] : []), ...(full ? [] : mfRects.map(rectBox))];
  const region = regionAround(source, boxes, canvas);
  // colour texture: the context square is resampled once to a small working copy, and the four
  // colour crops are cut from it (the face square is its centre)
  const context = cropResizeRgba(region.data, region.width, region.height, inRegion(contextSquare, region), CONTEXT_WORKING_SIDE);
  const faceSide = CONTEXT_WORKING_SIDE / CONTEXT_SCALE;
  const faceInContext: Box = { x: (CONTEXT_WORKING_SIDE - faceSide) / 2, y: (CONTEXT_WORKING_SIDE - faceSide) / 2, width: faceSide, height: faceSide };
  const wholeContext: Box = { x: 0, y: 0, width: CONTEXT_WORKING_SIDE, height: CONTEXT_WORKING_SIDE };
  const colourCrop = (box: Box, side: number) => cropResizeRgb(context, CONTEXT_WORKING_SIDE, CONTEXT_WORKING_SIDE, box, side);
  const faceSquare = inRegion(square, region);
  // the three greyscale crops share one luma plane of the pixels they read
  const nativeFace = nativeGrayCrop(region.width, region.height, inRegion(faceBox, region), SHARPNESS_MAX_SIDE);
  const [faceGray96, faceGray128, faceGray] = cropResizeGrays(region.data, region.width, region.height, [
    { box: faceSquare, outW: LBP_SIDE, outH: LBP_SIDE },
    { box: faceSquare, outW: FFT_SIDE, outH: FFT_SIDE },
    ...(nativeFace ? [nativeFace] : []),
  ]);
  return {
    faceGray: faceGray ?? EMPTY_GRAY,
    faceGray96,
    faceGray128,
    faceNative: native ? lumaRegion(region.data, region.width, region.height, inRegion(native, region)) : EMPTY_GRAY,
    colourCrops: {
      face64: colourCrop(faceInContext, COLOUR_SMALL_SIDE),
      face128: colourCrop(faceInContext, COLOUR_LARGE_SIDE),
      context64: colourCrop(wholeContext, COLOUR_SMALL_SIDE),
      context128: colourCrop(wholeContext, COLOUR_LARGE_SIDE),
    },
    region,
    faceSquare,
    miniFasNet: miniFasNet ? cutMiniFasNet(mfRects, full ? regionAround(full, mfRects.map(rectBox), canvas) : region, full !== null || !miniFasNet.downscaled) : null,
  };
}

/** The MiniFASNet crops of `rects` from the pixels of `region` (which hold them all). */
function cutMiniFasNet(rects: ContextRect[], region: PixelRegion, fullResolution: boolean): MiniFasNetCrops {
  if (rects.length === 0) return { crops: [], rects, fullResolution };
  return {
    crops: rects.map((rect) => contextCropBgr(region.data, region.width, region.height, rectIn(rect, region))),
    rects,
    fullResolution,
  };
}
