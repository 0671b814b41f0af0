/**
 * The settings panel: every configuration key (README "Configuration"), weights included, built from
 * `DEFAULT_CONFIG` so that no key can be missed. Values are validated with the SDK's own
 * `resolveConfig` as they are typed; a valid change is handed to `onChange` (the page re-scores the
 * last image with `check(input, { config })`), an invalid one shows the SDK's message.
 */
import {
  ConfigError,
  DEFAULT_CONFIG,
  DEFAULT_WEIGHTS_WITH_LEARNED,
  SIGNAL_CATALOG,
  SIGNALS,
  resolveConfig,
  type LivenessConfig,
  type LivenessConfigInput,
  type OptionalSignalName,
  type SignalName,
} from '../src/index';
import { el } from './dom';

type NumericKey = Exclude<keyof LivenessConfig, 'weights' | 'enable_learned_texture'>;

interface FieldSpec {
  label: string;
  help: string;
  step: number;
  min: number;
  max: number;
  group: 'decision' | 'signals';
}

/** Labels and hints of the numeric keys (ranges only steer the inputs; `resolveConfig` validates). */
const FIELDS: Readonly<Record<NumericKey, FieldSpec>> = {
  live_threshold: { label: 'Live threshold', help: 'Confidence at the centre of the retake zone.', step: 0.01, min: 0, max: 1, group: 'decision' },
  inconclusive_margin: { label: 'Inconclusive margin', help: 'Half-width of the retake (INCONCLUSIVE) zone.', step: 0.01, min: 0, max: 0.5, group: 'decision' },
  min_face_confidence: { label: 'Min. face confidence', help: 'Detection confidence needed to analyse the face.', step: 0.05, min: 0, max: 1, group: 'decision' },
  min_blur_variance: { label: 'Min. blur variance', help: 'Laplacian variance floor; lower it for heavily compressed images.', step: 1, min: 0, max: 1000, group: 'signals' },
  min_ear: { label: 'Min. eye aspect ratio', help: 'Below this the eyes count as closed.', step: 0.01, min: 0, max: 1, group: 'signals' },
  max_yaw_deg: { label: 'Max. yaw (°)', help: 'Head turn past which the pose score decays.', step: 1, min: 0, max: 90, group: 'signals' },
  max_pitch_deg: { label: 'Max. pitch (°)', help: 'Head tilt past which the pose score decays.', step: 1, min: 0, max: 90, group: 'signals' },
  min_face_area_ratio: { label: 'Min. face area ratio', help: 'Face share of the image below which the size score is penalised.', step: 0.01, min: 0, max: 1, group: 'signals' },
  max_asymmetry: { label: 'Max. asymmetry', help: 'Asymmetry index at which symmetry scores 0.', step: 0.01, min: 0, max: 1, group: 'signals' },
  lbp_dominant_bin_spoof_threshold: { label: 'LBP dominant-bin limit', help: 'Dominant LBP bin share above which texture is suspicious.', step: 0.01, min: 0, max: 1, group: 'signals' },
  fft_kurtosis_max: { label: 'FFT kurtosis ceiling', help: 'Ring-kurtosis ceiling of the face spectrum.', step: 0.5, min: 0, max: 100, group: 'signals' },
  fft_hf_ratio_baseline: { label: 'FFT high-frequency baseline', help: 'Expected high-frequency energy share of a natural selfie.', step: 0.01, min: 0, max: 1, group: 'signals' },
  fft_az_variance_max: { label: 'FFT azimuthal variance ceiling', help: 'Directional energy variance ceiling.', step: 0.01, min: 0, max: 10, group: 'signals' },
};

const NUMERIC_KEYS = (Object.keys(DEFAULT_CONFIG) as Array<keyof LivenessConfig>).filter((k): k is NumericKey => k !== 'weights' && k !== 'enable_learned_texture');
const SIGNAL_NAMES = SIGNALS.map((s) => s.name);
/** The optional signal behind `enable_learned_texture`, with its label as the engine reports it. */
const LEARNED = SIGNAL_CATALOG.filter((s) => 'switchedOnBy' in s && s.switchedOnBy === 'enable_learned_texture')[0];
type WeightName = SignalName | OptionalSignalName;

/** Wait after the last keystroke before re-scoring, in ms. */
const RESCORE_DEBOUNCE_MS = 250;
/** Weight sums are shown with this many decimals. */
const SUM_DIGITS = 2;

/** A valid configuration from the panel. */
export interface SettingsValue {
  /** Only the keys that differ from the defaults (what is passed as `check(…, { config })`). */
  input: LivenessConfigInput;
  /** The full, validated configuration. */
  resolved: LivenessConfig;
  /** The changed keys as "key = value", for the result view. */
  changed: string[];
}

export interface SettingsPanel {
  /** The last valid configuration. */
  current(): SettingsValue;
}

const DEFAULTS: SettingsValue = { input: {}, resolved: resolveConfig({}), changed: [] };

function parse(input: HTMLInputElement): number {
  return input.value.trim() === '' ? Number.NaN : Number(input.value);
}

