import { describe, expect, it } from 'vitest';
import { meanEdgeColour } from './canvas.js';

describe('meanEdgeColour', () => {
  it('averages the outer rows and columns only, each pixel once', () => {
    // 3×3: a red border (8 pixels) around a white centre that must not count
    const data = new Uint8ClampedArray(3 * 3 * 4);
    for (let i = 0; i < 9; i++) data.set(i === 4 ? [255, 255, 255, 255] : [200, 0, 0, 255], i * 4);
    expect(meanEdgeColour({ data, width: 3, height: 3 })).toBe('rgb(200, 0, 0)');
    // one border pixel blue: (7·200 + 0) / 8 = 175 red, 255 / 8 ≈ 32 blue
    data.set([0, 0, 255, 255], 0);
    expect(meanEdgeColour({ data, width: 3, height: 3 })).toBe('rgb(175, 0, 32)');
  });
});
