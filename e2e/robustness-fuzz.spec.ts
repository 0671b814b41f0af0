/**
 * Seeded fuzzing (docs/SECURITY.md, "Fuzzing"): random mutations of small valid JPEG, PNG and WebP files (byte
 * flips, truncations, splices, zeroed runs, header fields set to extreme values) go through `check`.
 * Every call must answer with a well-formed envelope within its time limit, with one of the codes
 * a damaged image may get (a result, INVALID_REQUEST or NO_FACE_DETECTED); nothing may surface as
 * an uncaught error in the page, and the engine must still give the same answer on a good photo at
 * the end. A failure names the seed and the mutation index, so it can be replayed:
 * `FUZZ_SEED=1234 npx playwright test e2e/robustness-fuzz.spec.ts` (`FUZZ_MUTATIONS=n` per source file,
 * `FUZZ_VERBOSE=1` logs every mutation and its answer, `FUZZ_DUMP=dir` writes every mutated file).
 */
import { writeFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { expectEnvelope, expectSingleFaceSuccess } from './helpers/contract';
import { FACES, sampleBase64 } from './helpers/faces';
import { openEngine } from './helpers/harness';
import { mulberry32 } from './helpers/image-files';
import { boundedCheck, cropScaled, outcomeLabel, reencode } from './helpers/robustness';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
/** Mutations per source file (three source files). */
const MUTATIONS_PER_SOURCE = Number(process.env.FUZZ_MUTATIONS ?? 110);
/** The engine's own per-call limit, and the test's (longer) limit on top of it. */
const ENGINE_TIMEOUT_MS = 8_000;
const CALL_LIMIT_MS = ENGINE_TIMEOUT_MS + 4_000;
/** Codes a damaged-but-harmless file may get; anything else (SERVER_ERROR, INFERENCE_ERROR) is a bug. */
const ACCEPTABLE = new Set(['INVALID_REQUEST', 'NO_FACE_DETECTED', 'success LIVE', 'success SPOOF', 'success INCONCLUSIVE']);

type Mutation = { name: string; apply: (bytes: Buffer, random: () => number, donor: Buffer) => Buffer };

const int = (random: () => number, below: number) => Math.floor(random() * below);

/** Offsets of header fields worth hitting hard: JPEG SOF size, PNG IHDR size, WebP VP8X canvas. */
function headerFields(bytes: Buffer): number[] {
  const fields: number[] = [];
  for (let o = 2; o + 9 < bytes.length && bytes[o] === 0xff; ) {
    const marker = bytes[o + 1];
    if (marker >= 0xc0 && marker <= 0xc2) fields.push(o + 5, o + 7);
    if (marker === 0xda) break;
    o += 2 + bytes.readUInt16BE(o + 2);
  }
  if (bytes.toString('latin1', 12, 16) === 'IHDR') fields.push(16, 18, 20, 22, 24, 25);
  if (bytes.toString('latin1', 12, 16) === 'VP8X') fields.push(24, 27);
  if (bytes.toString('latin1', 12, 16) === 'VP8 ') fields.push(26, 28);
  return fields;
}

const MUTATIONS: Mutation[] = [
  {
    name: 'flip bytes',
    apply: (bytes, random) => {
      const out = Buffer.from(bytes);
      const flips = 1 + int(random, 12);
      for (let i = 0; i < flips; i++) out[int(random, out.length)] ^= 1 << int(random, 8);
      return out;
    },
  },
  {
    name: 'random bytes in the first 512',
    apply: (bytes, random) => {
      const out = Buffer.from(bytes);
      const count = 1 + int(random, 6);
      for (let i = 0; i < count; i++) out[int(random, Math.min(512, out.length))] = int(random, 256);
      return out;
    },
  },
  { name: 'truncate', apply: (bytes, random) => bytes.subarray(0, int(random, bytes.length)) },
  {
    name: 'splice from another file',
    apply: (bytes, random, donor) => {
      const at = int(random, bytes.length);
      const from = int(random, donor.length);
      const piece = donor.subarray(from, from + 1 + int(random, 2048));
      return Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at + int(random, 2048))]);
    },
  },
  {
    name: 'duplicate a region',
    apply: (bytes, random) => {
      const from = int(random, bytes.length);
      const piece = bytes.subarray(from, from + 1 + int(random, 4096));
      const at = int(random, bytes.length);
      return Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at)]);
    },
  },
  {
    name: 'zero a run',
    apply: (bytes, random) => {
      const out = Buffer.from(bytes);
      const from = int(random, out.length);
      out.fill(0, from, Math.min(out.length, from + 1 + int(random, 1024)));
      return out;
    },
  },
  {
    name: 'extreme header field',
    apply: (bytes, random) => {
      const out = Buffer.from(bytes);
      const fields = headerFields(out);
      if (fields.length === 0) return out;
      const at = fields[int(random, fields.length)];
      const values = [0x00, 0x01, 0x7f, 0x80, 0xff];
      out[at] = values[int(random, values.length)];
      out[at + 1] = values[int(random, values.length)];
      return out;
    },
  },
];

