/**
 * What the library build (vite.lib.config.ts) does so that apps' bundlers handle the package: two fixes,
 * each a pure rewrite of a chunk's code (tested in bundler-fixes.test.ts) and a Vite plugin that applies
 * it and fails the build when it does not find what it must rewrite, and one guard on every chunk.
 */
import ts from 'typescript';
import type { Plugin } from 'vite';

/** Node.js-only names that dependencies use in branches a browser never runs, defined away at build time. */
export const NODE_ONLY_DEFINES: Readonly<Record<string, string>> = Object.freeze({
  __filename: 'undefined',
  __dirname: 'undefined',
  __non_webpack_require__: 'undefined',
});

/** Identifiers an app's bundler would act on (webpack rewrites `__filename`, warns on `__non_webpack_require__`, Turbopack resolves `require`). */
const NODE_ONLY = new Set([...Object.keys(NODE_ONLY_DEFINES), 'require']);

/**
 * What in `code` is unsafe in a browser chunk, read on its syntax tree (so strings do not count: tfjs
 * keeps the source of its Node.js thread worker in one): Node.js-only identifiers, and in a worker,
 * `import.meta` anywhere but in `new Worker(new URL(…, import.meta.url))` (a bundler may emit a worker
 * as a classic script, where `import.meta` does not parse).
 */
export function unsafeInBrowser(code: string, kind: 'facade' | 'worker'): string[] {
  const source = ts.createSourceFile('chunk.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const problems = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && NODE_ONLY.has(node.text)) {
      const parent = node.parent;
      const isMemberName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      if (!isMemberName) problems.add(node.text);
    }
    if (kind === 'worker' && ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) {
      const url = node.parent?.parent;
      const inWorkerUrl =
        url !== undefined && ts.isNewExpression(url) && url.expression.getText(source) === 'URL' && ts.isNewExpression(url.parent) && url.parent.expression.getText(source) === 'Worker';
      if (!inWorkerUrl) problems.add('import.meta');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...problems];
}

/** Fails the build when a chunk holds what `unsafeInBrowser` finds. */
export function browserSafeChunks(kind: 'facade' | 'worker'): Plugin {
  return {
    name: 'selfie-liveness:browser-safe-chunks',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const problems = unsafeInBrowser(chunk.code, kind);
        if (problems.length > 0) this.error(`${chunk.fileName} uses ${problems.join(', ')}: not safe in a browser chunk`);
      }
    },
  };
}

/** Vite's own expression for `new URL('…', import.meta.url)` of a worker, which no app's bundler recognises. */
const VITE_WORKER_URL = /new URL\(\s*\/\* @vite-ignore \*\/\s*import\.meta\.ROLLDOWN_FILE_URL_\w+\s*,\s*'' \+ import\.meta\.url\s*\)/g;

/** A dynamic `import(` whose argument is neither a literal nor already commented. */
const RUNTIME_IMPORT = /\bimport\((?!\s*['"`]|\s*\/\*)/g;

/** What marks a runtime import for webpack and Vite: leave it alone. */
export const RUNTIME_IMPORT_MARK = 'import(/* webpackIgnore: true */ /* @vite-ignore */ ';

/** `code` with Vite's worker URL expressions put back as `new URL('./<workerFile>', import.meta.url)`, and how many. */
export function plainWorkerUrls(code: string, workerFile: string): { code: string; count: number } {
  let count = 0;
  const out = code.replace(VITE_WORKER_URL, () => {
    count++;
    return `new URL('./${workerFile}', import.meta.url)`;
  });
  return { code: out, count };
}

/** `code` with every dynamic `import(` of a run-time URL marked RUNTIME_IMPORT_MARK, and how many. */
export function markRuntimeImports(code: string): { code: string; count: number } {
  let count = 0;
  const out = code.replace(RUNTIME_IMPORT, () => {
    count++;
    return RUNTIME_IMPORT_MARK;
  });
  return { code: out, count };
}

/**
 * Vite turns `new Worker(new URL('…', import.meta.url))` into an expression of its own
 * (`new URL(import.meta.ROLLDOWN_FILE_URL_…, '' + import.meta.url)`) that no bundler of an app
 * recognises, so an app build would leave the worker file behind. This puts the plain pattern back,
 * pointing at the worker chunk's fixed name, and fails the build if it does not find exactly one.
 */
export function plainWorkerUrl(workerFile: string): Plugin {
  let found = 0;
  return {
    name: 'selfie-liveness:plain-worker-url',
    apply: 'build',
    enforce: 'post',
    transform(code) {
      if (!code.includes('ROLLDOWN_FILE_URL_')) return null;
      const out = plainWorkerUrls(code, workerFile);
      found += out.count;
      return out.count === 0 ? null : { code: out.code, map: null };
    },
    generateBundle(_options, bundle) {
      if (found !== 1) this.error(`expected exactly one worker URL to rewrite, found ${found}`);
      // No comment may sit inside the pattern: `/* @vite-ignore */` there would hide it from an app's Vite.
      const facade = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry);
      const plain = `new Worker(new URL("./${workerFile}", import.meta.url)`;
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
export function runtimeImportsLeftAlone(): Plugin {
  return {
    name: 'selfie-liveness:runtime-imports-left-alone',
    generateBundle(_options, bundle) {
      const worker = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry);
      if (worker?.type !== 'chunk') return this.error('the worker build has no entry chunk');
      const out = markRuntimeImports(worker.code);
      worker.code = out.code;
      if (out.count === 0) this.error('the worker chunk has no dynamic import to mark with webpackIgnore');
    },
  };
}
