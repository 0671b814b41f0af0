import { describe, expect, it } from 'vitest';
import { backendForRenderer, pickBackend } from './backend.js';

describe('learned model backend', () => {
  it('uses WebGL only on a hardware GPU', () => {
    expect(backendForRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe('webgl');
    expect(backendForRenderer('Apple M2')).toBe('webgl');
    expect(backendForRenderer('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)')).toBe('webgl');
    expect(backendForRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe('wasm');
    expect(backendForRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('wasm');
    expect(backendForRenderer('Microsoft Basic Render Driver')).toBe('wasm');
    expect(backendForRenderer(null)).toBe('wasm');
  });

  it('asks for the GPU only when choosing automatically', () => {
    let asked = 0;
    const gpu = () => {
      asked++;
      return 'Apple M2';
    };
    expect(pickBackend('wasm', gpu)).toBe('wasm');
    expect(pickBackend('webgl', gpu)).toBe('webgl');
    expect(asked).toBe(0);
    expect(pickBackend('auto', gpu)).toBe('webgl');
    expect(asked).toBe(1);
  });
});
