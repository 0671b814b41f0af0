/**
 * Demo page: take a selfie with live guidance, or pick, drop or paste a photo, and show the
 * engine's full response with pictures that explain it; a settings panel re-scores the last image.
 *
 * An upload goes to `engine.check` as the File itself (raw bytes, so EXIF stays readable); a camera
 * capture goes as the captured canvas (pixels, nothing re-encoded). Both take the same path from
 * there. Every string from a result is written with `textContent`.
 */
import { ConfigError, createLivenessEngine, type FrameInspection, type LivenessEngine, type LivenessInput, type LivenessResponse, type LoadProgress } from '../src/index';
import { CameraError, GuidanceLoop, grabFrame, isFrontFacing, startCamera, stopStream, type GuidanceUpdate } from './camera';
import { byId, el, formatBytes } from './dom';
import { renderFailure, renderSuccess, showCheckProblem, showPlaceholder, showWorking, type ResultView } from './results';
import { mountSettings, type SettingsValue } from './settings';
import { hideVisuals, renderVisuals, type DrawableImage, type VisualsView } from './visuals';

/** Encoded formats the engine accepts (it checks magic bytes; this list only steers the picker). */
const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/bmp'] as const;
const IDLE_TEXT = 'Take a selfie, or choose, drop or paste a photo to check it.';
/** The face-position oval: its height as a share of the frame height, and its width over its height. */
const OVAL_HEIGHT_SHARE = 0.62;
const OVAL_ASPECT = 0.75;
/** JPEG quality of the preview thumbnail of a camera capture (display only; the check gets pixels). */
const PREVIEW_JPEG_QUALITY = 0.9;
/** A result card starting lower than this share of the viewport is scrolled into view. */
const REVEAL_BELOW_SHARE = 0.6;

// ---------------------------------------------------------------------------------------------
// Page elements

const ui = {
  body: document.body,
  loading: byId<HTMLElement>('loading'),
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
  stage: byId<HTMLElement>('camera-stage'),
  video: byId<HTMLVideoElement>('camera-video'),
  oval: document.getElementById('camera-oval') as unknown as SVGSVGElement,
  mask: document.getElementById('camera-mask') as unknown as SVGPathElement,
  ellipse: document.getElementById('camera-ellipse') as unknown as SVGEllipseElement,
  faceBox: byId<HTMLElement>('camera-facebox'),
  guidanceBox: byId<HTMLElement>('guidance-box'),
  guidance: byId<HTMLElement>('camera-guidance'),
  holdFill: byId<HTMLElement>('hold-fill'),
  metrics: byId<HTMLElement>('camera-metrics'),
  cameraStart: byId<HTMLButtonElement>('camera-start'),
  cameraCapture: byId<HTMLButtonElement>('camera-capture'),
  cameraStop: byId<HTMLButtonElement>('camera-stop'),
  autoCapture: byId<HTMLInputElement>('auto-capture'),
  cameraError: byId<HTMLElement>('camera-error'),
  cameraErrorTitle: byId<HTMLElement>('camera-error-title'),
  cameraErrorHint: byId<HTMLElement>('camera-error-hint'),
  settingsRoot: byId<HTMLElement>('settings-root'),
};

const resultView: ResultView = {
  outcome: byId('outcome'),
  details: byId('details'),
  detailsTitle: byId('details-title'),
  signalsSlot: byId('signals-slot'),
  facts: byId('facts'),
  rawJson: byId('raw-json'),
  rawCopySlot: byId('raw-copy-slot'),
  diagnosticsBlock: byId<HTMLDetailsElement>('diagnostics-block'),
  diagnosticsJson: byId('diagnostics-json'),
};

const visualsView: VisualsView = {
  section: byId('visuals'),
  overlay: byId<HTMLCanvasElement>('visual-overlay'),
  crop: byId<HTMLCanvasElement>('visual-crop'),
  lbp: byId<HTMLCanvasElement>('visual-lbp'),
  spectrum: byId<HTMLCanvasElement>('visual-spectrum'),
  caption: byId('visual-caption'),
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
      if (resultView.outcome.dataset.state === 'checking') showWorking(resultView, 'Analysing the image…');
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
  // Any check in progress belongs to a state the page has now left.
  if (resultView.outcome.dataset.state === 'checking') showPlaceholder(resultView, 'The engine is not available.');
}

