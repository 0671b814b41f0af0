/**
 * The built site (what an integrator deploys) served by a tiny static server that sends a
 * Content-Security-Policy header with every HTML page. Vite's dev server injects inline scripts
 * and its HMR client, so a strict policy can only be tested against `vite build` output.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The policy of README "Content-Security-Policy": nothing but the page's own origin, WebAssembly compilation allowed. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
};

/** A running static site. */
export interface StaticSite {
  origin: string;
  close(): Promise<void>;
}

/** The two sites: the demo (vite.config.ts) and the harness pages (harness/vite.config.ts), built apart. */
const SITE_CONFIGS = {
  demo: '../../vite.config.ts',
  harness: '../../harness/vite.config.ts',
} as const;

/** Builds one site with its Vite config into a fresh temporary folder. */
export async function buildSite(site: keyof typeof SITE_CONFIGS): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), `selfie-liveness-${site}-`));
  const { build } = await import('vite');
  await build({
    configFile: fileURLToPath(new URL(SITE_CONFIGS[site], import.meta.url)),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** Serves `root` on 127.0.0.1 (a free port); HTML pages carry `csp` as a response header. */
export async function serveSite(root: string, csp: string): Promise<StaticSite> {
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, {
        'content-type': type,
        'content-length': body.length,
        'cache-control': 'no-store',
        ...(type.startsWith('text/html') ? { 'content-security-policy': csp } : {}),
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Removes a folder made by `buildSite`. */
export function removeSite(root: string): Promise<void> {
  return rm(root, { recursive: true, force: true });
}
