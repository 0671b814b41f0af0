/**
 * The simulations on a synthetic natural picture: deterministic, sized as documented, carrying the
 * artefacts they claim (spectral peaks at the halftone and sub-pixel periods), and moving the
 * project's own texture and spectrum signals the way the attacks they imitate do.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config.js';
import { fftDeepfake } from '../signals/fft-deepfake.js';
import { lbpTexture } from '../signals/lbp-texture.js';
import type { Box } from '../pixels/types.js';
import { ATTACKS, SCENE_ENLARGEMENT, simulatePhotoOfPhoto, simulatePrint, simulateScreenReplay } from './index.js';
import type { SimulatedAttack } from './index.js';
import { faceInput, mapBox, NATURAL_FACE_SQUARE, NATURAL_SIZE, naturalFaceImage, spectrumPeak } from './test-image.js';

const SEEDS = [1, 2, 3];
const live = naturalFaceImage(1);
const liveInput = faceInput(live, NATURAL_FACE_SQUARE);
const liveLbp = lbpTexture(liveInput, DEFAULT_CONFIG);
const liveFft = fftDeepfake(liveInput, DEFAULT_CONFIG);
/** Annulus of the spectrum searched for periodic peaks (cycles per 128 px): clear of the low-frequency content. */
const PEAK_INNER = 16;
const PEAK_OUTER = 60;
/** A periodic artefact puts a single bin this many times above the annulus median … */
const PERIODIC_PEAK_RATIO = 1000;
/** … while the natural picture stays far below it. */
const NATURAL_PEAK_RATIO = 200;

/** The face square of the natural picture, as it appears in the attack. */
function faceIn(attack: SimulatedAttack): Box {
  return mapBox(NATURAL_FACE_SQUARE, attack.picture, NATURAL_SIZE, NATURAL_SIZE);
}

/** A native-resolution 128×128 crop at the centre of the attack's picture. */
function centreCrop(attack: SimulatedAttack): Box {
  const { x, y, width, height } = attack.picture;
  return { x: x + width / 2 - 64, y: y + height / 2 - 64, width: 128, height: 128 };
}

describe.each(ATTACKS.map((attack) => [attack.name, attack] as const))('%s', (_name, attack) => {
  it('is deterministic for a seed and changes with the seed', () => {
    const a = attack.apply(live, 11);
    const b = attack.apply(live, 11);
    const c = attack.apply(live, 12);
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    expect(Buffer.from(a.data).equals(Buffer.from(c.data))).toBe(false);
  });

  it('returns an opaque image whose picture box lies inside it', () => {
    const out = attack.apply(live, 1);
    expect(out.data.length).toBe(out.width * out.height * 4);
    for (let i = 3; i < out.data.length; i += 4 * 97) expect(out.data[i]).toBe(255);
    expect(out.picture.x).toBeGreaterThanOrEqual(0);
    expect(out.picture.y).toBeGreaterThanOrEqual(0);
    expect(out.picture.x + out.picture.width).toBeLessThanOrEqual(out.width);
    expect(out.picture.y + out.picture.height).toBeLessThanOrEqual(out.height);
  });

  it('documents what it imitates and leaves the input untouched', () => {
    expect(attack.imitates.length).toBeGreaterThan(40);
    const copy = live.data.slice();
    attack.apply(live, 3);
    expect(Buffer.from(live.data).equals(Buffer.from(copy))).toBe(true);
  });

  it('refuses a malformed image', () => {
    expect(() => attack.apply({ width: 64, height: 64, data: new Uint8ClampedArray(16) }, 1)).toThrow(RangeError);
  });
});