// ---------------------------------------------------------------------------------------------
// Checking an image (upload or capture), and re-scoring it with new settings

/** The image last checked, kept so that the settings panel can re-score it. */
interface Subject {
  /** What goes to `engine.check`: the File (raw bytes) or the capture canvas (pixels). */
  input: LivenessInput;
  /** Where it came from, for the facts list. */
  source: string;
  /** The upright picture to draw the overlay on (decoded lazily for uploads). */
  picture: Promise<DrawableImage | null>;
}

let subject: Subject | null = null;
let checkSeq = 0;
let previewUrl: string | null = null;
let settings: { current(): SettingsValue } | null = null;

function showPreview(blob: Blob, caption: string): void {
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = URL.createObjectURL(blob);
  ui.previewCaption.textContent = caption;
  ui.previewImg.classList.remove('is-broken');
  ui.previewImg.alt = 'The image being checked';
  ui.previewImg.onload = () => {
    ui.previewCaption.textContent = `${caption} · ${ui.previewImg.naturalWidth}×${ui.previewImg.naturalHeight} px`;
  };
  ui.previewImg.onerror = () => {
    ui.previewImg.classList.add('is-broken');
    ui.previewImg.alt = ''; // the caption says it; a broken-image alt would overlap the box
    ui.previewCaption.textContent = `${caption} · the browser cannot display this file`;
  };
  ui.previewImg.src = previewUrl;
  ui.preview.hidden = false;
}

/** Runs the check of the current subject with the panel's settings and renders the answer. */
async function runCheck(reason: 'new' | 'rescore'): Promise<void> {
  const current = subject;
  if (!current) return;
  const seq = ++checkSeq;
  const config = settings?.current() ?? null;
  showWorking(
    resultView,
    ui.body.dataset.engine !== 'ready'
      ? 'Waiting for the engine to finish loading…'
      : reason === 'rescore'
        ? 'Re-scoring with the new settings…'
        : 'Analysing the image…',
  );
  if (reason === 'new') {
    resultView.details.hidden = true;
    hideVisuals(visualsView);
    revealOutcome();
  }

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
    response = await engine.check(current.input, {
      visuals: true,
      ...(config && config.changed.length > 0 ? { config: config.input } : {}),
    });
  } catch (err) {
    // `check` resolves to an error envelope by contract; it rejects only for a bad configuration.
    if (seq !== checkSeq) return;
    const title = err instanceof ConfigError ? 'These settings are not valid' : 'The check could not run';
    showCheckProblem(resultView, title, err instanceof Error ? err.message : String(err));
    hideVisuals(visualsView);
    return;
  }
  const elapsedMs = performance.now() - started;
  if (seq !== checkSeq) return; // a newer image or setting came meanwhile

  const margin = config?.resolved.inconclusive_margin ?? engine.config.inconclusive_margin;
  const context = { elapsedMs, margin, source: current.source, customSettings: config?.changed ?? [] };
  if (response.status === 'success') {
    renderSuccess(resultView, response, context);
    renderVisuals(visualsView, await current.picture, response.diagnostics);
  } else {
    renderFailure(resultView, response, context);
    hideVisuals(visualsView);
  }
}

/** On a phone the result sits below the inputs: bring it into view when a new check starts. */
function revealOutcome(): void {
  const card = resultView.outcome.closest('section') ?? resultView.outcome;
  const { top } = card.getBoundingClientRect();
  if (top < 0 || top > window.innerHeight * REVEAL_BELOW_SHARE) {
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    card.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
  }
}

function checkFile(file: Blob): void {
  const name = file instanceof File && file.name ? file.name : 'Pasted image';
  const typeLabel = file.type ? file.type.replace('image/', '').toUpperCase() : 'unknown type';
  const caption = `${name} · ${typeLabel} · ${formatBytes(file.size)}`;
  showPreview(file, caption);
  subject = {
    // The File/Blob itself: the engine reads EXIF from the raw bytes.
    input: file,
    source: caption,
    // Upright as the engine sees it (EXIF orientation applied); null when the browser cannot decode it.
    picture: createImageBitmap(file, { imageOrientation: 'from-image' }).catch(() => null),
  };
  void runCheck('new');
}

