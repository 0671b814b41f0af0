/**
 * What crosses from the facade to the worker for one check. Encoded bytes and bitmaps are
 * transferred, not copied.
 */
export type CheckRequest =
  | { kind: 'base64'; text: string }
  | { kind: 'bytes'; bytes: ArrayBuffer }
  | { kind: 'pixels'; bitmap: ImageBitmap };
