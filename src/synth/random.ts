/**
 * Deterministic pseudo-random numbers for the attack simulator: the same seed gives the same
 * simulated attack, byte for byte, in Node and in every browser. Not for cryptography.
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * mulberry32 (Tommy Ettinger, 2017): a 32-bit state PRNG with a full 2³² period, fast in JS because
 * it stays in 32-bit integer arithmetic (`Math.imul`).
 * @param seed any number; only its low 32 bits are used.
 * @returns a function returning uniform numbers in [0, 1).
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform number in [min, max). */
export function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}

/** −1 or +1 with equal probability. */
export function randomSign(random: Random): number {
  return random() < 0.5 ? -1 : 1;
}

/** Smallest uniform draw fed to the logarithm of Box–Muller (keeps it finite). */
const LOG_FLOOR = 1e-12;

/**
 * A standard normal number (mean 0, standard deviation 1) by the Box–Muller transform. Uses two
 * uniform draws and returns one of the pair, so it allocates nothing.
 */
export function gaussian(random: Random): number {
  const u = random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u + LOG_FLOOR)) * Math.cos(2 * Math.PI * v);
}