describe('simulatePrint', () => {
  it('keeps the size and puts the print at 75–85 % of the frame, margin inside', () => {
    const out = simulatePrint(live, { seed: 4 });
    expect([out.width, out.height]).toEqual([NATURAL_SIZE, NATURAL_SIZE]);
    expect(out.picture.width / NATURAL_SIZE).toBeGreaterThan(0.68);
    expect(out.picture.width / NATURAL_SIZE).toBeLessThan(0.86);
  });

  it.each(SEEDS)('adds a halftone peak at the dot period to the spectrum (seed %i)', (seed) => {
    const natural = spectrumPeak(live, NATURAL_FACE_SQUARE, PEAK_INNER, PEAK_OUTER);
    expect(natural.peak / natural.median).toBeLessThan(NATURAL_PEAK_RATIO);
    const out = simulatePrint(live, { seed });
    const printed = spectrumPeak(out, centreCrop(out), PEAK_INNER, PEAK_OUTER);
    expect(printed.peak / printed.median).toBeGreaterThan(PERIODIC_PEAK_RATIO);
    // a 256-px picture prints 3-px dots (the floor): 128 / 3 ≈ 42.7 cycles per crop
    expect(printed.radius).toBeGreaterThan(40);
    expect(printed.radius).toBeLessThan(46);
  });

  it('a coarser screen (lower dpi) moves the peak to lower frequencies', () => {
    const big = naturalFaceImage(2);
    const fine = simulatePrint(big, { seed: 1, dpi: 10 });
    const coarse = simulatePrint(big, { seed: 1, dpi: 5 });
    expect(spectrumPeak(coarse, centreCrop(coarse), 8, 60).radius).toBeLessThan(spectrumPeak(fine, centreCrop(fine), 8, 60).radius);
  });

  it.each(SEEDS)('concentrates the LBP histogram and lowers the spectrum score (seed %i)', (seed) => {
    const out = simulatePrint(live, { seed });
    const input = faceInput(out, faceIn(out));
    const lbp = lbpTexture(input, DEFAULT_CONFIG);
    expect(lbp.raw.lbp_entropy_bits).toBeLessThan(liveLbp.raw.lbp_entropy_bits - 0.1);
    expect(lbp.raw.lbp_dominant_ratio).toBeGreaterThan(liveLbp.raw.lbp_dominant_ratio + 0.04);
    expect(fftDeepfake(input, DEFAULT_CONFIG).score).toBeLessThan(liveFft.score);
  });
});

describe('simulateScreenReplay', () => {
  it('keeps the size and leaves a dark bezel around the picture', () => {
    const out = simulateScreenReplay(live, { seed: 2 });
    expect([out.width, out.height]).toEqual([NATURAL_SIZE, NATURAL_SIZE]);
    // a pixel just outside the active area, inside the bezel, is near black (unless under the glare)
    const x = Math.floor(out.picture.x + out.picture.width / 2);
    const y = Math.floor(out.picture.y) - 3;
    const i = (y * out.width + x) * 4;
    expect(out.data[i] + out.data[i + 1] + out.data[i + 2]).toBeLessThan(3 * 110);
  });

  it.each(SEEDS)('has a strong periodic component at the sub-pixel pitch (seed %i)', (seed) => {
    const out = simulateScreenReplay(live, { seed });
    const screen = spectrumPeak(out, centreCrop(out), PEAK_INNER, PEAK_OUTER);
    expect(screen.peak / screen.median).toBeGreaterThan(PERIODIC_PEAK_RATIO);
    // display pitch 3.2–3.8 px: 128 / pitch = 33.7–40 cycles per crop
    expect(screen.radius).toBeGreaterThan(32);
    expect(screen.radius).toBeLessThan(42);
  });

  it.each(SEEDS)('puts the spectrum score in the anomaly bands (seed %i)', (seed) => {
    const out = simulateScreenReplay(live, { seed });
    const fft = fftDeepfake(faceInput(out, faceIn(out)), DEFAULT_CONFIG);
    expect(fft.score).toBeLessThan(0.5);
    expect(fft.score).toBeLessThan(liveFft.score - 0.15);
    expect(fft.raw.azimuthal_variance).toBeGreaterThan(DEFAULT_CONFIG.fft_az_variance_max);
  });
});

describe('simulatePhotoOfPhoto', () => {
  it('enlarges the scene and makes the picture small inside it', () => {
    const out = simulatePhotoOfPhoto(live, { seed: 5 });
    expect(out.width).toBe(Math.round(NATURAL_SIZE * SCENE_ENLARGEMENT));
    expect(out.height).toBe(Math.round(NATURAL_SIZE * SCENE_ENLARGEMENT));
    const share = (out.picture.width * out.picture.height) / (out.width * out.height);
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.3);
  });

  it('draws a dark frame band with a distinct edge around the photo', () => {
    const out = simulatePhotoOfPhoto(live, { seed: 6 });
    // walk left from the photo's centre row: a near-black run (the frame) sits outside the photo
    const y = Math.floor(out.picture.y + out.picture.height / 2);
    let darkest = 255;
    for (let x = Math.floor(out.picture.x); x > Math.max(0, out.picture.x - 40); x--) {
      const i = (y * out.width + x) * 4;
      darkest = Math.min(darkest, (out.data[i] + out.data[i + 1] + out.data[i + 2]) / 3);
    }
    expect(darkest).toBeLessThan(60);
  });

  it.each(SEEDS)('loses micro-texture in the re-capture (seed %i)', (seed) => {
    const out = simulatePhotoOfPhoto(live, { seed });
    const lbp = lbpTexture(faceInput(out, faceIn(out)), DEFAULT_CONFIG);
    expect(lbp.raw.lbp_entropy_bits).toBeLessThan(liveLbp.raw.lbp_entropy_bits - 0.1);
    expect(lbp.raw.lbp_dominant_ratio).toBeGreaterThan(liveLbp.raw.lbp_dominant_ratio);
  });
});
