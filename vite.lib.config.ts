/**
 * The published library (`npm run build:lib`), as opposed to the demo site (vite.config.ts):
 *
 *   dist/selfie-liveness.js         the main-thread facade (ESM, dependencies bundled in: no bare imports,
 *                                   so it also loads from a plain `<script type="module">` page)
 *   dist/liveness.worker.js         the analysis worker, its own chunk, self-contained (MediaPipe, EXIF, FFT)
 *   dist/*.map                      source maps (sources embedded)
 *   dist/types/                     declarations, with `.js` extensions (bundler and Node ESM resolution)
 *   dist/assets/                    what an app must host: face_landmarker.task, wasm/vision_wasm_module_internal.{js,wasm},
 *                                   face_anti_spoofing.tflite and wasm/tfjs-backend-wasm*.wasm (optional learned_texture),
 *                                   README.md (provenance, licences) and manifest.json (sha256 of each file,
 *                                   checked by `selfie-liveness copy-assets`)
 *
 * The facade starts the worker with the literal `new Worker(new URL('./liveness.worker.js', import.meta.url),
 * { type: 'module' })`: resolved next to the facade module wherever it is served, and the pattern that
 * Vite, webpack 5 and Next.js recognise when they bundle the package into an app.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const OUT_DIR = here('dist');
const WORKER_FILE = 'liveness.worker.js';
const TYPES_DIR = join(OUT_DIR, 'types');
const ASSETS_DIR = join(OUT_DIR, 'assets');

/** What the engine loads at run time, relative to `assetBaseUrl`, and where the build takes it from. */
const ASSET_SOURCES: Readonly<Record<string, string>> = {
  'face_landmarker.task': here('public/models/face_landmarker.task'),
  // The module build of the loader is the only one the worker asks for (FaceModel: forVisionTasks(base, true)).
  'wasm/vision_wasm_module_internal.js': here('node_modules/@mediapipe/tasks-vision/wasm/vision_wasm_module_internal.js'),
  'wasm/vision_wasm_module_internal.wasm': here('node_modules/@mediapipe/tasks-vision/wasm/vision_wasm_module_internal.wasm'),
  // The optional learned_texture signal: its model and tfjs's WASM backend, fetched only when it is enabled.
  'face_anti_spoofing.tflite': here('public/models/face_anti_spoofing.tflite'),
  'wasm/tfjs-backend-wasm.wasm': here('node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
  'wasm/tfjs-backend-wasm-simd.wasm': here('node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'),
  'wasm/tfjs-backend-wasm-threaded-simd.wasm': here('node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm'),
  'README.md': here('public/models/README.md'),
};

/**
 * Vite turns `new Worker(new URL('…', import.meta.url))` into an expression of its own
 * (`new URL(import.meta.ROLLDOWN_FILE_URL_…, '' + import.meta.url)`) that no bundler of an app
 * recognises, so an app build would leave the worker file behind. This puts the plain pattern back,
 * pointing at the worker chunk's fixed name, and fails the build if it does not find exactly one.
 */
function plainWorkerUrl(): Plugin {
  const viteWorkerUrl = /new URL\(\s*\/\* @vite-ignore \*\/\s*import\.meta\.ROLLDOWN_FILE_URL_\w+\s*,\s*'' \+ import\.meta\.url\s*\)/g;
  let found = 0;
  return {
    name: 'selfie-liveness:plain-worker-url',
    apply: 'build',
    enforce: 'post',
    transform(code) {
      if (!code.includes('ROLLDOWN_FILE_URL_')) return null;
      const out = code.replace(viteWorkerUrl, () => {
        found++;
        return `new URL('./${WORKER_FILE}', import.meta.url)`;
      });
      return out === code ? null : { code: out, map: null };
    },
    generateBundle(_options, bundle) {
      if (found !== 1) this.error(`expected exactly one worker URL to rewrite, found ${found}`);
      // No comment may sit inside the pattern: `/* @vite-ignore */` there would hide it from an app's Vite.
      const facade = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry);
      const plain = `new Worker(new URL("./${WORKER_FILE}", import.meta.url)`;
      if (facade?.type !== 'chunk' || !facade.code.includes(plain)) this.error(`the facade does not start its worker with ${plain}`);
    },
  };
}

/**
 * MediaPipe loads its WASM loader with `import(url)`, a URL known only at run time. Bundlers of an app
 * must leave that call alone (webpack would otherwise turn it into a module context that fails at run
 * time), so the worker chunk marks it for webpack and Vite; the build fails if the call is not found.
 * The mark goes in after minification (which drops such comments), so on that one line of the
 * worker's source map the columns after it are 52 characters off.
 */
