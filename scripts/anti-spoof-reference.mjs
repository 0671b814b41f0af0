#!/usr/bin/env node
/**
 * Float64 reference run of the anti-spoofing model (public/models/face_anti_spoofing.tflite), for
 * checking the engine's in-browser run of it:
 *
 *   node scripts/anti-spoof-reference.mjs <crop.ppm>... > reference.json
 *
 * Each crop is a 256×256 binary PPM (P6, RGB, maxval 255), scaled to [0,1] as the model's authors do.
 * The model file is read with scripts/lib/tflite.mjs and every operator is executed here, in plain
 * JavaScript with float64 arithmetic: an implementation independent of the engine's (which reads the
 * model with its own reader and runs it with tfjs ops in float32). Prints, per crop, the two outputs
 * (`cls`: the eight leaf scores, `leaf`: the one-hot leaf the tree routed to) and the authors'
 * raw score Σ|cls_i|·leaf_i as JSON.
 * @module
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTflite } from './lib/tflite.mjs';

const MODEL = fileURLToPath(new URL('../public/models/face_anti_spoofing.tflite', import.meta.url));
const SIDE = 256;

/** @typedef {{ shape: number[], data: Float64Array }} Tensor */
/** @typedef {ReturnType<typeof readTflite>} Model */
/** An operator's builtin options (see scripts/lib/tflite.mjs). @typedef {Record<string, any>} Options */

const size = (/** @type {readonly number[]} */ shape) => shape.reduce((a, b) => a * b, 1);

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
 * A constant tensor of the model as float64.
 * @param {Model['tensors'][number]} tensor @returns {Tensor}
 */
function constant(tensor) {
  const { type, shape } = tensor;
  const data = /** @type {Uint8Array} */ (tensor.data);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = size(shape);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (type === 'float16') out[i] = halfToFloat(view.getUint16(2 * i, true));
    else if (type === 'float32') out[i] = view.getFloat32(4 * i, true);
    else if (type === 'int32') out[i] = view.getInt32(4 * i, true);
    else throw new Error(`constant of type ${type}`);
  }
  return { shape: [...shape], data: out };
}

/** @param {Tensor} t @param {string} activation @returns {Tensor} */
function activate(t, activation) {
  if (activation === 'none') return t;
  if (activation === 'relu') return { shape: t.shape, data: t.data.map((v) => Math.max(0, v)) };
  if (activation === 'relu6') return { shape: t.shape, data: t.data.map((v) => Math.min(6, Math.max(0, v))) };
  throw new Error(`activation ${activation}`);
}

/**
 * TensorFlow's SAME/VALID output size and leading padding of one axis.
 * @param {string} mode @param {number} inSize @param {number} filter @param {number} stride @param {number} [dilation]
 */
function padding(mode, inSize, filter, stride, dilation = 1) {
  const effective = (filter - 1) * dilation + 1;
  if (mode === 'valid') return { out: Math.ceil((inSize - effective + 1) / stride), before: 0 };
  const out = Math.ceil(inSize / stride);
  const total = Math.max(0, (out - 1) * stride + effective - inSize);
  return { out, before: Math.floor(total / 2) };
}

