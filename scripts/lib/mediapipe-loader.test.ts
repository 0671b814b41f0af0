import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { unsafeInBrowser } from './bundler-fixes.js';
import { loaderAsModule } from './mediapipe-loader.js';

const loader = readFileSync(createRequire(import.meta.url).resolve('@mediapipe/tasks-vision/vision_wasm_internal.js'), 'utf8');

describe('loaderAsModule', () => {
  it("makes MediaPipe's classic loader an ES module with a default export and no Node.js branch", () => {
    const code = loaderAsModule(loader);
    expect(code).toMatch(/\nexport default ModuleFactory;\n$/);
    expect(code).not.toMatch(/ENVIRONMENT_IS_NODE|module\.exports|typeof __filename/);
    // What is left of require/__dirname sits in branches that are now `if (false)`; the worker build
    // drops them, and its chunks are checked for them (browserSafeChunks). The loader itself has no import.meta.
    expect(unsafeInBrowser(code, 'worker')).not.toContain('import.meta');
  });

  it('fails by name when the loader no longer has the expected shape', () => {
    expect(() => loaderAsModule(loader.replace('var ENVIRONMENT_IS_NODE =', 'var IS_NODE ='))).toThrow(/the Node\.js detection/);
    expect(() => loaderAsModule(loader.replace(/if \(typeof exports === 'object'/, 'if (0'))).toThrow(/the UMD export/);
  });
});
