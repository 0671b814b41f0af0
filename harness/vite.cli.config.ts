/**
 * The command line's harness page for the published package, built into dist/cli/ by `npm run build:lib`:
 * harness.html (harness/harness.ts) with its one import of the SDK kept as the package's own facade
 * (`../selfie-liveness.js`), so that the CLI runs exactly the facade, worker and assets an app gets, and
 * envelopes.js (harness/cli-envelopes.ts), which the CLI imports in Node. bin/lib/static-server.mjs serves
 * dist/ with node:http: an installed package needs neither Vite nor a checkout of the repository.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** `../src/index.js` becomes the built facade, kept external. */
function publishedFacade(): Plugin {
  return {
    name: 'selfie-liveness:published-facade',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id === '../src/index.js' && importer === here('harness.ts')) return { id: '../selfie-liveness.js', external: true };
      return null;
    },
  };
}

export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: false,
  logLevel: 'warn',
  plugins: [publishedFacade()],
  build: {
    outDir: here('../dist/cli'),
    emptyOutDir: true,
    assetsDir: '.',
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      input: { harness: here('harness.html'), envelopes: here('cli-envelopes.ts') },
      output: { entryFileNames: (chunk) => (chunk.name === 'envelopes' ? 'envelopes.js' : '[name]-[hash].js') },
      preserveEntrySignatures: 'exports-only',
    },
  },
});
