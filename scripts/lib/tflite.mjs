/**
 * A minimal reader of TensorFlow Lite model files (FlatBuffers, schema.fbs of TensorFlow 2.x): the
 * tensors, operators and constant buffers of the first subgraph, and the builtin options of the
 * operators the anti-spoofing model uses. Plain JavaScript without dependencies, for the scripts that
 * convert the model and run the float64 reference.
 * @module
 */

/** FlatBuffers table access over a little-endian byte view. */
class Table {
  /** @param {DataView} view @param {number} pos */
  constructor(view, pos) {
    this.view = view;
    this.pos = pos;
    this.vtable = pos - view.getInt32(pos, true);
    this.vtableSize = view.getUint16(this.vtable, true);
  }
  /** Offset of field `index` inside the table, 0 when absent. @param {number} index */
  field(index) {
    const at = 4 + 2 * index;
    return at < this.vtableSize ? this.view.getUint16(this.vtable + at, true) : 0;
  }
  /** @param {number} index @param {number} [fallback] */
  int32(index, fallback = 0) {
    const o = this.field(index);
    return o ? this.view.getInt32(this.pos + o, true) : fallback;
  }
  /** @param {number} index @param {number} [fallback] */
  uint32(index, fallback = 0) {
    const o = this.field(index);
    return o ? this.view.getUint32(this.pos + o, true) : fallback;
  }
  /** @param {number} index @param {number} [fallback] */
  int8(index, fallback = 0) {
    const o = this.field(index);
    return o ? this.view.getInt8(this.pos + o) : fallback;
  }
  /** @param {number} index @param {number} [fallback] */
  uint8(index, fallback = 0) {
    const o = this.field(index);
    return o ? this.view.getUint8(this.pos + o) : fallback;
  }
  /** @param {number} index @param {number} [fallback] */
  float32(index, fallback = 0) {
    const o = this.field(index);
    return o ? this.view.getFloat32(this.pos + o, true) : fallback;
  }
  /** Position of the object an offset field points at. @param {number} index */
  indirect(index) {
    const o = this.field(index);
    if (!o) return 0;
    const at = this.pos + o;
    return at + this.view.getUint32(at, true);
  }
  /** @param {number} index @returns {Table | null} */
  table(index) {
    const at = this.indirect(index);
    return at ? new Table(this.view, at) : null;
  }
  /** @param {number} index */
  string(index) {
    const at = this.indirect(index);
    if (!at) return '';
    const length = this.view.getUint32(at, true);
    return new TextDecoder().decode(new Uint8Array(this.view.buffer, this.view.byteOffset + at + 4, length));
  }
  /** Start and length of a vector field. @param {number} index */
  vector(index) {
    const at = this.indirect(index);
    if (!at) return { start: 0, length: 0 };
    return { start: at + 4, length: this.view.getUint32(at, true) };
  }
  /** @param {number} index */
  int32s(index) {
    const { start, length } = this.vector(index);
    return Array.from({ length }, (_, i) => this.view.getInt32(start + 4 * i, true));
  }
  /** @param {number} index */
  bytes(index) {
    const { start, length } = this.vector(index);
    return new Uint8Array(this.view.buffer, this.view.byteOffset + start, length);
  }
  /** @param {number} index @returns {Table[]} */
  tables(index) {
    const { start, length } = this.vector(index);
    return Array.from({ length }, (_, i) => {
      const at = start + 4 * i;
      return new Table(this.view, at + this.view.getUint32(at, true));
    });
  }
}

/**
 * Builtin operator codes (schema.fbs BuiltinOperator) of the ops this reader knows.
 * @type {Readonly<Record<number, string>>}
 */
export const BUILTIN = Object.freeze({
  0: 'ADD', 1: 'AVERAGE_POOL_2D', 2: 'CONCATENATION', 3: 'CONV_2D', 4: 'DEPTHWISE_CONV_2D', 9: 'FULLY_CONNECTED',
  14: 'LOGISTIC', 17: 'MAX_POOL_2D', 18: 'MUL', 19: 'RELU', 21: 'RELU6', 22: 'RESHAPE', 23: 'RESIZE_BILINEAR', 25: 'SOFTMAX',
  28: 'TANH', 34: 'PAD', 39: 'TRANSPOSE', 40: 'MEAN', 41: 'SUB', 42: 'DIV', 43: 'SQUEEZE', 45: 'STRIDED_SLICE', 47: 'EXP',
  49: 'SPLIT', 53: 'CAST', 54: 'PRELU', 55: 'MAXIMUM', 56: 'ARG_MAX', 57: 'MINIMUM', 58: 'LESS', 59: 'NEG', 61: 'GREATER',
  62: 'GREATER_EQUAL', 63: 'LESS_EQUAL', 64: 'SELECT', 65: 'SLICE', 70: 'EXPAND_DIMS', 71: 'EQUAL', 74: 'SUM', 75: 'SQRT',
  76: 'RSQRT', 77: 'SHAPE', 78: 'POW', 82: 'REDUCE_MAX', 83: 'PACK', 88: 'UNPACK', 89: 'REDUCE_MIN', 92: 'SQUARE',
  98: 'LEAKY_RELU', 99: 'SQUARED_DIFFERENCE', 101: 'ABS', 102: 'SPLIT_V', 114: 'QUANTIZE', 6: 'DEQUANTIZE', 123: 'SELECT_V2',
  126: 'BATCH_MATMUL', 127: 'PLACEHOLDER_FOR_GREATER_OP_CODES',
});

