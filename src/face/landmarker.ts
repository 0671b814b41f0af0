import { FaceLandmarker, FilesetResolver } from '@mediapipe/tasks-vision';
import type { Point3 } from './geometry.js';
import { LivenessError } from '../errors/index.js';
import { mapFromDetection } from './geometry.js';

/** Most faces reported per image; enough to say "more than one" and how many. */
const MAX_FACES = 4;

/** One face as the landmarker found it, in the pixels of the image given to `detectFaces`. */
export interface DetectedFace {
  landmarks: Point3[];
  /** 4×4 facial transformation matrix as MediaPipe returns it, or null. */
  matrix: number[] | null;
}

/** Where the landmarker's files are. */
export interface LandmarkerAssets {
  /** Folder holding MediaPipe's `vision_wasm_module_internal.{js,wasm}`, ending with `/`. */
  wasmBase: string;
  /** The model, already fetched (so loading progress can be reported). */
  model: Uint8Array;
}

/** MediaPipe FaceLandmarker in IMAGE mode on the CPU delegate; one per worker, reused for every check. */
export class FaceModel {
  private constructor(
    private readonly landmarker: FaceLandmarker,
    private confidence: number,
  ) {}

  /** Load the WASM runtime and the model. `confidence` is the detection and presence floor. */
  static async create(assets: LandmarkerAssets, confidence: number): Promise<FaceModel> {
    // MediaPipe wants the folder without its trailing slash; `true` picks the module build of the
    // WASM loader, which a module worker needs.
    const fileset = await FilesetResolver.forVisionTasks(assets.wasmBase.slice(0, -1), true);
    const landmarker = await FaceLandmarker.createFromOptions(fileset, {
      baseOptions: { modelAssetBuffer: assets.model, delegate: 'CPU' },
      runningMode: 'IMAGE',
      numFaces: MAX_FACES,
      minFaceDetectionConfidence: confidence,
      minFacePresenceConfidence: confidence,
      outputFaceBlendshapes: false,
      outputFacialTransformationMatrixes: true,
    });
    return new FaceModel(landmarker, confidence);
  }

  /**
   * Run `detect` with `confidence` as the detection and presence floor, then put back the floor that
   * was in force, so that no call leaves its floor behind for the next. A change of floor rebuilds
   * MediaPipe's graph: calls at the floor in force cost nothing extra.
   */
  async atFloor<T>(confidence: number, detect: () => T | Promise<T>): Promise<T> {
    const before = this.confidence;
    await this.setFloor(confidence);
    try {
      return await detect();
    } finally {
      await this.setFloor(before);
    }
  }

  private async setFloor(confidence: number): Promise<void> {
    if (confidence === this.confidence) return;
    await this.landmarker.setOptions({ minFaceDetectionConfidence: confidence, minFacePresenceConfidence: confidence });
    this.confidence = confidence;
  }

  /**
   * Faces in `image`, with landmarks mapped to the original image through `mapping` (identity when
   * the image is the original).
   */
  detectFaces(
    image: ImageData | OffscreenCanvas | ImageBitmap,
    mapping: { padX: number; padY: number; scale: number; width: number; height: number },
  ): DetectedFace[] {
    let result: ReturnType<FaceLandmarker['detect']>;
    try {
      result = this.landmarker.detect(image);
    } catch (error) {
      // The model itself failed (WASM abort, graph error): an inference failure the caller may retry.
      throw new LivenessError('INFERENCE_ERROR', `The face model failed: ${error instanceof Error ? error.message : String(error)}; retry.`);
    }
    const detection = { width: image.width, height: image.height, padX: mapping.padX, padY: mapping.padY, scale: mapping.scale };
    return result.faceLandmarks.map((normalised, i) => ({
      landmarks: mapFromDetection(normalised, detection, mapping),
      matrix: result.facialTransformationMatrixes?.[i]?.data.slice() ?? null,
    }));
  }

  close(): void {
    this.landmarker.close();
  }
}