function checkCapture(canvas: HTMLCanvasElement): void {
  const caption = `Camera capture · ${canvas.width}×${canvas.height} px`;
  canvas.toBlob((blob) => blob && subject?.input === canvas && showPreview(blob, 'Camera capture'), 'image/jpeg', PREVIEW_JPEG_QUALITY);
  subject = { input: canvas, source: caption, picture: Promise.resolve(canvas) };
  void runCheck('new');
}

// ---------------------------------------------------------------------------------------------
// Upload: picker, drag and drop, paste

function firstImage(files: FileList | null | undefined): File | null {
  if (!files || files.length === 0) return null;
  return Array.from(files).find((f) => (ACCEPTED_TYPES as readonly string[]).includes(f.type)) ?? files[0];
}

function wirePicker(): void {
  ui.picker.addEventListener('click', () => ui.fileInput.click());
  ui.fileInput.addEventListener('change', () => {
    const file = firstImage(ui.fileInput.files);
    if (file) checkFile(file);
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
    if (file) checkFile(file);
  });

  document.addEventListener('paste', (e) => {
    const items = Array.from(e.clipboardData?.items ?? []);
    const item = items.find((i) => i.kind === 'file' && i.type.startsWith('image/'));
    const file = item?.getAsFile();
    if (!file) return;
    e.preventDefault();
    checkFile(file);
  });
}

// ---------------------------------------------------------------------------------------------
// Camera

let stream: MediaStream | null = null;
let loop: GuidanceLoop | null = null;

function setGuidance(code: string, message: string, ok: boolean): void {
  // Only a changed instruction is written, so a screen reader hears each one once.
  if (ui.guidance.dataset.guidance !== code) {
    ui.guidance.dataset.guidance = code;
    ui.guidance.textContent = message;
  }
  ui.guidanceBox.dataset.ok = String(ok);
  ui.stage.dataset.ok = String(ok && stream !== null);
}

/** Fits the oval and its dimming mask to the camera's frame size. */
function layoutOval(width: number, height: number): void {
  ui.oval.setAttribute('viewBox', `0 0 ${width} ${height}`);
  ui.stage.style.aspectRatio = `${width} / ${height}`;
  const ry = (height * OVAL_HEIGHT_SHARE) / 2;
  const rx = ry * OVAL_ASPECT;
  const cx = width / 2;
  const cy = height / 2;
  ui.ellipse.setAttribute('cx', String(cx));
  ui.ellipse.setAttribute('cy', String(cy));
  ui.ellipse.setAttribute('rx', String(rx));
  ui.ellipse.setAttribute('ry', String(ry));
  // The frame minus the oval (even-odd fill), to dim what lies outside it.
  ui.mask.setAttribute(
    'd',
    `M0 0H${width}V${height}H0Z M${cx - rx} ${cy}a${rx} ${ry} 0 1 0 ${2 * rx} 0a${rx} ${ry} 0 1 0 ${-2 * rx} 0Z`,
  );
}

function showFaceBox(update: GuidanceUpdate): void {
  const box = update.frame.face_box;
  if (!box) {
    ui.faceBox.hidden = true;
    return;
  }
  // The preview of a front camera is mirrored, and so is the box drawn over it.
  const mirrored = ui.stage.classList.contains('is-mirrored');
  ui.faceBox.style.left = `${(mirrored ? 1 - box.x - box.width : box.x) * 100}%`;
  ui.faceBox.style.top = `${box.y * 100}%`;
  ui.faceBox.style.width = `${box.width * 100}%`;
  ui.faceBox.style.height = `${box.height * 100}%`;
  ui.faceBox.dataset.ok = String(update.guidance.ok);
  ui.faceBox.hidden = false;
}

/** The measurements behind the guidance, in one line (for integrators tuning `GUIDANCE`). */
function describeFrame(frame: FrameInspection): string {
  const parts = [`${frame.face_count} face${frame.face_count === 1 ? '' : 's'}`];
  if (frame.face_area_ratio !== null) parts.push(`size ${(frame.face_area_ratio * 100).toFixed(0)} %`);
  if (frame.pose) parts.push(`yaw ${frame.pose.yaw.toFixed(0)}° pitch ${frame.pose.pitch.toFixed(0)}° roll ${frame.pose.roll.toFixed(0)}°`);
  parts.push(`light ${frame.brightness.toFixed(0)}`);
  if (frame.sharpness !== null) parts.push(`sharpness ${frame.sharpness.toFixed(0)}`);
  parts.push(`${frame.elapsed_ms.toFixed(0)} ms`);
  return parts.join(' · ');
}

