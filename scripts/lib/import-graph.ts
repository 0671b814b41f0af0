/**
 * The relative imports of a TypeScript tree, read with the TypeScript compiler's parser (no
 * resolution, no type checking), and the cycles among them. Used by src/layout.test.ts to keep
 * src/ free of import cycles and each thread's code in its own rooms.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One relative import of a file. */
export interface ImportEdge {
  /** The specifier as written (`./catalog.js`). */
  specifier: string;
  /** The imported file, project-relative with a `.ts` extension where a `.js` specifier names one. */
  target: string;
  /** `import type` / `export type`, or every named binding type-only: erased at run time. */
  typeOnly: boolean;
}

/** Files (project-relative paths) and their relative imports. */
export type ImportGraph = Map<string, ImportEdge[]>;

/** The relative imports, re-exports and dynamic `import()`s written in `text`. */
export function importsOf(text: string, fileName = 'file.ts'): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const allNamedTypeOnly = !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && allNamedTypeOnly));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause;
      const allNamedTypeOnly = !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || allNamedTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((entry) => entry.specifier.startsWith('./') || entry.specifier.startsWith('../'));
}

/** Every `.ts` file under `dir` (project-relative to `root`), `.d.ts` files included. */
export function listTypeScript(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** The import graph of `files` (project-relative to `root`). A `.js` specifier stands for its `.ts` source. */
export function importGraph(root: string, files: readonly string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const edges = importsOf(readFileSync(join(root, file), 'utf8'), file).map(({ specifier, typeOnly }) => {
      const resolved = relative(root, resolve(root, dirname(file), specifier));
      return { specifier, typeOnly, target: resolved.replace(/\.js$/, '.ts') };
    });
    graph.set(file, edges);
  }
  return graph;
}

/**
 * Cycles of `graph`, each listed once as the files along it (the first file repeated at the end),
 * found by a depth-first search. Only edges between files of the graph count.
 */
export function findCycles(graph: ImportGraph): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const { target } of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (state.get(target) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(target)), target];
        const key = [...cycle.slice(0, -1)].sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(target)) {
        visit(target);
      }
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

/** Files reachable from `entry` (itself included); with `runtimeOnly`, through imports that survive compilation only. */
export function reachableFrom(graph: ImportGraph, entry: string, runtimeOnly = false): Set<string> {
  const reached = new Set<string>();
  const visit = (file: string): void => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const edge of graph.get(file) ?? []) if (!(runtimeOnly && edge.typeOnly)) visit(edge.target);
  };
  visit(entry);
  return reached;
}
