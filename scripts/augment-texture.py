#!/usr/bin/python3
"""
Augmented copies of the development images for training the texture models of `lbp_texture`
(scripts/fit/), made once, offline, outside the repository (they are copies of data):

  npx selfie-liveness eval --manifest M --out EVAL --measurements
  /usr/bin/python3 scripts/augment-texture.py --manifest M --scores EVAL/scores.csv --out DIR
  npx selfie-liveness eval --manifest DIR/manifest.csv --out AUG --measurements
  node scripts/fit.mjs EVAL/scores.csv --augmented AUG/scores.csv

Copies are made of the live, screen-replay and print images of the development sources only: the
held-out sources of scripts/lib/holdout.mjs (asked of `node scripts/holdout.mjs M`) are never read.
Each copy keeps its original's label, attack type and source, so a leave-one-source-out fold holds out a
source with all its copies. The face box comes from the eval's diagnostics columns (the engine's own box,
scaled to the file's upright pixels, as OpenCV's imread reads them). Deterministic: a copy's random draws
come from a seed made of its original's manifest path and the copy's number.

Kinds (`--kinds`, default `resample,reframe`: the recipe the committed texture model is trained with, chosen
by leave-one-source-out on the development sources, docs/ACCURACY.md); every copy ends with a JPEG encode at
a random quality 50–95:
  photo     white balance (R, B gains e^U(±0.15), G e^U(±0.05)), contrast 0.8–1.2, brightness ±15,
            gamma e^U(±0.25), saturation 0.7–1.3
  resample  down to 0.3–0.8 of the size, then kept at that size or brought back up (bilinear / bicubic);
            images whose shorter side would fall under 100 px are enlarged 1.3–2× instead
  degrade   Gaussian blur (σ 0.3–1.2 px of a 128 px face) and / or Gaussian noise (σ 2–10 levels)
  reframe   a square cut around the face (1.15–1.8× the face box for whole frames, 1.0–1.4× for crops,
            centre jittered), resized to 100–400 px: whole frames become collector-style tight crops
Writes DIR/<kind>/<name>.jpg, DIR/manifest.csv (absolute paths, for eval) and DIR/index.csv (each copy's
original and recipe). Needs Python with NumPy and OpenCV (Debian: python3-numpy, python3-opencv).
"""
import argparse
import csv
import hashlib
import json
import os
import subprocess
import sys

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# the copy numbers are fixed per kind (they seed the draws), so a subset of kinds gives the same copies
KINDS = {'photo': 0, 'resample': 1, 'degrade': 2, 'reframe': 3}
TRAIN_ATTACKS = ('screen_replay', 'print')


def rng_for(path, k):
    return np.random.default_rng(int.from_bytes(hashlib.sha256(f'{path}|{k}'.encode()).digest()[:8], 'little'))


def photo(img, rng):
    x = img.astype(np.float32)
    gains = np.exp([rng.uniform(-.15, .15), rng.uniform(-.05, .05), rng.uniform(-.15, .15)])  # B, G, R
    x = x * gains[None, None, :].astype(np.float32)
    mean = x.mean()
    x = (x - mean) * rng.uniform(.8, 1.2) + mean + rng.uniform(-15, 15)
    x = 255 * (np.clip(x, 0, 255) / 255) ** np.exp(rng.uniform(-.25, .25))
    grey = x @ np.array([.114, .587, .299], np.float32)
    x = grey[..., None] + (x - grey[..., None]) * rng.uniform(.7, 1.3)
    return np.clip(x + .5, 0, 255).astype(np.uint8)


def resample(img, rng):
    h, w = img.shape[:2]
    s = rng.uniform(.3, .8)
    if min(h, w) * s < 100:
        s = rng.uniform(1.3, 2.0)
        return cv2.resize(img, (round(w * s), round(h * s)), interpolation=cv2.INTER_CUBIC if rng.random() < .5 else cv2.INTER_LINEAR)
    small = cv2.resize(img, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    if rng.random() < .5:
        return small
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC if rng.random() < .5 else cv2.INTER_LINEAR)


def degrade(img, rng, face_side):
    mode = rng.integers(3)
    if mode in (0, 2):
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(.3, 1.2) * max(face_side, 64) / 128)
    if mode in (1, 2):
        n = rng.normal(0, rng.uniform(2, 10), img.shape).astype(np.float32)
        if rng.random() < .5:  # luma-only noise for half the copies
            n = np.repeat(n[..., :1], 3, axis=2)
        img = np.clip(img.astype(np.float32) + n + .5, 0, 255).astype(np.uint8)
    return img


