/**
 * Pictures that explain a check: the analysed image with the face box and landmarks (the six eye
 * points per eye used for the eye aspect ratio highlighted), the 96×96 face crop beside its LBP code
 * map, and the log-magnitude spectrum of the face region. All of it comes from
 * `check(input, { visuals: true })`; this module only draws.
 */
import type { CheckDiagnostics, RgbaPicture } from '../src/index';

/** The page elements the pictures are drawn into. */
export interface VisualsView {
  section: HTMLElement;
  overlay: HTMLCanvasElement;
  crop: HTMLCanvasElement;
  lbp: HTMLCanvasElement;
  spectrum: HTMLCanvasElement;
  caption: HTMLElement;
}

/** Something that can be drawn and has a size (an ImageBitmap or a canvas). */
export type DrawableImage = ImageBitmap | HTMLCanvasElement;

/** Overlay colours (drawn over arbitrary photos, so fixed rather than themed). */
const COLOURS = Object.freeze({
  faceBox: '#22c55e',
  landmark: 'rgba(34, 230, 255, 0.9)',
  eyePoint: '#facc15',
  eyeOutline: 'rgba(0, 0, 0, 0.75)',
});

/** Landmark dot radius as a share of the image's longer side (at least 1 px). */
const LANDMARK_RADIUS_SHARE = 1 / 320;
/** Eye point radius relative to an ordinary landmark dot. */
const EYE_POINT_SCALE = 2;
/** Face box line width as a share of the image's longer side (at least 2 px). */
const BOX_LINE_SHARE = 1 / 300;

function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas context unavailable');
  return ctx;
}

function drawPicture(canvas: HTMLCanvasElement, picture: RgbaPicture): void {
  canvas.width = picture.width;
  canvas.height = picture.height;
  context2d(canvas).putImageData(new ImageData(new Uint8ClampedArray(picture.data), picture.width, picture.height), 0, 0);
  canvas.dataset.drawn = 'true';
}

/**
 * The analysed image at `image_size`, turned by `rotation` degrees clockwise when the engine had
 * to turn it to find the face, with box and landmarks on top.
 */
function drawOverlay(canvas: HTMLCanvasElement, image: DrawableImage, diagnostics: CheckDiagnostics): void {
  const { width, height } = diagnostics.image_size;
  canvas.width = width;
  canvas.height = height;
  const ctx = context2d(canvas);
  ctx.save();
  ctx.translate(width / 2, height / 2);
  ctx.rotate((diagnostics.rotation * Math.PI) / 180);
  const turned = diagnostics.rotation % 180 !== 0;
  const drawWidth = turned ? height : width;
  const drawHeight = turned ? width : height;
  ctx.drawImage(image, -drawWidth / 2, -drawHeight / 2, drawWidth, drawHeight);
  ctx.restore();

  const longer = Math.max(width, height);
  const box = diagnostics.face_box;
  ctx.lineWidth = Math.max(2, longer * BOX_LINE_SHARE);
  ctx.strokeStyle = COLOURS.faceBox;
  ctx.strokeRect(box.x, box.y, box.width, box.height);

  const visuals = diagnostics.visuals;
  if (!visuals) return;
  const radius = Math.max(1, longer * LANDMARK_RADIUS_SHARE);
  const points = visuals.landmarks;
  ctx.fillStyle = COLOURS.landmark;
  for (let i = 0; i + 1 < points.length; i += 2) {
    ctx.beginPath();
    ctx.arc(points[i], points[i + 1], radius, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.fillStyle = COLOURS.eyePoint;
  ctx.strokeStyle = COLOURS.eyeOutline;
  ctx.lineWidth = Math.max(1, radius / 2);
  for (const index of [...visuals.eye_indices.left, ...visuals.eye_indices.right]) {
    const x = points[index * 2];
    const y = points[index * 2 + 1];
    if (x === undefined || y === undefined) continue;
    ctx.beginPath();
    ctx.arc(x, y, radius * EYE_POINT_SCALE, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
  }
  canvas.dataset.drawn = 'true';
}

/** Draw every picture of a check; hides the section when the check carried no visuals. */
export function renderVisuals(view: VisualsView, image: DrawableImage | null, diagnostics: CheckDiagnostics | undefined): void {
  const visuals = diagnostics?.visuals;
  if (!diagnostics || !visuals || !image) {
    hideVisuals(view);
    return;
  }
  drawOverlay(view.overlay, image, diagnostics);
  drawPicture(view.crop, visuals.face_crop);
  drawPicture(view.lbp, visuals.lbp_map);
  drawPicture(view.spectrum, visuals.spectrum);
  const { image_size: size, source_size: source } = diagnostics;
  const scaled = size.width !== source.width || size.height !== source.height;
  view.caption.textContent =
    `Analysed at ${size.width}×${size.height} px` +
    (scaled ? ` (from ${source.width}×${source.height})` : '') +
    (diagnostics.rotation !== 0 ? `, turned ${diagnostics.rotation}° to find the face` : '') +
    `; ${visuals.landmarks.length / 2} landmarks, ${diagnostics.face_count} face${diagnostics.face_count === 1 ? '' : 's'} found.`;
  view.section.hidden = false;
}

export function hideVisuals(view: VisualsView): void {
  view.section.hidden = true;
  for (const canvas of [view.overlay, view.crop, view.lbp, view.spectrum]) delete canvas.dataset.drawn;
}
