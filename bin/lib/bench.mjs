/**
 * `selfie-liveness bench [--quick] [--out DIR]`: speed, start-up, responsiveness and memory of the SDK
 * in headless Chromium, side by side with the open-source peer `@vladmandic/human` (MIT; tfjs WASM
 * backend in a Web Worker; face detection + mesh + antispoof + liveness) on the same JPEGs, in the
 * same browser run. Writes DIR/bench.json and prints a Markdown table on stdout.
 *
 * The session (Vite server, Chromium, harness) is the CLI's shared one; the bench then moves the page
 * to harness/bench.html (harness/bench.ts), which builds the images and times the checks.
 * @module
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FatalError, FROM_SOURCES, openSession, UsageError } from './session.mjs';

export const DEFAULT_BENCH_OUT_DIR = 'bench-results';

/** The four sizes of the issue (4:3, as phone cameras produce). */
export const BENCH_SIZES = [
  { width: 640, height: 480 },
  { width: 1280, height: 960 },
  { width: 2048, height: 1536 },
  { width: 4032, height: 3024 },
];

/**
 * Real photos (MIT, shipped by @vladmandic/face-api): a 4:3 crop around one face of each group
 * photo, scaled to every size. The first also provides the face of the generated scene.
 */
const SAMPLES_DIR = fileURLToPath(new URL('../../node_modules/@vladmandic/face-api/demo/', import.meta.url));
const SAMPLES = [
  { name: 'sample6', crop: { x: 490, y: 250, width: 600, height: 450 } },
  { name: 'sample5', crop: { x: 1280, y: 290, width: 600, height: 450 } },
  { name: 'sample3', crop: { x: 920, y: 150, width: 600, height: 450 } },
];

/** The size used for cold start, throughput and memory. */
const REFERENCE_SIZE = { width: 1280, height: 960 };
const IN_FLIGHT = 8;
const MB = 1024 * 1024;

/** Full and quick settings. */
const PLANS = {
  full: { runs: 30, warmup: 2, throughputRounds: 4, soak: [10, 500] },
  quick: { runs: 5, warmup: 1, throughputRounds: 1, soak: [10] },
};

/** @param {number[]} values @param {number} q in [0,1], nearest rank */
function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** @param {number} value @param {number} digits */
const round = (value, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

/**
 * Median of each stage over the samples.
 * @param {{ stages: Record<string, number> }[]} samples
 */
function stageMedians(samples) {
  /** @type {Record<string, number[]>} */
  const byStage = {};
  for (const { stages } of samples) for (const [stage, ms] of Object.entries(stages)) (byStage[stage] ??= []).push(ms);
  return Object.fromEntries(Object.entries(byStage).map(([stage, values]) => [stage, round(quantile(values, 0.5), 2)]));
}

/**
 * JS heap of the page and of the dedicated workers, through CDP: `Runtime.getHeapUsage` after
 * `HeapProfiler.collectGarbage`. The page is reached with Playwright's CDPSession; each worker is
 * reached through that session's auto-attached child targets (`Target.sendMessageToTarget`).
 * WASM linear memory (MediaPipe's, tfjs's) is outside the JS heap and not counted.
 * @param {import('playwright-core').Page} page
 */
async function heapProbe(page) {
  const cdp = await page.context().newCDPSession(page);
  /** @type {Map<string, { url: string, title: string }>} */
  const workers = new Map();
  /** @type {Map<number, (value: any) => void>} */
  const waiting = new Map();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (/** @type {any} */ event) => {
    if (event.targetInfo.type === 'worker') workers.set(event.sessionId, { url: event.targetInfo.url, title: event.targetInfo.title });
  });
  cdp.on('Target.detachedFromTarget', (/** @type {any} */ event) => workers.delete(event.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (/** @type {any} */ event) => {
    const message = JSON.parse(event.message);
    const resolve = waiting.get(message.id);
    if (resolve) {
      waiting.delete(message.id);
      resolve(message);
    }
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });

  /** @param {string} sessionId @param {string} method */
  const inWorker = (sessionId, method) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`${method} in a worker timed out`)), 10_000);
      waiting.set(id, (message) => {
        clearTimeout(timer);
        if (message.error) reject(new Error(message.error.message));
        else resolve(message.result);
      });
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(reject);
    });

  /** Used JS heap in MB of the page and of the worker whose URL contains `workerMatch`. @param {string} workerMatch */
  return async (workerMatch) => {
    await cdp.send('HeapProfiler.collectGarbage');
    const pageHeap = /** @type {{ usedSize: number }} */ (await cdp.send('Runtime.getHeapUsage'));
    let worker = null;
    for (const [sessionId, info] of workers) {
      if (!info.url.includes(workerMatch)) continue;
      await inWorker(sessionId, 'HeapProfiler.collectGarbage');
      const usage = /** @type {{ usedSize: number }} */ (await inWorker(sessionId, 'Runtime.getHeapUsage'));
      worker = round(usage.usedSize / MB, 2);
    }
    return { page: round(pageHeap.usedSize / MB, 2), worker };
  };
}

