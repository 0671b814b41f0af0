import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipIfGzip } from './wasm-runtime.js';

/** A stream that hands `bytes` over in chunks of `size`, as a download does. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + size));
      at += size;
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// The first bytes of a WASM module: magic and version.
const WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...Array.from({ length: 5000 }, (_, i) => i % 251)]);

describe('gunzipIfGzip', () => {
  it('decompresses a gzip body, however it is chunked', async () => {
    const gz = new Uint8Array(gzipSync(WASM));
    for (const size of [1, 7, 4096]) expect(await collect(await gunzipIfGzip(chunked(gz, size)))).toEqual(WASM);
  });

  it('passes a body the server already decompressed (Content-Encoding: gzip) as it is', async () => {
    expect(await collect(await gunzipIfGzip(chunked(WASM, 3)))).toEqual(WASM);
  });

  it('passes an empty body as it is', async () => {
    expect(await collect(await gunzipIfGzip(chunked(new Uint8Array(0), 1)))).toEqual(new Uint8Array(0));
  });
});
