/**
 * Reads the parts of a TensorFlow Lite model file (FlatBuffers, TensorFlow's schema.fbs) that the
 * learned anti-spoofing model needs: the first subgraph's tensors, constant buffers and operators,
 * with the builtin options of the operators it uses. No dependencies; pure over the bytes.
 */

/** A tensor of the model graph; `data` holds the bytes of a constant, null for activations. */
export interface TfliteTensor {
  name: string;
  shape: number[];
  type: TensorType;
  data: Uint8Array | null;
}

/** One operator: its builtin name, input and output tensor indices (−1 = optional input absent). */
export interface TfliteOperator {
  op: string;
  inputs: number[];
  outputs: number[];
  options: OperatorOptions;
}

/** Options of the operators the model uses (only the fields that apply are set). */
export interface OperatorOptions {
  padding?: 'same' | 'valid';
  strideW?: number;
  strideH?: number;
  dilationW?: number;
  dilationH?: number;
  filterW?: number;
  filterH?: number;
  activation?: Activation;
  alpha?: number;
  axis?: number;
  newShape?: number[];
  beginMask?: number;
  endMask?: number;
  ellipsisMask?: number;
  newAxisMask?: number;
  shrinkAxisMask?: number;
}

export type TensorType = 'float32' | 'float16' | 'int32' | 'bool' | 'other';
export type Activation = 'none' | 'relu' | 'relu6' | 'other';

/** The first subgraph of a model. */
export interface TfliteGraph {
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
}

/** File identifier of a TFLite FlatBuffer (bytes 4–7). */
const IDENTIFIER = 'TFL3';

/** BuiltinOperator codes (schema.fbs) of the operators this reader names. */
const OPERATOR_NAMES: Readonly<Record<number, string>> = {
  0: 'ADD',
  1: 'AVERAGE_POOL_2D',
  2: 'CONCATENATION',
  3: 'CONV_2D',
  6: 'DEQUANTIZE',
  9: 'FULLY_CONNECTED',
  17: 'MAX_POOL_2D',
  18: 'MUL',
  22: 'RESHAPE',
  41: 'SUB',
  45: 'STRIDED_SLICE',
  53: 'CAST',
  58: 'LESS',
  62: 'GREATER_EQUAL',
  98: 'LEAKY_RELU',
};

const TENSOR_TYPES: Readonly<Record<number, TensorType>> = { 0: 'float32', 1: 'float16', 2: 'int32', 6: 'bool' };
const ACTIVATIONS: Readonly<Record<number, Activation>> = { 0: 'none', 1: 'relu', 3: 'relu6' };

/** FlatBuffers table access over little-endian bytes. */
class Table {
  private readonly vtable: number;
  private readonly vtableSize: number;

  constructor(
    private readonly view: DataView,
    private readonly pos: number,
  ) {
    this.vtable = pos - view.getInt32(pos, true);
    this.vtableSize = view.getUint16(this.vtable, true);
  }

  private field(index: number): number {
    const at = 4 + 2 * index;
    return at < this.vtableSize ? this.view.getUint16(this.vtable + at, true) : 0;
  }

  int(index: number, fallback = 0): number {
    const o = this.field(index);
    return o ? this.view.getInt32(this.pos + o, true) : fallback;
  }

  uint(index: number): number {
    const o = this.field(index);
    return o ? this.view.getUint32(this.pos + o, true) : 0;
  }

  byte(index: number): number {
    const o = this.field(index);
    return o ? this.view.getInt8(this.pos + o) : 0;
  }

  float(index: number): number {
    const o = this.field(index);
    return o ? this.view.getFloat32(this.pos + o, true) : 0;
  }

  private target(index: number): number {
    const o = this.field(index);
    if (!o) return 0;
    const at = this.pos + o;
    return at + this.view.getUint32(at, true);
  }

  table(index: number): Table | null {
    const at = this.target(index);
    return at ? new Table(this.view, at) : null;
  }

