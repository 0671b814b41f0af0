/**
 * The result view: verdict badge with the recommended action, the confidence gauge with the contract's
 * bands and the threshold, one row per signal, the facts (request ID, time taken) and the raw JSON.
 */
import { DEFAULT_CONFIG } from '../src/index';
import type { LivenessFailure, LivenessResponse, LivenessSuccess, LivenessErrorCode, SignalResult, Verdict } from '../src/index';
import { copyButton, el, formatMs, percent } from './dom';

/** How each verdict is presented, with the action an integrator should take (README "Result contract"). */
const VERDICT_VIEW: Readonly<Record<Verdict, { tone: string; action: string; advice: string }>> = {
  LIVE: {
    tone: 'live',
    action: 'Allow',
    advice: 'A live person appears to be in front of the camera. Let the user proceed.',
  },
  SPOOF: {
    tone: 'spoof',
    action: 'Reject',
    advice:
      'This looks like a presentation attack or a synthetic face. Reject it, and keep the request ID and confidence for review.',
  },
  INCONCLUSIVE: {
    tone: 'inconclusive',
    action: 'Retake',
    advice: 'The evidence is not clear either way. Ask the user for a new selfie that follows the guidance.',
  },
};

/** The confidence bands of README "Result contract" ("Reading confidence"); `to` is exclusive (the last band closes at 1). */
const CONFIDENCE_BANDS = [
  { from: 0, to: 0.35, range: '0.00–0.34', label: 'Strong spoof', tone: 'spoof-strong' },
  { from: 0.35, to: 0.54, range: '0.35–0.53', label: 'Weak, likely spoof', tone: 'spoof-weak' },
  { from: 0.54, to: 0.62, range: '0.54–0.61', label: 'Borderline', tone: 'borderline' },
  { from: 0.62, to: 0.8, range: '0.62–0.79', label: 'Moderate live', tone: 'live-moderate' },
  { from: 0.8, to: 1, range: '0.80–1.00', label: 'Strong live', tone: 'live-strong' },
] as const;

type ConfidenceBand = (typeof CONFIDENCE_BANDS)[number];

/** What each error code means for the person holding the camera (README "Result contract", errors). */
const ERROR_VIEW: Readonly<Record<LivenessErrorCode, { title: string; hint: string }>> = {
  NO_FACE_DETECTED: {
    title: 'No face found — retake with your face 10–40 % of the frame',
    hint: 'Look straight at the camera, in even light, with nothing covering the face.',
  },
  INVALID_REQUEST: {
    title: 'This image cannot be checked',
    hint: 'Use a JPEG, PNG, WebP or BMP photo of at most 10 MB.',
  },
  INFERENCE_ERROR: {
    title: 'The analysis failed — please try again',
    hint: 'The check stopped unexpectedly. Choosing the image again usually works.',
  },
  SERVER_ERROR: {
    title: 'Unexpected error inside the engine',
    hint: 'Please report it with the request ID below.',
  },
};

const SCORE_DIGITS = 2;
/** Within this share of either end of the gauge the threshold label is aligned inwards. */
const THRESHOLD_LABEL_EDGE_SHARE = 0.1;
const CONFIDENCE_DIGITS = 3;

function bandOf(confidence: number): ConfidenceBand {
  return CONFIDENCE_BANDS.find((b) => confidence < b.to) ?? CONFIDENCE_BANDS[CONFIDENCE_BANDS.length - 1];
}

/** The page elements the result view writes into. */
export interface ResultView {
  outcome: HTMLElement;
  details: HTMLElement;
  detailsTitle: HTMLElement;
  signalsSlot: HTMLElement;
  facts: HTMLElement;
  rawJson: HTMLElement;
  rawCopySlot: HTMLElement;
  diagnosticsBlock: HTMLDetailsElement;
  diagnosticsJson: HTMLElement;
}

/** Facts about how a result was produced, shown beside it. */
export interface ResultContext {
  /** Wall-clock time of the `check` call, in ms. */
  elapsedMs: number;
  /** The inconclusive margin in force for this call. */
  margin: number;
  /** Where the image came from ("Camera capture", a file name…). */
  source: string;
  /** Configuration keys that differ from the defaults, as "key = value". */
  customSettings: readonly string[];
}

export type OutcomeState = 'idle' | 'checking' | 'success' | 'error';

export function setOutcomeState(view: ResultView, state: OutcomeState): void {
  view.outcome.dataset.state = state;
  view.outcome.setAttribute('aria-busy', state === 'checking' ? 'true' : 'false');
}

