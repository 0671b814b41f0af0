/**
 * MediaPipe's WASM runtime is hosted gzip-compressed (`*.wasm.gz`: 3.3 MB instead of 11.2 MB), so that
 * the copy an app hosts stays small, and so is the download from servers that do not compress
 * `application/wasm` themselves. It is decompressed while it downloads (DecompressionStream) and
 * compiled while it decompresses (WebAssembly.compileStreaming).
 */

/** First two bytes of a gzip stream (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** `chunks` as one array of `length` bytes. */
function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * `body`, decompressed when it is gzip. A server that sends the `.gz` file with `Content-Encoding: gzip`
 * has the browser decompress it already: then the bytes pass as they are.
 */
export async function gunzipIfGzip(body: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const reader = body.getReader();
  // The first chunks, until the two bytes that tell gzip apart are in (a chunk may hold a single byte).
  const first: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < GZIP_MAGIC.length && !done) {
    const read = await reader.read();
    done = read.done;
    if (read.value && read.value.length > 0) {
      first.push(read.value);
      length += read.value.length;
    }
  }
  const head = first.length === 1 ? first[0] : concat(first, length);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.length > 0) controller.enqueue(head);
      if (done) controller.close();
    },
    async pull(controller) {
      const read = await reader.read();
      if (read.done) controller.close();
      else controller.enqueue(read.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const gzipped = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  return gzipped ? stream.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>) : stream;
}

/** Fetches and compiles a WASM module hosted gzip-compressed (or already decompressed by the server). */
export async function compileWasm(url: string): Promise<WebAssembly.Module> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`Could not load ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new Error(`Could not load ${url}: HTTP ${response.status}.`);
  if (!response.body) throw new Error(`Could not load ${url}: the response has no body.`);
  const body = await gunzipIfGzip(response.body);
  return WebAssembly.compileStreaming(new Response(body, { headers: { 'content-type': 'application/wasm' } }));
}
