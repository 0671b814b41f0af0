/**
 * Live capture guidance: turns one `engine.inspectFrame` answer (and the one before it) into a
 * single instruction for the person in front of the camera. Pure functions and constants only;
 * the camera module owns the loop and the timing.
 *
 * Every threshold lives in `GUIDANCE`. They follow the README's "Image guidance for end users" (face 10–40 % of the frame, head within
 * ±30°, even light, one face) with some margin, so that a frame the guidance accepts also scores
 * well on the geometry signals.
 */
import type { FrameInspection } from '../src/index';

/** Thresholds of the capture guidance (shares of the frame, degrees, grey levels). */
export const GUIDANCE = Object.freeze({
  /** Face box area over frame area below which the user is asked to come closer (the guidance: 10 %). */
  minFaceArea: 0.1,
  /** Face box area over frame area above which the user is asked to move back (the guidance: 40 %). */
  maxFaceArea: 0.4,
  /** Largest horizontal distance of the face centre from the frame centre, as a share of the width. */
  maxCentreOffsetX: 0.15,
  /** Largest vertical distance of the face centre from the frame centre, as a share of the height. */
  maxCentreOffsetY: 0.18,
  /** Largest |yaw| in degrees (the guidance allows ±30°; the signal decays past 35°). */
  maxYawDeg: 20,
  /** Largest |pitch| in degrees. */
  maxPitchDeg: 20,
  /** Largest |roll| in degrees. */
  maxRollDeg: 15,
  /** Mean face luma (0–255) below which the frame is too dark. */
  minBrightness: 60,
  /** Mean face luma (0–255) above which the face is washed out (glare, overexposure). */
  maxBrightness: 225,
  /** Laplacian variance of the face region (at inspection size) below which the frame is too blurry. */
  minSharpness: 20,
  /** Face-centre movement between two inspected frames, as a share of the face width, above which the user is asked to hold still. */
  maxMovement: 0.06,
  /** Relative change of the face width between two inspected frames above which the user is asked to hold still. */
  maxScaleChange: 0.08,
  /** How long guidance must stay green before the frame is captured automatically, in ms. */
  autoCaptureHoldMs: 1000,
  /** Consecutive green inspections needed as well (a slow device may inspect only a few frames a second). */
  autoCaptureMinFrames: 3,
  /** Shortest time between two inspections, in ms (caps the worker at about 12 frames a second). */
  minInspectIntervalMs: 80,
});

/** Machine id of each instruction (also exposed on the page as `data-guidance`). */
export type GuidanceCode =
  | 'no-face'
  | 'many-faces'
  | 'too-dark'
  | 'too-bright'
  | 'move-closer'
  | 'move-back'
  | 'centre'
  | 'face-camera'
  | 'hold-still'
  | 'too-blurry'
  | 'ready';

export interface Guidance {
  code: GuidanceCode;
  /** Green: the frame is good enough to capture. */
  ok: boolean;
  /** The instruction shown to the user. */
  message: string;
}

const MESSAGES: Readonly<Record<GuidanceCode, string>> = {
  'no-face': 'No face found — look into the camera',
  'many-faces': 'More than one face — only one person, please',
  'too-dark': 'Too dark — find more light in front of you',
  'too-bright': 'Too bright — avoid direct light or glare on your face',
  'move-closer': 'Move closer',
  'move-back': 'Move back a little',
  centre: 'Centre your face in the oval',
  'face-camera': 'Face the camera — look straight ahead',
  'hold-still': 'Hold still',
  'too-blurry': 'Too blurry — hold still and clean the lens',
  ready: 'Perfect — hold still',
};

function guidance(code: GuidanceCode): Guidance {
  return { code, ok: code === 'ready', message: MESSAGES[code] };
}

/** Has the face moved (or changed size) too much since the previous inspected frame? */
function moved(current: NonNullable<FrameInspection['face_box']>, previous: FrameInspection['face_box']): boolean {
  if (!previous) return false;
  const dx = current.x + current.width / 2 - (previous.x + previous.width / 2);
  const dy = current.y + current.height / 2 - (previous.y + previous.height / 2);
  const shift = Math.hypot(dx, dy) / Math.max(current.width, 1e-6);
  const scale = Math.abs(current.width - previous.width) / Math.max(previous.width, 1e-6);
  return shift > GUIDANCE.maxMovement || scale > GUIDANCE.maxScaleChange;
}

/**
 * The one instruction for this frame, most fundamental problem first: presence, count, light,
 * distance, position, pose, motion, focus.
 * @param frame  the inspection of the current frame
 * @param previous  the inspection of the previous frame, or null for the first one
 */
export function assessFrame(frame: FrameInspection, previous: FrameInspection | null): Guidance {
  if (frame.face_count === 0 || !frame.face_box) return guidance('no-face');
  if (frame.face_count > 1) return guidance('many-faces');
  if (frame.brightness < GUIDANCE.minBrightness) return guidance('too-dark');
  if (frame.brightness > GUIDANCE.maxBrightness) return guidance('too-bright');
  const area = frame.face_area_ratio ?? frame.face_box.width * frame.face_box.height;
  if (area < GUIDANCE.minFaceArea) return guidance('move-closer');
  if (area > GUIDANCE.maxFaceArea) return guidance('move-back');
  const box = frame.face_box;
  const offsetX = Math.abs(box.x + box.width / 2 - 0.5);
  const offsetY = Math.abs(box.y + box.height / 2 - 0.5);
  if (offsetX > GUIDANCE.maxCentreOffsetX || offsetY > GUIDANCE.maxCentreOffsetY) return guidance('centre');
  const pose = frame.pose;
  if (
    pose &&
    (Math.abs(pose.yaw) > GUIDANCE.maxYawDeg || Math.abs(pose.pitch) > GUIDANCE.maxPitchDeg || Math.abs(pose.roll) > GUIDANCE.maxRollDeg)
  ) {
    return guidance('face-camera');
  }
  if (previous?.face_count === 1 && moved(box, previous.face_box)) return guidance('hold-still');
  if (frame.sharpness !== null && frame.sharpness < GUIDANCE.minSharpness) return guidance('too-blurry');
  return guidance('ready');
}

/** Where the auto-capture countdown stands after one more assessed frame. */
export interface HoldState {
  /** When the current green run began (ms, `performance.now()` clock), or null when not green. */
  greenSince: number | null;
  /** Green inspections in the current run. */
  greenFrames: number;
}

export const NOT_GREEN: HoldState = Object.freeze({ greenSince: null, greenFrames: 0 });

/** Advance the green run by one assessed frame. */
export function nextHold(state: HoldState, ok: boolean, now: number): HoldState {
  if (!ok) return NOT_GREEN;
  return { greenSince: state.greenSince ?? now, greenFrames: state.greenFrames + 1 };
}

/** Share of the hold done, in [0,1]; 1 means capture now. */
export function holdProgress(state: HoldState, now: number): number {
  if (state.greenSince === null) return 0;
  const byTime = (now - state.greenSince) / GUIDANCE.autoCaptureHoldMs;
  const byFrames = state.greenFrames / GUIDANCE.autoCaptureMinFrames;
  return Math.max(0, Math.min(1, byTime, byFrames));
}
