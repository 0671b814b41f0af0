/**
 * The MiniFASNet ensemble (MiniFASNetV2 at context scale 2.7 and MiniFASNetV1SE at 4.0;
 * Silent-Face-Anti-Spoofing by Minivision, Apache-2.0) run with tfjs-core ops on the current tfjs
 * backend (WebGL or WebAssembly). The weights are the pair written by scripts/convert-minifasnet.py:
 * a JSON manifest holding each model's layers in execution order (batch norm already folded into the
 * convolutions, NHWC layouts) and one binary of float16 or float32 tensors. Each model takes an
 * 80×80 crop, BGR, 0–255, NHWC (see ./crop.ts) and gives a 3-class softmax; class 1 is "real", and
 * the ensemble's real probability is the mean of the two models' (their authors sum the softmaxes and
 * halve them). Each run is one `tf.tidy`: no tensor outlives it.
 */
import * as tf from '@tensorflow/tfjs-core';

/** A tensor of the weights binary: `offset` in elements from its start. */
export interface TensorRef {
  offset: number;
  shape: number[];
}

/** One layer of a model's graph (the manifest's `layers`). */
export type MiniFasNetLayer =
  | { op: 'conv' | 'depthwise'; kernel: number; stride: number; pad: number; filter: TensorRef; bias: TensorRef; prelu?: TensorRef }
  | { op: 'residual'; body: MiniFasNetLayer[] }
  | { op: 'squeezeExcite'; reduce: { weights: TensorRef; bias: TensorRef }; expand: { weights: TensorRef; bias: TensorRef } }
  | { op: 'dense'; weights: TensorRef; bias?: TensorRef };

/** The weights manifest (`minifasnet.json`). */
export interface MiniFasNetManifest {
  format: 'minifasnet-weights';
  version: 1;
  dtype: 'float16' | 'float32';
  binary: string;
  byteLength: number;
  binSha256: string;
  input: { side: number; layout: 'NHWC'; channels: 'BGR'; range: [number, number] };
  output: { classes: number; realClass: number };
  models: { name: string; scale: number; layers: MiniFasNetLayer[] }[];
}

/** What one model said about its crop. */
export interface MiniFasNetModelOutput {
  /** Model name, e.g. `MiniFASNetV2`. */
  name: string;
  /** Context scale its crop was cut at (2.7 or 4.0). */
  scale: number;
  /** Softmax over the three classes; index `realClass` (1) is "real". */
  softmax: number[];
  /** Its "real" probability, `softmax[realClass]`. */
  real: number;
}

/** The ensemble's output for one face. */
export interface MiniFasNetOutput {
  models: MiniFasNetModelOutput[];
  /** Mean of the models' "real" probabilities, 0–1. */
  real: number;
}

type Step = (x: tf.Tensor4D) => tf.Tensor4D;

/** float16 bit patterns to float32 (IEEE 754 binary16, subnormals included). */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i];
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    out[i] =
      exponent === 0
        ? sign * 2 ** -14 * (fraction / 1024)
        : exponent === 31
          ? fraction
            ? Number.NaN
            : sign * Number.POSITIVE_INFINITY
          : sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
  }
  return out;
}

/** Checks the manifest's format and that every tensor lies inside the binary; returns the binary as float32. */
function decodeWeights(manifest: MiniFasNetManifest, bin: ArrayBuffer): Float32Array {
  if (manifest.format !== 'minifasnet-weights' || manifest.version !== 1) throw new Error('Not a MiniFASNet weights manifest (format minifasnet-weights, version 1).');
  if (bin.byteLength !== manifest.byteLength) throw new Error(`The MiniFASNet weights hold ${bin.byteLength} bytes, the manifest says ${manifest.byteLength}.`);
  if (manifest.dtype === 'float16') return float16ToFloat32(new Uint16Array(bin));
  if (manifest.dtype === 'float32') return new Float32Array(bin.slice(0));
  throw new Error(`MiniFASNet weights of type ${String(manifest.dtype)} are not supported.`);
}

/**
 * A loaded ensemble: the weights as tfjs tensors on the backend current at `create`, and each model's
 * layers as a list of steps. Release with `dispose()`.
 */
export class MiniFasNet {
  private constructor(
    private readonly manifest: MiniFasNetManifest,
    private readonly programs: Step[][],
    private readonly constants: tf.Tensor[],
  ) {}

  /**
   * Compiles the ensemble for tfjs's current backend.
   * @param manifest the parsed `minifasnet.json`
   * @param bin      the bytes of its binary
   */
  static create(manifest: MiniFasNetManifest, bin: ArrayBuffer): MiniFasNet {
    const values = decodeWeights(manifest, bin);
    const constants: tf.Tensor[] = [];
    const tensor = (ref: TensorRef): tf.Tensor => {
      const size = ref.shape.reduce((a, b) => a * b, 1);
      if (ref.offset < 0 || ref.offset + size > values.length) throw new Error('A MiniFASNet tensor lies outside the weights binary.');
      const t = tf.tensor(values.subarray(ref.offset, ref.offset + size), ref.shape, 'float32');
      constants.push(t);
      return t;
    };
    try {
      const programs = manifest.models.map((model) => compile(model.layers, tensor));
      return new MiniFasNet(manifest, programs, constants);
    } catch (error) {
      for (const t of constants) t.dispose();
      throw error;
    }
  }

