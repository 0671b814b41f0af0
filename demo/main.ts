/**
 * Demo page: pick, drop or paste one selfie and show the engine's full response.
 *
 * The File/Blob itself goes to `engine.check` (raw bytes, so EXIF stays readable); the preview is
 * only an object URL of the same file. Every string from a result is written with `textContent`.
 */
import {
  createLivenessEngine,
  type LivenessEngine,
  type LivenessErrorCode,
  type LivenessFailure,
  type LivenessResponse,
  type LivenessSuccess,
  type LoadProgress,
  type SignalResult,
  type Verdict,
} from '../src/index';

/** Encoded formats the engine accepts (it checks magic bytes; this list only steers the picker). */
const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/bmp'] as const;

/** How each verdict is presented, with the action an integrator should take (SPEC §3). */
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

/** Confidence bands of SPEC §3; `to` is exclusive (the last band closes at 1). */
const CONFIDENCE_BANDS = [
  { from: 0, to: 0.35, range: '0.00–0.34', label: 'Strong spoof', tone: 'spoof-strong' },
  { from: 0.35, to: 0.54, range: '0.35–0.53', label: 'Weak, likely spoof', tone: 'spoof-weak' },
  { from: 0.54, to: 0.62, range: '0.54–0.61', label: 'Borderline', tone: 'borderline' },
  { from: 0.62, to: 0.8, range: '0.62–0.79', label: 'Moderate live', tone: 'live-moderate' },
  { from: 0.8, to: 1, range: '0.80–1.00', label: 'Strong live', tone: 'live-strong' },
] as const;

type ConfidenceBand = (typeof CONFIDENCE_BANDS)[number];

/** What each error code means for the person holding the camera (SPEC §6). */
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

const IDLE_TEXT = 'Choose, drop or paste a selfie to check it.';
const SCORE_DIGITS = 2;
const CONFIDENCE_DIGITS = 3;

// ---------------------------------------------------------------------------------------------
// Small DOM helpers

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el as T;
}

interface ElementProps {
  className?: string;
  text?: string;
  attrs?: Readonly<Record<string, string>>;
}

