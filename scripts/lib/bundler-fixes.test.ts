import { describe, expect, it } from 'vitest';
import { markRuntimeImports, plainWorkerUrls, RUNTIME_IMPORT_MARK, unsafeInBrowser } from './bundler-fixes.js';

describe('plainWorkerUrls', () => {
  it("puts Vite's worker URL expression back as the plain pattern, naming the worker chunk", () => {
    const code = "const w = new Worker(new URL(/* @vite-ignore */ import.meta.ROLLDOWN_FILE_URL_a1b2, '' + import.meta.url), { type: 'module' });";
    expect(plainWorkerUrls(code, 'liveness.worker.js')).toEqual({
      code: "const w = new Worker(new URL('./liveness.worker.js', import.meta.url), { type: 'module' });",
      count: 1,
    });
  });

  it('counts every occurrence, and leaves other URLs alone', () => {
    const vite = "new URL(/* @vite-ignore */\n  import.meta.ROLLDOWN_FILE_URL_x ,  '' + import.meta.url )";
    const other = "new URL('./model.task', import.meta.url)";
    const out = plainWorkerUrls(`${vite};${other};${vite}`, 'w.js');
    expect(out.count).toBe(2);
    expect(out.code).toBe(`new URL('./w.js', import.meta.url);${other};new URL('./w.js', import.meta.url)`);
    expect(plainWorkerUrls(other, 'w.js')).toEqual({ code: other, count: 0 });
  });
});

describe('markRuntimeImports', () => {
  it('marks an import() of a run-time URL for webpack and Vite', () => {
    expect(markRuntimeImports('await import(t.toString())')).toEqual({ code: `await ${RUNTIME_IMPORT_MARK}t.toString())`, count: 1 });
    expect(RUNTIME_IMPORT_MARK).toBe('import(/* webpackIgnore: true */ /* @vite-ignore */ ');
  });

  it('leaves literal imports, already marked ones and lookalike names alone', () => {
    const code = "import('./chunk.js'); import(\"x\"); import(`y`); import( /* webpackIgnore: true */ u); reimport(a);";
    expect(markRuntimeImports(code)).toEqual({ code, count: 0 });
  });
});

describe('unsafeInBrowser', () => {
  it('finds Node.js-only identifiers, but not in strings or as property names', () => {
    expect(unsafeInBrowser('const f = __filename; e ||= __dirname + "/";', 'facade')).toEqual(['__filename', '__dirname']);
    expect(unsafeInBrowser('try { __non_webpack_require__("fs") } catch {} const m = require("x");', 'facade')).toEqual(['__non_webpack_require__', 'require']);
    expect(unsafeInBrowser('const s = "require(\'worker_threads\')"; o.require(1); ({ __dirname: 1 });', 'facade')).toEqual([]);
  });

  it('allows import.meta in a worker only as the base URL of new Worker(new URL(…))', () => {
    const start = "new Worker(new URL('./w.js', import.meta.url), { type: 'module' })";
    expect(unsafeInBrowser(start, 'worker')).toEqual([]);
    expect(unsafeInBrowser('const u = import.meta.url;', 'worker')).toEqual(['import.meta']);
    expect(unsafeInBrowser('const u = import.meta.url;', 'facade')).toEqual([]);
  });
});
