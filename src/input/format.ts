/** Image formats the engine analyses. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'bmp';

/** MIME type of each accepted format. */
export const MIME_TYPES: Readonly<Record<ImageFormat, string>> = Object.freeze({
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  bmp: 'image/bmp',
});

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

/** The format of encoded bytes from their magic numbers (never from a file name), or null. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (bytes.length >= 26 && ascii(bytes, 0, 2) === 'BM') return 'bmp';
  return null;
}

/** A name for a refused format, so the error message can say what was received. */
export function describeUnsupported(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'empty data';
  if (ascii(bytes, 0, 4) === 'GIF8') return 'a GIF image';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'a PDF document';
  if (bytes.length >= 12 && ascii(bytes, 4, 4) === 'ftyp') {
    const brand = ascii(bytes, 8, 4);
    if (/^(heic|heix|hevc|hevx|mif1|msf1)$/.test(brand)) return 'a HEIC/HEIF image';
    if (/^avi[fs]$/.test(brand)) return 'an AVIF image';
    return 'an ISO media file';
  }
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'a TIFF image';
  const head = ascii(bytes, 0, Math.min(bytes.length, 256)).trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'an SVG document';
  if (head.startsWith('<')) return 'an XML or HTML document';
  return 'an unrecognised format';
}

/** Pixel dimensions stored in an image header. */
export interface Dimensions {
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];
const u16le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u24le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16);
const u32be = (b: Uint8Array, o: number) => ((b[o] << 24) >>> 0) + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
const i32le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);

/** JPEG start-of-frame markers carrying the dimensions (SOF0–SOF15 but DHT, JPG and DAC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegDimensions(b: Uint8Array): Dimensions | null {
  let o = 2;
  while (o + 9 < b.length) {
    if (b[o] !== 0xff) return null;
    const marker = b[o + 1];
    if (marker === 0xff) {
      o += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      o += 2;
      continue;
    }
    const length = u16be(b, o + 2);
    if (length < 2) return null;
    if (isStartOfFrame(marker)) return { height: u16be(b, o + 5), width: u16be(b, o + 7) };
    if (marker === 0xda || marker === 0xd9) return null; // scan or end before any frame header
    o += 2 + length;
  }
  return null;
}

function webpDimensions(b: Uint8Array): Dimensions | null {
  if (b.length < 30) return null;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return null;
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') {
    if (!(b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a)) return null;
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  return null;
}

/**
 * Width and height from the image header alone, so a decompression bomb is refused before it is
 * decoded. Null when the header is too damaged to read.
 */
export function readDimensions(bytes: Uint8Array, format: ImageFormat): Dimensions | null {
  switch (format) {
    case 'jpeg':
      return jpegDimensions(bytes);
    case 'png':
      if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') return null;
      return { width: u32be(bytes, 16), height: u32be(bytes, 20) };
    case 'webp':
      return webpDimensions(bytes);
    case 'bmp':
      return { width: Math.abs(i32le(bytes, 18)), height: Math.abs(i32le(bytes, 22)) };
  }
}
