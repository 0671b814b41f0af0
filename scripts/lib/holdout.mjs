/**
 * The held-out split of a development set: a seeded rule that sets about a quarter of the sources
 * aside before anything is fitted, so that no fit, weight search, threshold or design choice ever sees
 * them. Everything fitted is fitted on the other sources (with leave-one-source-out inside them); the
 * held-out part is measured once the choices are made.
 *
 * The rule, fixed before any measurement:
 * 1. Sources fall into two strata by framing: `full` (whole frames, as an onboarding page receives
 *    them: the device or paper in view) and `crop` (tight face crops made by their collectors).
 * 2. Within each stratum the sources are ordered by FNV-1a hash of `seed:source`, and the first
 *    round(n × HOLDOUT_FRACTION) are held out.
 * 3. The draw is kept only if the held-out part has, each from at least one source: live images in
 *    both strata, screen replays in both strata, at least MIN_HELD_OUT_OTHER_PRINTS printed-photo
 *    attacks from one source other than the NUAA collection, and synthetic faces (gan or diffusion).
 *    Otherwise the seed is increased by one and the draw repeated. HOLDOUT_SEED is the first seed tried.
 * Pure functions, no I/O.
 * @module
 */

/** First seed tried by the rule. */
export const HOLDOUT_SEED = 20261203;
/** Share of each stratum's sources held out. */
export const HOLDOUT_FRACTION = 0.25;
/** Prints a held-out source other than NUAA must carry for the print clause of the rule. */
export const MIN_HELD_OUT_OTHER_PRINTS = 10;
/** Sources with tight face crops (the collectors cropped the face); every other source is a whole frame. */
export const CROP_SOURCES = Object.freeze([
  'gh_AksultanMukhanbet__recognize_with_python',
  'gh_Apfol__liveness-detection-opencv',
  'gh_BalveerSinghYT__Smart-Facial-Recognition-Attendance-System',
  'gh_ShivamYadav09__FaceRecogWithLivenessDetection',
  'gh_TrickyF0x__twoFactorLivenessDetection',
  'gh_a312863063__seeprettyface-generator-yellow',
  'gh_alexcamargoweb__liveness-detection',
  'gh_jtboing__liveness-web-demo',
  'gh_lestari15__CNN-face-detection',
  'gh_nvlong21_face_anti_spoofing__NUAA',
  'gh_saikan45__Liveness_Face_Detection_Home_Security_System',
  'gh_tranvanluyt2203__face_anti_spoofing__kaggle_real_and_fake_face',
]);
const NUAA = 'gh_nvlong21_face_anti_spoofing__NUAA';
const SYNTHETIC = new Set(['gan', 'diffusion']);
const MAX_TRIES = 10_000;

/**
 * @param {string} source
 * @returns {'full' | 'crop'}
 */
export function framingOf(source) {
  return CROP_SOURCES.includes(source) ? 'crop' : 'full';
}

/**
 * 32-bit FNV-1a hash of a string's UTF-16 code units.
 * @param {string} text
 * @returns {number}
 */
export function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * @typedef {{ label: string, attack_type: string, source: string }} ManifestRow
 * @typedef {{ seed: number, heldOut: string[], development: string[], tries: number }} HoldoutSplit
 */

/**
 * The held-out sources of a manifest under the rule above.
 * @param {readonly ManifestRow[]} rows manifest rows (label `live` or `spoof`, attack_type, source)
 * @param {{ seed?: number, fraction?: number }} [options]
 * @returns {HoldoutSplit}
 */
export function holdoutSplit(rows, { seed = HOLDOUT_SEED, fraction = HOLDOUT_FRACTION } = {}) {
  const sources = [...new Set(rows.map((r) => r.source))].sort();
  for (let tries = 1; tries <= MAX_TRIES; tries++) {
    const s = seed + tries - 1;
    /** @type {string[]} */
    const heldOut = [];
    for (const framing of /** @type {const} */ (['full', 'crop'])) {
      const stratum = sources.filter((source) => framingOf(source) === framing);
      stratum.sort((a, b) => fnv1a(`${s}:${a}`) - fnv1a(`${s}:${b}`) || (a < b ? -1 : 1));
      heldOut.push(...stratum.slice(0, Math.round(stratum.length * fraction)));
    }
    if (meetsRule(rows, new Set(heldOut))) {
      heldOut.sort();
      return { seed: s, heldOut, development: sources.filter((x) => !heldOut.includes(x)), tries };
    }
  }
  throw new Error(`no draw of ${MAX_TRIES} seeds from ${seed} meets the held-out rule`);
}

/**
 * Whether a set of held-out sources has what the rule asks of it (clause 3).
 * @param {readonly ManifestRow[]} rows
 * @param {ReadonlySet<string>} heldOut
 */
export function meetsRule(rows, heldOut) {
  const held = rows.filter((r) => heldOut.has(r.source));
  const has = (/** @type {(r: ManifestRow) => boolean} */ test) => held.some(test);
  const printsBySource = new Map();
  for (const r of held) {
    if (r.label === 'spoof' && r.attack_type === 'print' && r.source !== NUAA) {
      printsBySource.set(r.source, (printsBySource.get(r.source) ?? 0) + 1);
    }
  }
  return (
    has((r) => r.label === 'live' && framingOf(r.source) === 'full') &&
    has((r) => r.label === 'live' && framingOf(r.source) === 'crop') &&
    has((r) => r.attack_type === 'screen_replay' && framingOf(r.source) === 'full') &&
    has((r) => r.attack_type === 'screen_replay' && framingOf(r.source) === 'crop') &&
    has((r) => SYNTHETIC.has(r.attack_type)) &&
    [...printsBySource.values()].some((n) => n >= MIN_HELD_OUT_OTHER_PRINTS)
  );
}
