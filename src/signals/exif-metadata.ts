/**
 * Signal 7, `exif_metadata`: what the raw file's EXIF says about its origin. A camera writes its
 * make, model and exposure; a screenshot or an editor writes its own name in the Software tag. EXIF
 * is easy to strip or forge, so its absence is neutral and its presence only mildly positive.
 */
import { measuredScore, NEUTRAL_SCORE, unmeasured } from './mapping.js';
import type { ExifSummary } from '../input/exif.js';
import type { SignalFunction } from './types.js';

/** Score of a file without EXIF: neutral, since many apps strip it. */
export const NO_EXIF_SCORE = NEUTRAL_SCORE;
/** Score when the Software tag names capture or editing software (takes precedence). */
export const EDITING_SOFTWARE_SCORE = 0.1;
/** Score of EXIF without camera make or model. */
export const NO_CAMERA_SCORE = 0.55;
/** Score of a camera make or model. */
export const CAMERA_SCORE = 0.75;
/** Added per optical parameter (f-number, ISO, exposure time, focal length, GPS) on top of a make or model. */
const OPTICAL_BONUS = 0.05;
/** Added per optical parameter when no make or model is present (weaker evidence)… */
const OPTICAL_BONUS_WITHOUT_CAMERA = 0.03;
/** … up to this score, below CAMERA_SCORE. */
const MAX_SCORE_WITHOUT_CAMERA = 0.7;
/** Longest tag text quoted in a detail sentence. */
const MAX_TAG_CHARS_SHOWN = 60;

/**
 * Capture and editing software that the Software tag may name (case-insensitive). "obs" must be a
 * whole word (so "iOS" or "Jobs" do not match); the others match anywhere in the tag.
 */
const EDITING_SOFTWARE: readonly { readonly word: string; readonly pattern: RegExp }[] = Object.freeze([
  { word: 'screenshot', pattern: /screenshot/i },
  { word: 'screen capture', pattern: /screen[\s_-]?capture/i },
  { word: 'snipping', pattern: /snipping/i },
  { word: 'obs', pattern: /\bobs\b/i },
  { word: 'bandicam', pattern: /bandicam/i },
  { word: 'photoshop', pattern: /photoshop/i },
  { word: 'gimp', pattern: /gimp/i },
  { word: 'preview', pattern: /preview/i },
  { word: 'snagit', pattern: /snagit/i },
]);

/**
 * The capture or editing software word that `software` contains, if any.
 * @returns the matched word from the contract's list (lower case), or null.
 */
export function editingSoftwareWord(software: string | undefined): string | null {
  if (software === undefined) return null;
  for (const { word, pattern } of EDITING_SOFTWARE) if (pattern.test(software)) return word;
  return null;
}

function hasText(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function isPositive(value: number | undefined): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** Names of the optical parameters present with plausible (positive, finite) values. */
function opticalParameters(exif: ExifSummary): string[] {
  const present: string[] = [];
  if (isPositive(exif.fNumber)) present.push('f-number');
  if (isPositive(exif.iso)) present.push('ISO');
  if (isPositive(exif.exposureTime)) present.push('exposure time');
  if (isPositive(exif.focalLength)) present.push('focal length');
  if (exif.hasGps === true) present.push('GPS');
  return present;
}

/** Tag text for a detail sentence: trimmed, shortened, and with quotes and control characters removed. */
function quote(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f"]/g, ' ').trim();
  return `"${clean.length > MAX_TAG_CHARS_SHOWN ? `${clean.slice(0, MAX_TAG_CHARS_SHOWN)}…` : clean}"`;
}

/**
 * Camera metadata. Tiers: no EXIF 0.50 (neutral); Software naming capture or editing software
 * 0.10 (takes precedence); EXIF without camera make/model 0.55 (+0.03 per optical parameter, at
 * most 0.70); make or model 0.75, +0.05 per optical parameter (f-number, ISO, exposure time,
 * focal length, GPS), at most 1.00.
 */
export const exifMetadata: SignalFunction = (input) => {
  const { exif } = input;
  if (exif === null) {
    return unmeasured('No EXIF available: the image was given as pixels, which carry no metadata (neutral).');
  }
  if (!exif.present) {
    return measuredScore(NO_EXIF_SCORE, 'No EXIF metadata in the file (neutral: many apps strip it).', { exif_present: 0 });
  }
  const word = editingSoftwareWord(exif.software);
  if (word !== null && exif.software !== undefined) {
    return measuredScore(
      EDITING_SOFTWARE_SCORE,
      `EXIF Software tag ${quote(exif.software)} names capture or editing software ("${word}"): not a direct camera capture.`,
      { exif_present: 1, editing_software: 1 },
    );
  }
  const optical = opticalParameters(exif);
  const camera = [exif.make, exif.model].filter(hasText).map((text) => text.trim());
  const raw = { exif_present: 1, editing_software: 0, camera_tags: camera.length, optical_parameters: optical.length };
  const opticalText = optical.length > 0 ? ` with ${optical.join(', ')}` : ' without optical parameters';
  if (camera.length === 0) {
    const score = Math.min(MAX_SCORE_WITHOUT_CAMERA, NO_CAMERA_SCORE + OPTICAL_BONUS_WITHOUT_CAMERA * optical.length);
    return measuredScore(score, `EXIF present without camera make or model${opticalText}.`, raw);
  }
  const score = CAMERA_SCORE + OPTICAL_BONUS * optical.length;
  return measuredScore(score, `EXIF names the camera ${quote(camera.join(' '))}${opticalText}.`, raw);
};
