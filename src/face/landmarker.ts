import { FaceLandmarker } from '@mediapipe/tasks-vision';
import createVisionWasm, { type VisionWasmOptions } from 'virtual:mediapipe-vision-wasm';
import type { Point3 } from './geometry.js';
import { LivenessError } from '../errors/index.js';
import { mapFromDetection } from './geometry.js';
import { compileWasm } from './wasm-runtime.js';

/** Most faces reported per image; enough to say "more than one" and how many. */
const MAX_FACES = 4;

/** One face as the landmarker found it, in the pixels of the image given to `detectFaces`. */
export interface DetectedFace {
  landmarks: Point3[];
  /** 4×4 facial transformation matrix as MediaPipe returns it, or null. */
  matrix: number[] | null;
}

/** MediaPipe's WASM runtime (SIMD, gzip) in the `wasmBase` folder; its loader is bundled into the worker. */
export const VISION_WASM_FILE = 'vision_wasm_internal.wasm.gz';

/** Lines of MediaPipe's runtime that report normal operation (glog INFO and WARNING, TFLite INFO). */
const ROUTINE_LOG = /^(?:[IW]\d{4} |INFO: )/;

/** The runtime's stderr and debug lines: routine ones to console.debug, anything else to console.error. */
function runtimeLog(line: string): void {
  if (ROUTINE_LOG.test(line)) console.debug(line);
  else console.error(line);
}

/** Where MediaPipe looks for its loader when the fileset names none, and the runtime's debug sink. */
interface MediapipeGlobals {
  ModuleFactory?: (options: VisionWasmOptions) => Promise<unknown>;
  custom_dbg?: (line: string) => void;
}

/** Where the landmarker's files are. */
export interface LandmarkerAssets {
  /** Folder holding MediaPipe's WASM runtime (`vision_wasm_internal.wasm.gz`), ending with `/`. */
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
    // The loader is part of this worker, so no script is fetched (a classic and a module worker alike):
    // MediaPipe takes it from self.ModuleFactory when the fileset names no loader, and clears it after use.
    const scope = globalThis as MediapipeGlobals;
    // The runtime writes its glog lines through `custom_dbg` when it finds one: the one global of this
    // worker set for MediaPipe, since Emscripten offers no option for that sink (print/printErr below are options).
    scope.custom_dbg = runtimeLog;
    const wasmUrl = `${assets.wasmBase}${VISION_WASM_FILE}`;
    scope.ModuleFactory = async (options) => {
      const module = await compileWasm(wasmUrl);
      // Emscripten's instantiateWasm has no way to reject: a link error rejects through this race.
      let fail: (error: unknown) => void = () => {};
      const failed = new Promise<never>((_, reject) => (fail = reject));
      const runtime = createVisionWasm({
        ...options,
        print: (line) => console.debug(line),
        printErr: runtimeLog,
        instantiateWasm: (imports, receive) => {
          WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module), fail);
          return {};
        },
      });
      return Promise.race([runtime, failed]);
    };
    const fileset = { wasmLoaderPath: '', wasmBinaryPath: wasmUrl };
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
