/**
 * Which tfjs backend runs the learned anti-spoofing model: WebGL where the browser has a hardware GPU,
 * WebAssembly (SIMD) everywhere else. A software WebGL (SwiftShader, llvmpipe, …) is slower than the
 * WASM kernels on the same CPU, so it counts as no GPU.
 */

/** The tfjs backends the model can run on. */
export type LearnedBackend = 'webgl' | 'wasm';

/** How the backend is picked: `'auto'` by the GPU found, or one named backend. */
export type LearnedBackendChoice = 'auto' | LearnedBackend;

/** Renderer names of WebGL implemented on the CPU. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver|microsoft basic/i;

/** The backend for a WebGL renderer name (`null`: no WebGL 2 at all). */
export function backendForRenderer(renderer: string | null): LearnedBackend {
  return renderer && !SOFTWARE_RENDERER.test(renderer) ? 'webgl' : 'wasm';
}

/** The name of the GPU behind WebGL 2 in this worker or page, or `null` without WebGL 2. */
export function webglRenderer(): string | null {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer: unknown = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return typeof renderer === 'string' ? renderer : null;
  } catch {
    return null;
  }
}

/** The backend to start for `choice`. */
export function pickBackend(choice: LearnedBackendChoice, renderer: () => string | null = webglRenderer): LearnedBackend {
  return choice === 'auto' ? backendForRenderer(renderer()) : choice;
}