export function showWorking(view: ResultView, text: string): void {
  setOutcomeState(view, 'checking');
  view.outcome.replaceChildren(
    el('p', { className: 'working' }, el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), text),
  );
}

export function showPlaceholder(view: ResultView, text: string): void {
  setOutcomeState(view, 'idle');
  view.outcome.replaceChildren(el('p', { className: 'placeholder', text }));
}

/** A plain error panel for a check that could not run at all (not an error envelope). */
export function showCheckProblem(view: ResultView, title: string, message: string): void {
  setOutcomeState(view, 'error');
  view.details.hidden = true;
  view.outcome.replaceChildren(
    el(
      'div',
      { className: 'error-panel', attrs: { 'data-testid': 'error' } },
      el('p', { className: 'error-title', text: title }),
      el('p', { className: 'error-message', text: message }),
    ),
  );
}

function renderGauge(confidence: number, threshold: number, margin: number): HTMLElement {
  const band = bandOf(confidence);
  const track = el('div', { className: 'gauge-track' });
  for (const b of CONFIDENCE_BANDS) {
    const seg = el('div', { className: `gauge-band band-${b.tone}` });
    seg.style.width = percent(b.to - b.from);
    track.append(seg);
  }
  // The INCONCLUSIVE band actually in force (threshold ± margin), which settings may move.
  const zone = el('div', { className: 'gauge-zone', attrs: { title: `Inconclusive ${(threshold - margin).toFixed(2)}–${(threshold + margin).toFixed(2)}` } });
  zone.style.left = percent(threshold - margin);
  zone.style.width = percent(Math.min(1, threshold + margin) - Math.max(0, threshold - margin));
  const thresholdMark = el(
    'div',
    { className: 'gauge-threshold', attrs: { title: `Threshold ${threshold.toFixed(2)}`, 'data-testid': 'gauge-threshold' } },
    el('span', { className: 'gauge-threshold-label', text: `threshold ${threshold.toFixed(2)}` }),
  );
  thresholdMark.style.left = percent(threshold);
  // Keep the label inside the track near either end.
  if (threshold > THRESHOLD_LABEL_EDGE_SHARE && threshold < 1 - THRESHOLD_LABEL_EDGE_SHARE) thresholdMark.classList.add('is-centred');
  else thresholdMark.classList.add(threshold >= 0.5 ? 'is-end' : 'is-start');
  const marker = el('div', { className: 'gauge-marker' });
  marker.style.left = percent(confidence);
  track.append(zone, thresholdMark, marker);

  const scale = el('div', { className: 'gauge-scale', attrs: { 'aria-hidden': 'true' } });
  for (const tick of [0, 0.35, 0.54, 0.62, 0.8, 1]) {
    // 0.54 sits too close to 0.62 on a phone; the legend still names every band.
    const t = el('span', { text: tick.toFixed(2), className: tick === 0.54 ? 'tick-minor' : '' });
    t.style.left = percent(tick);
    scale.append(t);
  }

  const legend = el('ul', { className: 'gauge-legend' });
  for (const b of CONFIDENCE_BANDS) {
    legend.append(
      el(
        'li',
        { className: b === band ? 'is-current' : '' },
        el('span', { className: `swatch band-${b.tone}`, attrs: { 'aria-hidden': 'true' } }),
        el('span', { className: 'legend-range', text: b.range }),
        el('span', { className: 'legend-label', text: b.label }),
      ),
    );
  }
  legend.append(
    el(
      'li',
      { className: 'legend-zone' },
      el('span', { className: 'swatch swatch-zone', attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'legend-range', text: `${(threshold - margin).toFixed(2)}–${(threshold + margin).toFixed(2)}` }),
      el('span', { className: 'legend-label', text: 'Retake zone (threshold ± margin)' }),
    ),
  );

  return el(
    'div',
    { className: 'gauge' },
    el(
      'div',
      {
        className: 'gauge-meter',
        attrs: {
          role: 'meter',
          'aria-label': 'Confidence',
          'aria-valuemin': '0',
          'aria-valuemax': '1',
          'aria-valuenow': confidence.toFixed(CONFIDENCE_DIGITS),
          'aria-valuetext': `${confidence.toFixed(CONFIDENCE_DIGITS)}, ${band.label.toLowerCase()}; threshold ${threshold.toFixed(2)}`,
        },
      },
      track,
      scale,
    ),
    legend,
  );
}

