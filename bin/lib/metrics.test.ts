/**
 * ISO/IEC 30107-3 metrics of `selfie-liveness eval` on small cases computed by hand, plus the CSV
 * reader/writer and the manifest parser they are fed by.
 */
import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, toCsv } from './csv.mjs';
import { parseManifest } from './manifest.mjs';
import {
  apcer,
  aucMannWhitney,
  bpcer,
  bpcerAtApcer,
  bpcerResponded,
  computeMetrics,
  countNonResponses,
  equalErrorRate,
  sweepThresholds,
  type ScoredRecord,
} from './metrics.mjs';

type Verdict = 'LIVE' | 'SPOOF' | 'INCONCLUSIVE';

function ok(label: 'live' | 'spoof', verdict: Verdict, confidence: number, attack_type = 'none', scores: Record<string, number> = {}): ScoredRecord {
  return { label, attack_type, status: 'success', error_code: null, verdict, confidence, scores };
}

function failed(label: 'live' | 'spoof', error_code: string, attack_type = 'none'): ScoredRecord {
  return { label, attack_type, status: 'error', error_code, verdict: null, confidence: null, scores: {} };
}

describe('APCER, BPCER, ACER on six images', () => {
  // 3 live: LIVE, LIVE, SPOOF → BPCER 1/3.
  // print: one accepted of two → APCER 1/2; screen_replay: none of one → 0.
  const records = [
    ok('live', 'LIVE', 0.9),
    ok('live', 'LIVE', 0.7),
    ok('live', 'SPOOF', 0.3),
    ok('spoof', 'LIVE', 0.8, 'print'),
    ok('spoof', 'SPOOF', 0.2, 'print'),
    ok('spoof', 'SPOOF', 0.1, 'screen_replay'),
  ];
  const m = computeMetrics(records);

  it('counts live and attacks', () => {
    expect(m.n_live).toBe(3);
    expect(m.n_attack).toBe(3);
  });

  it('APCER per attack type is the share accepted (verdict LIVE)', () => {
    expect(m.by_attack.print).toMatchObject({ n: 2, accepted: 1, apcer: 0.5 });
    expect(m.by_attack.screen_replay).toMatchObject({ n: 1, accepted: 0, apcer: 0 });
    expect(m.apcer_worst).toBe(0.5);
    expect(m.apcer_worst_attack).toBe('print');
  });

  it('BPCER is the share of live images not accepted; ACER = (worst APCER + BPCER)/2', () => {
    expect(m.bpcer).toBeCloseTo(1 / 3, 6);
    expect(m.acer).toBeCloseTo((0.5 + 1 / 3) / 2, 6);
  });

  it('AUC: of 3×3 live–attack pairs, two (0.7 and 0.3 vs 0.8) are ordered wrongly', () => {
    expect(m.auc).toBeCloseTo(7 / 9, 6);
    expect(m.auc_by_attack.print).toBeCloseTo(4 / 6, 6);
    expect(m.auc_by_attack.screen_replay).toBe(1);
  });
});

describe('AUC (Mann–Whitney)', () => {
  it('counts ties half', () => {
    // pairs: 0.5 vs 0.5 tie (½), 0.5 vs 0.2 win, 0.8 vs 0.5 win, 0.8 vs 0.2 win → 3.5/4
    expect(aucMannWhitney([0.5, 0.8], [0.5, 0.2])).toBe(0.875);
    expect(aucMannWhitney([0.4, 0.4], [0.4, 0.4, 0.4])).toBe(0.5);
  });

  it('is 1 for perfect separation, 0 for a reversed one, null without both classes', () => {
    expect(aucMannWhitney([0.9, 0.8], [0.1, 0.2, 0.3])).toBe(1);
    expect(aucMannWhitney([0.1], [0.9])).toBe(0);
    expect(aucMannWhitney([], [0.5])).toBeNull();
    expect(aucMannWhitney([0.5], [])).toBeNull();
  });

  it('matches the pairwise definition on a case with many ties', () => {
    const live = [0.2, 0.5, 0.5, 0.7, 0.9, 0.9];
    const attack = [0.1, 0.5, 0.7, 0.7, 0.9];
    let wins = 0;
    for (const l of live) for (const a of attack) wins += l > a ? 1 : l === a ? 0.5 : 0;
    expect(aucMannWhitney(live, attack)).toBeCloseTo(wins / (live.length * attack.length), 12);
  });
});

