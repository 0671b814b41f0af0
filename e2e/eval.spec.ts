/**
 * `selfie-liveness eval` end to end: a tiny manifest of generated images (face crops of the face-api
 * demo photos, a face-free gradient, a missing file), the CLI's own Vite server and Chromium, the
 * real engine. Checks the three output files: columns, keys and counts.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { parseCsv } from '../bin/lib/csv.mjs';
import { FACES, sampleBase64 } from './helpers/faces';
import { faceJpeg, openHarness } from './helpers/harness';
import { SIGNAL_NAMES } from './helpers/contract';
import { CLI, runCli } from './helpers/cli';

/** The first columns of scores.csv, a stable part of the product. */
const SCORE_COLUMNS = ['path', 'label', 'attack_type', 'source', 'status', 'error_code', 'verdict', 'confidence', ...SIGNAL_NAMES];

/** Keys of metrics.json that the README promises. */
const METRIC_KEYS = [
  'n_live',
  'n_attack',
  'by_attack',
  'apcer_worst',
  'apcer_worst_attack',
  'excluded_from_worst',
  'bpcer',
  'bpcer_responded',
  'acer',
  'eer',
  'auc',
  'auc_by_attack',
  'bpcer_at_apcer_5',
  'bpcer_at_apcer_1',
  'non_response',
  'threshold',
  'signals',
];

test.describe('selfie-liveness eval', () => {
  let dir: string;

  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'selfie-liveness-eval-'));
  });

  test.afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('writes scores.csv, metrics.json and report.html for a manifest', async ({ page }) => {
    await openHarness(page);
    const images = join(dir, 'images');
    mkdirSync(images);
    const write = (name: string, base64: string) => writeFileSync(join(images, name), Buffer.from(base64, 'base64'));
    write('frontal.jpg', await faceJpeg(page, FACES.frontal));
    write('tilted, crop.jpg', await faceJpeg(page, FACES.tilted));
    const { sample, box } = FACES.frontal;
    write(
      'frontal-small.jpg',
      await page.evaluate(([image, b]) => window.selfieLiveness.images.crop(image, b, { scale: 0.5, quality: 0.6 }), [sampleBase64(sample), box] as const),
    );
    write('no-face.png', await page.evaluate(() => window.selfieLiveness.images.synthetic('gradient', 320, 240, { type: 'image/png' })));

    // Quoted fields (a comma in a path), paths relative to the manifest, a missing file.
    const manifest = join(dir, 'manifest.csv');
    writeFileSync(
      manifest,
      [
        'path,label,attack_type,source',
        'images/frontal.jpg,live,none,person-a',
        '"images/tilted, crop.jpg",spoof,print,person-b',
        'images/frontal-small.jpg,spoof,screen_replay,person-a',
        'images/no-face.png,live,,generated',
        'images/missing.jpg,spoof,digital_manipulation,person-c',
      ].join('\r\n'),
    );
    const out = join(dir, 'out');
    const run = await runCli(['eval', '--manifest', manifest, '--out', out, '--config', '{"live_threshold":0.6}', '--measurements']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr, 'a plain progress line when stderr is not a terminal').toMatch(/eval 5\/5 100%/);

    // scores.csv: manifest order, the contract's columns, one score column per signal
    const [header, ...rows] = parseCsv(readFileSync(join(out, 'scores.csv'), 'utf8'));
    expect(header.slice(0, SCORE_COLUMNS.length)).toEqual(SCORE_COLUMNS);
    expect(rows.map((row) => row[0])).toEqual([
      'images/frontal.jpg',
      'images/tilted, crop.jpg',
      'images/frontal-small.jpg',
      'images/no-face.png',
      'images/missing.jpg',
    ]);
    const column = (name: string) => rows.map((row) => row[header.indexOf(name)]);
    expect(column('status')).toEqual(['success', 'success', 'success', 'error', 'error']);
    expect(column('error_code')).toEqual(['', '', '', 'NO_FACE_DETECTED', 'INVALID_REQUEST']);
    expect(column('attack_type')).toEqual(['none', 'print', 'screen_replay', 'none', 'digital_manipulation']);
    for (const row of rows.slice(0, 3)) {
      expect(['LIVE', 'SPOOF', 'INCONCLUSIVE']).toContain(row[header.indexOf('verdict')]);
      for (const name of ['confidence', ...SIGNAL_NAMES]) {
        const value = Number(row[header.indexOf(name)]);
        expect(value, name).toBeGreaterThanOrEqual(0);
        expect(value, name).toBeLessThanOrEqual(1);
      }
    }
    expect(column('confidence').slice(3)).toEqual(['', '']);
    // --measurements: what scripts/fit.mjs reads (texture inputs, distortion measures, faces found)
    for (const name of ['lbp_texture.tex_face64_y_0', 'lbp_texture.lbp_dominant_ratio', 'lbp_texture.face_noise_log_std', 'lbp_texture.face_laplacian_log_var']) {
      expect(column(name).slice(0, 3).every((v) => Number.isFinite(Number(v)) && v !== ''), name).toBe(true);
    }
    expect(column('diagnostics.face_count').slice(0, 3)).toEqual(['1', '1', '1']);

    // metrics.json: the promised keys and counts
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    for (const key of METRIC_KEYS) expect(metrics, key).toHaveProperty(key);
    expect(metrics.n_live).toBe(2);
    expect(metrics.n_attack).toBe(2);
    expect(metrics.threshold, '--config reached the engine').toBe(0.6);
    expect(Object.keys(metrics.by_attack).sort()).toEqual(['digital_manipulation', 'print', 'screen_replay']);
    expect(metrics.by_attack.digital_manipulation).toMatchObject({ n: 1, apcer: 0, excluded_from_worst: true });
    expect(metrics.by_attack.print.n).toBe(1);
    expect(metrics.excluded_from_worst).toEqual(['digital_manipulation']);
    expect(metrics.non_response.live).toMatchObject({ NO_FACE_DETECTED: 1, other_error: 0 });
    expect(metrics.non_response.spoof).toMatchObject({ NO_FACE_DETECTED: 0, other_error: 1 });
    expect(metrics.sweep.excluded).toEqual({ live: 1, attack: 0 });
    expect(Object.keys(metrics.signals)).toEqual(SIGNAL_NAMES);
    for (const name of SIGNAL_NAMES) {
      expect(Object.keys(metrics.signals[name].auc_by_attack).sort()).toEqual(['digital_manipulation', 'print', 'screen_replay']);
    }
    expect(metrics.auc === null || (metrics.auc >= 0 && metrics.auc <= 1)).toBe(true);

    // report.html: self-contained, with charts and thumbnails made from the images
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toMatch(/^<!doctype html>/);
    expect(report.match(/<svg /g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    expect(report).toContain('data:image/jpeg;base64,');
    expect(report, 'no external resource').not.toMatch(/(?:src|href)=["']?(?:https?:)?\/\//i);
    expect(report).not.toMatch(/<script|<link /i);
  });

  test('a manifest it cannot use exits 2 before starting a browser', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'path,label\na.jpg,maybe\n');
    const out = join(dir, 'refused');
    const cases: [string[], RegExp][] = [
      [['eval', '--manifest', bad, '--out', out], /line 2: label must be "live" or "spoof"/],
      [['eval', '--manifest', join(dir, 'nope.csv'), '--out', out], /cannot read the manifest/],
      [['eval', '--manifest', bad, '--out', out, '--limit', '0'], /--limit must be a positive whole number/],
      [['eval', 'stray.csv'], /eval takes no positional arguments/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
    }
    expect(existsSync(out), 'no output folder for a refused manifest').toBe(false);
  });
});
