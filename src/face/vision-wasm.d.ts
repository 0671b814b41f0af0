/**
 * MediaPipe's WASM loader (Emscripten, `vision_wasm_internal.js`), bundled into the worker by
 * scripts/lib/mediapipe-loader.ts.
 */
declare module 'virtual:mediapipe-vision-wasm' {
  /** The Emscripten module options the engine sets (MediaPipe adds `locateFile`). */
  export interface VisionWasmOptions {
    locateFile?: (path: string, prefix: string) => string;
    /** Receives the runtime's stdout lines. */
    print?: (line: string) => void;
    /** Receives the runtime's stderr lines. */
    printErr?: (line: string) => void;
    /** Instantiates the runtime in place of Emscripten's own fetch; calls `receive` when done. */
    instantiateWasm?: (
      imports: WebAssembly.Imports,
      receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => object;
  }
  /** Starts the runtime; resolves to the Emscripten module MediaPipe drives. */
  export default function createVisionWasm(options: VisionWasmOptions): Promise<unknown>;
}
