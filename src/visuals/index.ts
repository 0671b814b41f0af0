import { lbpCodes, LBP_BINS } from '../pixels/lbp.js';
import { powerSpectrum } from '../pixels/spectrum.js';
import type { GrayImage } from '../pixels/types.js';
import type { RgbaPicture } from '../types.js';


/** A grey image (0–255 levels) as an opaque RGBA picture. */
export function grayToPicture(img: GrayImage): RgbaPicture {
  const data = new Uint8ClampedArray(img.width * img.height * 4);
  for (let i = 0; i < img.data.length; i++) {
    const v = img.data[i];
    data[i * 4] = v;
    data[i * 4 + 1] = v;
    data[i * 4 + 2] = v;
    data[i * 4 + 3] = 255;
  }
  return { width: img.width, height: img.height, data };
}

/**
 * Colour per uniform-LBP bin: bins 0–8 (number of ones: spots, edges, corners, flat) run from dark
 * blue to yellow; bin 9 (non-uniform patterns, noise or periodic texture) is magenta.
 */
const LBP_COLOURS: readonly (readonly [number, number, number])[] = [
  [13, 8, 135],
  [84, 2, 163],
  [139, 10, 165],
  [185, 50, 137],
  [219, 92, 104],
  [244, 136, 73],
  [254, 188, 43],
  [240, 249, 33],
  [255, 255, 200],
  [255, 0, 255],
];

/** The uniform-LBP code of every interior pixel, coloured by bin ((w−2)×(h−2) picture). */
export function lbpCodeMap(img: GrayImage): RgbaPicture {
  const codes = lbpCodes(img);
  const width = img.width - 2;
  const height = img.height - 2;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < codes.length; i++) {
    const [r, g, b] = LBP_COLOURS[Math.min(codes[i], LBP_BINS - 1)];
    data[i * 4] = r;
    data[i * 4 + 1] = g;
    data[i * 4 + 2] = b;
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

/** Centred log-magnitude spectrum (log(1 + power), stretched to 0–255) of a square power-of-two image. */
export function spectrumPicture(img: GrayImage): RgbaPicture {
  const power = powerSpectrum(img);
  let max = 0;
  const logs = new Float64Array(power.length);
  for (let i = 0; i < power.length; i++) {
    logs[i] = Math.log1p(power[i]);
    if (logs[i] > max) max = logs[i];
  }
  const grey = new Float32Array(power.length);
  for (let i = 0; i < power.length; i++) grey[i] = max > 0 ? (255 * logs[i]) / max : 0;
  return grayToPicture({ width: img.width, height: img.height, data: grey });
}
