/**
 * Fetching the worker's assets from the app's own origin: the face model with progress, and a check
 * that the WASM loader is reachable before MediaPipe tries it (its own error names no URL).
 */

/** First bytes of a zip archive ("PK"), the container of a MediaPipe .task bundle. */
const ZIP_MAGIC = [0x50, 0x4b] as const;

/** Fetch an asset of the app's own origin, reporting progress when its size is known. */
async function fetchWithProgress(url: string, onChunk: (loaded: number, total: number) => void): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`Could not load ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new Error(`Could not load ${url}: HTTP ${response.status}.`);
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onChunk(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/**
 * The face landmarker model (.task bundle) at `url`, with `onChunk` told of the download's progress.
 * @throws Error naming the URL when it cannot be fetched or is not a .task bundle.
 */
export async function fetchFaceModel(url: string, onChunk: (loaded: number, total: number) => void): Promise<Uint8Array> {
  const bytes = await fetchWithProgress(url, onChunk);
  // A .task bundle is a zip archive: anything else (an HTML error page, say) is not the model.
  if (bytes[0] !== ZIP_MAGIC[0] || bytes[1] !== ZIP_MAGIC[1]) {
    throw new Error(`${url} is not a face landmarker model (.task bundle).`);
  }
  return bytes;
}

/** Checks that `url` answers (a HEAD request). @throws Error naming the URL otherwise. */
export async function assertReachable(url: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'HEAD' });
  } catch (error) {
    throw new Error(`Could not load ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new Error(`Could not load ${url}: HTTP ${response.status}.`);
}
