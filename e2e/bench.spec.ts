/**
 * `selfie-liveness bench` end to end, on a tiny setting (one size, two checks per engine): its own
 * Vite server, its own Chromium, the real engine and the real peer (@vladmandic/human on tfjs WASM).
 * It proves that the bench runs and writes the contract's bench.json keys, not how fast anything is
 * (this machine is shared; timings here mean nothing). About 15 s.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { runCli } from './helpers/cli';

const BENCH_TIMEOUT_MS = 100_000;

test.describe('selfie-liveness bench', () => {
  test.setTimeout(BENCH_TIMEOUT_MS + 20_000);
  let outDir: string;
  test.beforeEach(() => {
    outDir = mkdtempSync(join(tmpdir(), 'selfie-liveness-bench-'));
  });
  test.afterEach(() => rmSync(outDir, { recursive: true, force: true }));

  test('--quick on one size writes bench.json with every key and prints the table', async () => {
    const run = await runCli(['bench', '--quick', '--sizes', '640x480', '--runs', '2', '--out', outDir]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(outDir, 'bench.json'), 'utf8'));

    expect(report.cold_start_ms.ready).toBeGreaterThan(0);
    expect(report.cold_start_ms.first_result).toBeGreaterThanOrEqual(report.cold_start_ms.ready);
    expect(report.sizes).toHaveLength(1);
    const [size] = report.sizes;
    expect(size).toMatchObject({ width: 640, height: 480, checks: 2 });
    expect(size.median_ms).toBeGreaterThan(0);
    expect(size.p95_ms).toBeGreaterThanOrEqual(size.median_ms);
    for (const stage of ['decode', 'face_landmarks', 'face_crops', 'sharpness', 'lbp_texture', 'exif_metadata', 'fft_deepfake', 'scoring']) {
      expect(size.stages[stage], stage).toBeGreaterThanOrEqual(0);
    }
    // every bench image has one face, so every check succeeds
    for (const outcome of Object.values(size.outcomes)) expect(outcome).toMatch(/^(LIVE|SPOOF|INCONCLUSIVE) /);

    // the peer ran on the same images, locally
    expect(report.peer.error, 'the peer failed').toBeUndefined();
    expect(report.peer).toMatchObject({ name: '@vladmandic/human', backend: 'wasm' });
    expect(size.peer_median_ms).toBeGreaterThan(0);
    expect(size.speedup_vs_peer).toBeCloseTo(size.peer_median_ms / size.median_ms, 1);

    expect(Number.isInteger(report.long_tasks)).toBe(true);
    expect(report.heap_mb.after_10.page).toBeGreaterThan(0);
    expect(report.heap_mb.after_10.worker).toBeGreaterThan(0);
    expect(report.heap_mb.after_500).toBeNull(); // skipped with --quick
    expect(report.throughput_per_s).toBeGreaterThan(0);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.browser_version).toMatch(/^\d+\./);

    expect(run.stdout).toContain('| size | ours median ms |');
    expect(run.stdout).toContain('| 640×480 |');
  });
});
