import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32, uniform } from './random.js';

describe('mulberry32', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
  });

  it('draws uniform numbers in [0, 1) with mean ≈ 0.5', () => {
    const random = mulberry32(7);
    let sum = 0;
    for (let i = 0; i < 10000; i++) {
      const x = random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 10000).toBeCloseTo(0.5, 1);
  });

  it('gives standard normal numbers and bounded uniforms', () => {
    const random = mulberry32(3);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < 20000; i++) {
      const g = gaussian(random);
      sum += g;
      sumSq += g * g;
    }
    expect(Math.abs(sum / 20000)).toBeLessThan(0.03);
    expect(sumSq / 20000).toBeCloseTo(1, 1);
    const u = uniform(random, 2, 3);
    expect(u).toBeGreaterThanOrEqual(2);
    expect(u).toBeLessThan(3);
  });
});