function setCameraState(state: 'off' | 'starting' | 'live'): void {
  ui.stage.dataset.state = state;
  ui.cameraStart.hidden = state === 'live';
  ui.cameraStart.disabled = state === 'starting';
  ui.cameraCapture.hidden = state !== 'live';
  ui.cameraStop.hidden = state !== 'live';
}

function stopCamera(): void {
  loop?.stop();
  loop = null;
  if (stream) stopStream(stream);
  stream = null;
  ui.video.srcObject = null;
  ui.faceBox.hidden = true;
  ui.metrics.textContent = '';
  ui.holdFill.style.width = '0%';
  setCameraState('off');
}

function showCameraError(error: CameraError | null): void {
  ui.cameraError.hidden = error === null;
  if (!error) return;
  ui.cameraError.dataset.reason = error.reason;
  ui.cameraErrorTitle.textContent = error.title;
  ui.cameraErrorHint.textContent = error.hint;
}

function capture(): void {
  if (!stream || ui.video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return;
  const canvas = grabFrame(ui.video);
  stopCamera();
  ui.cameraStart.textContent = 'Retake with the camera';
  setGuidance('captured', 'Captured. The result is on the right (or below on a phone).', true);
  checkCapture(canvas);
  // Keyboard and screen-reader users land on the answer.
  resultView.outcome.focus({ preventScroll: true });
}

async function startCapture(): Promise<void> {
  showCameraError(null);
  setCameraState('starting');
  setGuidance('starting', 'Starting the camera…', false);
  try {
    stream = await startCamera(ui.video);
  } catch (error) {
    setCameraState('off');
    setGuidance('off', 'The camera is off.', false);
    showCameraError(error instanceof CameraError ? error : new CameraError('failed', 'The camera could not be started', String(error)));
    return;
  }
  const liveStream = stream;
  ui.stage.classList.toggle('is-mirrored', isFrontFacing(liveStream));
  layoutOval(ui.video.videoWidth, ui.video.videoHeight);
  setCameraState('live');
  setGuidance('waiting', ui.body.dataset.engine === 'ready' ? 'Put your face in the oval.' : 'Loading the engine…', false);
  liveStream.getVideoTracks()[0]?.addEventListener('ended', () => {
    if (stream !== liveStream) return;
    stopCamera();
    showCameraError(new CameraError('busy', 'The camera stopped', 'It was disconnected or taken by another app. Press "Start camera" to try again.'));
  });
  loop = new GuidanceLoop(ui.video, {
    inspect: async (frame) => (await getEngine()).inspectFrame(frame),
    onUpdate: (update) => {
      setGuidance(update.guidance.code, update.guidance.message, update.guidance.ok);
      ui.holdFill.style.width = `${Math.round(update.hold * 100)}%`;
      showFaceBox(update);
      ui.metrics.textContent = describeFrame(update.frame);
    },
    onReady: capture,
    autoCapture: () => ui.autoCapture.checked,
  });
  loop.start();
  ui.cameraCapture.focus();
}

function wireCamera(): void {
  ui.cameraStart.addEventListener('click', () => void startCapture());
  ui.cameraCapture.addEventListener('click', capture);
  ui.cameraStop.addEventListener('click', () => {
    stopCamera();
    setGuidance('off', 'The camera is off.', false);
    ui.cameraStart.focus();
  });
  // A hidden page keeps no camera open.
  document.addEventListener('visibilitychange', () => {
    if (document.hidden && stream) {
      stopCamera();
      setGuidance('off', 'The camera was turned off while the page was hidden.', false);
    }
  });
  layoutOval(640, 480);
}

// ---------------------------------------------------------------------------------------------

resultView.outcome.tabIndex = -1;
showPlaceholder(resultView, IDLE_TEXT);
wirePicker();
wireCamera();
settings = mountSettings(ui.settingsRoot, () => void runCheck('rescore'));
void getEngine().catch(() => undefined);
