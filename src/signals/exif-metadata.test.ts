import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config.js';
import { editingSoftwareWord, exifMetadata } from './exif-metadata.js';
import { makeSignalInput } from './test-helpers.js';
import type { ExifSummary } from '../input/exif.js';

const measure = (exif: ExifSummary | null) => exifMetadata(makeSignalInput({ exif }), DEFAULT_CONFIG);
const CAMERA: ExifSummary = { present: true, make: 'Apple', model: 'iPhone 15' };

describe('exifMetadata signal', () => {
  it('is neutral 0.50 without EXIF (pixel input: unmeasured; stripped file: measured)', () => {
    expect(measure(null)).toMatchObject({ score: 0.5, measured: false });
    expect(measure(null).detail).toContain('No EXIF');
    expect(measure({ present: false })).toMatchObject({ score: 0.5, measured: true });
    expect(measure({ present: false }).detail).toContain('No EXIF');
  });

  it('scores EXIF without camera tags 0.55', () => {
    expect(measure({ present: true, orientation: 1 }).score).toBe(0.55);
    expect(measure({ present: true, make: '  ' }).score).toBe(0.55);
  });

  it('scores a camera make and model 0.75', () => {
    const result = measure(CAMERA);
    expect(result.score).toBe(0.75);
    expect(result.detail).toContain('"Apple iPhone 15"');
  });

  it('adds 0.05 per optical parameter up to 1.00', () => {
    expect(measure({ ...CAMERA, fNumber: 1.8, iso: 100 }).score).toBeCloseTo(0.85, 12);
    const full = measure({ ...CAMERA, fNumber: 1.8, iso: 100, exposureTime: 1 / 120, focalLength: 6.9, hasGps: true });
    expect(full.score).toBeCloseTo(1, 12);
    expect(full.detail).toContain('f-number, ISO, exposure time, focal length, GPS');
    // implausible values do not count
    expect(measure({ ...CAMERA, fNumber: 0, iso: Number.NaN, hasGps: false }).score).toBe(0.75);
  });

  it('gives optical parameters without a camera a smaller bonus, below 0.75', () => {
    expect(measure({ present: true, iso: 200, fNumber: 2 }).score).toBeCloseTo(0.61, 12);
    expect(measure({ present: true, fNumber: 1.8, iso: 100, exposureTime: 0.01, focalLength: 4, hasGps: true }).score).toBe(0.7);
  });

  it('scores capture or editing software 0.10, ahead of any camera tags', () => {
    const edited = measure({ ...CAMERA, fNumber: 1.8, iso: 100, software: 'Adobe Photoshop 25.0 (Macintosh)' });
    expect(edited.score).toBe(0.1);
    expect(edited.detail).toContain('photoshop');
    expect(measure({ present: true, software: 'OBS Studio 30.1' }).score).toBe(0.1);
    expect(measure({ present: true, software: 'Screen Capture' }).score).toBe(0.1);
  });

  it('does not flag iOS or other words that merely contain "obs"', () => {
    expect(measure({ ...CAMERA, software: 'iOS 17' }).score).toBe(0.75);
    expect(measure({ ...CAMERA, software: 'Snapseed for Jobs' }).score).toBe(0.75);
  });

  it('keeps quotes and control characters out of the detail', () => {
    const result = measure({ present: true, software: 'GIMP "2.10"\n' });
    expect(result.detail).not.toContain('\n');
    expect(result.detail).toContain('"GIMP  2.10"');
  });
});

describe('editingSoftwareWord', () => {
  it('matches every word of the contract, case-insensitively', () => {
    const cases: Record<string, string> = {
      'Screenshot': 'screenshot',
      'macOS screen capture': 'screen capture',
      'Snipping Tool': 'snipping',
      'obs-studio': 'obs',
      'Bandicam 7': 'bandicam',
      'Adobe Photoshop 25': 'photoshop',
      'GIMP 2.10': 'gimp',
      'Preview 11.0': 'preview',
      'Snagit 2024': 'snagit',
    };
    for (const [software, word] of Object.entries(cases)) expect(editingSoftwareWord(software)).toBe(word);
  });

  it('returns null for camera firmware and missing tags', () => {
    for (const software of ['iOS 17.4', 'G998BXXU7EWK1', 'HDR+ 1.0.540104767zd', 'Lobster Camera']) {
      expect(editingSoftwareWord(software)).toBeNull();
    }
    expect(editingSoftwareWord(undefined)).toBeNull();
  });
});
