/**
 * The analysis pipeline of one decoded image, in the worker: find the face (face/search.ts), cut its
 * crops (face/crops.ts), look for a frame around it (pixels/boundary.ts), run MiniFASNet and the
 * optional learned model, measure every active signal of the registry, and combine them into the
 * result. Also returns what was measured and how long each stage took.
 */
import type { LivenessConfig } from '../config.js';
import { LivenessError } from '../errors/index.js';
import { cropFace, inRegion, type MiniFasNetCrops } from '../face/crops.js';
import { boxFromLandmarks, largestFaceIndex } from '../face/geometry.js';
import type { FaceModel } from '../face/landmarker.js';
import { findFaces } from '../face/search.js';
import type { DecodedImage } from '../input/decode.js';
import { antiSpoofInput } from '../learned/crop.js';
import type { MiniFasNetRunner } from '../minifasnet/loader.js';
import { measureBoundary, type BoundaryMeasurement } from '../pixels/boundary.js';
import type { RegionCanvas } from '../pixels/canvas.js';
import { combineSignals } from '../scoring/combine.js';
import { LEFT_EYE_INDICES, RIGHT_EYE_INDICES } from '../signals/eye-aspect-ratio.js';
import { activeSignals } from '../signals/registry.js';
import type { LearnedTextureOutcome, MiniFasNetOutcome, SignalInput } from '../signals/types.js';
import type { CheckDiagnostics, CheckVisuals, FrameVisual, LivenessResult } from '../types.js';
import { grayToPicture, lbpCodeMap, spectrumPicture } from '../visuals/index.js';

/** What a check brings besides the image: the worker's models, the configuration, and what to return. */
export interface AnalyseOptions {
  model: FaceModel;
  config: LivenessConfig;
  /** Draw the pictures of `diagnostics.visuals`. */
  withVisuals?: boolean;
  /** Runs the optional anti-spoofing model (only called when `enable_learned_texture` is on). */
  learnedModel?: (input: Float32Array) => Promise<LearnedTextureOutcome>;
  /** The MiniFASNet ensemble `lbp_texture` weighs (without it, the signal says it could not run). */
  miniFasNet?: MiniFasNetRunner;
  /** The worker's canvas for reading face regions. */
  regionCanvas: RegionCanvas;
}

const NO_LEARNED_MODEL = async (): Promise<LearnedTextureOutcome> => ({ ok: false, reason: 'no model was given' });

/** The frame the boundary measure found, in image pixels (its measurement is in the region's). */
function frameVisual(boundary: BoundaryMeasurement, origin: { x: number; y: number }): FrameVisual | null {
  if (!boundary.measurable) return null;
  return {
    quad: boundary.quad ? boundary.quad.flatMap((p) => [p.x + origin.x, p.y + origin.y]) : null,
    sides: boundary.sides.flatMap((s) =>
      s.segment ? [{ side: s.side, segment: s.segment.flatMap((p) => [p.x + origin.x, p.y + origin.y]), found: s.found }] : [],
    ),
  };
}

/** Pictures that explain the measurement (only when asked for). */
function visualsOf(input: SignalInput, origin: { x: number; y: number }): CheckVisuals {
  return {
    landmarks: input.landmarks.flatMap((p) => [p.x, p.y]),
    eye_indices: { left: [...LEFT_EYE_INDICES], right: [...RIGHT_EYE_INDICES] },
    face_crop: grayToPicture(input.faceGray96),
    lbp_map: lbpCodeMap(input.faceGray96),
    spectrum: spectrumPicture(input.faceGray128),
    frame: frameVisual(input.boundary, origin),
  };
}

/**
 * MiniFASNet on the face's crops. `lbp_texture` weighs it heavily, so a check it cannot run on is an
 * INFERENCE_ERROR (retry), never a neutral or spoof-like texture score.
 * @throws LivenessError INFERENCE_ERROR when the model is missing or fails.
 */
async function runMiniFasNet(runner: MiniFasNetRunner | undefined, cut: MiniFasNetCrops | null): Promise<MiniFasNetOutcome> {
  if (!runner || !cut) throw new LivenessError('INFERENCE_ERROR', 'The anti-spoofing models are not loaded.');
  if (cut.crops.length !== runner.scales.length) return { ok: false, reason: 'the face box is empty' };
  try {
    const output = await runner.run(cut.crops);
    return {
      ok: true,
      real: output.real,
      fullResolution: cut.fullResolution,
      models: output.models.map((model, i) => ({
        name: model.name,
        scale: model.scale,
        real: model.real,
        scaleUsed: cut.rects[i].scale,
        scaleReduced: cut.rects[i].scaleReduced,
        shifted: cut.rects[i].shifted,
      })),
    };
  } catch (error) {
    throw new LivenessError('INFERENCE_ERROR', `The anti-spoofing models failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The whole analysis of one decoded image: find the face, measure every signal of the registry,
 * combine them into the result.
 * @throws LivenessError NO_FACE_DETECTED when no face is found.
 */
export async function analyse(image: DecodedImage, options: AnalyseOptions): Promise<{ result: LivenessResult; diagnostics: CheckDiagnostics }> {
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
  const { miniFasNet } = options;
  const crops = cropFace(
    search.source,
    faceBox,
    options.regionCanvas,
    miniFasNet && {
      scales: miniFasNet.scales,
      landmarks: face.landmarks,
      // a turned image's faces are in the turned analysis copy's pixels: cut from that copy
      fullResolution: search.rotation === 0 ? image.fullResolution : null,
      downscaled: image.fullResolution !== null,
    },
  );
  lap('face_crops');
  const { region } = crops;
  const boundary = measureBoundary({
    rgba: region.data,
    width: region.width,
    height: region.height,
    faceBox: inRegion(faceBox, region),
    imageBox: { x: -region.x, y: -region.y, width, height },
  });
  lap('boundary');
  const miniFasNetOutcome = await runMiniFasNet(miniFasNet, crops.miniFasNet);
  lap('minifasnet');
  const input: SignalInput = {
    imageWidth: width,
    imageHeight: height,
    landmarks: face.landmarks,
    faceBox,
    transformMatrix: face.matrix,
    faceCount: search.faces.length,
    faceGray: crops.faceGray,
    faceGray96: crops.faceGray96,
    faceGray128: crops.faceGray128,
    faceNative: crops.faceNative,
    colourCrops: crops.colourCrops,
    exif: image.exif,
    learnedTexture: null,
    miniFasNet: miniFasNetOutcome,
    boundary,
  };
  if (config.enable_learned_texture) {
    const { region, faceSquare } = crops;
    input.learnedTexture = await learnedModel(antiSpoofInput(region.data, region.width, region.height, faceSquare));
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
      ...(withVisuals ? { visuals: visualsOf(input, region) } : {}),
    },
  };
}