describe('EER', () => {
  it('finds the crossing of APCER and BPCER, interpolating between thresholds', () => {
    // live 0.9 0.8 0.7 0.4, attacks 0.6 0.5 0.3 0.2.
    // t = 0.6: BPCER 1/4 (0.4), APCER 1/4 (0.6) → they are equal there: EER 25 %.
    const sweep = sweepThresholds([0.9, 0.8, 0.7, 0.4], { print: [0.6, 0.5, 0.3, 0.2] });
    expect(equalErrorRate(sweep)).toEqual({ eer: 0.25, threshold: 0.6 });
  });

  it('interpolates when no threshold makes the two rates equal', () => {
    // live 0.8 0.6, attacks 0.7 0.5 0.4 0.3.
    // t = 0.6: BPCER 0, APCER 1/4; t = 0.7: BPCER 1/2, APCER 1/4.
    // On the segment: 0 + s·½ = ¼ → s = ½ → EER = ¼.
    const sweep = sweepThresholds([0.8, 0.6], { print: [0.7, 0.5, 0.4, 0.3] });
    expect(equalErrorRate(sweep)?.eer).toBeCloseTo(0.25, 12);
  });

  it('is 0 for perfectly separated scores', () => {
    const sweep = sweepThresholds([0.9, 0.8], { print: [0.2, 0.1] });
    expect(equalErrorRate(sweep)?.eer).toBe(0);
  });
});

describe('BPCER @ APCER with several attack types', () => {
  // live: 0.95 0.9 0.85 0.8 0.75 0.7 0.65 0.6 0.55 0.5 (10)
  // print (4): 0.88 0.4 0.3 0.2; screen_replay (4): 0.72 0.3 0.2 0.1
  const live = [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5];
  const attacks = { print: [0.88, 0.4, 0.3, 0.2], screen_replay: [0.72, 0.3, 0.2, 0.1] };
  const sweep = sweepThresholds(live, attacks);

  it('takes the worst attack type at each threshold', () => {
    // worst APCER ≤ 5 %: both types must have 0 accepted → t above 0.88 → t = 0.9 rejects 8 of 10 live
    expect(bpcerAtApcer(sweep, 0.05)).toEqual({ bpcer: 0.8, threshold: 0.9, apcer_worst: 0 });
    // screen_replay alone would allow t = 0.75, rejecting 5 of 10
    expect(bpcerAtApcer(sweepThresholds(live, { screen_replay: attacks.screen_replay }), 0.05)?.bpcer).toBe(0.5);
    // worst APCER ≤ 25 %: one of four of each type may pass → t = 0.5 gives print 2/4; t = 0.55: print 1/4, screen 1/4
    expect(bpcerAtApcer(sweep, 0.25)).toEqual({ bpcer: 0, threshold: 0.5, apcer_worst: 0.25 });
  });

  it('feeds bpcer_at_apcer_5 and _1 in metrics.json', () => {
    const records = [
      ...live.map((c) => ok('live', c >= 0.62 ? 'LIVE' : 'SPOOF', c)),
      ...attacks.print.map((c) => ok('spoof', 'SPOOF', c, 'print')),
      ...attacks.screen_replay.map((c) => ok('spoof', 'SPOOF', c, 'screen_replay')),
    ];
    const m = computeMetrics(records);
    expect(m.bpcer_at_apcer_5).toBe(0.8);
    expect(m.bpcer_at_apcer_5_threshold).toBe(0.9);
    expect(m.bpcer_at_apcer_1).toBe(0.8);
  });
});

describe('non-responses', () => {
  const records = [
    ok('live', 'LIVE', 0.9),
    ok('live', 'INCONCLUSIVE', 0.58),
    failed('live', 'NO_FACE_DETECTED'),
    failed('live', 'INVALID_REQUEST'),
    ok('spoof', 'INCONCLUSIVE', 0.6, 'print'),
    failed('spoof', 'NO_FACE_DETECTED', 'print'),
    ok('spoof', 'SPOOF', 0.2, 'print'),
    ok('spoof', 'LIVE', 0.7, 'print'),
  ];
  const live = records.filter((r) => r.label === 'live');
  const print = records.filter((r) => r.label === 'spoof');

  it('are counted apart, by label', () => {
    const m = computeMetrics(records);
    expect(m.non_response.live).toEqual({ NO_FACE_DETECTED: 1, INCONCLUSIVE: 1, other_error: 1, total: 3, other_error_codes: { INVALID_REQUEST: 1 } });
    expect(m.non_response.spoof).toMatchObject({ NO_FACE_DETECTED: 1, INCONCLUSIVE: 1, other_error: 0, total: 2 });
    expect(countNonResponses([ok('live', 'SPOOF', 0.1)]).total).toBe(0);
  });

  it('of an attack are not accepts; of a live image they count in BPCER', () => {
    expect(apcer(print)).toBe(0.25);
    expect(bpcer(live)).toBe(0.75);
    // over LIVE/SPOOF verdicts only: one live image responded, and it was accepted
    expect(bpcerResponded(live)).toBe(0);
  });

  it('without a confidence are left out of the sweep, and counted', () => {
    const m = computeMetrics(records);
    expect(m.sweep).toEqual({ n_live: 2, n_attack: 3, excluded: { live: 2, attack: 1 } });
    // live 0.9 0.58 vs print 0.6 0.2 0.7: pairs won 3 + 1 = 4 of 6
    expect(m.auc).toBeCloseTo(4 / 6, 6);
  });
});

