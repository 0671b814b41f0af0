/**
 * Every signal, named once: machine id and label, in the response's fixed order, the optional ones
 * marked with the configuration switch that turns them on. The signal name types, the registry (which
 * adds the measurements), the public `SIGNALS`, the demo's labels and the fit's signal list all derive
 * from this table. It holds no measurement code, so the main-thread facade stays small.
 */

/** The table itself, frozen entries included. Order: the eight contract signals, then the optional ones. */
export const SIGNAL_CATALOG = freezeEntries([
  { name: 'sharpness', label: 'Image sharpness' },
  { name: 'eye_aspect_ratio', label: 'Eyes open' },
  { name: 'head_pose', label: 'Head pose' },
  { name: 'face_area_ratio', label: 'Face size in frame' },
  { name: 'facial_symmetry', label: 'Facial symmetry' },
  { name: 'lbp_texture', label: 'Skin texture (LBP)' },
  { name: 'exif_metadata', label: 'Camera metadata (EXIF)' },
  { name: 'fft_deepfake', label: 'Frequency spectrum' },
  { name: 'learned_texture', label: 'Learned texture (anti-spoof model)', switchedOnBy: 'enable_learned_texture' },
] as const);

type CatalogEntry = (typeof SIGNAL_CATALOG)[number];

/** Machine ids of the eight contract signals, in their fixed order. */
export type SignalName = Exclude<CatalogEntry, { switchedOnBy: string }>['name'];

/** Machine ids of the optional signals, each behind its own configuration switch. */
export type OptionalSignalName = Extract<CatalogEntry, { switchedOnBy: string }>['name'];

/** The configuration keys that switch an optional signal on. */
export type SignalSwitch = Extract<CatalogEntry, { switchedOnBy: string }>['switchedOnBy'];

/** A contract signal's machine id and human-readable label. */
export interface SignalInfo {
  /** Machine id, as in the response. */
  readonly name: SignalName;
  /** Human-readable name, safe for UIs. */
  readonly label: string;
}

/** Any signal of the catalog: a contract signal, or an optional one with the switch that turns it on. */
export type SignalCatalogEntry =
  | (SignalInfo & { readonly switchedOnBy?: undefined })
  | { readonly name: OptionalSignalName; readonly label: string; readonly switchedOnBy: SignalSwitch };

/** The eight contract signals in their fixed order (frozen). */
export const CONTRACT_SIGNALS: readonly SignalInfo[] = Object.freeze(
  SIGNAL_CATALOG.filter((entry): entry is Extract<CatalogEntry, { name: SignalName }> => !('switchedOnBy' in entry)),
);

/** Names of the contract signals, in order. */
export const SIGNAL_NAMES: readonly SignalName[] = Object.freeze(CONTRACT_SIGNALS.map((entry) => entry.name));

/** Names of every signal, optional ones included, in order. */
export const ALL_SIGNAL_NAMES: readonly (SignalName | OptionalSignalName)[] = Object.freeze(SIGNAL_CATALOG.map((entry) => entry.name));

/** The switch that turns the signal `name` on; undefined for a contract signal (always measured) or an unknown name. */
export function signalSwitch(name: string): SignalSwitch | undefined {
  const entry: SignalCatalogEntry | undefined = SIGNAL_CATALOG.find((candidate) => candidate.name === name);
  return entry?.switchedOnBy;
}

function freezeEntries<const T extends readonly object[]>(entries: T): T {
  for (const entry of entries) Object.freeze(entry);
  return Object.freeze(entries);
}