test('seeded fuzzing: mutated JPEG, PNG and WebP files never crash, hang or break the engine', async ({ page }) => {
  test.setTimeout(240_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await openEngine(page, { timeoutMs: ENGINE_TIMEOUT_MS });

  // Small sources keep each check cheap: a 224×252 face, as JPEG, PNG and WebP.
  const jpeg = await cropScaled(page, sampleBase64(FACES.frontal.sample), FACES.frontal.box, 0.4);
  const sources = [
    { format: 'jpeg', bytes: Buffer.from(jpeg, 'base64') },
    { format: 'png', bytes: Buffer.from(await reencode(page, jpeg, 'image/png'), 'base64') },
    { format: 'webp', bytes: Buffer.from(await reencode(page, jpeg, 'image/webp'), 'base64') },
  ];
  const before = expectSingleFaceSuccess((await boundedCheck(page, jpeg, CALL_LIMIT_MS).then(mustAnswer)).response);

  const random = mulberry32(SEED);
  const counts = new Map<string, number>();
  const failures: string[] = [];
  const started = Date.now();
  let slowest = 0;
  let total = 0;
  for (const [s, source] of sources.entries()) {
    const donor = sources[(s + 1) % sources.length].bytes;
    for (let i = 0; i < MUTATIONS_PER_SOURCE; i++) {
      const mutation = MUTATIONS[int(random, MUTATIONS.length)];
      const mutated = mutation.apply(source.bytes, random, donor);
      const id = `seed ${SEED} ${source.format} #${i} (${mutation.name}, ${mutated.length} bytes)`;
      total++;
      if (process.env.FUZZ_VERBOSE) console.log(id);
      if (process.env.FUZZ_DUMP) writeFileSync(`${process.env.FUZZ_DUMP}/${source.format}-${i}.bin`, mutated);
      const outcome = await boundedCheck(page, mutated.toString('base64'), CALL_LIMIT_MS);
      slowest = Math.max(slowest, outcome.ms);
      if ('hung' in outcome) {
        failures.push(`${id}: no answer within ${CALL_LIMIT_MS} ms`);
        continue;
      }
      const label = outcomeLabel(outcome.response);
      if (process.env.FUZZ_VERBOSE) console.log(`  -> ${label} ${outcome.response.status === 'error' ? outcome.response.error.message.slice(0, 120) : ''}`);
      counts.set(label, (counts.get(label) ?? 0) + 1);
      try {
        expectEnvelope(outcome.response);
      } catch (error) {
        failures.push(`${id}: malformed envelope: ${String(error)}`);
      }
      if (!ACCEPTABLE.has(label)) {
        const message = outcome.response.status === 'error' ? outcome.response.error.message : '';
        failures.push(`${id}: ${label} ${message}`);
      }
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`fuzz: ${total} mutations in ${seconds} s (slowest call ${slowest} ms), seed ${SEED}: ${JSON.stringify(Object.fromEntries(counts))}`);

  expect(total).toBeGreaterThanOrEqual(300);
  expect(failures, 'mutations that crashed, hung or got an unexpected code').toEqual([]);
  expect(pageErrors, 'uncaught errors or unhandled rejections in the page').toEqual([]);

  // Alive at the end, and unchanged: the same photo gives the same confidence as before the run.
  const after = expectSingleFaceSuccess((await boundedCheck(page, jpeg, CALL_LIMIT_MS).then(mustAnswer)).response);
  expect(after.confidence).toBe(before.confidence);
});

function mustAnswer<T extends object>(outcome: T | { hung: true; ms: number }): T {
  if ('hung' in outcome) throw new Error(`no answer within ${outcome.ms} ms`);
  return outcome;
}