/** @param {string} text */
function parseSize(text) {
  const match = /^(\d+)x(\d+)$/.exec(text);
  if (!match) throw new Error(`bad size "${text}"`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** @param {number | null} value */
const cell = (value) => (value === null || value === undefined ? '—' : String(value));

/**
 * The Markdown table of a bench.json.
 * @param {any} report
 */
export function markdownTable(report) {
  const lines = [
    '| size | ours median ms | ours p95 ms | peer median ms | peer p95 ms | ours/peer | speed-up |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const size of report.sizes) {
    lines.push(
      `| ${size.width}×${size.height} | ${cell(size.median_ms)} | ${cell(size.p95_ms)} | ${cell(size.peer_median_ms)} | ${cell(size.peer_p95_ms)} | ${cell(size.ratio_ours_over_peer)} | ${size.speedup_vs_peer === null ? '—' : `${size.speedup_vs_peer}×`} |`,
    );
  }
  const stages = [...new Set(report.sizes.flatMap((/** @type {any} */ size) => Object.keys(size.stages)))];
  const stageLines = [
    '',
    `| stage (median ms) | ${report.sizes.map((/** @type {any} */ s) => `${s.width}×${s.height}`).join(' | ')} |`,
    `|---|${report.sizes.map(() => '---:').join('|')}|`,
    ...stages.map((stage) => `| ${stage} | ${report.sizes.map((/** @type {any} */ s) => cell(s.stages[stage] ?? null)).join(' | ')} |`),
  ];
  const peerCold = report.peer?.cold_start_ms;
  const heap = report.heap_mb;
  const heapText = (/** @type {any} */ h) => (h ? `page ${cell(h.page)} MB, worker ${cell(h.worker)} MB` : 'skipped');
  const summary = [
    '',
    `| measure | ours | peer |`,
    `|---|---:|---:|`,
    `| cold start → ready (ms) | ${cell(report.cold_start_ms.ready)} | ${cell(peerCold?.ready ?? null)} |`,
    `| cold start → first result (ms) | ${cell(report.cold_start_ms.first_result)} | ${cell(peerCold?.first_result ?? null)} |`,
    `| throughput, ${report.in_flight} in flight (checks/s) | ${cell(report.throughput_per_s)} | ${cell(report.peer?.throughput_per_s ?? null)} |`,
    `| main-thread long tasks during checks | ${cell(report.long_tasks)} | ${cell(report.peer?.long_tasks ?? null)} |`,
    `| longest main-thread stall during checks (ms) | ${cell(report.max_main_thread_gap_ms)} | ${cell(report.peer?.max_main_thread_gap_ms ?? null)} |`,
    '',
    `Heap after 10 checks: ${heapText(heap.after_10)}; after 500: ${heapText(heap.after_500)}.`,
    `Machine: ${report.machine.cores} cores (${report.machine.cpu_model}), ${report.machine.browser}, load average ${report.machine.load_average.join(' ')}.`,
  ];
  return [...lines, ...stageLines, ...summary].join('\n');
}

/**
 * @param {{ quick: boolean, outDir: string, sizes: string[] | null, peer: boolean, runs: number | null,
 *   config: Record<string, unknown>, log: import('./session.mjs').Log }} options
 * @returns {Promise<number>} the exit status
 */
export async function runBench({ quick, outDir, sizes: sizeArgs, peer: withPeer, runs: runsArg, config, log }) {
  // The benchmark page and its peer are development tools: not part of the published package.
  if (!FROM_SOURCES) throw new UsageError('bench runs from a checkout of the repository (npm ci && npm run bench), not from an installed package');
  const plan = { ...(quick ? PLANS.quick : PLANS.full) };
  if (runsArg !== null) plan.runs = runsArg;
  const sizes = sizeArgs ? sizeArgs.map(parseSize) : BENCH_SIZES;
  const started = performance.now();
  const samples = await Promise.all(
    SAMPLES.map(async (sample) => ({ ...sample, base64: (await readFile(join(SAMPLES_DIR, `${sample.name}.jpg`))).toString('base64') })),
  );

  const session = await openSession({ config, log });
  const { page } = session;
  await page.goto(new URL('bench.html', page.url()).href);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 120_000 });
  const browser = page.context().browser();
  const machine = await page.evaluate(() => window.bench.machine());
  const heap = await heapProbe(page);

  log('building the images');
  /** @type {Map<string, import('../../harness/bench').BenchImage[]>} */
  const imagesBySize = new Map();
  for (const [i, size] of sizes.entries()) {
    imagesBySize.set(`${size.width}x${size.height}`, await page.evaluate(([s, p, seed]) => window.bench.generate(s, p, seed), /** @type {const} */ ([size, samples, i + 1])));
  }
  const reference = imagesBySize.get(`${REFERENCE_SIZE.width}x${REFERENCE_SIZE.height}`) ?? [...imagesBySize.values()][0];
  const referenceIds = reference.map((image) => image.id);

  log('cold start: selfie-liveness');
  const cold = await page.evaluate(([id, options]) => window.bench.coldStart('ours', id, options), /** @type {const} */ ([referenceIds[1] ?? referenceIds[0], config]));
  /** @type {any} */
  let peerReport = null;
  if (withPeer) {
    log('cold start: the peer (@vladmandic/human, tfjs wasm)');
    try {
      const peerCold = await page.evaluate((id) => window.bench.coldStart('peer', id), referenceIds[1] ?? referenceIds[0]);
      peerReport = {
        name: '@vladmandic/human',
        ...peerCold.info,
        cold_start_ms: { ready: round(peerCold.ready), first_result: round(peerCold.first_result) },
      };
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      log(`the peer could not run: ${message}`);
      peerReport = { name: '@vladmandic/human', error: message };
    }
  }
  const peerRuns = peerReport !== null && !peerReport.error;

  let longTasks = 0;
  let peerLongTasks = 0;
  let maxGap = 0;
  let peerMaxGap = 0;
  const sizeReports = [];
  for (const size of sizes) {
    const tag = `${size.width}x${size.height}`;
    const ids = /** @type {import('../../harness/bench').BenchImage[]} */ (imagesBySize.get(tag)).map((image) => image.id);
    log(`${tag}: ${plan.runs} checks${peerRuns ? ' each' : ''}`);
    await page.evaluate(([i, n]) => window.bench.run('ours', i, n), /** @type {const} */ ([ids, plan.warmup]));
    const ours = await page.evaluate(([i, n]) => window.bench.run('ours', i, n), /** @type {const} */ ([ids, plan.runs]));
    longTasks += ours.long_tasks;
    maxGap = Math.max(maxGap, ours.max_gap_ms);
    const failed = ours.samples.filter((sample) => !sample.ok);
    if (failed.length > 0) throw new FatalError(`bench: ${failed.length} checks at ${tag} failed, e.g. ${failed[0].image}: ${failed[0].outcome}`);
    const times = ours.samples.map((sample) => sample.ms);
    /** @type {any} */
    const entry = {
      width: size.width,
      height: size.height,
      checks: times.length,
      jpeg_kb: round(/** @type {any[]} */ (imagesBySize.get(tag)).reduce((sum, image) => sum + image.bytes, 0) / ids.length / 1024, 0),
      median_ms: round(quantile(times, 0.5)),
      p95_ms: round(quantile(times, 0.95)),
      min_ms: round(Math.min(...times)),
      stages: stageMedians(ours.samples),
      outcomes: Object.fromEntries(ours.samples.map((sample) => [sample.image, sample.outcome])),
      peer_median_ms: null,
      peer_p95_ms: null,
      speedup_vs_peer: null,
      ratio_ours_over_peer: null,
    };
    if (peerRuns) {
      await page.evaluate(([i, n]) => window.bench.run('peer', i, n), /** @type {const} */ ([ids, plan.warmup]));
      const peer = await page.evaluate(([i, n]) => window.bench.run('peer', i, n), /** @type {const} */ ([ids, plan.runs]));
      peerLongTasks += peer.long_tasks;
      peerMaxGap = Math.max(peerMaxGap, peer.max_gap_ms);
      const peerTimes = peer.samples.map((sample) => sample.ms);
      entry.peer_median_ms = round(quantile(peerTimes, 0.5));
      entry.peer_p95_ms = round(quantile(peerTimes, 0.95));
      entry.peer_stages = stageMedians(peer.samples);
      entry.peer_outcomes = Object.fromEntries(peer.samples.map((sample) => [sample.image, sample.outcome]));
      entry.speedup_vs_peer = round(entry.peer_median_ms / entry.median_ms, 2);
      entry.ratio_ours_over_peer = round(entry.median_ms / entry.peer_median_ms, 2);
    }
    sizeReports.push(entry);
  }

  log(`throughput: ${IN_FLIGHT} checks in flight at ${reference[0].width}×${reference[0].height}`);
  const throughput = await page.evaluate(([i, n, r]) => window.bench.throughput('ours', i, n, r), /** @type {const} */ ([referenceIds, IN_FLIGHT, plan.throughputRounds]));
  if (peerRuns) {
    const peerThroughput = await page.evaluate(([i, n, r]) => window.bench.throughput('peer', i, n, r), /** @type {const} */ ([referenceIds, IN_FLIGHT, plan.throughputRounds]));
    peerReport.throughput_per_s = round(peerThroughput.per_s, 2);
    peerReport.long_tasks = peerLongTasks;
    peerReport.max_main_thread_gap_ms = round(peerMaxGap);
    peerReport.heap_mb_after_runs = await heap('peer-worker').catch(() => null);
    await page.evaluate(() => window.bench.dispose('peer'));
  }

  // memory: a fresh engine, heap after 10 and after 500 checks (page and worker, after a forced GC)
  /** @type {Record<string, any>} */
  const heapMb = { after_10: null, after_500: null, method: 'CDP HeapProfiler.collectGarbage + Runtime.getHeapUsage (page via Playwright CDPSession; worker via its auto-attached target); JS heap only, WASM memory not included' };
  await page.evaluate(([id, options]) => window.bench.coldStart('ours', id, options), /** @type {const} */ ([referenceIds[0], config]));
  let done = 1;
  for (const mark of plan.soak) {
    log(`memory: ${mark} checks`);
    await page.evaluate(([i, n]) => window.bench.run('ours', i, n), /** @type {const} */ ([referenceIds, mark - done]));
    done = mark;
    heapMb[`after_${mark}`] = await heap('liveness.worker');
  }
  await page.evaluate(() => window.bench.dispose('ours'));

  const report = {
    version: 1,
    created: new Date().toISOString(),
    quick,
    runs_per_size: plan.runs,
    warmup_per_size: plan.warmup,
    engine_options: config,
    cold_start_ms: { ready: round(cold.ready), first_result: round(cold.first_result) },
    sizes: sizeReports,
    long_tasks: longTasks,
    max_main_thread_gap_ms: round(maxGap),
    heap_mb: heapMb,
    in_flight: IN_FLIGHT,
    throughput_per_s: round(throughput.per_s, 2),
    peer: peerReport,
    images: [...imagesBySize.values()].flat(),
    machine: {
      cores: machine.cores,
      cpu_model: os.cpus()[0]?.model ?? 'unknown',
      memory_gb: round(os.totalmem() / 1024 ** 3, 1),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      browser: `Chromium ${browser?.version() ?? 'unknown'} (headless, --disable-gpu)`,
      browser_version: browser?.version() ?? 'unknown',
      user_agent: machine.user_agent,
      node: process.version,
      load_average: os.loadavg().map((value) => round(value, 2)),
      long_task_observer: machine.long_task_supported,
    },
    duration_s: round((performance.now() - started) / 1000),
  };
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'bench.json');
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${markdownTable(report)}\n`);
  log(`wrote ${file} in ${report.duration_s} s`);
  return 0;
}