def reframe(img, rng, box, whole_frame):
    x, y, w, h = box
    H, W = img.shape[:2]
    side = max(w, h) * (rng.uniform(1.15, 1.8) if whole_frame else rng.uniform(1.0, 1.4))
    side = min(side, W, H)
    cx = x + w / 2 + rng.uniform(-.08, .08) * side
    cy = y + h / 2 + rng.uniform(-.08, .08) * side
    x0 = int(round(np.clip(cx - side / 2, 0, W - side)))
    y0 = int(round(np.clip(cy - side / 2, 0, H - side)))
    s = int(round(side))
    crop = img[y0:y0 + s, x0:x0 + s]
    out = int(round(rng.uniform(100, 400)))
    return cv2.resize(crop, (out, out), interpolation=cv2.INTER_AREA if out < s else cv2.INTER_CUBIC)


def augment(img, kind, rng, box, whole_frame):
    if kind == 'photo':
        return photo(img, rng)
    if kind == 'resample':
        return resample(img, rng)
    if kind == 'degrade':
        return degrade(img, rng, max(box[2], box[3]))
    return reframe(img, rng, box, whole_frame)


def read_csv(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--manifest', required=True, help='the eval manifest (path,label,attack_type,source; paths relative to it)')
    ap.add_argument('--scores', required=True, help='scores.csv of `eval --measurements` on that manifest (face boxes)')
    ap.add_argument('--out', required=True, help='folder for the copies (outside the repository)')
    ap.add_argument('--kinds', default='resample,reframe', help=f'comma-separated, of {", ".join(KINDS)}')
    args = ap.parse_args()
    kinds = args.kinds.split(',')
    if any(k not in KINDS for k in kinds):
        ap.error(f'unknown kind in --kinds {args.kinds}')
    out_dir = os.path.abspath(args.out)
    if out_dir == ROOT or out_dir.startswith(ROOT + os.sep):
        ap.error('--out must lie outside the repository (the copies are data)')

    split = json.loads(subprocess.run(['node', os.path.join(ROOT, 'scripts', 'holdout.mjs'), args.manifest], check=True, capture_output=True, text=True).stdout)
    development = set(split['development'])
    crop_sources = set(json.loads(subprocess.run(['node', '--input-type=module', '-e', f"import {{ CROP_SOURCES }} from {json.dumps(os.path.join(ROOT, 'scripts', 'lib', 'holdout.mjs'))}; console.log(JSON.stringify(CROP_SOURCES))"], check=True, capture_output=True, text=True).stdout))
    base = os.path.dirname(os.path.abspath(args.manifest))
    scored = {r['path']: r for r in read_csv(args.scores) if r['status'] == 'success'}

    manifest, index = [], []
    for r in read_csv(args.manifest):
        if r['source'] not in development:
            continue  # held-out sources are never read
        if not (r['label'] == 'live' or r['attack_type'] in TRAIN_ATTACKS):
            continue
        s = scored.get(r['path'])
        if s is None or not s.get('diagnostics.face_box_width'):
            continue
        sx = float(s['diagnostics.source_width']) / float(s['diagnostics.image_width'])
        sy = float(s['diagnostics.source_height']) / float(s['diagnostics.image_height'])
        box = (float(s['diagnostics.face_box_x']) * sx, float(s['diagnostics.face_box_y']) * sy,
               float(s['diagnostics.face_box_width']) * sx, float(s['diagnostics.face_box_height']) * sy)
        img = cv2.imread(os.path.join(base, r['path']), cv2.IMREAD_COLOR)
        stem = r['path'].split('/', 1)[-1].rsplit('.', 1)[0].replace('/', '__')
        for kind in kinds:
            k = KINDS[kind]
            rng = rng_for(r['path'], k)
            copy = augment(img, kind, rng, box, r['source'] not in crop_sources)
            quality = int(rng.integers(50, 96))
            rel = os.path.join(f'{k}_{kind}', stem + '.jpg')
            os.makedirs(os.path.join(out_dir, f'{k}_{kind}'), exist_ok=True)
            cv2.imwrite(os.path.join(out_dir, rel), copy, [cv2.IMWRITE_JPEG_QUALITY, quality])
            manifest.append([os.path.join(out_dir, rel), r['label'], r['attack_type'], r['source']])
            index.append([os.path.join(out_dir, rel), r['path'], kind, quality, copy.shape[1], copy.shape[0]])
    with open(os.path.join(out_dir, 'manifest.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['path', 'label', 'attack_type', 'source'])
        w.writerows(manifest)
    with open(os.path.join(out_dir, 'index.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['copy', 'original', 'kind', 'jpeg_quality', 'width', 'height'])
        w.writerows(index)
    print(f'augment-texture: {len(manifest)} copies of {len(manifest) // max(1, len(kinds))} development images -> {out_dir}', file=sys.stderr)


if __name__ == '__main__':
    main()
