/**
 * The analysis pipeline of one decoded image, in the worker: find the face (face/search.ts), cut its
 * crops (face/crops.ts), run the optional learned model, measure every active signal of the registry,
 * and combine them into the result. Also returns what was measured and how long each stage took.
 */
import type { LivenessConfig } from '../config.js';
import { cropFace } from '../face/crops.js';
import { boxFromLandmarks, largestFaceIndex } from '../face/geometry.js';
import type { FaceModel } from '../face/landmarker.js';
import { findFaces } from '../face/search.js';
import type { DecodedImage } from '../input/decode.js';
import { antiSpoofInput } from '../learned/crop.js';
import type { RegionCanvas } from '../pixels/canvas.js';
import { combineSignals } from '../scoring/combine.js';
import { LEFT_EYE_INDICES, RIGHT_EYE_INDICES } from '../signals/eye-aspect-ratio.js';
import { activeSignals } from '../signals/registry.js';
import type { LearnedTextureOutcome, SignalInput } from '../signals/types.js';
import type { CheckDiagnostics, CheckVisuals, LivenessResult } from '../types.js';
import { grayToPicture, lbpCodeMap, spectrumPicture } from '../visuals/index.js';

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
  const crops = cropFace(search.source, faceBox, options.regionCanvas);
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
  };
  lap('face_crops');
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
      ...(withVisuals ? { visuals: visualsOf(input) } : {}),
    },
  };
}