/** @type {Readonly<Record<number, string>>} */
export const TENSOR_TYPE = Object.freeze({ 0: 'float32', 1: 'float16', 2: 'int32', 3: 'uint8', 4: 'int64', 6: 'bool', 7: 'int16', 9: 'int8' });
/** @type {Readonly<Record<number, string>>} */
export const PADDING = Object.freeze({ 0: 'same', 1: 'valid' });
/** @type {Readonly<Record<number, string>>} */
export const ACTIVATION = Object.freeze({ 0: 'none', 1: 'relu', 2: 'relu_n1_to_1', 3: 'relu6', 4: 'tanh' });

/**
 * Builtin options, by operator, as plain objects.
 * @param {string} op @param {Table | null} table
 * @returns {Record<string, unknown>}
 */
function optionsOf(op, table) {
  if (!table) return {};
  switch (op) {
    case 'CONV_2D':
      return {
        padding: PADDING[table.int8(0)], strideW: table.int32(1), strideH: table.int32(2),
        activation: ACTIVATION[table.int8(3)], dilationW: table.int32(4, 1), dilationH: table.int32(5, 1),
      };
    case 'DEPTHWISE_CONV_2D':
      return {
        padding: PADDING[table.int8(0)], strideW: table.int32(1), strideH: table.int32(2), depthMultiplier: table.int32(3),
        activation: ACTIVATION[table.int8(4)], dilationW: table.int32(5, 1), dilationH: table.int32(6, 1),
      };
    case 'MAX_POOL_2D':
    case 'AVERAGE_POOL_2D':
      return {
        padding: PADDING[table.int8(0)], strideW: table.int32(1), strideH: table.int32(2),
        filterW: table.int32(3), filterH: table.int32(4), activation: ACTIVATION[table.int8(5)],
      };
    case 'FULLY_CONNECTED':
      return { activation: ACTIVATION[table.int8(0)], weightsFormat: table.int8(1), keepNumDims: table.uint8(2) === 1 };
    case 'ADD':
    case 'MUL':
    case 'SUB':
    case 'DIV':
      return { activation: ACTIVATION[table.int8(0)] };
    case 'CONCATENATION':
      return { axis: table.int32(0), activation: ACTIVATION[table.int8(1)] };
    case 'RESHAPE':
      return { newShape: table.int32s(0) };
    case 'MEAN':
    case 'SUM':
    case 'REDUCE_MAX':
    case 'REDUCE_MIN':
      return { keepDims: table.uint8(0) === 1 };
    case 'SQUEEZE':
      return { squeezeDims: table.int32s(0) };
    case 'STRIDED_SLICE':
      return {
        beginMask: table.int32(0), endMask: table.int32(1), ellipsisMask: table.int32(2),
        newAxisMask: table.int32(3), shrinkAxisMask: table.int32(4),
      };
    case 'RESIZE_BILINEAR':
      return { alignCorners: table.uint8(2) === 1, halfPixelCenters: table.uint8(3) === 1 };
    case 'LEAKY_RELU':
      return { alpha: table.float32(0) };
    case 'SOFTMAX':
      return { beta: table.float32(0) };
    case 'PACK':
    case 'UNPACK':
      return { count: table.int32(0), axis: table.int32(1) };
    case 'SPLIT':
    case 'SPLIT_V':
      return { numSplits: table.int32(0) };
    default:
      return { raw: true };
  }
}

/**
 * Reads a .tflite model.
 * @param {Uint8Array} bytes
 * @returns {{
 *   version: number, description: string,
 *   tensors: { name: string, shape: number[], type: string, data: Uint8Array | null }[],
 *   inputs: number[], outputs: number[],
 *   operators: { op: string, inputs: number[], outputs: number[], options: Record<string, unknown> }[],
 * }}
 */
export function readTflite(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(4, 8)) !== 'TFL3') throw new Error('not a TensorFlow Lite model (no TFL3 identifier)');
  const model = new Table(view, view.getUint32(0, true));
  const codes = model.tables(1).map((code) => {
    const builtin = Math.max(code.int8(0), code.int32(3));
    return builtin === 32 ? `CUSTOM:${code.string(1)}` : (BUILTIN[builtin] ?? `BUILTIN_${builtin}`);
  });
  const buffers = model.tables(4).map((buffer) => {
    const data = buffer.bytes(0);
    return data.length > 0 ? data : null;
  });
  const [graph] = model.tables(2);
  const tensors = graph.tables(0).map((tensor) => {
    const quantization = tensor.table(4);
    return {
      name: tensor.string(3),
      shape: tensor.int32s(0),
      type: TENSOR_TYPE[tensor.int8(1)] ?? `type_${tensor.int8(1)}`,
      data: buffers[tensor.uint32(2)] ?? null,
      quantized: quantization ? quantization.vector(1).length > 0 : false,
    };
  });
  const operators = graph.tables(3).map((operator) => {
    const op = codes[operator.uint32(0)];
    return { op, inputs: operator.int32s(1), outputs: operator.int32s(2), options: optionsOf(op, operator.table(4)) };
  });
  return { version: model.uint32(0), description: model.string(3), tensors, inputs: graph.int32s(1), outputs: graph.int32s(2), operators };
}
