/**
 * `selfie-liveness eval --manifest <csv>`: runs every image of a labelled manifest through the real
 * SDK (one engine, reused) and writes scores.csv, metrics.json and report.html into the output folder.
 * @module
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { toCsv } from './csv.mjs';
import { readManifest } from './manifest.mjs';
import { attackTypeOf, computeMetrics, LIVE_LABEL } from './metrics.mjs';
import { Progress } from './progress.mjs';
import { buildReport, LIVE_WITHOUT_CONFIDENCE } from './report.mjs';
import { EXIT_FAILURE, EXIT_OK, openSession } from './session.mjs';

/** Default output folder, relative to the working directory. */
export const DEFAULT_OUT_DIR = 'eval-out';
/** Thumbnails per class (live, each attack type) in the report. */
const WORST_PER_CLASS = 8;
/** Longest side of a report thumbnail, in pixels. */
const THUMBNAIL_PX = 96;
const THUMBNAIL_QUALITY = 0.7;

/**
 * One evaluated image: its manifest row and what the engine said.
 * @typedef {import('./manifest.mjs').ManifestRow & import('./metrics.mjs').ScoredRecord & {
 *   face_detected: boolean | null,
 *   error_message: string,
 *   raw: Record<string, number | string>,
 * }} EvalRecord
 */

/**
 * Flattens an envelope into a record. Signal scores are kept unrounded. Any plain-number or string
 * field of a signal's `raw` object (raw measurements, when the engine reports them) becomes a
 * `signal.key` entry of `raw`, and with it a scores.csv column; with diagnostics, so do the number
 * of faces found (`diagnostics.face_count`), the face box in the analysed image's pixels
 * (`diagnostics.face_box_x`, `_y`, `_width`, `_height`) and the analysed and source sizes
 * (`diagnostics.image_width`, `image_height`, `source_width`, `source_height`).
 * @param {import('./manifest.mjs').ManifestRow} row
 * @param {any} envelope  a response envelope
 * @returns {EvalRecord}
 */
export function toRecord(row, envelope) {
  const success = envelope.status === 'success';
  /** @type {Record<string, number>} */
  const scores = {};
  /** @type {Record<string, number | string>} */
  const raw = {};
  for (const signal of success ? envelope.result.signals : []) {
    scores[signal.name] = signal.score;
    const measured = signal.raw ?? envelope.diagnostics?.measurements?.[signal.name];
    if (measured && typeof measured === 'object') {
      for (const [key, value] of Object.entries(measured)) {
        if (typeof value === 'number' || typeof value === 'string') raw[`${signal.name}.${key}`] = value;
      }
    }
  }
  // with diagnostics, the number of faces found (more than one makes the verdict INCONCLUSIVE)
  const diagnostics = envelope.diagnostics;
  if (typeof diagnostics?.face_count === 'number') raw['diagnostics.face_count'] = diagnostics.face_count;
  // with diagnostics, where the face is (for tools that cut the image again, such as the texture augmentation)
  for (const [prefix, box] of [['face_box', diagnostics?.face_box], ['image', diagnostics?.image_size], ['source', diagnostics?.source_size]]) {
    if (!box || typeof box !== 'object') continue;
    for (const [key, value] of Object.entries(box)) if (typeof value === 'number') raw[`diagnostics.${prefix}_${key}`] = value;
  }
  return {
    ...row,
    status: envelope.status,
    error_code: success ? null : envelope.error.code,
    error_message: success ? '' : envelope.error.message,
    verdict: success ? envelope.result.verdict : null,
    confidence: success ? envelope.result.confidence : null,
    face_detected: success ? envelope.result.face_detected : null,
    scores,
    raw,
  };
}

/**
 * The columns of scores.csv, in order: the manifest's four, the outcome, one score per signal
 * (named by signal), `face_detected`, `error_message`, then any raw measurements. New columns go
 * at the end, so that readers that address columns by name or position keep working.
 * @param {readonly string[]} signals
 * @param {readonly EvalRecord[]} records
 * @returns {import('./csv.mjs').CsvColumn<EvalRecord>[]}
 */
export function scoreColumns(signals, records) {
  /** @type {(header: string, value: (r: EvalRecord) => unknown) => import('./csv.mjs').CsvColumn<EvalRecord>} */
  const column = (header, value) => ({ header, value });
  const rawKeys = [...new Set(records.flatMap((record) => Object.keys(record.raw)))];
  return [
    column('path', (r) => r.path),
    column('label', (r) => r.label),
    column('attack_type', (r) => r.attack_type),
    column('source', (r) => r.source),
    column('status', (r) => r.status),
    column('error_code', (r) => r.error_code),
    column('verdict', (r) => r.verdict),
    column('confidence', (r) => r.confidence),
    ...signals.map((name) => column(name, (r) => r.scores[name])),
    column('face_detected', (r) => r.face_detected),
    column('error_message', (r) => r.error_message),
    ...rawKeys.map((key) => column(key, (r) => r.raw[key])),
  ];
}

/**
 * The report's worst-scored images: per class, live images with the lowest confidence and attacks
 * with the highest. Images without a confidence are not ranked; the first live ones of them form
 * the class LIVE_WITHOUT_CONFIDENCE (rejected too, as non-responses).
 * @param {readonly EvalRecord[]} records
 * @param {number} perClass
 * @returns {Map<string, EvalRecord[]>} class ('live', LIVE_WITHOUT_CONFIDENCE or an attack type) → records, worst first
 */
