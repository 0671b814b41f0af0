/**
 * Camera capture with live guidance. `startCamera` opens the front camera (getUserMedia) and turns
 * its failures into messages a person can act on; `GuidanceLoop` sends one frame at a time to the
 * engine's worker (`inspectFrame`), drops frames while the worker is busy, and reports the
 * instruction and the auto-capture countdown. The preview <video> keeps playing on the main thread
 * throughout, since no analysis runs there.
 */
import type { FrameInspection } from '../src/index';
import { GUIDANCE, NOT_GREEN, assessFrame, holdProgress, nextHold, type Guidance, type HoldState } from './guidance';

/** Why the camera could not start. */
export type CameraProblem = 'denied' | 'not-found' | 'busy' | 'insecure' | 'failed';

/** A camera failure with what to tell the user. */
export class CameraError extends Error {
  override name = 'CameraError';
  constructor(
    readonly reason: CameraProblem,
    readonly title: string,
    readonly hint: string,
    cause?: unknown,
  ) {
    super(title, { cause });
  }
}

/** Ideal capture size: large enough for the texture signals, small enough for a phone. */
const IDEAL_WIDTH = 1280;
const IDEAL_HEIGHT = 720;
/** A frame callback that never comes (hidden tab, some headless setups) is replaced by a timer. */
const FRAME_WAIT_FALLBACK_MS = 100;
/** Pause after an inspection failed (engine still loading, a frame that could not be read). */
const INSPECT_RETRY_MS = 300;

function problem(error: unknown): CameraError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return new CameraError(
        'denied',
        'Camera access was refused',
        'Allow the camera for this site in the browser (the camera icon in the address bar, or the site settings), then press "Start camera" again. You can also upload a photo below.',
        error,
      );
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return new CameraError('not-found', 'No camera was found', 'Connect a camera, or upload a photo below instead.', error);
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return new CameraError('busy', 'The camera could not be started', 'Another app or tab may be using it. Close it and press "Start camera" again, or upload a photo below.', error);
    default:
      return new CameraError('failed', 'The camera could not be started', `${error instanceof Error ? error.message : String(error)} You can upload a photo below instead.`, error);
  }
}

/**
 * Opens the camera, preferring the front (user-facing) one, and plays it in `video`.
 * @throws CameraError with a reason and a message for the user.
 */
export async function startCamera(video: HTMLVideoElement): Promise<MediaStream> {
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
    throw new CameraError(
      'insecure',
      'The camera is not available on this page',
      'Browsers allow the camera only on https:// pages or on localhost. Open the demo over https, or upload a photo below.',
    );
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: 'user' }, width: { ideal: IDEAL_WIDTH }, height: { ideal: IDEAL_HEIGHT } },
    });
  } catch (error) {
    const failure = problem(error);
    if (failure.reason !== 'not-found' || (error as Error).name !== 'OverconstrainedError') throw failure;
    // A camera exists but not at the size asked for: take any.
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: true });
    } catch (retryError) {
      throw problem(retryError);
    }
  }
  video.srcObject = stream;
  video.muted = true;
  video.playsInline = true;
  try {
    await video.play();
  } catch (error) {
    stopStream(stream);
    video.srcObject = null;
    throw problem(error);
  }
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) {
    await new Promise<void>((resolve) => video.addEventListener('loadeddata', () => resolve(), { once: true }));
  }
  return stream;
}

export function stopStream(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** Is the stream's camera user-facing (so the preview should be mirrored)? Unknown counts as yes. */
export function isFrontFacing(stream: MediaStream): boolean {
  const facing = stream.getVideoTracks()[0]?.getSettings().facingMode;
  return facing !== 'environment';
}

/** The current video frame as a canvas (unmirrored, full camera resolution). */
export function grabFrame(video: HTMLVideoElement): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas context unavailable');
  ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
  return canvas;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => window.setTimeout(resolve, ms));
}

function nextVideoFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => {
    const timer = window.setTimeout(resolve, FRAME_WAIT_FALLBACK_MS);
    const done = () => {
      window.clearTimeout(timer);
      resolve();
    };
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(done);
    else requestAnimationFrame(done);
  });
}

/** What the loop reports after each inspected frame. */
export interface GuidanceUpdate {
  guidance: Guidance;
  frame: FrameInspection;
  /** Share of the auto-capture hold done, in [0,1]. */
  hold: number;
}

export interface GuidanceLoopOptions {
  /** One quick look at a frame in the worker (`engine.inspectFrame`). */
  inspect(frame: ImageBitmap): Promise<FrameInspection>;
  onUpdate(update: GuidanceUpdate): void;
  /** Called once the guidance has been green long enough, when `autoCapture()` says so. */
  onReady(): void;
  autoCapture(): boolean;
}

/** Inspects one frame at a time until stopped; frames that arrive while the worker is busy are dropped. */
export class GuidanceLoop {
  private running = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly options: GuidanceLoopOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.run();
  }

  stop(): void {
    this.running = false;
  }

  private async run(): Promise<void> {
    let previous: FrameInspection | null = null;
    let hold: HoldState = NOT_GREEN;
    let lastAt = 0;
    while (this.running) {
      await nextVideoFrame(this.video);
      const wait = GUIDANCE.minInspectIntervalMs - (performance.now() - lastAt);
      if (wait > 0) await sleep(wait);
      if (!this.running) return;
      lastAt = performance.now();
      let frame: FrameInspection;
      try {
        // One frame in flight at a time: the next is grabbed only when this answer is back.
        frame = await this.options.inspect(await createImageBitmap(this.video));
      } catch {
        await sleep(INSPECT_RETRY_MS);
        continue;
      }
      if (!this.running) return;
      const guidance = assessFrame(frame, previous);
      previous = frame;
      const now = performance.now();
      hold = nextHold(hold, guidance.ok, now);
      const progress = holdProgress(hold, now);
      this.options.onUpdate({ guidance, frame, hold: this.options.autoCapture() ? progress : 0 });
      if (progress >= 1 && this.options.autoCapture()) {
        this.running = false;
        this.options.onReady();
        return;
      }
    }
  }
}