/**
 * Why a result is INCONCLUSIVE although its confidence lies outside the retake zone: the face was
 * found only weakly, or more than one face was found (the contract's verdict rule). Null when no note is needed.
 */
function inconclusiveReason(res: LivenessSuccess, margin: number): string | null {
  const { result } = res;
  if (!result.face_detected) {
    return 'The face was not located confidently enough to analyse it. Retake facing the camera, in even light.';
  }
  if (result.verdict !== 'INCONCLUSIVE' || Math.abs(result.confidence - result.threshold) < margin) return null;
  const count = result.signals.map((s) => /\b(\d+) faces\b/.exec(s.detail)).find((m) => m !== null)?.[1];
  return count
    ? `${count} faces were found; the check is for exactly one person. Retake with only the user in the frame.`
    : 'The confidence alone would decide, but the face could not be analysed reliably; see the signal details below.';
}

function renderSignals(signals: readonly SignalResult[]): HTMLElement {
  const head = el('tr', {}, ...['Signal', 'Score', 'Weight', 'Passed', 'Detail'].map((h) => el('th', { text: h, attrs: { scope: 'col' } })));
  const body = el('tbody');
  for (const s of signals) {
    const fill = el('div', { className: 'scorebar-fill' });
    fill.style.width = percent(s.score);
    body.append(
      el(
        'tr',
        { className: s.passed ? 'is-passed' : 'is-failed', attrs: { 'data-testid': 'signal-row', 'data-signal': s.name } },
        el(
          'th',
          { className: 'cell-signal', attrs: { scope: 'row' } },
          el('span', { className: 'signal-label', text: s.label }),
          el('code', { className: 'signal-name', text: s.name }),
        ),
        el(
          'td',
          { className: 'cell-score', attrs: { 'data-label': 'Score' } },
          el('div', { className: 'scorebar', attrs: { 'aria-hidden': 'true' } }, fill),
          el('span', { className: 'score-value', text: s.score.toFixed(SCORE_DIGITS) }),
        ),
        el('td', { className: 'cell-weight', text: s.weight.toFixed(2), attrs: { 'data-label': 'Weight' } }),
        el(
          'td',
          { className: 'cell-passed', attrs: { 'data-label': 'Passed' } },
          el('span', { className: 'passed-mark', text: s.passed ? '✓' : '✗', attrs: { 'aria-hidden': 'true' } }),
          el('span', { className: 'visually-hidden', text: s.passed ? 'passed' : 'not passed' }),
        ),
        el('td', { className: 'cell-detail', text: s.detail, attrs: { 'data-label': 'Detail' } }),
      ),
    );
  }
  return el(
    'div',
    { className: 'table-wrap' },
    el(
      'table',
      { className: 'signals' },
      el('caption', { className: 'visually-hidden', text: 'Per-signal scores; higher is more live-like.' }),
      el('thead', {}, head),
      body,
    ),
  );
}

/** The envelope as production code receives it (without the demo's diagnostics). */
function envelopeOnly(res: LivenessResponse): LivenessResponse {
  if (res.status !== 'success' || !res.diagnostics) return res;
  const { diagnostics: _omitted, ...envelope } = res;
  return envelope;
}

/** Diagnostics as readable JSON: the pictures are summarised, not dumped pixel by pixel. */
function diagnosticsJson(res: LivenessSuccess): string {
  return JSON.stringify(
    res.diagnostics,
    (key, value: unknown) => {
      if (value instanceof Uint8ClampedArray) return `<${value.length} bytes of RGBA>`;
      if (key === 'landmarks' && Array.isArray(value)) return `<${value.length / 2} points>`;
      return value;
    },
    2,
  );
}

function renderFacts(view: ResultView, res: LivenessResponse, ctx: ResultContext, extra: ReadonlyArray<[string, string]>): void {
  const copy = copyButton('Copy', 'Copy request ID', () => res.request_id, 'copy-request-id');
  const rows: Array<[string, Node]> = [
    ['Request ID', el('span', { className: 'request-id' }, el('code', { text: res.request_id, attrs: { 'data-testid': 'request-id' } }), copy)],
    ['Check took', el('span', { text: formatMs(ctx.elapsedMs), attrs: { 'data-testid': 'elapsed' } })],
    ['Image', document.createTextNode(ctx.source)],
    ...extra.map(([k, v]): [string, Node] => [k, document.createTextNode(v)]),
    ['Timestamp', el('code', { text: res.timestamp })],
  ];
  view.facts.replaceChildren(...rows.map(([k, v]) => el('div', { className: 'fact' }, el('dt', { text: k }), el('dd', {}, v))));
  const json = JSON.stringify(envelopeOnly(res), null, 2);
  view.rawJson.textContent = json;
  view.rawCopySlot.replaceChildren(copyButton('Copy JSON', 'Copy the raw JSON response', () => json, 'copy-json'));
  if (res.status === 'success' && res.diagnostics) {
    view.diagnosticsJson.textContent = diagnosticsJson(res);
    view.diagnosticsBlock.hidden = false;
  } else {
    view.diagnosticsBlock.hidden = true;
  }
}

