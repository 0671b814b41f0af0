/**
 * Typings for fft.js 4 (radix-4 FFT by Fedor Indutny). The package's own declaration types every
 * argument as `any`; this one states what the kernels in `spectrum.ts` rely on.
 *
 * Complex arrays are interleaved: `[re0, im0, re1, im1, …]`, length `2 * size`.
 */
declare module 'fft.js' {
  /** Indexable storage fft.js reads and writes (plain arrays and typed arrays both work). */
  type FftStorage = { [index: number]: number; readonly length: number };

  export default class FFT {
    /** @param size transform length; a power of two greater than 1 (throws otherwise). */
    constructor(size: number);
    /** Transform length. */
    readonly size: number;
    /** A zero-filled interleaved complex array of length `2 * size`. */
    createComplexArray(): number[];
    /** Real input → interleaved complex array (imaginary parts 0). */
    toComplexArray(input: ArrayLike<number>, storage?: FftStorage): number[];
    /** Real parts of an interleaved complex array. */
    fromComplexArray(complex: ArrayLike<number>, storage?: FftStorage): number[];
    /** Forward complex transform (no normalisation); `out` and `data` must differ. */
    transform(out: FftStorage, data: ArrayLike<number>): void;
    /** Forward transform of real input; fills only the left half of `out`. */
    realTransform(out: FftStorage, data: ArrayLike<number>): void;
    /** Mirrors the left half written by `realTransform` into the full spectrum. */
    completeSpectrum(spectrum: FftStorage): void;
    /** Inverse complex transform, normalised by `1 / size`. */
    inverseTransform(out: FftStorage, data: ArrayLike<number>): void;
  }
}
