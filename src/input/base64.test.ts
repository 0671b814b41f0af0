import { describe, expect, it } from 'vitest';
import { decodeBase64Image } from './base64.js';

const bytes = (text: string) => Array.from(decodeBase64Image(text));

describe('decodeBase64Image', () => {
  it('decodes plain Base64, data URLs, URL-safe and unpadded forms', () => {
    expect(bytes('/9j/')).toEqual([0xff, 0xd8, 0xff]);
    expect(bytes('data:image/jpeg;base64,/9j/')).toEqual([0xff, 0xd8, 0xff]);
    expect(bytes('_9j_')).toEqual([0xff, 0xd8, 0xff]);
    expect(bytes('AQI')).toEqual([1, 2]);
    expect(bytes(' AQ\nID ')).toEqual([1, 2, 3]);
  });

  it.each([
    ['', /missing/],
    ['   ', /missing/],
    ['data:image/png;base64,', /carries no image data/],
    ['data:image/png,abc', /not Base64-encoded/],
    ['data:nonsense', /malformed/],
    ['not base64!', /not valid Base64/],
    ['A', /not valid Base64/],
  ])('refuses %j', (text, message) => {
    expect(() => decodeBase64Image(text)).toThrow(message);
    try {
      decodeBase64Image(text);
    } catch (error) {
      expect((error as { code: string }).code).toBe('INVALID_REQUEST');
    }
  });

  it('refuses more than 10 MB before decoding it', () => {
    const big = 'A'.repeat(Math.ceil((10 * 1024 * 1024 + 3) / 3) * 4);
    expect(() => decodeBase64Image(big)).toThrow(/limit is 10 MB/);
  });
});