export function worstByClass(records, perClass) {
  /** @type {Map<string, EvalRecord[]>} */
  const classes = new Map([[LIVE_LABEL, []]]);
  for (const record of records) {
    if (record.confidence === null) continue;
    const key = record.label === LIVE_LABEL ? LIVE_LABEL : attackTypeOf(record);
    const group = classes.get(key);
    if (group) group.push(record);
    else classes.set(key, [record]);
  }
  for (const [key, group] of classes) {
    const sign = key === LIVE_LABEL ? 1 : -1;
    group.sort((a, b) => sign * (/** @type {number} */ (a.confidence) - /** @type {number} */ (b.confidence)));
    classes.set(key, group.slice(0, perClass));
  }
  const unscored = records.filter((r) => r.label === LIVE_LABEL && r.confidence === null).slice(0, perClass);
  if (unscored.length > 0) {
    const [live, ...attacks] = classes;
    return new Map([live, [LIVE_WITHOUT_CONFIDENCE, unscored], ...attacks]);
  }
  return classes;
}

/**
 * A small JPEG data URL of an image, drawn in the browser (which decodes every format the SDK takes).
 * @param {import('playwright-core').Page} page
 * @param {Buffer} bytes
 * @returns {Promise<string>}
 */
function thumbnail(page, bytes) {
  return page.evaluate(
    async ([base64, size, quality]) => {
      const binary = atob(base64);
      const data = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
      const bitmap = await createImageBitmap(new Blob([data]), { imageOrientation: 'from-image' });
      const scale = Math.min(1, size / Math.max(bitmap.width, bitmap.height));
      const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('2D canvas context unavailable');
      ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
      const out = new Uint8Array(await blob.arrayBuffer());
      let text = '';
      for (let i = 0; i < out.length; i += 0x8000) text += String.fromCharCode(...out.subarray(i, i + 0x8000));
      return `data:image/jpeg;base64,${btoa(text)}`;
    },
    /** @type {[string, number, number]} */ ([bytes.toString('base64'), THUMBNAIL_PX, THUMBNAIL_QUALITY]),
  );
}

/**
 * @param {{
 *   manifest: string,
 *   outDir: string,
 *   config: Record<string, unknown>,
 *   limit: number | null,
 *   measurements?: boolean,
 *   quiet: boolean,
 *   log: import('./session.mjs').Log,
 * }} options
 * @returns {Promise<number>} the exit status
 */
export async function runEval({ manifest, outDir, config, limit, measurements = false, quiet, log }) {
  const allRows = await readManifest(manifest);
  const rows = limit === null ? allRows : allRows.slice(0, limit);
  log(`${rows.length} images from ${manifest}${limit !== null && allRows.length > rows.length ? ` (first ${rows.length} of ${allRows.length})` : ''}`);
  const out = resolve(outDir);
  await mkdir(out, { recursive: true });

  const started = performance.now();
  const session = await openSession({ config, log });
  const progress = new Progress(rows.length, { enabled: !quiet, label: 'eval ' });

  /** @type {EvalRecord[]} */
  const records = [];
  let browserFailures = 0;
  progress.update(0);
  for (const row of rows) {
    let envelope;
    try {
      const bytes = await readFile(row.file);
      try {
        envelope = await session.check(bytes.toString('base64'), measurements ? { diagnostics: true } : {});
      } catch (error) {
        browserFailures++;
        envelope = session.browserFailureEnvelope(error);
      }
    } catch (error) {
      envelope = session.unreadableEnvelope(row.path, error);
    }
    records.push(toRecord(row, envelope));
    progress.update(records.length);
  }
  progress.done();
  const checkSeconds = (performance.now() - started) / 1000;

  const engineConfig = session.engine.config;
  const signals = [...new Set([...Object.keys(engineConfig.weights ?? {}), ...records.flatMap((r) => Object.keys(r.scores))])];
  const metrics = computeMetrics(records, {
    signals,
    threshold: engineConfig.live_threshold ?? null,
    inconclusiveMargin: engineConfig.inconclusive_margin ?? null,
  });

  /** @type {Map<string, { record: EvalRecord, src: string | null }[]>} */
  const thumbnails = new Map();
  for (const [key, group] of worstByClass(records, WORST_PER_CLASS)) {
    const items = [];
    for (const record of group) {
      let src = null;
      try {
        src = await thumbnail(session.page, await readFile(record.file));
      } catch (error) {
        log(`no thumbnail for ${record.path}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
      }
      items.push({ record, src });
    }
    thumbnails.set(key, items);
  }

  const run = {
    manifest: resolve(manifest),
    images: rows.length,
    seconds: Math.round(checkSeconds * 10) / 10,
    created: new Date().toISOString(),
    config: engineConfig,
  };
  const files = {
    scores: join(out, 'scores.csv'),
    metrics: join(out, 'metrics.json'),
    report: join(out, 'report.html'),
  };
  await writeFile(files.scores, toCsv(scoreColumns(signals, records), records));
  await writeFile(files.metrics, `${JSON.stringify({ ...metrics, run }, null, 2)}\n`);
  await writeFile(files.report, buildReport({ metrics, records, signals, thumbnails, run }));

  const pct = (/** @type {number | null} */ v) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)} %`);
  const num = (/** @type {number | null} */ v) => (v === null ? 'n/a' : v.toFixed(3));
  log(
    `AUC ${num(metrics.auc)}  EER ${pct(metrics.eer)}  BPCER ${pct(metrics.bpcer)}  ` +
      `worst APCER ${pct(metrics.apcer_worst)} (${metrics.apcer_worst_attack ?? 'n/a'})  ACER ${pct(metrics.acer)}`,
  );
  log(`${rows.length} images in ${run.seconds} s; wrote ${files.scores}, ${files.metrics}, ${files.report}`);
  if (browserFailures > 0) log(`the browser failed on ${browserFailures} image(s); they count as INFERENCE_ERROR`);
  return browserFailures > 0 ? EXIT_FAILURE : EXIT_OK;
}
