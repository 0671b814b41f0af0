import { describe, expect, it } from 'vitest';
import { flatGray, grayFrom, noiseGray, powerLawGray } from '../signals/test-helpers.js';
import {
  AZIMUTH_SECTORS,
  azimuthalVariance,
  DC_EXCLUSION_RADIUS,
  HIGH_FREQUENCY_CUTOFF_FRACTION,
  highFrequencyRatio,
  powerSpectrum,
  radialProfile,
  ringKurtosis,
} from './spectrum.js';

function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** A centred spectrum with power only at the given offsets from DC. */
function spikes(size: number, offsets: readonly (readonly [number, number])[]): Float64Array {
  const power = new Float64Array(size * size);
  for (const [du, dv] of offsets) power[(size / 2 + dv) * size + size / 2 + du] = 1;
  return power;
}

describe('powerSpectrum', () => {
  const SIZE = 64;
  const AMPLITUDE = 50;
  // 2-D sine with 5 cycles across and 3 cycles down the image
  const sine = grayFrom(SIZE, SIZE, (x, y) => 128 + AMPLITUDE * Math.sin((2 * Math.PI * (5 * x + 3 * y)) / SIZE));

  it('puts the peak of a pure 2-D sine at its frequency bin (centred layout)', () => {
    const power = powerSpectrum(sine);
    const peak = argmax(power);
    const [u, v] = [peak % SIZE, Math.floor(peak / SIZE)];
    const centre = SIZE / 2;
    expect([
      [centre + 5, centre + 3],
      [centre - 5, centre - 3],
    ]).toContainEqual([u, v]);
    // the two conjugate peaks carry the same power
    expect(power[(centre + 3) * SIZE + centre + 5]).toBeCloseTo(power[(centre - 3) * SIZE + centre - 5], 6);
  });

  it('scales the peak as (A/2)² (Σw)² / Σw² for the periodic Hann window', () => {
    // periodic Hann over 64 samples: Σw = 32, Σw² = 24 per axis
    const expected = (AMPLITUDE / 2) ** 2 * (32 * 32) ** 2 / (24 * 24);
    const power = powerSpectrum(sine);
    const peak = power[(SIZE / 2 + 3) * SIZE + SIZE / 2 + 5];
    expect(Math.abs(peak - expected) / expected).toBeLessThan(1e-6);
  });

  it('gives white noise a mean power of its variance per bin', () => {
    // uniform noise ±60 has variance 60² / 3 = 1200
    const power = powerSpectrum(noiseGray(128, 128, 7, 128, 60));
    let sum = 0;
    for (let i = 0; i < power.length; i++) sum += power[i];
    expect(sum / power.length).toBeGreaterThan(1200 * 0.9);
    expect(sum / power.length).toBeLessThan(1200 * 1.1);
  });

  it('is all zero for a flat image (the mean is removed)', () => {
    expect(powerSpectrum(flatGray(32, 32, 200)).every((p) => p === 0)).toBe(true);
  });

  it('refuses images that are not square powers of two', () => {
    expect(() => powerSpectrum(flatGray(64, 32))).toThrow(RangeError);
    expect(() => powerSpectrum(flatGray(48, 48))).toThrow(RangeError);
  });
});

describe('radialProfile', () => {
  it('averages each integer-radius ring of the inscribed disc', () => {
    const size = 32;
    const ones = new Float64Array(size * size).fill(1);
    const profile = radialProfile(ones, size);
    expect(profile.length).toBe(16);
    expect(Array.from(profile).every((p) => p === 1)).toBe(true);
    // one unit of power at radius 5 on the axis, spread over ring 5's bins
    const single = radialProfile(spikes(size, [[5, 0]]), size);
    let ringBins = 0;
    for (let v = 0; v < size; v++) for (let u = 0; u < size; u++) if (Math.round(Math.hypot(u - 16, v - 16)) === 5) ringBins++;
    expect(single[5]).toBeCloseTo(1 / ringBins, 12);
    expect(single[4]).toBe(0);
  });
});

describe('ringKurtosis', () => {
  it('is about 3 (Gaussian residuals) for power-law noise', () => {
    for (const seed of [1, 2, 3]) {
      const size = 128;
      const kurtosis = ringKurtosis(radialProfile(powerSpectrum(powerLawGray(size, 2.5, seed)), size));
      expect(kurtosis).toBeGreaterThan(2);
      expect(kurtosis).toBeLessThan(4);
    }
  });

  it('is high when one ring spikes above the power law', () => {
    const profile = Float64Array.from({ length: 64 }, (_, r) => (r === 0 ? 1 : r ** -2.5));
    profile[30] *= 20;
    expect(ringKurtosis(profile)).toBeGreaterThan(12);
  });

  it('is NaN for an exact power law, an all-zero profile or too few rings', () => {
    expect(ringKurtosis(Float64Array.from({ length: 64 }, (_, r) => (r === 0 ? 1 : r ** -2)))).toBeNaN();
    expect(ringKurtosis(new Float64Array(64))).toBeNaN();
    expect(ringKurtosis(Float64Array.from([1, 1, 1, 1, 1]))).toBeNaN();
  });
});

