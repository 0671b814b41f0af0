import { describe, expect, it } from 'vitest';
import { describeUnsupported, readDimensions, sniffFormat } from './format.js';

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

function pngHeader(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...ascii('IHDR')]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return b;
}

function jpegHeader(width: number, height: number): Uint8Array {
  // SOI, an APP0 segment of 16 bytes, then SOF0 with 8-bit precision.
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, ...app0, ...sof0]);
}

describe('sniffFormat', () => {
  it('recognises the four formats by magic bytes', () => {
    expect(sniffFormat(jpegHeader(1, 1))).toBe('jpeg');
    expect(sniffFormat(pngHeader(1, 1))).toBe('png');
    expect(sniffFormat(new Uint8Array([...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBPVP8 ')]))).toBe('webp');
    expect(sniffFormat(new Uint8Array([...ascii('BM'), ...new Array(30).fill(0)]))).toBe('bmp');
  });

  it('names refused formats', () => {
    expect(sniffFormat(new Uint8Array(ascii('GIF89a')))).toBeNull();
    expect(describeUnsupported(new Uint8Array(ascii('GIF89a')))).toBe('a GIF image');
    expect(describeUnsupported(new Uint8Array(ascii('%PDF-1.7')))).toBe('a PDF document');
    expect(describeUnsupported(new Uint8Array(ascii('<svg xmlns="http://www.w3.org/2000/svg">')))).toBe('an SVG document');
    expect(describeUnsupported(new Uint8Array([0, 0, 0, 24, ...ascii('ftypheic')]))).toBe('a HEIC/HEIF image');
    expect(describeUnsupported(new Uint8Array([0, 0, 0, 24, ...ascii('ftypavif')]))).toBe('an AVIF image');
  });
});

describe('readDimensions', () => {
  it('reads PNG and JPEG headers without decoding', () => {
    expect(readDimensions(pngHeader(30000, 30000), 'png')).toEqual({ width: 30000, height: 30000 });
    expect(readDimensions(jpegHeader(1280, 960), 'jpeg')).toEqual({ width: 1280, height: 960 });
  });

  it('returns null for a JPEG with no frame header', () => {
    expect(readDimensions(new Uint8Array([0xff, 0xd8, 0xff, 0xd9, 0, 0, 0, 0, 0, 0, 0]), 'jpeg')).toBeNull();
  });
});
