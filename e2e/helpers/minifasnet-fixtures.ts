/**
 * Crops for checking the in-browser MiniFASNet against its float64 reference, made by code (no data
 * file): seeded noise, ramps, smooth waves, dark and bright fields, and the drawn face-like picture of
 * the simulator's tests cut at each model's context scale by the engine's crop (centred, and near a
 * corner so that the context runs off the picture). Deterministic.
 */
import { contextCropBgr, contextRect, MINIFASNET_SIDE } from '../../src/minifasnet/crop';
import { mulberry32 } from '../../src/synth/random';
import { NATURAL_FACE, naturalFaceImage } from '../../src/synth/test-image';

/** One fixture: a crop per model (in the models' order) and what it is. */
export interface Fixture {
  name: string;
  crops: Float32Array[];
}

const SIDE = MINIFASNET_SIDE;

function field(value: (x: number, y: number, c: number) => number): Float32Array {
  const out = new Float32Array(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) for (let c = 0; c < 3; c++) out[(y * SIDE + x) * 3 + c] = value(x, y, c);
  return out;
}

function noise(seed: number, whole: boolean, lo = 0, hi = 255): Float32Array {
  const random = mulberry32(seed);
  return field(() => {
    const v = lo + (hi - lo) * random();
    return whole ? Math.round(v) : v;
  });
}

/** The fixtures for models with context `scales` (the same crop for every model unless cut from the picture). */
export function fixtureCrops(scales: readonly number[]): Fixture[] {
  const same = (name: string, crop: Float32Array): Fixture => ({ name, crops: scales.map(() => crop) });
  const fixtures: Fixture[] = [
    same('noise, whole grey levels', noise(1, true)),
    same('noise, fractional', noise(2, false)),
    same('dark noise 0–30', noise(3, true, 0, 30)),
    same('bright noise 225–255', noise(4, true, 225, 255)),
    same('ramps (B across, G down, R diagonal)', field((x, y, c) => (c === 0 ? (255 * x) / (SIDE - 1) : c === 1 ? (255 * y) / (SIDE - 1) : (255 * (x + y)) / (2 * SIDE - 2)))),
    same('smooth waves', field((x, y, c) => 128 + 100 * Math.sin((x * (c + 1)) / 7 + y / 11) * Math.cos(y / (5 + c)))),
  ];
  for (const seed of [1, 2]) {
    const { width, height, data } = naturalFaceImage(seed);
    fixtures.push({ name: `drawn face ${seed}, centred`, crops: scales.map((s) => contextCropBgr(data, width, height, contextRect(NATURAL_FACE, width, height, s))) });
    const corner = { x: 8, y: 150, width: NATURAL_FACE.width / 2, height: NATURAL_FACE.height / 2 };
    fixtures.push({ name: `drawn face ${seed}, box near a corner`, crops: scales.map((s) => contextCropBgr(data, width, height, contextRect(corner, width, height, s))) });
  }
  return fixtures;
}

/** A crop as the component page takes it: Base64 of its little-endian float32 values. */
export function cropBase64(crop: Float32Array): string {
  return Buffer.from(crop.buffer, crop.byteOffset, crop.byteLength).toString('base64');
}