  /** Side of each model's square input, pixels (80). */
  get side(): number {
    return this.manifest.input.side;
  }

  /** Context scale of each model's crop, in model order (2.7, 4.0). */
  get scales(): number[] {
    return this.manifest.models.map((m) => m.scale);
  }

  /**
   * Runs every model on its crop.
   * @param crops one crop per model, in `scales` order: `side × side × 3` floats, BGR, 0–255, row-major
   */
  async run(crops: Float32Array[]): Promise<MiniFasNetOutput> {
    const { side } = this;
    if (crops.length !== this.programs.length) throw new Error(`MiniFASNet takes ${this.programs.length} crops, got ${crops.length}.`);
    const probabilities = tf.tidy(() =>
      this.programs.map((program, i) => {
        if (crops[i].length !== side * side * 3) throw new Error(`A MiniFASNet crop holds ${side}×${side}×3 values.`);
        let x = tf.tensor4d(crops[i], [1, side, side, 3]);
        for (const step of program) x = step(x);
        return tf.softmax(tf.reshape(x, [1, -1]));
      }),
    );
    try {
      const data = await Promise.all(probabilities.map((p) => p.data()));
      const { realClass } = this.manifest.output;
      const models = data.map((softmax, i) => ({ name: this.manifest.models[i].name, scale: this.manifest.models[i].scale, softmax: Array.from(softmax), real: softmax[realClass] }));
      const real = models.reduce((sum, m) => sum + m.real, 0) / models.length;
      return { models, real };
    } finally {
      for (const p of probabilities) p.dispose();
    }
  }

  /** Number of tfjs tensors alive in this worker (for leak checks). */
  static liveTensors(): number {
    return tf.memory().numTensors;
  }

  /** Releases the weight tensors. */
  dispose(): void {
    for (const t of this.constants) t.dispose();
    this.constants.length = 0;
    this.programs.length = 0;
  }
}

/** One model's layers as tfjs steps (weights made into tensors once, here). */
function compile(layers: MiniFasNetLayer[], tensor: (ref: TensorRef) => tf.Tensor): Step[] {
  return layers.map((layer): Step => {
    switch (layer.op) {
      case 'conv':
      case 'depthwise': {
        const filter = tensor(layer.filter) as tf.Tensor4D;
        const bias = tensor(layer.bias);
        const alpha = layer.prelu ? tensor(layer.prelu) : undefined;
        // PyTorch's symmetric zero padding (not TF's 'same', which pads after only at stride 2)
        const args = {
          filter,
          bias,
          strides: layer.stride,
          pad: layer.pad,
          activation: alpha ? ('prelu' as const) : ('linear' as const),
          preluActivationWeights: alpha,
        };
        return layer.op === 'conv' ? (x) => tf.fused.conv2d({ x, ...args }) : (x) => tf.fused.depthwiseConv2d({ x, ...args });
      }
      case 'residual': {
        const body = compile(layer.body, tensor);
        return (x) => tf.add(x, body.reduce((y, step) => step(y), x));
      }
      case 'squeezeExcite': {
        // squeeze-excitation (Hu et al. 2018): channel means -> reduce, ReLU -> expand, sigmoid -> channel gate
        const reduceW = tensor(layer.reduce.weights) as tf.Tensor2D;
        const reduceB = tensor(layer.reduce.bias);
        const expandW = tensor(layer.expand.weights) as tf.Tensor2D;
        const expandB = tensor(layer.expand.bias);
        return (x) => {
          const [n, , , c] = x.shape;
          const squeezed = tf.reshape(tf.mean(x, [1, 2]), [n, c]) as tf.Tensor2D;
          // plain matMul (no transposeB): tfjs-backend-wasm 4.22's fused matMul is wrong with transposeB and a bias
          const hidden = tf.fused.matMul({ a: squeezed, b: reduceW, bias: reduceB, activation: 'relu' });
          const gate = tf.fused.matMul({ a: hidden, b: expandW, bias: expandB, activation: 'sigmoid' });
          return tf.mul(x, tf.reshape(gate, [n, 1, 1, c]));
        };
      }
      case 'dense': {
        const weights = tensor(layer.weights) as tf.Tensor2D;
        const bias = layer.bias ? tensor(layer.bias) : undefined;
        const [inputs, outputs] = layer.weights.shape;
        // the feature map is 1×1 here, so flattening NHWC gives the NCHW order the weights were trained on
        return (x) => tf.reshape(tf.fused.matMul({ a: tf.reshape(x, [-1, inputs]) as tf.Tensor2D, b: weights, bias }), [-1, 1, 1, outputs]);
      }
      default:
        throw new Error(`MiniFASNet layer ${(layer as { op: string }).op} is not supported.`);
    }
  });
}