function runtimeImportsLeftAlone(): Plugin {
  const dynamicImport = /\bimport\((?!\s*['"`]|\s*\/\*)/g;
  let marked = 0;
  return {
    name: 'selfie-liveness:runtime-imports-left-alone',
    generateBundle(_options, bundle) {
      const worker = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry);
      if (worker?.type === 'chunk') {
        worker.code = worker.code.replace(dynamicImport, () => {
          marked++;
          return 'import(/* webpackIgnore: true */ /* @vite-ignore */ ';
        });
      }
      if (marked === 0 || worker?.type !== 'chunk' || !worker.code.includes('import(/* webpackIgnore: true */')) {
        this.error(`the worker chunk has no dynamic import marked with webpackIgnore (${marked} marked)`);
      }
    },
  };
}

/** Adds `.js` (or `/index.js`) to the relative specifiers of a declaration file, as Node ESM needs. */
function withJsExtensions(text: string, file: string): string {
  return text.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\2/g, (match, lead: string, quote: string, specifier: string) => {
    if (/\.(js|mjs|cjs)$/.test(specifier)) return match;
    const target = resolve(dirname(file), specifier);
    const resolved = existsSync(`${target}.d.ts`) || !existsSync(join(target, 'index.d.ts')) ? `${specifier}.js` : `${specifier}/index.js`;
    return `${lead}${quote}${resolved}${quote}`;
  });
}

/**
 * Declarations through the TypeScript API (tsconfig.lib.json), keeping only the files reachable from
 * index.d.ts, with `.js` extensions added.
 */
function emitDeclarations(): void {
  const parsed = ts.getParsedCommandLineOfConfigFile(here('tsconfig.lib.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) throw new Error('cannot read tsconfig.lib.json');
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, outDir: TYPES_DIR } });
  const emitted = new Map<string, string>();
  const result = program.emit(undefined, (fileName, text) => emitted.set(resolve(fileName), text), undefined, true);
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (diagnostics.length > 0) {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
    throw new Error(`declarations:\n${ts.formatDiagnostics(diagnostics, host)}`);
  }
  rmSync(TYPES_DIR, { recursive: true, force: true });
  const reachable = new Set<string>();
  const visit = (file: string) => {
    if (reachable.has(file) || !emitted.has(file)) return;
    reachable.add(file);
    for (const [, specifier] of (emitted.get(file) ?? '').matchAll(/(?:from\s+|import\()['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), specifier);
      visit(emitted.has(`${target}.d.ts`) ? `${target}.d.ts` : join(target, 'index.d.ts'));
    }
  };
  visit(join(TYPES_DIR, 'index.d.ts'));
  if (reachable.size === 0) throw new Error('no index.d.ts was emitted');
  for (const file of reachable) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, emitted.get(file) ?? '');
  }
  for (const file of reachable) writeFileSync(file, withJsExtensions(readFileSync(file, 'utf8'), file));
}

/** Copies the hosted assets into dist/assets/ and writes their sha256 manifest. */
function copyAssets(): void {
  rmSync(ASSETS_DIR, { recursive: true, force: true });
  const packageJson = JSON.parse(readFileSync(here('package.json'), 'utf8')) as { name: string; version: string };
  const files = Object.entries(ASSET_SOURCES).map(([path, source]) => {
    if (!existsSync(source)) throw new Error(`missing ${relative(here('.'), source)} (run npm ci first)`);
    const target = join(ASSETS_DIR, path);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    const sha256 = createHash('sha256').update(readFileSync(target)).digest('hex');
    return { path, bytes: statSync(target).size, sha256 };
  });
  const manifest = { name: packageJson.name, version: packageJson.version, algorithm: 'sha256', files };
  writeFileSync(join(ASSETS_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Declarations and assets once the bundle is written. */
function packageExtras(): Plugin {
  return {
    name: 'selfie-liveness:package-extras',
    apply: 'build',
    closeBundle() {
      emitDeclarations();
      copyAssets();
    },
  };
}

export default defineConfig({
  root: here('.'),
  // Nothing from public/ is copied: the hosted assets go to dist/assets/ with their manifest.
  publicDir: false,
  base: './',
  worker: {
    format: 'es',
    plugins: () => [runtimeImportsLeftAlone()],
    // the learned_texture code is a chunk of its own, loaded by the worker when first enabled
    rolldownOptions: { output: { entryFileNames: WORKER_FILE, chunkFileNames: 'liveness.[name]-[hash].js' } },
  },
  plugins: [plainWorkerUrl(), packageExtras()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: here('src/index.ts'),
      formats: ['es'],
      fileName: () => 'selfie-liveness.js',
    },
  },
});