export function renderSuccess(view: ResultView, res: LivenessSuccess, ctx: ResultContext): void {
  const { result } = res;
  const verdictView = VERDICT_VIEW[result.verdict];
  const band = bandOf(result.confidence);
  setOutcomeState(view, 'success');

  const note = inconclusiveReason(res, ctx.margin);
  const badge = el(
    'div',
    { className: `verdict verdict-${verdictView.tone}` },
    el('span', { className: 'verdict-word', text: result.verdict, attrs: { 'data-testid': 'verdict', 'data-verdict': result.verdict } }),
    el('span', { className: 'verdict-action', text: verdictView.action.toLowerCase(), attrs: { 'data-testid': 'verdict-action' } }),
  );
  const confidenceBlock = el(
    'div',
    { className: 'confidence' },
    el('span', { className: 'confidence-caption', text: 'Confidence' }),
    el('span', { className: 'confidence-value', text: result.confidence.toFixed(CONFIDENCE_DIGITS), attrs: { 'data-testid': 'confidence' } }),
    el('span', {
      className: `confidence-band band-text-${band.tone}`,
      // The bands are the contract's reading at the default threshold; say so when another is in force.
      text: result.threshold === DEFAULT_CONFIG.live_threshold ? band.label : `${band.label} (default scale)`,
    }),
  );

  const extras: HTMLElement[] = [];
  if (note) extras.push(el('p', { className: 'note', text: note }));
  if (ctx.customSettings.length > 0) {
    extras.push(
      el('p', { className: 'note note-settings', attrs: { 'data-testid': 'custom-settings-note' } }, el('strong', { text: 'Custom settings: ' }), ctx.customSettings.join(', ')),
    );
  }

  view.outcome.replaceChildren(
    el('div', { className: 'outcome-head' }, badge, confidenceBlock),
    // A specific reason replaces the generic advice, which would contradict it.
    el('p', { className: 'advice' }, el('strong', { text: `${verdictView.action}. ` }), note ? 'Ask the user for a new selfie.' : verdictView.advice),
    ...extras,
    renderGauge(result.confidence, result.threshold, ctx.margin),
  );

  view.detailsTitle.textContent = `Signals (${result.signals.length})`;
  view.signalsSlot.replaceChildren(renderSignals(result.signals));
  const extra: Array<[string, string]> = [
    ['Face detected', result.face_detected ? 'Yes' : 'No'],
    ['Threshold', `${result.threshold.toFixed(2)} (inconclusive ±${ctx.margin.toFixed(2)})`],
  ];
  const timings = res.diagnostics?.timings_ms;
  if (timings) {
    const inWorker = Object.values(timings).reduce((sum, ms) => sum + ms, 0);
    extra.push(['Analysis in the worker', formatMs(inWorker)]);
  }
  renderFacts(view, res, ctx, extra);
  view.details.hidden = false;
}

export function renderFailure(view: ResultView, res: LivenessFailure, ctx: ResultContext): void {
  const { error } = res;
  const errorView = ERROR_VIEW[error.code] ?? { title: 'The check failed', hint: '' };
  setOutcomeState(view, 'error');
  view.outcome.replaceChildren(
    el(
      'div',
      { className: 'error-panel', attrs: { 'data-testid': 'error', 'data-code': error.code } },
      el('p', { className: 'error-title', text: errorView.title }),
      el('p', { className: 'error-message', text: error.message }),
      errorView.hint ? el('p', { className: 'error-hint', text: errorView.hint }) : '',
      el(
        'p',
        { className: 'error-meta' },
        el('code', { className: 'error-code', text: error.code }),
        el('span', { text: `HTTP ${error.http_status}` }),
        el('span', { text: error.retryable ? 'retryable' : 'not retryable' }),
      ),
    ),
  );
  view.detailsTitle.textContent = 'Details';
  view.signalsSlot.replaceChildren();
  renderFacts(view, res, ctx, []);
  view.details.hidden = false;
}