/** CONV_2D: input NHWC, filter OHWI, bias O. @param {Tensor} input @param {Tensor} filter @param {Tensor | null} bias @param {Options} o */
function conv2d(input, filter, bias, o) {
  const [, H, W, C] = input.shape;
  const [O, KH, KW] = filter.shape;
  const ph = padding(o.padding, H, KH, o.strideH, o.dilationH);
  const pw = padding(o.padding, W, KW, o.strideW, o.dilationW);
  // filter as [kh][kw][c][o], so the innermost loop runs over output channels
  const wt = new Float64Array(KH * KW * C * O);
  for (let oc = 0; oc < O; oc++)
    for (let ky = 0; ky < KH; ky++)
      for (let kx = 0; kx < KW; kx++)
        for (let c = 0; c < C; c++) wt[((ky * KW + kx) * C + c) * O + oc] = filter.data[((oc * KH + ky) * KW + kx) * C + c];
  const out = new Float64Array(ph.out * pw.out * O);
  const acc = new Float64Array(O);
  for (let y = 0; y < ph.out; y++) {
    for (let x = 0; x < pw.out; x++) {
      for (let oc = 0; oc < O; oc++) acc[oc] = bias ? bias.data[oc] : 0;
      for (let ky = 0; ky < KH; ky++) {
        const iy = y * o.strideH - ph.before + ky * o.dilationH;
        if (iy < 0 || iy >= H) continue;
        for (let kx = 0; kx < KW; kx++) {
          const ix = x * o.strideW - pw.before + kx * o.dilationW;
          if (ix < 0 || ix >= W) continue;
          const inBase = (iy * W + ix) * C;
          const wBase = (ky * KW + kx) * C * O;
          for (let c = 0; c < C; c++) {
            const v = input.data[inBase + c];
            const w0 = wBase + c * O;
            for (let oc = 0; oc < O; oc++) acc[oc] += v * wt[w0 + oc];
          }
        }
      }
      out.set(acc, (y * pw.out + x) * O);
    }
  }
  return activate({ shape: [1, ph.out, pw.out, O], data: out }, o.activation);
}

/**
 * MAX_POOL_2D / AVERAGE_POOL_2D (the average counts only the pixels inside the image, as TFLite does).
 * @param {Tensor} input @param {Options} o @param {'max' | 'average'} kind
 */
function pool(input, o, kind) {
  const [, H, W, C] = input.shape;
  const ph = padding(o.padding, H, o.filterH, o.strideH);
  const pw = padding(o.padding, W, o.filterW, o.strideW);
  const out = new Float64Array(ph.out * pw.out * C);
  for (let y = 0; y < ph.out; y++)
    for (let x = 0; x < pw.out; x++)
      for (let c = 0; c < C; c++) {
        let best = Number.NEGATIVE_INFINITY;
        let sum = 0;
        let count = 0;
        for (let ky = 0; ky < o.filterH; ky++) {
          const iy = y * o.strideH - ph.before + ky;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < o.filterW; kx++) {
            const ix = x * o.strideW - pw.before + kx;
            if (ix < 0 || ix >= W) continue;
            const v = input.data[(iy * W + ix) * C + c];
            best = Math.max(best, v);
            sum += v;
            count++;
          }
        }
        out[(y * pw.out + x) * C + c] = kind === 'max' ? best : sum / count;
      }
  return activate({ shape: [1, ph.out, pw.out, C], data: out }, o.activation);
}

/**
 * Element-wise op with NumPy broadcasting.
 * @param {Tensor} a @param {Tensor} b @param {(x: number, y: number) => number} f @returns {Tensor}
 */
