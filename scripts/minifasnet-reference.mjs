#!/usr/bin/env node
/**
 * Float64 reference run of the MiniFASNet ensemble (minifasnet.json + minifasnet.bin, written by
 * scripts/convert-minifasnet.py), for checking the engine's in-browser run of it:
 *
 *   node scripts/minifasnet-reference.mjs [--weights path/minifasnet.json] [--pairs] <crops>... > reference.json
 *
 * Each crop file is either an 80×80 binary PPM (P6, RGB, maxval 255: the channels are swapped to the
 * BGR order the models were trained on) or raw little-endian float32 `.f32` holding N crops of
 * 80×80×3 (NHWC, BGR, 0–255, as the models take them). Every layer of the weights file's graph is
 * executed here in plain JavaScript loops over Float64Array: an implementation independent of the
 * engine's (tfjs ops in float32). Prints, per crop, each model's logits and softmax and the ensemble's
 * "real" probability (the mean of the two models' class-1 probabilities) as JSON. Each crop goes to
 * every model, unless `--pairs`: then consecutive crops of a file go to the models in turn (V2's crop
 * at scale 2.7, then V1SE's at 4.0), one result per pair.
 * Also importable: `loadMiniFasNet(jsonPath)`, `runEnsemble(weights, crop)`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_WEIGHTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'models', 'minifasnet.json');

/** @typedef {{ h: number, w: number, c: number, data: Float64Array }} Activation  NHWC, batch 1 */
/** @typedef {{ offset: number, shape: number[], values: Float64Array }} Tensor  a tensor of the binary, read as float64 */
/**
 * A layer of the manifest's graph (the fields of its `op`; see scripts/convert-minifasnet.py).
 * @typedef {{ op: 'conv' | 'depthwise' | 'residual' | 'squeezeExcite' | 'dense', stride: number, pad: number,
 *   filter: Tensor, bias: Tensor, prelu?: Tensor, body: Layer[], weights: Tensor,
 *   reduce: { weights: Tensor, bias: Tensor }, expand: { weights: Tensor, bias: Tensor } }} Layer
 */
/**
 * The weights manifest with every tensor's values.
 * @typedef {{ dtype: string, binary: string, byteLength: number, input: { side: number }, output: { realClass: number },
 *   models: { name: string, scale: number, layers: Layer[] }[] }} Manifest
 */

