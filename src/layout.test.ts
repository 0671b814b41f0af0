/**
 * The shape of src/: no import cycle, `.js` specifiers (what Node's ESM resolution reads in the
 * published declarations), and each thread's code in its own rooms.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, listTypeScript } from '../scripts/lib/import-graph.js';

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
