import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTflite } from './tflite.js';

const MODEL = new URL('../../public/models/face_anti_spoofing.tflite', import.meta.url);

describe('readTflite', () => {
  it('reads the anti-spoofing model: input, outputs, operators and their options', () => {
    const graph = readTflite(new Uint8Array(readFileSync(MODEL)));
    const [input] = graph.inputs.map((i) => graph.tensors[i]);
    expect(input).toMatchObject({ name: 'input', shape: [1, 256, 256, 3], type: 'float32', data: null });
    expect(graph.outputs.map((i) => [graph.tensors[i].name, graph.tensors[i].shape])).toEqual([
      ['Identity', [1, 8]],
      ['Identity_1', [1, 8]],
    ]);
    expect(graph.operators).toHaveLength(477);
    const counts: Record<string, number> = {};
    for (const op of graph.operators) counts[op.op] = (counts[op.op] ?? 0) + 1;
    expect(counts).toEqual({
      DEQUANTIZE: 211, CONV_2D: 72, LEAKY_RELU: 80, ADD: 14, MAX_POOL_2D: 7, AVERAGE_POOL_2D: 7, RESHAPE: 7,
      STRIDED_SLICE: 7, SUB: 7, FULLY_CONNECTED: 23, GREATER_EQUAL: 7, LESS: 7, CAST: 14, MUL: 12, CONCATENATION: 2,
    });
    const firstConv = graph.operators.find((op) => op.op === 'CONV_2D')!;
    expect(firstConv.options).toEqual({ padding: 'same', strideW: 1, strideH: 1, activation: 'none', dilationW: 1, dilationH: 1 });
    expect(graph.tensors[firstConv.inputs[1]].shape).toEqual([32, 5, 5, 3]);
    expect(graph.operators.find((op) => op.op === 'LEAKY_RELU')!.options.alpha).toBeCloseTo(0.2, 6);
    expect(graph.operators.find((op) => op.op === 'AVERAGE_POOL_2D')!.options).toMatchObject({ padding: 'same', filterW: 3, strideW: 2 });
  });

  it('refuses bytes that are not a TFLite model', () => {
    expect(() => readTflite(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]))).toThrow(/no TFL3 identifier/);
    expect(() => readTflite(new Uint8Array(2))).toThrow(/not a TensorFlow Lite model/i);
  });
});
