/**
 * MediaPipe's WASM loader, bundled into the analysis worker instead of fetched at run time.
 *
 * `@mediapipe/tasks-vision` fetches its loader as a script: `importScripts` in a classic worker,
 * `import()` in a module worker. Its module build uses `import.meta`, so a bundler that emits the
 * worker as a classic script (webpack, Next.js) breaks it, and a minifying copy step (copy-webpack-plugin
 * with Terser) rewrites a hosted `.js` without anyone noticing. Bundled in, the loader is neither a hosted
 * file nor a script fetched at run time: the worker hands it to MediaPipe as `self.ModuleFactory`
 * (src/face/landmarker.ts), and the worker runs as a classic or a module worker alike.
 *
 * The plugin serves `virtual:mediapipe-vision-wasm`: the classic SIMD loader (`vision_wasm_internal.js`,
 * Emscripten, UMD) as an ES module with a default export, its Node.js branches cut out at build time (no
 * `require`, `__filename` or `__dirname` left for an app's bundler to trip over). Each edit must find
 * exactly the matches it expects, so a MediaPipe upgrade that changes the file fails the build by name.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

export const MEDIAPIPE_LOADER_ID = 'virtual:mediapipe-vision-wasm';
const RESOLVED_ID = `\0${MEDIAPIPE_LOADER_ID}`;

/** One edit of the loader's text; `count` is how many matches it must find. */
interface Edit {
  what: string;
  pattern: RegExp;
  replacement: string;
  count: number;
}

const EDITS: readonly Edit[] = [
  { what: 'the Node.js detection', pattern: /^var ENVIRONMENT_IS_NODE = .*;$/gm, replacement: '', count: 1 },
  // Every use of the flag becomes `false`, so that the minifier drops the Node.js branches and their require() calls.
  { what: 'uses of the Node.js flag', pattern: /\bENVIRONMENT_IS_NODE\b/g, replacement: 'false', count: 6 },
  { what: 'the Node.js script name', pattern: /typeof __filename != "undefined"/g, replacement: 'false', count: 1 },
  {
    what: 'the UMD export',
    pattern: /\n\/\/ Export using a UMD style export[^\n]*\nif \(typeof exports === 'object' && typeof module === 'object'\) \{[\s\S]*$/g,
    replacement: '\nexport default ModuleFactory;\n',
    count: 1,
  },
];

/** The loader as an ES module; throws naming the edit that no longer applies. */
export function loaderAsModule(source: string): string {
  let code = source;
  for (const edit of EDITS) {
    const found = code.match(edit.pattern)?.length ?? 0;
    if (found !== edit.count) {
      throw new Error(`MediaPipe's WASM loader changed: expected ${edit.count} match(es) for ${edit.what}, found ${found}`);
    }
    code = code.replace(edit.pattern, edit.replacement);
  }
  return code;
}

/** Serves `virtual:mediapipe-vision-wasm` (see the module comment). */
export function mediapipeLoader(): Plugin {
  const require = createRequire(import.meta.url);
  return {
    name: 'selfie-liveness:mediapipe-loader',
    enforce: 'pre',
    resolveId(id) {
      return id === MEDIAPIPE_LOADER_ID ? RESOLVED_ID : null;
    },
    load(id) {
      if (id !== RESOLVED_ID) return null;
      const file = require.resolve('@mediapipe/tasks-vision/vision_wasm_internal.js');
      this.addWatchFile(file);
      return { code: loaderAsModule(readFileSync(file, 'utf8')), map: null };
    },
  };
}
