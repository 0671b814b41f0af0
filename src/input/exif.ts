import { load } from 'exifreader';

/** Camera and software tags read from the raw bytes before any decoding. */
export interface ExifSummary {
  /** Any EXIF block was present. */
  present: boolean;
  make?: string;
  model?: string;
  software?: string;
  fNumber?: number;
  iso?: number;
  exposureTime?: number;
  focalLength?: number;
  hasGps?: boolean;
  /** EXIF orientation 1–8 (1 = upright). */
  orientation?: number;
}

type Tag = { value?: unknown; description?: string } | undefined;

function text(tag: Tag): string | undefined {
  if (!tag) return undefined;
  const value = (tag.description ?? (typeof tag.value === 'string' ? tag.value : '')).replace(/\0/g, '').trim();
  return value === '' ? undefined : value.slice(0, 200);
}

/** A numeric tag value: plain numbers and EXIF rationals ([numerator, denominator]). */
function number(tag: Tag): number | undefined {
  if (!tag) return undefined;
  let v: unknown = tag.value;
  if (Array.isArray(v) && v.length === 1) v = v[0];
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') {
    return v[1] === 0 ? undefined : v[0] / v[1];
  }
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  const parsed = Number.parseFloat(tag.description ?? '');
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** EXIF tags that mark a real capture, read from the raw encoded bytes before any decoding. */
export function readExif(bytes: Uint8Array): ExifSummary {
  let tags: Record<string, Tag>;
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    // XMP needs a DOMParser, which a worker lacks (ExifReader would warn on every file that has XMP);
    // no tag read here comes from it.
    tags = load(buffer, { excludeTags: { xmp: true } }) as unknown as Record<string, Tag>;
  } catch {
    // No metadata, or a malformed block: treated as "no EXIF" (neutral), never as a failure.
    return { present: false };
  }
  const make = text(tags.Make);
  const model = text(tags.Model);
  const software = text(tags.Software);
  const orientation = number(tags.Orientation);
  const summary: ExifSummary = {
    present: Boolean(tags.Make || tags.Model || tags.Software || tags.Orientation || tags.DateTimeOriginal || tags.ExifIFDPointer || tags.ExposureTime),
    make,
    model,
    software,
    fNumber: number(tags.FNumber),
    iso: number(tags.ISOSpeedRatings),
    exposureTime: number(tags.ExposureTime),
    focalLength: number(tags.FocalLength),
    hasGps: tags.GPSLatitude !== undefined && tags.GPSLongitude !== undefined,
    orientation: orientation !== undefined && orientation >= 1 && orientation <= 8 ? Math.round(orientation) : undefined,
  };
  for (const key of Object.keys(summary) as (keyof ExifSummary)[]) if (summary[key] === undefined) delete summary[key];
  return summary;
}