  string(index: number): string {
    const at = this.target(index);
    if (!at) return '';
    return new TextDecoder().decode(new Uint8Array(this.view.buffer, this.view.byteOffset + at + 4, this.view.getUint32(at, true)));
  }

  private vector(index: number): { start: number; length: number } {
    const at = this.target(index);
    return at ? { start: at + 4, length: this.view.getUint32(at, true) } : { start: 0, length: 0 };
  }

  ints(index: number): number[] {
    const { start, length } = this.vector(index);
    return Array.from({ length }, (_, i) => this.view.getInt32(start + 4 * i, true));
  }

  bytes(index: number): Uint8Array {
    const { start, length } = this.vector(index);
    return new Uint8Array(this.view.buffer, this.view.byteOffset + start, length);
  }

  tables(index: number): Table[] {
    const { start, length } = this.vector(index);
    return Array.from({ length }, (_, i) => {
      const at = start + 4 * i;
      return new Table(this.view, at + this.view.getUint32(at, true));
    });
  }
}

const PADDINGS = ['same', 'valid'] as const;

function optionsOf(op: string, t: Table | null): OperatorOptions {
  if (!t) return {};
  switch (op) {
    case 'CONV_2D':
      return {
        padding: PADDINGS[t.byte(0)],
        strideW: t.int(1),
        strideH: t.int(2),
        activation: ACTIVATIONS[t.byte(3)] ?? 'other',
        dilationW: t.int(4, 1),
        dilationH: t.int(5, 1),
      };
    case 'MAX_POOL_2D':
    case 'AVERAGE_POOL_2D':
      return {
        padding: PADDINGS[t.byte(0)],
        strideW: t.int(1),
        strideH: t.int(2),
        filterW: t.int(3),
        filterH: t.int(4),
        activation: ACTIVATIONS[t.byte(5)] ?? 'other',
      };
    case 'FULLY_CONNECTED':
    case 'ADD':
    case 'SUB':
    case 'MUL':
      return { activation: ACTIVATIONS[t.byte(0)] ?? 'other' };
    case 'CONCATENATION':
      return { axis: t.int(0), activation: ACTIVATIONS[t.byte(1)] ?? 'other' };
    case 'RESHAPE':
      return { newShape: t.ints(0) };
    case 'STRIDED_SLICE':
      return { beginMask: t.int(0), endMask: t.int(1), ellipsisMask: t.int(2), newAxisMask: t.int(3), shrinkAxisMask: t.int(4) };
    case 'LEAKY_RELU':
      return { alpha: t.float(0) };
    default:
      return {};
  }
}

/**
 * Reads the first subgraph of a .tflite model.
 * @throws Error when the bytes are not a TFLite FlatBuffer.
 */
export function readTflite(bytes: Uint8Array): TfliteGraph {
  if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(4, 8)) !== IDENTIFIER) {
    throw new Error('Not a TensorFlow Lite model (no TFL3 identifier).');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const model = new Table(view, view.getUint32(0, true));
  // builtin_code (field 3) replaced the deprecated byte code (field 0) for codes above 127
  const codes = model.tables(1).map((code) => Math.max(code.byte(0), code.int(3)));
  const buffers = model.tables(4).map((buffer) => buffer.bytes(0));
  const graph = model.tables(2)[0];
  if (!graph) throw new Error('The TensorFlow Lite model has no subgraph.');
  const tensors = graph.tables(0).map((tensor) => {
    const data = buffers[tensor.uint(2)];
    return {
      name: tensor.string(3),
      shape: tensor.ints(0),
      type: TENSOR_TYPES[tensor.byte(1)] ?? 'other',
      data: data && data.length > 0 ? data : null,
    };
  });
  const operators = graph.tables(3).map((operator) => {
    const code = codes[operator.uint(0)];
    const op = OPERATOR_NAMES[code] ?? `BUILTIN_${code}`;
    return { op, inputs: operator.ints(1), outputs: operator.ints(2), options: optionsOf(op, operator.table(4)) };
  });
  return { tensors, inputs: graph.ints(1), outputs: graph.ints(2), operators };
}
