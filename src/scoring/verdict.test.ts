import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config.js';
import { verdictFor } from './verdict.js';

describe('verdictFor (t = 0.58, m = 0.04)', () => {
  it.each([
    [1, 'LIVE'],
    [0.62, 'LIVE'],
    [0.6199, 'INCONCLUSIVE'],
    [0.58, 'INCONCLUSIVE'],
    [0.54, 'INCONCLUSIVE'],
    [0.5399, 'SPOOF'],
    [0, 'SPOOF'],
  ])('confidence %f → %s', (confidence, verdict) => {
    expect(verdictFor(confidence, DEFAULT_CONFIG)).toBe(verdict);
  });

  it('follows a changed threshold and margin', () => {
    const config = { live_threshold: 0.7, inconclusive_margin: 0 };
    expect(verdictFor(0.7, config)).toBe('LIVE');
    expect(verdictFor(0.69, config)).toBe('SPOOF');
  });
});
