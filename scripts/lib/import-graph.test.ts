import { describe, expect, it } from 'vitest';
import { findCycles, importsOf, reachableFrom, type ImportGraph } from './import-graph.js';

const edge = (target: string, typeOnly = false) => ({ specifier: `./${target}`, target, typeOnly });

describe('importsOf', () => {
  it('reads imports, re-exports, dynamic imports and import types, relative ones only, telling type-only ones apart', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "import { type C, type D } from './cd.js';",
      "import e, { type E } from './e.js';",
      "import 'side-effect-free-package';",
      "export { f } from './f.js';",
      "export type { G } from './g.js';",
      "const h = await import('./h.js');",
      "let i: import('./i.js').I;",
    ].join('\n');
    expect(importsOf(text)).toEqual([
      { specifier: './a.js', typeOnly: false },
      { specifier: '../b.js', typeOnly: true },
      { specifier: './cd.js', typeOnly: true },
      { specifier: './e.js', typeOnly: false },
      { specifier: './f.js', typeOnly: false },
      { specifier: './g.js', typeOnly: true },
      { specifier: './h.js', typeOnly: false },
      { specifier: './i.js', typeOnly: true },
    ]);
  });
});

describe('findCycles', () => {
  it('finds none in a tree with a shared leaf', () => {
    const graph: ImportGraph = new Map([
      ['a', [edge('b'), edge('c')]],
      ['b', [edge('c')]],
      ['c', []],
    ]);
    expect(findCycles(graph)).toEqual([]);
  });

  it('finds a two-file cycle once, type-only edges included, and a longer one', () => {
    const graph: ImportGraph = new Map([
      ['config', [edge('types', true)]],
      ['types', [edge('config', true)]],
      ['x', [edge('y')]],
      ['y', [edge('z')]],
      ['z', [edge('x'), edge('outside')]],
    ]);
    expect(findCycles(graph)).toEqual([
      ['config', 'types', 'config'],
      ['x', 'y', 'z', 'x'],
    ]);
  });
});

describe('reachableFrom', () => {
  it('follows every edge, or only those that survive compilation', () => {
    const graph: ImportGraph = new Map([
      ['index', [edge('engine'), edge('types', true)]],
      ['engine', [edge('protocol', true)]],
      ['types', [edge('config')]],
    ]);
    expect([...reachableFrom(graph, 'index')].sort()).toEqual(['config', 'engine', 'index', 'protocol', 'types']);
    expect([...reachableFrom(graph, 'index', true)].sort()).toEqual(['engine', 'index']);
  });
});
