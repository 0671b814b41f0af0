import { LivenessError } from '../errors/index.js';
import type { ExifSummary } from './exif.js';
import { decodeBase64Image, formatMb } from './base64.js';
import { readExif } from './exif.js';
import { describeUnsupported, MIME_TYPES, readDimensions, sniffFormat, type Dimensions, type ImageFormat } from './format.js';
import { ANALYSIS_MAX_SIDE, MAX_ENCODED_BYTES, MAX_PIXELS, MAX_SIDE } from './limits.js';
import type { ImagePayload } from '../protocol/index.js';

/** An upright image ready for analysis. */
export interface DecodedImage {
  /** Upright pixels, at most ANALYSIS_MAX_SIDE on the longer side. */
  bitmap: ImageBitmap;
  /**
   * The upright image at full resolution when `bitmap` is a downscaled copy of it (for crops that a
   * model must see at the camera's own resolution); null when `bitmap` is the full resolution. Closed
   * with `bitmap`.
   */
  fullResolution: ImageBitmap | null;
  /** Upright size of the image as stored, before any downscale. */
  sourceWidth: number;
  sourceHeight: number;
  /** EXIF of the raw bytes; null for pixel inputs. */
  exif: ExifSummary | null;
}

/** EXIF orientations 5–8 store the image transposed: width and height swap once it is upright. */
function isTransposed(orientation: number | undefined): boolean {
  return orientation !== undefined && orientation >= 5;
}

/**
 * Formats whose EXIF orientation the browser applies with `imageOrientation: 'from-image'`: JPEG
 * (APP1) and PNG (eXIf chunk). Chromium ignores the EXIF chunk of a WebP file.
 */
const ORIENTED_FORMATS: ReadonlySet<ImageFormat> = new Set<ImageFormat>(['jpeg', 'png']);

/**
 * Upright size of an image from its stored size and EXIF orientation. The decoder turns the image
 * upright before it resizes, so the resize target must be computed from this size.
 */
export function uprightSize(format: ImageFormat, stored: Dimensions, orientation: number | undefined): Dimensions {
  return ORIENTED_FORMATS.has(format) && isTransposed(orientation) ? { width: stored.height, height: stored.width } : stored;
}

/** Size that fits `maxSide` on the longer side, keeping the aspect ratio; never upscales. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

function checkPixelLimits(width: number, height: number): void {
  if (width < 1 || height < 1) throw new LivenessError('INVALID_REQUEST', `The image has no pixels (${width}×${height}).`);
  if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
    throw new LivenessError(
      'INVALID_REQUEST',
      `The image is ${width}×${height} pixels; the limit is ${MAX_SIDE} pixels a side and ${MAX_PIXELS / 1e6} megapixels.`,
    );
  }
}

/**
 * Check encoded bytes (size, magic bytes, header dimensions), read their EXIF, then decode them
 * upright (EXIF orientation applied) and straight to the analysis size.
 */
export async function decodeBytes(bytes: Uint8Array): Promise<DecodedImage> {
  if (bytes.length === 0) throw new LivenessError('INVALID_REQUEST', 'The image is empty (0 bytes).');
  if (bytes.length > MAX_ENCODED_BYTES) {
    throw new LivenessError('INVALID_REQUEST', `The image is ${formatMb(bytes.length)}; the limit is 10 MB.`);
  }
  const format = sniffFormat(bytes);
  if (!format) {
    throw new LivenessError('INVALID_REQUEST', `Unsupported image format (${describeUnsupported(bytes)}); send JPEG, PNG, WebP or BMP.`);
  }
  const stored = readDimensions(bytes, format);
  if (!stored) throw new LivenessError('INVALID_REQUEST', `The ${format.toUpperCase()} header is damaged: its dimensions cannot be read.`);
  checkPixelLimits(stored.width, stored.height);

  const exif = readExif(bytes);
  const { width: sourceWidth, height: sourceHeight } = uprightSize(format, stored, exif.orientation);

  let full: ImageBitmap;
  try {
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: MIME_TYPES[format] });
    full = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch {
    throw new LivenessError('INVALID_REQUEST', `The ${format.toUpperCase()} image cannot be decoded (corrupt or truncated data).`);
  }
  // the analysis copy is resized from the decoded bitmap (the same pixels as resizing while decoding),
  // and the full resolution is kept for the crops that need it
  return withAnalysisCopy(full, sourceWidth, sourceHeight, exif);
}

/**
 * The decoded image for `full` (upright, full resolution): `full` itself when it fits
 * ANALYSIS_MAX_SIDE, else a downscaled copy with `full` kept beside it. `full` is closed on failure.
 */
async function withAnalysisCopy(full: ImageBitmap, sourceWidth: number, sourceHeight: number, exif: ExifSummary | null): Promise<DecodedImage> {
  const target = fitWithin(sourceWidth, sourceHeight, ANALYSIS_MAX_SIDE);
  if (target.width >= sourceWidth) return { bitmap: full, fullResolution: null, sourceWidth, sourceHeight, exif };
  try {
    const bitmap = await createImageBitmap(full, { resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' });
    return { bitmap, fullResolution: full, sourceWidth, sourceHeight, exif };
  } catch (error) {
    full.close();
    throw error;
  }
}

/** Decode the image the facade sent. */
export async function decodeImage(image: ImagePayload): Promise<DecodedImage> {
  switch (image.kind) {
    case 'base64':
      return decodeBytes(decodeBase64Image(image.text));
    case 'bytes':
      return decodeBytes(new Uint8Array(image.bytes));
    case 'pixels': {
      const { bitmap } = image;
      try {
        checkPixelLimits(bitmap.width, bitmap.height);
      } catch (error) {
        bitmap.close();
        throw error;
      }
      return withAnalysisCopy(bitmap, bitmap.width, bitmap.height, null);
    }
  }
}