/** IEEE 754 half to float. @param {number} h */
function halfToFloat(h) {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * The weights file: its manifest and, for every tensor reference of the graph, a `values` Float64Array.
 * @param {string} jsonPath
 * @returns {Manifest}
 */
export function loadMiniFasNet(jsonPath = DEFAULT_WEIGHTS) {
  const manifest = JSON.parse(readFileSync(jsonPath, 'utf8'));
  if (manifest.format !== 'minifasnet-weights' || manifest.version !== 1) throw new Error(`${jsonPath}: not a minifasnet-weights v1 file`);
  const bytes = readFileSync(join(dirname(jsonPath), manifest.binary));
  if (bytes.length !== manifest.byteLength) throw new Error(`${manifest.binary}: ${bytes.length} bytes, expected ${manifest.byteLength}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = manifest.dtype === 'float16' ? 2 : 4;
  const read = (/** @type {Tensor} */ ref) => {
    const n = ref.shape.reduce((a, b) => a * b, 1);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const at = (ref.offset + i) * width;
      values[i] = width === 2 ? halfToFloat(view.getUint16(at, true)) : view.getFloat32(at, true);
    }
    ref.values = values;
  };
  const visit = (/** @type {Record<string, any>[]} */ layers) => {
    for (const layer of layers) {
      if (layer.op === 'residual') visit(layer.body);
      for (const value of Object.values(layer)) {
        if (value && typeof value === 'object' && 'offset' in value) read(value);
        else if (value && typeof value === 'object' && !Array.isArray(value))
          for (const inner of Object.values(value)) if (inner && typeof inner === 'object' && 'offset' in inner) read(inner);
      }
    }
  };
  for (const model of manifest.models) visit(model.layers);
  return manifest;
}

/**
 * Convolution with symmetric zero padding; `filter` [kh, kw, in, out]; bias per output channel.
 * @param {Activation} x @param {Layer} layer @returns {Activation}
 */
function conv(x, layer) {
  const [K, , C, O] = layer.filter.shape;
  if (C !== x.c) throw new Error(`conv expects ${C} channels, got ${x.c}`);
  const { stride, pad } = layer;
  const H = Math.floor((x.h + 2 * pad - K) / stride) + 1;
  const W = Math.floor((x.w + 2 * pad - K) / stride) + 1;
  const wt = layer.filter.values;
  const out = new Float64Array(H * W * O);
  const acc = new Float64Array(O);
  for (let y = 0; y < H; y++) {
    for (let xo = 0; xo < W; xo++) {
      acc.set(layer.bias.values);
      for (let ky = 0; ky < K; ky++) {
        const iy = y * stride - pad + ky;
        if (iy < 0 || iy >= x.h) continue;
        for (let kx = 0; kx < K; kx++) {
          const ix = xo * stride - pad + kx;
          if (ix < 0 || ix >= x.w) continue;
          const inBase = (iy * x.w + ix) * C;
          const wBase = (ky * K + kx) * C * O;
          for (let c = 0; c < C; c++) {
            const v = x.data[inBase + c];
            const w0 = wBase + c * O;
            for (let o = 0; o < O; o++) acc[o] += v * wt[w0 + o];
          }
        }
      }
      out.set(acc, (y * W + xo) * O);
    }
  }
  return { h: H, w: W, c: O, data: out };
}

/**
 * Depthwise convolution (one filter per channel), symmetric zero padding; `filter` [kh, kw, c, 1].
 * @param {Activation} x @param {Layer} layer @returns {Activation}
 */
function depthwise(x, layer) {
  const [K, , C] = layer.filter.shape;
  if (C !== x.c) throw new Error(`depthwise expects ${C} channels, got ${x.c}`);
  const { stride, pad } = layer;
  const H = Math.floor((x.h + 2 * pad - K) / stride) + 1;
  const W = Math.floor((x.w + 2 * pad - K) / stride) + 1;
  const wt = layer.filter.values;
  const bias = layer.bias.values;
  const out = new Float64Array(H * W * C);
  for (let y = 0; y < H; y++)
    for (let xo = 0; xo < W; xo++)
      for (let c = 0; c < C; c++) {
        let acc = bias[c];
        for (let ky = 0; ky < K; ky++) {
          const iy = y * stride - pad + ky;
          if (iy < 0 || iy >= x.h) continue;
          for (let kx = 0; kx < K; kx++) {
            const ix = xo * stride - pad + kx;
            if (ix < 0 || ix >= x.w) continue;
            acc += x.data[(iy * x.w + ix) * C + c] * wt[(ky * K + kx) * C + c];
          }
        }
        out[(y * W + xo) * C + c] = acc;
      }
  return { h: H, w: W, c: C, data: out };
}

/** PReLU with one slope per channel (He et al. 2015). @param {Activation} x @param {Tensor} alpha */
function prelu(x, alpha) {
  const a = alpha.values;
  for (let i = 0; i < x.data.length; i++) if (x.data[i] < 0) x.data[i] *= a[i % x.c];
  return x;
}

/** y = x·W (+ b), `weights` [in, out]. @param {Float64Array} vector @param {Tensor} weights @param {Tensor} [bias] */
function dense(vector, weights, bias) {
  const [I, O] = weights.shape;
  if (vector.length !== I) throw new Error(`dense expects ${I} inputs, got ${vector.length}`);
  const out = bias ? Float64Array.from(bias.values) : new Float64Array(O);
  for (let i = 0; i < I; i++) {
    const v = vector[i];
    for (let o = 0; o < O; o++) out[o] += v * weights.values[i * O + o];
  }
  return out;
}

const sigmoid = (/** @type {number} */ v) => 1 / (1 + Math.exp(-v));

/**
 * Squeeze-excitation (Hu et al. 2018): channel means → reduce, ReLU → expand, sigmoid → scale the channels.
 * @param {Activation} x @param {Layer} layer @returns {Activation}
 */
function squeezeExcite(x, layer) {
  const means = new Float64Array(x.c);
  const pixels = x.h * x.w;
  for (let p = 0; p < pixels; p++) for (let c = 0; c < x.c; c++) means[c] += x.data[p * x.c + c];
  for (let c = 0; c < x.c; c++) means[c] /= pixels;
  const hidden = dense(means, layer.reduce.weights, layer.reduce.bias).map((v) => Math.max(0, v));
  const gate = dense(hidden, layer.expand.weights, layer.expand.bias).map(sigmoid);
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = x.data[i] * gate[i % x.c];
  return { ...x, data: out };
}

/** Runs a layer list; activations NHWC. @param {Layer[]} layers @param {Activation} input @returns {Activation} */
function runLayers(layers, input) {
  let x = input;
  for (const layer of layers) {
    switch (layer.op) {
      case 'conv':
      case 'depthwise':
        x = layer.op === 'conv' ? conv(x, layer) : depthwise(x, layer);
        if (layer.prelu) x = prelu(x, layer.prelu);
        break;
      case 'residual': {
        const y = runLayers(layer.body, x);
        const data = new Float64Array(x.data.length);
        for (let i = 0; i < data.length; i++) data[i] = x.data[i] + y.data[i];
        x = { ...x, data };
        break;
      }
      case 'squeezeExcite':
        x = squeezeExcite(x, layer);
        break;
      case 'dense': {
        // flatten: the feature map is 1×1 here, so NHWC and NCHW orders agree
        const data = dense(x.data, layer.weights, layer.bias);
        x = { h: 1, w: 1, c: data.length, data };
        break;
      }
      default:
        throw new Error(`unknown layer ${layer.op}`);
    }
  }
  return x;
}

/** @param {Float64Array | number[]} logits */
function softmax(logits) {
  const max = Math.max(...Array.from(logits));
  const e = Array.from(logits, (v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/**
 * Both models on crops (the same crop for both here: the caller makes one per model's scale).
 * @param {Manifest} manifest  from loadMiniFasNet
 * @param {ArrayLike<number>[] | ArrayLike<number>} crops  one NHWC BGR 0–255 crop per model, in the manifest's model order (or one for all)
 * @returns {{ models: { name: string, logits: number[], softmax: number[] }[], real: number }} per model its logits and softmax, and the ensemble's real probability
 */
export function runEnsemble(manifest, crops) {
  const side = manifest.input.side;
  const list = Array.isArray(crops) ? crops : manifest.models.map(() => crops);
  const models = manifest.models.map((model, i) => {
    const data = Float64Array.from(list[i]);
    if (data.length !== side * side * 3) throw new Error(`a crop must hold ${side}×${side}×3 values`);
    const logits = Array.from(runLayers(model.layers, { h: side, w: side, c: 3, data }).data);
    return { name: model.name, logits, softmax: softmax(logits) };
  });
  const real = models.reduce((sum, m) => sum + m.softmax[manifest.output.realClass], 0) / models.length;
  return { models, real };
}

/** Crops of a file: a P6 PPM (RGB → BGR) or raw float32 NHWC BGR. @param {string} path @param {number} side @returns {ArrayLike<number>[]} */
function readCrops(path, side) {
  const bytes = readFileSync(path);
  if (path.endsWith('.f32')) {
    const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const n = side * side * 3;
    if (floats.length % n) throw new Error(`${path}: not a whole number of ${side}×${side}×3 crops`);
    return Array.from({ length: floats.length / n }, (_, i) => floats.subarray(i * n, (i + 1) * n));
  }
  const header = bytes.subarray(0, 64).toString('latin1').match(/^P6\s+(\d+)\s+(\d+)\s+255\s/);
  if (!header || +header[1] !== side || +header[2] !== side) throw new Error(`${path}: not a ${side}×${side} P6 PPM`);
  const rgb = bytes.subarray(header[0].length);
  const bgr = new Float64Array(side * side * 3);
  for (let p = 0; p < side * side; p++) for (let c = 0; c < 3; c++) bgr[p * 3 + c] = rgb[p * 3 + 2 - c];
  return [bgr];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  let weights = DEFAULT_WEIGHTS;
  let pairs = false;
  const files = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--weights') weights = args[++i];
    else if (args[i] === '--pairs') pairs = true;
    else files.push(args[i]);
  }
  if (!files.length) {
    console.error('usage: node scripts/minifasnet-reference.mjs [--weights minifasnet.json] [--pairs] <crop.ppm | crops.f32>...');
    process.exit(2);
  }
  const manifest = loadMiniFasNet(weights);
  const results = [];
  for (const file of files) {
    const crops = readCrops(file, manifest.input.side);
    const step = pairs ? manifest.models.length : 1;
    if (crops.length % step) throw new Error(`${file}: ${crops.length} crops do not make whole pairs`);
    for (let index = 0; index < crops.length; index += step) {
      const { models, real } = runEnsemble(manifest, pairs ? crops.slice(index, index + step) : crops[index]);
      results.push({ file: basename(file), index: index / step, models, real });
    }
  }
  process.stdout.write(`${JSON.stringify(results, null, 1)}\n`);
}