/** createElement with class, text and attributes; children are appended in order. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: ReadonlyArray<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function percent(value: number): string {
  return `${(Math.min(1, Math.max(0, value)) * 100).toFixed(2)}%`;
}

function bandOf(confidence: number): ConfidenceBand {
  return CONFIDENCE_BANDS.find((b) => confidence < b.to) ?? CONFIDENCE_BANDS[CONFIDENCE_BANDS.length - 1];
}

// ---------------------------------------------------------------------------------------------
// Page elements

const ui = {
  body: document.body,
  loading: byId<HTMLElement>('loading'),
  loadingTitle: byId<HTMLElement>('loading-title'),
  loadingBar: byId<HTMLElement>('loading-bar'),
  loadingFill: byId<HTMLElement>('loading-fill'),
  loadingPercent: byId<HTMLElement>('loading-percent'),
  loadingMessage: byId<HTMLElement>('loading-message'),
  loadErrorSlot: byId<HTMLElement>('load-error-slot'),
  fileInput: byId<HTMLInputElement>('file-input'),
  picker: byId<HTMLButtonElement>('picker'),
  preview: byId<HTMLElement>('preview'),
  previewImg: byId<HTMLImageElement>('preview-img'),
  previewCaption: byId<HTMLElement>('preview-caption'),
  outcome: byId<HTMLElement>('outcome'),
  details: byId<HTMLElement>('details'),
  detailsTitle: byId<HTMLElement>('details-title'),
  signalsSlot: byId<HTMLElement>('signals-slot'),
  facts: byId<HTMLElement>('facts'),
  rawJson: byId<HTMLElement>('raw-json'),
};

// ---------------------------------------------------------------------------------------------
// Engine loading

let enginePromise: Promise<LivenessEngine> | null = null;

function showProgress(p: LoadProgress): void {
  const pct = Math.round(Math.min(1, Math.max(0, p.progress)) * 100);
  ui.loadingFill.style.width = `${pct}%`;
  ui.loadingBar.setAttribute('aria-valuenow', String(pct));
  ui.loadingPercent.textContent = `${pct} %`;
  if (p.message) ui.loadingMessage.textContent = p.message;
}

function loadEngine(): Promise<LivenessEngine> {
  ui.body.dataset.engine = 'loading';
  ui.loading.hidden = false;
  ui.loadErrorSlot.replaceChildren();
  showProgress({ stage: 'worker', progress: 0, message: 'Starting the worker.' });

  const promise = createLivenessEngine({
    // Relative to this page, so the built demo works from any path (vite `base: './'`).
    assetBaseUrl: new URL('models/', document.baseURI).href,
    onProgress: showProgress,
  });
  promise.then(
    () => {
      showProgress({ stage: 'ready', progress: 1, message: 'Ready.' });
      ui.loading.hidden = true;
      ui.body.dataset.engine = 'ready';
      if (ui.outcome.dataset.state === 'idle') {
        ui.outcome.replaceChildren(el('p', { className: 'placeholder', text: IDLE_TEXT }));
      } else if (ui.outcome.dataset.state === 'checking') {
        showWorking('Analysing the image…');
      }
    },
    (err: unknown) => {
      ui.loading.hidden = true;
      ui.body.dataset.engine = 'error';
      enginePromise = null;
      showLoadError(err);
    },
  );
  return promise;
}

function getEngine(): Promise<LivenessEngine> {
  enginePromise ??= loadEngine();
  return enginePromise;
}

function showLoadError(err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  const retry = el('button', { className: 'button', text: 'Try again', attrs: { type: 'button' } });
  retry.addEventListener('click', () => {
    void getEngine().catch(() => undefined);
  });
  const panel = el(
    'section',
    { className: 'card error-panel', attrs: { 'data-testid': 'error', role: 'alert' } },
    el('h2', { className: 'error-title', text: 'The liveness engine could not load' }),
    el('p', { className: 'error-message', text: message }),
    el(
      'p',
      { className: 'error-hint' },
      'The model and WebAssembly files are served from this site under ',
      el('code', { text: 'models/' }),
      '. Run ',
      el('code', { text: 'npm install' }),
      ' (it copies the WASM files) and check that ',
      el('code', { text: 'public/models/face_landmarker.task' }),
      ' exists, then try again.',
    ),
    retry,
  );
  ui.loadErrorSlot.replaceChildren(panel);
  // Any error shown for a check belongs to a state the page has now left.
  clearOutcome('The engine is not available.');
}

// ---------------------------------------------------------------------------------------------
// Choosing an image

let checkSeq = 0;
let previewUrl: string | null = null;

function showPreview(file: Blob): void {
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = URL.createObjectURL(file);
  const name = file instanceof File && file.name ? file.name : 'Pasted image';
  const typeLabel = file.type ? file.type.replace('image/', '').toUpperCase() : 'unknown type';
  const baseCaption = `${name} · ${typeLabel} · ${formatBytes(file.size)}`;
  ui.previewCaption.textContent = baseCaption;
  ui.previewImg.classList.remove('is-broken');
  ui.previewImg.alt = 'The selected image';
  ui.previewImg.onload = () => {
    ui.previewCaption.textContent = `${baseCaption} · ${ui.previewImg.naturalWidth}×${ui.previewImg.naturalHeight} px`;
  };
  ui.previewImg.onerror = () => {
    ui.previewImg.classList.add('is-broken');
    ui.previewImg.alt = ''; // the caption says it; a broken-image alt would overlap the box
    ui.previewCaption.textContent = `${baseCaption} · the browser cannot display this file`;
  };
  ui.previewImg.src = previewUrl;
  ui.preview.hidden = false;
}

async function handleImage(file: Blob): Promise<void> {
  const seq = ++checkSeq;
  showPreview(file);
  ui.details.hidden = true;
  showWorking(ui.body.dataset.engine === 'ready' ? 'Analysing the image…' : 'Waiting for the engine to finish loading…');

  let engine: LivenessEngine;
  try {
    engine = await getEngine();
  } catch {
    return; // the load-error panel already explains it
  }
  if (seq !== checkSeq) return;

  const started = performance.now();
  let response: LivenessResponse;
  try {
    // The File/Blob itself: the engine reads EXIF from the raw bytes.
    response = await engine.check(file);
  } catch (err) {
    // `check` resolves to an error envelope by contract; this only guards the demo.
    if (seq !== checkSeq) return;
    setOutcomeState('error');
    ui.details.hidden = true;
    ui.outcome.replaceChildren(
      el(
        'div',
        { className: 'error-panel', attrs: { 'data-testid': 'error' } },
        el('p', { className: 'error-title', text: 'The check could not run' }),
        el('p', { className: 'error-message', text: err instanceof Error ? err.message : String(err) }),
      ),
    );
    return;
  }
  const elapsedMs = performance.now() - started;
  if (seq !== checkSeq) return; // a newer image was chosen meanwhile

  if (response.status === 'success') renderSuccess(response, elapsedMs, engine);
  else renderFailure(response, elapsedMs);
}

function firstImage(files: FileList | null | undefined): File | null {
  if (!files || files.length === 0) return null;
  return Array.from(files).find((f) => (ACCEPTED_TYPES as readonly string[]).includes(f.type)) ?? files[0];
}

function wirePicker(): void {
  ui.picker.addEventListener('click', () => ui.fileInput.click());
  ui.fileInput.addEventListener('change', () => {
    const file = firstImage(ui.fileInput.files);
    if (file) void handleImage(file);
    ui.fileInput.value = ''; // choosing the same file again still fires `change`
  });

  // Drops anywhere on the page are accepted (the browser would otherwise open the file);
  // the drop zone lights up while something is dragged over the window.
  let dragDepth = 0;
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  window.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dragDepth += 1;
    ui.picker.classList.add('is-dragging');
  });
  window.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('dragleave', () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) ui.picker.classList.remove('is-dragging');
  });
  window.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dragDepth = 0;
    ui.picker.classList.remove('is-dragging');
    const file = firstImage(e.dataTransfer?.files);
    if (file) void handleImage(file);
  });

  document.addEventListener('paste', (e) => {
    const items = Array.from(e.clipboardData?.items ?? []);
    const item = items.find((i) => i.kind === 'file' && i.type.startsWith('image/'));
    const file = item?.getAsFile();
    if (!file) return;
    e.preventDefault();
    void handleImage(file);
  });
}

// ---------------------------------------------------------------------------------------------
// Rendering a response

function setOutcomeState(state: 'idle' | 'checking' | 'success' | 'error'): void {
  ui.outcome.dataset.state = state;
}

function showWorking(text: string): void {
  setOutcomeState('checking');
  ui.outcome.replaceChildren(
    el('p', { className: 'working' }, el('span', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }), text),
  );
}

function clearOutcome(text: string): void {
  if (ui.outcome.querySelector('[data-testid="error"]') || ui.outcome.dataset.state === 'checking') {
    setOutcomeState('idle');
    ui.outcome.replaceChildren(el('p', { className: 'placeholder', text }));
  }
}

function renderGauge(confidence: number, threshold: number): HTMLElement {
  const band = bandOf(confidence);
  const track = el('div', { className: 'gauge-track' });
  for (const b of CONFIDENCE_BANDS) {
    const seg = el('div', { className: `gauge-band band-${b.tone}` });
    seg.style.width = percent(b.to - b.from);
    track.append(seg);
  }
  const thresholdMark = el(
    'div',
    { className: 'gauge-threshold', attrs: { title: `Threshold ${threshold.toFixed(2)}` } },
    el('span', { className: 'gauge-threshold-label', text: `threshold ${threshold.toFixed(2)}` }),
  );
  thresholdMark.style.left = percent(threshold);
  const marker = el('div', { className: 'gauge-marker' });
  marker.style.left = percent(confidence);
  track.append(thresholdMark, marker);

  const scale = el('div', { className: 'gauge-scale', attrs: { 'aria-hidden': 'true' } });
  for (const tick of [0, 0.35, 0.54, 0.62, 0.8, 1]) {
    // 0.54 sits too close to 0.62 on a phone; the legend still names every band.
    const t = el('span', { text: tick.toFixed(2), className: tick === 0.54 ? 'tick-minor' : '' });
    t.style.left = percent(tick);
    scale.append(t);
  }

  const legend = el('ul', { className: 'gauge-legend' });
  for (const b of CONFIDENCE_BANDS) {
    const item = el(
      'li',
      { className: b === band ? 'is-current' : '' },
      el('span', { className: `swatch band-${b.tone}`, attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'legend-range', text: b.range }),
      el('span', { className: 'legend-label', text: b.label }),
    );
    legend.append(item);
  }

  return el(
    'div',
    { className: 'gauge' },
    el('div', {
      className: 'gauge-meter',
      attrs: {
        role: 'meter',
        'aria-label': 'Confidence',
        'aria-valuemin': '0',
        'aria-valuemax': '1',
        'aria-valuenow': confidence.toFixed(CONFIDENCE_DIGITS),
        'aria-valuetext': `${confidence.toFixed(CONFIDENCE_DIGITS)}, ${band.label.toLowerCase()}; threshold ${threshold.toFixed(2)}`,
      },
    }, track, scale),
    legend,
  );
}

function renderSuccess(res: LivenessSuccess, elapsedMs: number, engine: LivenessEngine): void {
  const { result } = res;
  const view = VERDICT_VIEW[result.verdict];
  const band = bandOf(result.confidence);
  setOutcomeState('success');

  const notes: HTMLElement[] = [];
  const note = inconclusiveReason(res, engine.config.inconclusive_margin);
  if (note) notes.push(el('p', { className: 'note', text: note }));

  const badge = el(
    'div',
    { className: `verdict verdict-${view.tone}` },
    el('span', { className: 'verdict-word', text: result.verdict, attrs: { 'data-testid': 'verdict', 'data-verdict': result.verdict } }),
    el('span', { className: 'verdict-action', text: view.action.toLowerCase() }),
  );

  const confidenceBlock = el(
    'div',
    { className: 'confidence' },
    el('span', { className: 'confidence-caption', text: 'Confidence' }),
    el('span', {
      className: 'confidence-value',
      text: result.confidence.toFixed(CONFIDENCE_DIGITS),
      attrs: { 'data-testid': 'confidence' },
    }),
    el('span', { className: `confidence-band band-text-${band.tone}`, text: band.label }),
  );

  ui.outcome.replaceChildren(
    el(
      'div',
      { className: 'outcome-head' },
      badge,
      confidenceBlock,
    ),
    // A specific reason replaces the generic advice, which would contradict it.
    el('p', { className: 'advice' }, el('strong', { text: `${view.action}. ` }), note ? 'Ask the user for a new selfie.' : view.advice),
    ...notes,
    renderGauge(result.confidence, result.threshold),
  );

  ui.detailsTitle.textContent = `Signals (${result.signals.length})`;
  ui.signalsSlot.replaceChildren(renderSignals(result.signals));
  renderFacts(res, elapsedMs, [
    ['Face detected', result.face_detected ? 'Yes' : 'No'],
    ['Threshold', `${result.threshold.toFixed(2)} (inconclusive ±${engine.config.inconclusive_margin.toFixed(2)})`],
  ]);
  ui.rawJson.textContent = JSON.stringify(res, null, 2);
  ui.details.hidden = false;
}

/**
 * Why a result is INCONCLUSIVE although its confidence lies outside the borderline band: the face
 * was found only weakly, or more than one face was found (SPEC §3). Null when no note is needed.
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
  const head = el(
    'tr',
    {},
    ...['Signal', 'Score', 'Weight', 'Passed', 'Detail'].map((h) => el('th', { text: h, attrs: { scope: 'col' } })),
  );
  const body = el('tbody');
  for (const s of signals) {
    const fill = el('div', { className: 'scorebar-fill' });
    fill.style.width = percent(s.score);
    const row = el(
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
    );
    body.append(row);
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

function renderFacts(res: LivenessResponse, elapsedMs: number, extra: ReadonlyArray<[string, string]>): void {
  const copy = el('button', { className: 'copy', text: 'Copy', attrs: { type: 'button', 'aria-label': 'Copy request ID' } });
  copy.addEventListener('click', () => {
    navigator.clipboard?.writeText(res.request_id).then(
      () => {
        copy.textContent = 'Copied';
        window.setTimeout(() => (copy.textContent = 'Copy'), 1500);
      },
      () => {
        copy.textContent = 'Copy failed';
      },
    );
  });
  const rows: Array<[string, Node]> = [
    ['Request ID', el('span', { className: 'request-id' }, el('code', { text: res.request_id, attrs: { 'data-testid': 'request-id' } }), copy)],
    ['Check took', document.createTextNode(formatMs(elapsedMs))],
    ...extra.map(([k, v]): [string, Node] => [k, document.createTextNode(v)]),
    ['Timestamp', el('code', { text: res.timestamp })],
  ];
  ui.facts.replaceChildren(...rows.flatMap(([k, v]) => [el('div', { className: 'fact' }, el('dt', { text: k }), el('dd', {}, v))]));
}

function renderFailure(res: LivenessFailure, elapsedMs: number): void {
  const { error } = res;
  const view = ERROR_VIEW[error.code] ?? { title: 'The check failed', hint: '' };
  setOutcomeState('error');
  ui.outcome.replaceChildren(
    el(
      'div',
      { className: 'error-panel', attrs: { 'data-testid': 'error', 'data-code': error.code } },
      el('p', { className: 'error-title', text: view.title }),
      el('p', { className: 'error-message', text: error.message }),
      view.hint ? el('p', { className: 'error-hint', text: view.hint }) : '',
      el(
        'p',
        { className: 'error-meta' },
        el('code', { className: 'error-code', text: error.code }),
        el('span', { text: `HTTP ${error.http_status}` }),
        el('span', { text: error.retryable ? 'retryable' : 'not retryable' }),
      ),
    ),
  );
  ui.detailsTitle.textContent = 'Details';
  ui.signalsSlot.replaceChildren();
  renderFacts(res, elapsedMs, []);
  ui.rawJson.textContent = JSON.stringify(res, null, 2);
  ui.details.hidden = false;
}

// ---------------------------------------------------------------------------------------------

wirePicker();
void getEngine().catch(() => undefined);