function broadcast(a, b, f) {
  const rank = Math.max(a.shape.length, b.shape.length);
  const pad = (/** @type {number[]} */ s) => [...Array(rank - s.length).fill(1), ...s];
  const sa = pad(a.shape);
  const sb = pad(b.shape);
  const shape = sa.map((d, i) => Math.max(d, sb[i]));
  const out = new Float64Array(size(shape));
  const stridesOf = (/** @type {number[]} */ s) => {
    const strides = new Array(rank).fill(0);
    let step = 1;
    for (let i = rank - 1; i >= 0; i--) {
      strides[i] = s[i] === 1 ? 0 : step;
      step *= s[i];
    }
    return strides;
  };
  const ta = stridesOf(sa);
  const tb = stridesOf(sb);
  const index = new Array(rank).fill(0);
  for (let i = 0; i < out.length; i++) {
    let ia = 0;
    let ib = 0;
    for (let d = 0; d < rank; d++) {
      ia += index[d] * ta[d];
      ib += index[d] * tb[d];
    }
    out[i] = f(a.data[ia], b.data[ib]);
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return { shape, data: out };
}

/** FULLY_CONNECTED: input flattened to [batch, in], weights [out, in]. @param {Tensor} input @param {Tensor} weights @param {Tensor | null} bias @param {Options} o */
function fullyConnected(input, weights, bias, o) {
  const [outSize, inSize] = weights.shape;
  const batch = input.data.length / inSize;
  const out = new Float64Array(batch * outSize);
  for (let n = 0; n < batch; n++)
    for (let j = 0; j < outSize; j++) {
      let s = bias ? bias.data[j] : 0;
      for (let i = 0; i < inSize; i++) s += input.data[n * inSize + i] * weights.data[j * inSize + i];
      out[n * outSize + j] = s;
    }
  return activate({ shape: [batch, outSize], data: out }, o.activation);
}

/** @param {Tensor} input @param {number[]} shape @returns {Tensor} */
function reshape(input, shape) {
  const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  return { shape: shape.map((d) => (d === -1 ? input.data.length / known : d)), data: input.data };
}

/**
 * STRIDED_SLICE for the forms the model uses (no ellipsis, new-axis or shrink masks).
 * @param {Tensor} input @param {Tensor} begin @param {Tensor} end @param {Tensor} strides @param {Options} o @returns {Tensor}
 */
function stridedSlice(input, begin, end, strides, o) {
  if (o.ellipsisMask || o.newAxisMask || o.shrinkAxisMask) throw new Error('STRIDED_SLICE masks not supported');
  const rank = input.shape.length;
  /** @type {number[]} */
  const starts = [];
  /** @type {number[]} */
  const sizes = [];
  for (let d = 0; d < rank; d++) {
    if (strides.data[d] !== 1) throw new Error('STRIDED_SLICE stride ≠ 1 not supported');
    const dim = input.shape[d];
    const wrap = (/** @type {number} */ v) => (v < 0 ? v + dim : v);
    const b = o.beginMask & (1 << d) ? 0 : Math.min(dim, Math.max(0, wrap(begin.data[d])));
    const e = o.endMask & (1 << d) ? dim : Math.min(dim, Math.max(0, wrap(end.data[d])));
    starts.push(b);
    sizes.push(Math.max(0, e - b));
  }
  const out = new Float64Array(size(sizes));
  const index = new Array(rank).fill(0);
  for (let i = 0; i < out.length; i++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src = src * input.shape[d] + starts[d] + index[d];
    out[i] = input.data[src];
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d] < sizes[d]) break;
      index[d] = 0;
    }
  }
  return { shape: sizes, data: out };
}

/** @param {Tensor[]} inputs @param {number} axis @returns {Tensor} */
function concatenate(inputs, axis) {
  const rank = inputs[0].shape.length;
  const ax = axis < 0 ? axis + rank : axis;
  const outer = size(inputs[0].shape.slice(0, ax));
  const shape = [...inputs[0].shape];
  shape[ax] = inputs.reduce((s, t) => s + t.shape[ax], 0);
  const out = new Float64Array(size(shape));
  let at = 0;
  for (let o = 0; o < outer; o++)
    for (const t of inputs) {
      const chunk = size(t.shape.slice(ax));
      out.set(t.data.subarray(o * chunk, (o + 1) * chunk), at);
      at += chunk;
    }
  return { shape, data: out };
}

/**
 * Runs the model on one input tensor; returns every output tensor.
 * @param {Model} model @param {Tensor} input
 * @param {Map<string, Float64Array> | null} [trace] when given, receives every operator output by tensor name (for locating a difference)
 * @returns {(Tensor & { name: string })[]}
 */