describe('highFrequencyRatio', () => {
  const size = 128;

  it('is 1 with energy only beyond the cutoff (size/16) and 0 with energy only inside it', () => {
    expect(highFrequencyRatio(spikes(size, [[20, 0], [-20, 0]]), size)).toBe(1);
    expect(highFrequencyRatio(spikes(size, [[4, 3]]), size)).toBe(0);
  });

  it('shares spectral magnitude (√power), not power', () => {
    const power = spikes(size, [[4, 0], [0, 30]]);
    power[(size / 2) * size + size / 2 + 4] = 9; // magnitude 3 inside, 1 outside
    expect(highFrequencyRatio(power, size)).toBeCloseTo(1 / 4, 12);
  });

  it('ignores the DC neighbourhood and is NaN without other energy', () => {
    expect(DC_EXCLUSION_RADIUS).toBe(2);
    expect(highFrequencyRatio(spikes(size, [[0, 0], [1, 1]]), size)).toBeNaN();
  });

  it('falls as an image gets smoother', () => {
    const rough = highFrequencyRatio(powerSpectrum(powerLawGray(size, 2, 4)), size);
    const smooth = highFrequencyRatio(powerSpectrum(powerLawGray(size, 3.5, 4)), size);
    expect(rough).toBeGreaterThan(smooth);
  });
});

describe('azimuthalVariance', () => {
  const size = 64;

  it('is 0 for an isotropic (flat) spectrum and near 0 for white noise', () => {
    expect(azimuthalVariance(new Float64Array(size * size).fill(1), size)).toBeCloseTo(0, 12);
    expect(azimuthalVariance(powerSpectrum(noiseGray(128, 128, 5)), 128)).toBeLessThan(0.02);
  });

  it('is large when energy runs in one direction', () => {
    // vertical stripes at every scale: energy only on the horizontal frequency axis
    const stripes = grayFrom(128, 128, (x) => 128 + 40 * Math.sin(x * 0.7) + 30 * Math.sin(x * 2.1) + 20 * Math.sin(x * 0.25));
    expect(azimuthalVariance(powerSpectrum(stripes), 128)).toBeGreaterThan(0.35);
  });

  it('is NaN for an empty spectrum', () => {
    expect(azimuthalVariance(new Float64Array(size * size), size)).toBeNaN();
  });
});

describe('spectrum measures against the per-bin geometry computed inline', () => {
  // the measures as first written: radius, ring and direction of every bin computed on the spot
  const reference = (power: Float64Array, size: number) => {
    const half = size / 2;
    const sums = new Float64Array(half);
    const counts = new Float64Array(half);
    let total = 0;
    let high = 0;
    for (let v = 0; v < size; v++) {
      for (let u = 0; u < size; u++) {
        const radius = Math.hypot(u - half, v - half);
        const ring = Math.round(radius);
        if (ring < half) {
          sums[ring] += power[v * size + u];
          counts[ring]++;
        }
        if (radius < DC_EXCLUSION_RADIUS) continue;
        const magnitude = Math.sqrt(power[v * size + u]);
        total += magnitude;
        if (radius >= size * HIGH_FREQUENCY_CUTOFF_FRACTION) high += magnitude;
      }
    }
    const profile = sums.map((sum, r) => (counts[r] > 0 ? sum / counts[r] : 0));
    const sectorWidth = Math.PI / AZIMUTH_SECTORS;
    const sectorSums = new Float64Array(AZIMUTH_SECTORS);
    const sectorCounts = new Float64Array(AZIMUTH_SECTORS);
    for (let v = 0; v < size; v++) {
      for (let u = 0; u < size; u++) {
        const ring = Math.round(Math.hypot(u - half, v - half));
        if (ring < DC_EXCLUSION_RADIUS || ring >= half || !(profile[ring] > 0)) continue;
        let angle = Math.atan2(v - half, u - half) + sectorWidth / 2;
        angle = ((angle % Math.PI) + Math.PI) % Math.PI;
        const sector = Math.min(AZIMUTH_SECTORS - 1, Math.floor(angle / sectorWidth));
        sectorSums[sector] += power[v * size + u] / profile[ring];
        sectorCounts[sector]++;
      }
    }
    let mean = 0;
    let used = 0;
    for (let s = 0; s < AZIMUTH_SECTORS; s++) {
      if (sectorCounts[s] === 0) continue;
      sectorSums[s] /= sectorCounts[s];
      mean += sectorSums[s];
      used++;
    }
    mean /= used;
    let variance = 0;
    for (let s = 0; s < AZIMUTH_SECTORS; s++) if (sectorCounts[s] > 0) variance += (sectorSums[s] - mean) ** 2;
    return { profile, hf: high / total, az: variance / used / (mean * mean) };
  };

  for (const size of [16, 64, 128]) {
    it(`gives the same profile, high-frequency share and azimuthal variance at ${size}×${size}`, () => {
      for (const seed of [1, 2]) {
        const power = powerSpectrum(powerLawGray(size, 2 + seed / 2, seed));
        const expected = reference(power, size);
        expect(radialProfile(power, size)).toEqual(expected.profile);
        expect(highFrequencyRatio(power, size)).toBe(expected.hf);
        expect(azimuthalVariance(power, size)).toBe(expected.az);
      }
    });
  }
});