function numberInput(id: string, value: number, spec: { step: number; min: number; max: number }, testId: string): HTMLInputElement {
  return el('input', {
    className: 'setting-input',
    attrs: {
      id,
      type: 'number',
      inputmode: 'decimal',
      step: String(spec.step),
      min: String(spec.min),
      max: String(spec.max),
      value: String(value),
      'data-testid': testId,
    },
  });
}

/** Builds the panel into `root` and calls `onChange` with every valid change (debounced). */
export function mountSettings(root: HTMLElement, onChange: (value: SettingsValue) => void): SettingsPanel {
  const numeric = new Map<NumericKey, HTMLInputElement>();
  const weights = new Map<WeightName, HTMLInputElement>();
  const learnedBox = el('input', { attrs: { id: 'setting-enable_learned_texture', type: 'checkbox', 'data-testid': 'setting-enable_learned_texture', 'aria-describedby': 'setting-enable_learned_texture-help' } });
  const learnedOn = (): boolean => learnedBox.checked;
  /** The signals whose weights are in force: the eight, and learned_texture when it is switched on. */
  const activeNames = (): WeightName[] => (learnedOn() ? [...SIGNAL_NAMES, LEARNED.name] : SIGNAL_NAMES);
  /** The default weight of `name` in the current mode (the nine fitted weights when learned_texture is on). */
  const defaultWeight = (name: WeightName): number => (learnedOn() ? DEFAULT_WEIGHTS_WITH_LEARNED[name] : DEFAULT_CONFIG.weights[name as SignalName]);
  let current = DEFAULTS;
  let timer: number | undefined;

  const field = (key: NumericKey): HTMLElement => {
    const spec = FIELDS[key];
    const id = `setting-${key}`;
    const input = numberInput(id, DEFAULT_CONFIG[key], spec, id);
    input.setAttribute('aria-describedby', `${id}-help`);
    numeric.set(key, input);
    const row = el(
      'div',
      { className: 'setting' },
      el('label', { attrs: { for: id } }, el('span', { className: 'setting-label', text: spec.label }), el('code', { className: 'setting-key', text: key })),
      input,
      el('p', { className: 'setting-help', text: `${spec.help} Default ${DEFAULT_CONFIG[key]}.`, attrs: { id: `${id}-help` } }),
    );
    if (key === 'live_threshold') {
      const slider = el('input', {
        className: 'setting-slider',
        attrs: { type: 'range', min: '0', max: '1', step: '0.01', value: String(DEFAULT_CONFIG[key]), 'aria-label': 'Live threshold slider', 'data-testid': 'threshold-slider' },
      });
      slider.addEventListener('input', () => {
        input.value = slider.value;
        update();
      });
      input.addEventListener('input', () => {
        if (Number.isFinite(parse(input))) slider.value = input.value;
      });
      row.append(slider);
    }
    return row;
  };

  const weightSum = el('output', { className: 'weight-sum', attrs: { 'data-testid': 'weight-sum', 'aria-live': 'polite' } });
  const weightRows = SIGNAL_CATALOG.map((s) => {
    const id = `weight-${s.name}`;
    const value = 'switchedOnBy' in s ? DEFAULT_WEIGHTS_WITH_LEARNED[s.name] : DEFAULT_CONFIG.weights[s.name];
    const input = numberInput(id, value, { step: 0.01, min: 0, max: 1 }, id);
    weights.set(s.name, input);
    return el('div', { className: 'setting setting-weight' }, el('label', { attrs: { for: id } }, el('span', { className: 'setting-label', text: s.label }), el('code', { className: 'setting-key', text: s.name })), input);
  });
  const learnedWeightRow = weightRows[weightRows.length - 1];
  /** Shows the learned weight only when the signal is on, and puts that mode's default weights in. */
  const applyMode = (): void => {
    learnedWeightRow.hidden = !learnedOn();
    for (const [name, node] of weights) node.value = String(learnedOn() || name !== LEARNED.name ? defaultWeight(name) : DEFAULT_WEIGHTS_WITH_LEARNED.learned_texture);
  };
  learnedWeightRow.hidden = true;
  // on the box itself, so the weights are in place before the form's input listener re-scores
  learnedBox.addEventListener('input', applyMode);
  const learnedRow = el(
    'div',
    { className: 'setting' },
    el('label', { attrs: { for: 'setting-enable_learned_texture' } }, el('span', { className: 'setting-label', text: 'Learned texture model' }), el('code', { className: 'setting-key', text: 'enable_learned_texture' })),
    learnedBox,
    el('p', {
      className: 'setting-help',
      text: 'Adds the ninth signal learned_texture: a small anti-spoofing model, 4 MB loaded on first use, about 0.3 s more per check. Its weights replace the eight defaults. Default off.',
      attrs: { id: 'setting-enable_learned_texture-help' },
    }),
  );

  const normalise = el('button', { className: 'button button-secondary', text: 'Scale to sum 1.00', attrs: { type: 'button', 'data-testid': 'weights-normalise' } });
  normalise.addEventListener('click', () => {
    const names = activeNames();
    const values = names.map((n) => Math.max(0, parse(weights.get(n)!) || 0));
    const sum = values.reduce((a, b) => a + b, 0);
    if (sum <= 0) return;
    // Round to 4 decimals and put the rounding remainder on the largest weight, so the sum is exact.
    const scaled = values.map((v) => Math.round((v / sum) * 1e4) / 1e4);
    const largest = scaled.indexOf(Math.max(...scaled));
    scaled[largest] = Math.round((scaled[largest] + 1 - scaled.reduce((a, b) => a + b, 0)) * 1e4) / 1e4;
    names.forEach((n, i) => (weights.get(n)!.value = String(scaled[i])));
    update();
  });

  const error = el('p', { className: 'settings-error', attrs: { 'data-testid': 'settings-error', role: 'alert', hidden: '' } });
  const status = el('p', { className: 'settings-status', attrs: { 'data-testid': 'settings-status' } });
  const reset = el('button', { className: 'button button-secondary', text: 'Reset to defaults', attrs: { type: 'reset', 'data-testid': 'settings-reset' } });

  const form = el(
    'form',
    { className: 'settings-form', attrs: { novalidate: '', 'aria-describedby': 'settings-intro' } },
    el('p', { className: 'hint', text: 'Changes re-score the last image at once, and apply to the next checks. They are passed as check(input, { config }).', attrs: { id: 'settings-intro' } }),
    el('fieldset', { className: 'settings-group' }, el('legend', { text: 'Decision' }), ...NUMERIC_KEYS.filter((k) => FIELDS[k].group === 'decision').map(field)),
    el('fieldset', { className: 'settings-group' }, el('legend', { text: 'Signal thresholds' }), ...NUMERIC_KEYS.filter((k) => FIELDS[k].group === 'signals').map(field)),
    el('fieldset', { className: 'settings-group' }, el('legend', { text: 'Optional signals' }), learnedRow),
    el(
      'fieldset',
      { className: 'settings-group settings-weights' },
      el('legend', { text: 'Weights (must sum to 1.00)' }),
      ...weightRows,
      el('div', { className: 'weight-foot' }, el('span', {}, 'Sum: ', weightSum), normalise),
    ),
    error,
    el('div', { className: 'settings-actions' }, reset, status),
  );
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('input', () => update());
  form.addEventListener('reset', () => {
    // After the browser has restored the default values.
    window.setTimeout(() => {
      const slider = form.querySelector<HTMLInputElement>('.setting-slider');
      if (slider) slider.value = String(DEFAULT_CONFIG.live_threshold);
      applyMode();
      update();
    });
  });
  root.replaceChildren(form);

  function candidate(): { input: Record<string, unknown>; changed: string[] } {
    const input: Record<string, unknown> = {};
    const changed: string[] = [];
    for (const [key, node] of numeric) {
      const value = parse(node);
      if (value !== DEFAULT_CONFIG[key]) {
        input[key] = value;
        changed.push(`${key} = ${node.value.trim() || 'empty'}`);
      }
    }
    if (learnedOn()) {
      input.enable_learned_texture = true;
      changed.push('enable_learned_texture = true');
    }
    const w: Record<string, number> = {};
    for (const name of activeNames()) {
      const node = weights.get(name)!;
      const value = parse(node);
      if (value !== defaultWeight(name)) {
        w[name] = value;
        changed.push(`weights.${name} = ${node.value.trim() || 'empty'}`);
      }
    }
    if (Object.keys(w).length > 0) input.weights = w;
    return { input, changed };
  }

  function markInvalid(message: string | null): void {
    for (const [key, node] of numeric) node.toggleAttribute('aria-invalid', message !== null && message.includes(`"${key}"`));
    const sumProblem = message !== null && /weights/i.test(message) && /sum/i.test(message);
    for (const [name, node] of weights) {
      node.toggleAttribute('aria-invalid', message !== null && (sumProblem || message.includes(`weights.${name}"`)));
    }
  }

  function update(): void {
    const sum = activeNames().reduce((total, n) => total + (parse(weights.get(n)!) || 0), 0);
    weightSum.textContent = sum.toFixed(SUM_DIGITS);
    weightSum.classList.toggle('is-off', Math.abs(sum - 1) > 1e-6);
    const next = candidate();
    let resolved: LivenessConfig;
    try {
      // Empty inputs are NaN, which resolveConfig refuses with the key's name.
      resolved = resolveConfig(next.input);
    } catch (err) {
      const message = err instanceof ConfigError ? err.message : String(err);
      error.textContent = `${message} The last valid settings stay in force.`;
      error.hidden = false;
      markInvalid(message);
      window.clearTimeout(timer);
      return;
    }
    error.hidden = true;
    error.textContent = '';
    markInvalid(null);
    status.textContent = next.changed.length === 0 ? 'Default settings.' : `${next.changed.length} setting${next.changed.length === 1 ? '' : 's'} changed.`;
    current = { input: next.input as LivenessConfigInput, resolved, changed: next.changed };
    window.clearTimeout(timer);
    timer = window.setTimeout(() => onChange(current), RESCORE_DEBOUNCE_MS);
  }

  weightSum.textContent = (1).toFixed(SUM_DIGITS);
  status.textContent = 'Default settings.';
  return { current: () => current };
}
