/**
 * Attack simulator: turns a live face picture into simulated presentation attacks, as pure pixel
 * functions (RGBA in, RGBA out, seeded, no DOM), so that tests on a fresh clone can check that each
 * signal moves the right way without any outside image. Simulations are stand-ins for real attacks,
 * not a substitute for measuring on them.
 *
 * This file is the simulator's one entry (README "Simulated attacks"): the harness page runs it for
 * `selfie-liveness synth`, and the tools and tests import it (and its seeded generator) from here. It is
 * not part of the published package's API.
 */
import { simulatePhotoOfPhoto } from './photo-of-photo.js';
import { simulatePrint } from './print.js';
import type { RgbaImage, SimulatedAttack } from './raster.js';
import { simulateScreenReplay } from './screen.js';

export { simulatePrint, DEFAULT_PRINT_DPI } from './print.js';
export type { PrintOptions } from './print.js';
export { simulateScreenReplay } from './screen.js';
export type { ScreenReplayOptions } from './screen.js';
export { simulatePhotoOfPhoto, SCENE_ENLARGEMENT } from './photo-of-photo.js';
export type { PhotoOfPhotoOptions } from './photo-of-photo.js';
export { gaussian, mulberry32 } from './random.js';
export type { Random } from './random.js';
export type { RgbaImage, SimulatedAttack } from './raster.js';

/** Machine name of a simulated attack; `print` and `screen_replay` match the manifests' attack types. */
export type SimulatedAttackName = 'print' | 'screen_replay' | 'photo_of_photo';

/** One row of {@link ATTACKS}. */
export interface AttackSimulation {
  name: SimulatedAttackName;
  /** Human-readable name. */
  label: string;
  /** One sentence: what the simulation imitates. */
  imitates: string;
  /** The simulation with its default options. */
  apply: (img: RgbaImage, seed: number) => SimulatedAttack;
}

/** Every simulation, in a fixed order. */
export const ATTACKS: readonly AttackSimulation[] = Object.freeze([
  Object.freeze<AttackSimulation>({
    name: 'print',
    label: 'Printed photo',
    imitates:
      'A colour print of the face (CMYK halftone dots, reduced gamut, warm paper white, white margin) held up to fill most of the frame and re-captured slightly blurred under uneven light.',
    apply: (img, seed) => simulatePrint(img, { seed }),
  }),
  Object.freeze<AttackSimulation>({
    name: 'screen_replay',
    label: 'Screen replay',
    imitates:
      'The face shown on a phone or monitor (RGB sub-pixel stripes, panel gamma and white point, glare on the glass, dark bezel) re-captured by a camera, with moiré from the grid and the sensor beating.',
    apply: (img, seed) => simulateScreenReplay(img, { seed }),
  }),
  Object.freeze<AttackSimulation>({
    name: 'photo_of_photo',
    label: 'Photo of a photo',
    imitates:
      'A small framed photographic print of the face standing in a room, photographed obliquely from a distance, so the face is small inside a rectangle with distinct edges.',
    apply: (img, seed) => simulatePhotoOfPhoto(img, { seed }),
  }),
]);
