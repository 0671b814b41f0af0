import { describe, expect, it } from 'vitest';
import { fnv1a, framingOf, holdoutSplit, meetsRule, HOLDOUT_SEED } from './holdout.mjs';

/** A made-up manifest: 16 sources, each of one framing, with the attacks the rule asks about. */
function manifest() {
  const rows: { label: string; attack_type: string; source: string }[] = [];
  const add = (source: string, live: number, attacks: Record<string, number>) => {
    for (let i = 0; i < live; i++) rows.push({ label: 'live', attack_type: 'none', source });
    for (const [type, n] of Object.entries(attacks)) for (let i = 0; i < n; i++) rows.push({ label: 'spoof', attack_type: type, source });
  };
  // crop sources (named in CROP_SOURCES)
  add('gh_AksultanMukhanbet__recognize_with_python', 5, { screen_replay: 5 });
  add('gh_Apfol__liveness-detection-opencv', 5, { screen_replay: 5 });
  add('gh_jtboing__liveness-web-demo', 5, { screen_replay: 5 });
  add('gh_lestari15__CNN-face-detection', 5, { screen_replay: 5 });
  add('gh_nvlong21_face_anti_spoofing__NUAA', 5, { print: 30 });
  add('gh_a312863063__seeprettyface-generator-yellow', 0, { gan: 10 });
  add('gh_saikan45__Liveness_Face_Detection_Home_Security_System', 5, { screen_replay: 5 });
  add('gh_TrickyF0x__twoFactorLivenessDetection', 5, { screen_replay: 5 });
  // whole-frame sources
  add('full_a', 4, { print: 12, screen_replay: 2 });
  add('full_b', 4, { screen_replay: 3 });
  add('full_c', 4, { diffusion: 8 });
  add('full_d', 4, {});
  add('full_e', 0, { gan: 3 });
  add('full_f', 4, { screen_replay: 2 });
  add('full_g', 4, { mask: 2 });
  add('full_h', 4, {});
  return rows;
}

describe('holdoutSplit', () => {
  it('FNV-1a matches the published test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('tells the framing of a source from the crop list', () => {
    expect(framingOf('gh_nvlong21_face_anti_spoofing__NUAA')).toBe('crop');
    expect(framingOf('gh_luismanuelamengual__Biometrics-Server')).toBe('full');
  });

  it('holds out a quarter of each stratum, meeting every clause of the rule', () => {
    const rows = manifest();
    const split = holdoutSplit(rows);
    expect(split.heldOut).toHaveLength(4); // round(8 × 0.25) crop + round(8 × 0.25) full
    expect(split.heldOut.filter((s) => framingOf(s) === 'crop')).toHaveLength(2);
    expect(split.development).toHaveLength(12);
    expect(new Set([...split.heldOut, ...split.development]).size).toBe(16);
    expect(meetsRule(rows, new Set(split.heldOut))).toBe(true);
    // the only source other than NUAA with at least 10 prints must be held out
    expect(split.heldOut).toContain('full_a');
    expect(split.seed).toBe(HOLDOUT_SEED + split.tries - 1);
  });

  it('is the same split for the same rows, in any order, and another for another seed', () => {
    const rows = manifest();
    const a = holdoutSplit(rows);
    const b = holdoutSplit([...rows].reverse());
    expect(b).toEqual(a);
    const c = holdoutSplit(rows, { seed: a.seed + 1 });
    expect(meetsRule(rows, new Set(c.heldOut))).toBe(true);
  });

  it('refuses a draw that lacks a clause', () => {
    const rows = manifest().filter((r) => r.source !== 'full_a'); // no print source besides NUAA
    expect(() => holdoutSplit(rows)).toThrow(/meets the held-out rule/);
  });
});
