/**
 * The shape of src/: no import cycle, `.js` specifiers (what Node's ESM resolution reads in the
 * published declarations), and each thread's code in its own rooms.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, listTypeScript, reachableFrom } from '../scripts/lib/import-graph.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const graph = importGraph(ROOT, [...listTypeScript(ROOT, 'src'), ...listTypeScript(ROOT, 'workers')]);

describe('src/ imports', () => {
  it('form no cycle, type-only imports included', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('name the .js file (or .json) they import, and that file exists', () => {
    const bad: string[] = [];
    for (const [file, edges] of graph) {
      for (const { specifier, target } of edges) {
        if (!/\.(js|json)$/.test(specifier)) bad.push(`${file}: ${specifier}`);
        else if (!existsSync(join(ROOT, target))) bad.push(`${file}: ${specifier} (no ${target})`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('threads', () => {
  const facade = [...reachableFrom(graph, 'src/index.ts', true)];
  const worker = [...reachableFrom(graph, 'workers/liveness.worker.ts')];

  it('keeps the analysis out of the main-thread facade: none of its run-time imports reaches worker code', () => {
    const analysis = /^src\/(worker|face|pixels|input|learned|synth|visuals)\/|^src\/signals\/(?!catalog\.ts$)/;
    expect(facade.filter((file) => analysis.test(file))).toEqual([]);
    expect(facade).toContain('src/engine/engine.ts');
  });

  it('keeps the facade out of the worker: nothing the worker imports is under src/engine/', () => {
    expect(worker).toContain('src/worker/service.ts');
    expect(worker.filter((file) => file.startsWith('src/engine/'))).toEqual([]);
  });

  it('lets the two sides meet only in src/protocol/ (and the shared modules both use)', () => {
    const engineImports = [...graph].filter(([file]) => file.startsWith('src/engine/')).flatMap(([, edges]) => edges.map((e) => e.target));
    const workerImports = [...graph].filter(([file]) => file.startsWith('src/worker/')).flatMap(([, edges]) => edges.map((e) => e.target));
    expect(engineImports.filter((target) => target.startsWith('src/worker/'))).toEqual([]);
    expect(workerImports.filter((target) => target.startsWith('src/engine/'))).toEqual([]);
    expect(engineImports).toContain('src/protocol/index.ts');
    expect(workerImports).toContain('src/protocol/index.ts');
  });
});
