import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, DEFAULT_WEIGHTS, DEFAULT_WEIGHTS_WITH_LEARNED } from '../config.js';
import { ALL_SIGNAL_NAMES, CONTRACT_SIGNALS, SIGNAL_CATALOG, SIGNAL_NAMES, signalSwitch } from './catalog.js';

describe('SIGNAL_CATALOG', () => {
  it('is frozen, entries included', () => {
    expect(Object.isFrozen(SIGNAL_CATALOG)).toBe(true);
    for (const entry of SIGNAL_CATALOG) expect(Object.isFrozen(entry)).toBe(true);
    expect(Object.isFrozen(CONTRACT_SIGNALS)).toBe(true);
  });

  it('lists the eight contract signals first, then the optional ones, each behind a boolean switch that is off by default', () => {
    expect(CONTRACT_SIGNALS.map((s) => s.name)).toEqual(SIGNAL_NAMES);
    expect(SIGNAL_NAMES).toHaveLength(8);
    expect(ALL_SIGNAL_NAMES).toEqual([...SIGNAL_NAMES, 'learned_texture']);
    const optional = SIGNAL_CATALOG.filter((entry) => 'switchedOnBy' in entry);
    expect(optional.map((entry) => [entry.name, signalSwitch(entry.name)])).toEqual([['learned_texture', 'enable_learned_texture']]);
    for (const entry of optional) expect(DEFAULT_CONFIG[entry.switchedOnBy]).toBe(false);
  });

  it('names a contract signal or an unknown name with no switch', () => {
    expect(signalSwitch('lbp_texture')).toBeUndefined();
    expect(signalSwitch('no_such_signal')).toBeUndefined();
  });

  it('orders the default weights as it orders the signals', () => {
    expect(Object.keys(DEFAULT_WEIGHTS)).toEqual(SIGNAL_NAMES);
    expect(Object.keys(DEFAULT_WEIGHTS_WITH_LEARNED)).toEqual(ALL_SIGNAL_NAMES);
  });
});
