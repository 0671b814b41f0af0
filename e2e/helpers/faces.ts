/**
 * Real face photos for the browser tests: the MIT-licensed demo images of @vladmandic/face-api
 * (a dev dependency). All six are group photos, so the tests crop one face out at run time, in the
 * browser, and re-encode it as JPEG (the crop carries no EXIF). Boxes are in source pixels and
 * were chosen by eye so that the face fills roughly a quarter of the crop, as in a good selfie.
 */
import { readFileSync } from 'node:fs';
import type { CropBox } from '../../harness/harness';

const SAMPLE_DIR = new URL('../../node_modules/@vladmandic/face-api/demo/', import.meta.url);

/** A face-api demo image (sample1 … sample6) as Base64. Each is a 1920 px wide camera JPEG with EXIF. */
export function sampleBase64(index: 1 | 2 | 3 | 4 | 5 | 6): string {
  return readFileSync(new URL(`sample${index}.jpg`, SAMPLE_DIR)).toString('base64');
}

/** One face cut out of a sample. */
export interface FaceCrop {
  sample: 1 | 2 | 3 | 4 | 5 | 6;
  box: CropBox;
  description: string;
}

export const FACES = {
  /** sample3.jpg (1920×1350), middle person: frontal, eyes open, smiling; crop 560×630. */
  frontal: {
    sample: 3,
    box: { x: 920, y: 55, width: 560, height: 630 },
    description: 'sample3 middle, frontal',
  },
  /** sample6.jpg (1920×1537), second from the left: near frontal, slight tilt; crop 420×500. */
  tilted: {
    sample: 6,
    box: { x: 580, y: 190, width: 420, height: 500 },
    description: 'sample6 second from left, slight tilt',
  },
} as const satisfies Record<string, FaceCrop>;
