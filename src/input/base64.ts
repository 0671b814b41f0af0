import { LivenessError } from '../errors/index.js';
import { MAX_ENCODED_BYTES } from './limits.js';

const DATA_URL = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)?((?:;[a-z0-9-]+=[^;,]*)*)(;base64)?,/i;
const BASE64_BODY = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Decode a Base64 string or a `data:` URL into bytes.
 * Accepts the standard and URL-safe alphabets, line breaks and missing padding.
 * @throws LivenessError INVALID_REQUEST when blank, not Base64, or over 10 MB decoded.
 */
export function decodeBase64Image(text: string): Uint8Array {
  if (text.trim() === '') throw new LivenessError('INVALID_REQUEST', 'The image is missing: an empty string was given.');
  let body = text.trim();
  const header = DATA_URL.exec(body);
  if (header) {
    if (!header[3]) throw new LivenessError('INVALID_REQUEST', 'The data URL is not Base64-encoded (";base64" is missing).');
    body = body.slice(header[0].length);
    if (body.trim() === '') throw new LivenessError('INVALID_REQUEST', 'The data URL carries no image data.');
  } else if (/^data:/i.test(body)) {
    throw new LivenessError('INVALID_REQUEST', 'The data URL is malformed.');
  }
  body = body.replace(/\s+/g, '');
  if (!BASE64_BODY.test(body) || body.replace(/=+$/, '').length % 4 === 1) {
    throw new LivenessError('INVALID_REQUEST', 'The image is not valid Base64.');
  }
  const unpadded = body.replace(/=+$/, '');
  const decodedLength = Math.floor((unpadded.length * 3) / 4);
  if (decodedLength > MAX_ENCODED_BYTES) {
    throw new LivenessError('INVALID_REQUEST', `The image is ${formatMb(decodedLength)} after Base64 decoding; the limit is 10 MB.`);
  }
  const standard = unpadded.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Bytes as megabytes (2^20 bytes, the unit of the 10 MB limit) with one decimal, for messages. */
export function formatMb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
