/**
 * A static file server on 127.0.0.1 (a free port) for the command line of an installed package: it
 * serves the package's dist/ folder (the harness page in dist/cli/, the library, its worker and the
 * assets) with node:http under the README's Content-Security-Policy, so that the CLI runs what an app
 * ships and needs neither Vite nor a checkout of the repository. GET and HEAD only, nothing outside root.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** The policy the README asks apps to send; the CLI's pages run under it too. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'";

/** @type {Record<string, string>} */
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.md': 'text/markdown; charset=utf-8',
};

/**
 * Serves `root` until `close()`.
 * @param {string} root absolute folder
 * @returns {Promise<{ origin: string, close(): Promise<void> }>}
 */
export async function serveStatic(root) {
  const base = normalize(root + sep);
  const server = createServer(async (request, response) => {
    const headers = { 'content-security-policy': CSP, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    let path;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      response.writeHead(400, headers).end();
      return;
    }
    const file = normalize(join(base, path));
    if (!file.startsWith(base) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, headers).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { ...headers, 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': body.length });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.writeHead(404, headers).end();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the static server has no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