describe('digital_manipulation', () => {
  const records = [
    ok('live', 'LIVE', 0.9),
    ok('live', 'LIVE', 0.8),
    ok('spoof', 'LIVE', 0.95, 'digital_manipulation'),
    ok('spoof', 'SPOOF', 0.3, 'digital_manipulation'),
    ok('spoof', 'SPOOF', 0.2, 'print'),
    ok('spoof', 'LIVE', 0.85, 'print'),
    ok('spoof', 'SPOOF', 0.1, 'print'),
    ok('spoof', 'SPOOF', 0.1, 'print'),
  ];
  const m = computeMetrics(records);

  it('is reported in by_attack but left out of the worst APCER and ACER', () => {
    expect(m.by_attack.digital_manipulation).toMatchObject({ n: 2, apcer: 0.5, excluded_from_worst: true });
    expect(m.by_attack.print).toMatchObject({ n: 4, apcer: 0.25, excluded_from_worst: false });
    expect(m.apcer_worst).toBe(0.25);
    expect(m.apcer_worst_attack).toBe('print');
    expect(m.acer).toBe(0.125);
    expect(m.excluded_from_worst).toEqual(['digital_manipulation']);
  });

  it('stays out of the pooled figures but in auc_all_spoof and auc_by_attack', () => {
    expect(m.n_attack).toBe(4);
    expect(m.n_excluded_attack).toBe(2);
    // pooled: live 0.9 0.8 vs print 0.2 0.85 0.1 0.1 → 7 of 8
    expect(m.auc).toBeCloseTo(7 / 8, 6);
    // all spoof adds 0.95 (lost twice) and 0.3 (won twice) → 9 of 12
    expect(m.auc_all_spoof).toBeCloseTo(9 / 12, 6);
    expect(m.auc_by_attack.digital_manipulation).toBe(0.5);
  });
});

describe('per-signal AUC', () => {
  it('measures each signal alone, against all attacks and per type', () => {
    const records = [
      ok('live', 'LIVE', 0.9, 'none', { lbp_texture: 0.9, sharpness: 0.2 }),
      ok('live', 'LIVE', 0.8, 'none', { lbp_texture: 0.7, sharpness: 0.4 }),
      ok('spoof', 'SPOOF', 0.2, 'print', { lbp_texture: 0.3, sharpness: 0.9 }),
      ok('spoof', 'SPOOF', 0.3, 'screen_replay', { lbp_texture: 0.7, sharpness: 0.3 }),
      failed('spoof', 'NO_FACE_DETECTED', 'print'),
    ];
    const m = computeMetrics(records, { signals: ['sharpness', 'lbp_texture'] });
    expect(Object.keys(m.signals)).toEqual(['sharpness', 'lbp_texture']);
    // lbp: 0.9,0.7 vs 0.3,0.7 → 1 + 1 + 1 + ½ = 3.5 / 4
    expect(m.signals.lbp_texture.auc).toBe(0.875);
    expect(m.signals.lbp_texture.auc_by_attack).toEqual({ print: 1, screen_replay: 0.75 });
    // sharpness: 0.2,0.4 vs 0.9,0.3 → only 0.4 > 0.3 → ¼
    expect(m.signals.sharpness.auc).toBe(0.25);
  });
});

describe('CSV', () => {
  it('reads quoted fields with commas, doubled quotes, line breaks and CRLF', () => {
    const text = '\ufeffpath,label\r\n"a, b.jpg",live\r\n"say ""hi"".png","sp\noof"\n\nc.jpg,spoof';
    expect(parseCsv(text)).toEqual([
      ['path', 'label'],
      ['a, b.jpg', 'live'],
      ['say "hi".png', 'sp\noof'],
      ['c.jpg', 'spoof'],
    ]);
    expect(() => parseCsv('"open')).toThrow(/unterminated/);
  });

  it('writes what it reads, from a table of columns', () => {
    const rows = [{ a: 'x,y', b: 1.5 }, { a: 'q"t', b: null }];
    const text = toCsv([{ header: 'a', value: (r: (typeof rows)[number]) => r.a }, { header: 'b', value: (r: (typeof rows)[number]) => r.b }], rows);
    expect(text).toBe('a,b\n"x,y",1.5\n"q""t",\n');
    expect(parseCsv(text)).toEqual([['a', 'b'], ['x,y', '1.5'], ['q"t', '']]);
    expect(csvField(undefined)).toBe('');
  });
});

describe('manifest', () => {
  it('resolves paths against the manifest folder and reads optional columns', () => {
    const rows = parseManifest('source,path,label,attack_type\ns1,"img/a,1.jpg",live,\ns1,img/b.jpg,SPOOF,print\n', '/data');
    expect(rows).toEqual([
      { path: 'img/a,1.jpg', file: '/data/img/a,1.jpg', label: 'live', attack_type: 'none', source: 's1', line: 2 },
      { path: 'img/b.jpg', file: '/data/img/b.jpg', label: 'spoof', attack_type: 'print', source: 's1', line: 3 },
    ]);
  });

  it('names the missing column or the bad line', () => {
    expect(() => parseManifest('file,label\na.jpg,live\n', '/d')).toThrow(/no column "path"/);
    expect(() => parseManifest('path,label\na.jpg,live\nb.jpg,fake\n', '/d')).toThrow(/line 3: label must be "live" or "spoof"/);
  });
});
