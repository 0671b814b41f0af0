/**
 * The hosted-asset list: every file exists where it says, and the files this repository makes once
 * and commits (the converted MiniFASNet weights) are the bytes their sha256 names.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HOSTED_ASSETS } from './hosted-assets.mjs';

const ROOT = new URL('../../', import.meta.url);

describe('HOSTED_ASSETS', () => {
  it('names files that exist, each path once', () => {
    expect(new Set(HOSTED_ASSETS.map((asset) => asset.path)).size).toBe(HOSTED_ASSETS.length);
    for (const asset of HOSTED_ASSETS) expect(existsSync(fileURLToPath(new URL(asset.source, ROOT))), asset.source).toBe(true);
  });

  it('holds the committed MiniFASNet weights with the sha256 it declares', () => {
    const declared = HOSTED_ASSETS.filter((asset) => asset.sha256 !== undefined);
    expect(declared.map((asset) => asset.path)).toEqual(['minifasnet.json', 'minifasnet.bin']);
    for (const asset of declared) {
      const digest = createHash('sha256').update(readFileSync(new URL(asset.source, ROOT))).digest('hex');
      expect(digest, asset.path).toBe(asset.sha256);
    }
  });

  it('lists the binary the MiniFASNet manifest names, with the byte length and sha256 the manifest gives it', () => {
    const manifest = JSON.parse(readFileSync(new URL('public/models/minifasnet.json', ROOT), 'utf8')) as { binary: string; byteLength: number; binSha256: string; dtype: string };
    const binary = HOSTED_ASSETS.find((asset) => asset.path === manifest.binary);
    expect(binary?.sha256).toBe(manifest.binSha256);
    expect(readFileSync(new URL(binary!.source, ROOT)).length).toBe(manifest.byteLength);
    expect(manifest.dtype).toBe('float16');
  });
});