export function runReference(model, input, trace = null) {
  /** @type {(Tensor | undefined)[]} */
  const values = model.tensors.map((t) => (t.data ? constant(t) : undefined));
  values[model.inputs[0]] = input;
  const get = (/** @type {number} */ i) => {
    const v = values[i];
    if (!v) throw new Error(`tensor ${i} (${model.tensors[i].name}) has no value`);
    return v;
  };
  for (const { op, inputs, outputs, options } of model.operators) {
    const a = () => get(inputs[0]);
    const b = () => get(inputs[1]);
    /** @type {Options} */
    const o = options;
    /** @type {Tensor} */
    let out;
    switch (op) {
      case 'DEQUANTIZE':
        out = get(inputs[0]);
        break;
      case 'CONV_2D':
        out = conv2d(a(), b(), inputs[2] >= 0 ? get(inputs[2]) : null, o);
        break;
      case 'LEAKY_RELU':
        out = { shape: a().shape, data: a().data.map((v) => (v >= 0 ? v : o.alpha * v)) };
        break;
      case 'ADD':
        out = activate(broadcast(a(), b(), (x, y) => x + y), o.activation);
        break;
      case 'SUB':
        out = activate(broadcast(a(), b(), (x, y) => x - y), o.activation);
        break;
      case 'MUL':
        out = activate(broadcast(a(), b(), (x, y) => x * y), o.activation);
        break;
      case 'GREATER_EQUAL':
        out = broadcast(a(), b(), (x, y) => (x >= y ? 1 : 0));
        break;
      case 'LESS':
        out = broadcast(a(), b(), (x, y) => (x < y ? 1 : 0));
        break;
      case 'CAST':
        out = a();
        break;
      case 'MAX_POOL_2D':
        out = pool(a(), o, 'max');
        break;
      case 'AVERAGE_POOL_2D':
        out = pool(a(), o, 'average');
        break;
      case 'RESHAPE':
        out = reshape(a(), inputs.length > 1 && inputs[1] >= 0 ? Array.from(get(inputs[1]).data) : o.newShape);
        break;
      case 'STRIDED_SLICE':
        out = stridedSlice(a(), get(inputs[1]), get(inputs[2]), get(inputs[3]), o);
        break;
      case 'FULLY_CONNECTED':
        out = fullyConnected(a(), b(), inputs[2] >= 0 ? get(inputs[2]) : null, o);
        break;
      case 'CONCATENATION':
        out = activate(concatenate(inputs.map(get), o.axis), o.activation);
        break;
      default:
        throw new Error(`operator ${op} is not implemented by the reference`);
    }
    values[outputs[0]] = out;
    if (trace) trace.set(model.tensors[outputs[0]].name, out.data);
  }
  return model.outputs.map((i) => ({ name: model.tensors[i].name, ...get(i) }));
}

/** Reads a binary PPM (P6, maxval 255) as [1, h, w, 3] in [0,1]. @param {Uint8Array} bytes @returns {Tensor} */
export function readPpm(bytes) {
  /** @type {string[]} */
  const header = [];
  let at = 0;
  while (header.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[at]))) at++;
    if (bytes[at] === 0x23) {
      while (bytes[at] !== 0x0a) at++;
      continue;
    }
    let token = '';
    while (!/\s/.test(String.fromCharCode(bytes[at]))) token += String.fromCharCode(bytes[at++]);
    header.push(token);
  }
  at++;
  const [magic, width, height, max] = header;
  if (magic !== 'P6' || Number(max) !== 255) throw new Error('expected a binary PPM (P6) with maxval 255');
  const w = Number(width);
  const h = Number(height);
  const data = new Float64Array(w * h * 3);
  for (let i = 0; i < data.length; i++) data[i] = bytes[at + i] / 255;
  return { shape: [1, h, w, 3], data };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: node scripts/anti-spoof-reference.mjs <crop.ppm>...');
    process.exit(2);
  }
  const model = readTflite(readFileSync(MODEL));
  /** @type {Record<string, { cls: number[], leaf: number[], raw: number }>} */
  const results = {};
  for (const file of files) {
    const input = readPpm(readFileSync(file));
    if (input.shape[1] !== SIDE || input.shape[2] !== SIDE) throw new Error(`${file}: expected ${SIDE}×${SIDE}`);
    const started = performance.now();
    const [cls, leaf] = runReference(model, input);
    const raw = Array.from(cls.data).reduce((s, v, i) => s + Math.abs(v) * leaf.data[i], 0);
    results[basename(file)] = { cls: Array.from(cls.data), leaf: Array.from(leaf.data), raw };
    console.error(`${basename(file)}: raw ${raw.toFixed(6)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  console.log(JSON.stringify(results, null, 2));
}
