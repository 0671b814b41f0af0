/** Image shapes shared by the pixel kernels and everything that hands them pixels. */

/** Axis-aligned box in image pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A single-channel image: `data[y * width + x]`, grey levels 0–255. */
export interface GrayImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** R, G, B planes of one square crop. */
export type RgbPlanes = readonly [GrayImage, GrayImage, GrayImage];
