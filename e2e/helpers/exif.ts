/**
 * Builds JPEG files that carry an EXIF Orientation tag, for the EXIF-rotation browser test.
 * A phone stores the sensor's pixels as they came and records in EXIF how to turn them upright;
 * these helpers reproduce that: rotate the pixels, then insert a minimal APP1 segment.
 */

/** EXIF Orientation values used by the tests (TIFF 6.0 / EXIF 2.32, tag 0x0112). */
export type ExifOrientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/**
 * Clockwise quarter turns to apply to upright pixels so that a viewer honouring `orientation`
 * shows them upright again. Orientation 6 means "rotate 90° clockwise to display", so the stored
 * pixels are the upright image turned 90° counter-clockwise (3 clockwise quarter turns).
 */
export const STORED_QUARTER_TURNS: Readonly<Record<6 | 8 | 3, 1 | 2 | 3>> = { 6: 3, 8: 1, 3: 2 };

const JPEG_SOI = [0xff, 0xd8];
const APP1_MARKER = [0xff, 0xe1];
const ORIENTATION_TAG = 0x0112;
const TIFF_SHORT = 3;

/**
 * A minimal EXIF APP1 segment: big-endian TIFF header, IFD0 with the single Orientation entry,
 * and no next IFD.
 */
export function exifOrientationSegment(orientation: ExifOrientation): Uint8Array {
  const tiff = [
    0x4d, 0x4d, 0x00, 0x2a, // "MM" big-endian, TIFF magic 42
    0x00, 0x00, 0x00, 0x08, // offset of IFD0
    0x00, 0x01, // one entry
    ORIENTATION_TAG >> 8, ORIENTATION_TAG & 0xff,
    0x00, TIFF_SHORT,
    0x00, 0x00, 0x00, 0x01, // count 1
    0x00, orientation, 0x00, 0x00, // SHORT value, left-aligned in the 4-byte field
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ];
  const payload = [...Array.from('Exif', (c) => c.charCodeAt(0)), 0x00, 0x00, ...tiff];
  const length = payload.length + 2; // the length field counts itself
  return Uint8Array.from([...APP1_MARKER, length >> 8, length & 0xff, ...payload]);
}

/** Inserts an EXIF orientation segment right after the SOI marker of `jpeg`. */
export function withExifOrientation(jpeg: Uint8Array, orientation: ExifOrientation): Uint8Array {
  if (jpeg[0] !== JPEG_SOI[0] || jpeg[1] !== JPEG_SOI[1]) throw new Error('not a JPEG (no SOI marker)');
  const segment = exifOrientationSegment(orientation);
  const out = new Uint8Array(jpeg.length + segment.length);
  out.set(jpeg.subarray(0, 2), 0);
  out.set(segment, 2);
  out.set(jpeg.subarray(2), 2 + segment.length);
  return out;
}
