/** Largest encoded image accepted, in bytes (10 MB, after Base64 decoding). */
export const MAX_ENCODED_BYTES = 10 * 1024 * 1024;

/** Largest decoded image accepted, in pixels (50 MP: above every phone main camera in common use). */
export const MAX_PIXELS = 50_000_000;

/** Longest image side accepted, in pixels (the canvas limit of common browsers). */
export const MAX_SIDE = 16_384;

/** Longest side the analysis works at; larger photos are decoded straight to this size. */
export const ANALYSIS_MAX_SIDE = 1280;
