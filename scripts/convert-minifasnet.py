#!/usr/bin/python3
"""
Converts the two published MiniFASNet weight files (Silent-Face-Anti-Spoofing, Minivision,
Apache-2.0) into the weights the engine loads, once, offline (the output is committed under
public/models/; nothing runs this at build or install time):

  /usr/bin/python3 scripts/convert-minifasnet.py [--weights DIR] [--out DIR] [--dtype float16|float32]

DIR defaults to $MINIFASNET_DIR or /work/shared/models/minifasnet (the two .pth files of the upstream
repository at commit b6d5f04ad787, resources/anti_spoof_models/); --out to public/models/. Needs Python
with PyTorch and NumPy (Debian: python3-torch, python3-numpy). It writes one file pair:

  minifasnet.json  the graph of each model (layers in execution order, with their hyper-parameters and
                   the offset and shape of every tensor), the input and output conventions, provenance
  minifasnet.bin   every tensor, in the order the JSON lists them, little-endian float16 (or float32)

Batch norm is folded into the convolution or linear layer before it, in float64:
  w' = w * gamma / sqrt(var + eps)   (per output channel),   b' = beta - mean * gamma / sqrt(var + eps)
and checked numerically: the folded graph, run here with torch.nn.functional in float64, must give the
logits of the original modules (float64) to 1e-9 on seeded random inputs.
Layouts are tfjs's (NHWC activations): conv filters [kh, kw, in, out], depthwise filters [kh, kw, c, 1],
dense weights [in, out].
Output bytes depend only on the inputs (no time stamps); the sha256 of both files is printed.

float16 is the default, and what the engine ships: it halves the download (1.7 MB against 3.4 MB) and
moves the ensemble's real probability by at most 3.3e-3 (99th percentile 2.5e-3) from the float32
weights on the development crops, without changing any AUC to the third decimal (docs/ACCURACY.md).
Computation is float32 either way; the engine's check against scripts/minifasnet-reference.mjs reads
the same float16 file, so that check is exact to float32 rounding.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
from minifasnet_torch import (CLASSES, INPUT_SIDE, PLANS, REAL_CLASS, WEIGHT_FILES,  # noqa: E402
                              load_minifasnet, read_state_dict, weights_dir)

FORMAT = 'minifasnet-weights'
FORMAT_VERSION = 1
BN_EPS = 1e-5  # PyTorch's BatchNorm default, used by the authors
FOLD_TOLERANCE = 1e-9
UPSTREAM = {
    'repository': 'minivision-ai/Silent-Face-Anti-Spoofing',
    'commit': 'b6d5f04ad787',
    'licence': 'Apache-2.0',
}
MODEL_ORDER = ('MiniFASNetV2', 'MiniFASNetV1SE')
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'public', 'models')


def sha256_of(path: str) -> str:
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


class Folder:
    """Walks one state_dict, folding batch norm, and collects the tensors in emission order."""

    def __init__(self, state: dict):
        self.state = {k: v.detach().double().numpy() for k, v in state.items()}
        self.used: set[str] = set()
        self.tensors: list[np.ndarray] = []

    def take(self, key: str) -> np.ndarray:
        self.used.add(key)
        return self.state[key]

    def bn(self, prefix: str) -> tuple[np.ndarray, np.ndarray]:
        """Scale and shift of an inference-mode batch norm."""
        gamma, beta = self.take(prefix + '.weight'), self.take(prefix + '.bias')
        mean, var = self.take(prefix + '.running_mean'), self.take(prefix + '.running_var')
        self.used.add(prefix + '.num_batches_tracked')  # training counter, no effect in inference
        scale = gamma / np.sqrt(var + BN_EPS)
        return scale, beta - mean * scale

    def emit(self, array: np.ndarray) -> dict:
        array = np.ascontiguousarray(array, dtype=np.float64)
        self.tensors.append(array)
        return {'shape': list(array.shape)}

    def conv(self, prefix: str, stride: int, pad: int, depthwise: bool, prelu: bool) -> dict:
        """conv -> bn (-> prelu) of the authors' Conv_block / Linear_block as one layer."""
        w = self.take(prefix + '.conv.weight')  # [out, in/groups, kh, kw]
        scale, shift = self.bn(prefix + '.bn')
        w = w * scale[:, None, None, None]
        kh = w.shape[2]
        layer = {'op': 'depthwise' if depthwise else 'conv', 'kernel': kh, 'stride': stride, 'pad': pad}
        if depthwise:
            layer['filter'] = self.emit(w[:, 0].transpose(1, 2, 0)[..., None])  # [kh, kw, c, 1]
        else:
            layer['filter'] = self.emit(w.transpose(2, 3, 1, 0))  # [kh, kw, in, out]
        layer['bias'] = self.emit(shift)
        if prelu:
            layer['prelu'] = self.emit(self.take(prefix + '.prelu.weight'))
        return layer

    def squeeze_excite(self, prefix: str) -> dict:
        layer = {'op': 'squeezeExcite'}
        for fc, bn, name in (('fc1', 'bn1', 'reduce'), ('fc2', 'bn2', 'expand')):
            w = self.take(f'{prefix}.{fc}.weight')[:, :, 0, 0]  # [out, in]
            scale, shift = self.bn(f'{prefix}.{bn}')
            layer[name] = {'weights': self.emit((w * scale[:, None]).T), 'bias': self.emit(shift)}
        return layer

    def bottleneck(self, prefix: str, stride: int, residual: bool, se: bool) -> list[dict]:
        body = [
            self.conv(prefix + '.conv', 1, 0, depthwise=False, prelu=True),
            self.conv(prefix + '.conv_dw', stride, 1, depthwise=True, prelu=True),
            self.conv(prefix + '.project', 1, 0, depthwise=False, prelu=False),
        ]
        if se:
            body.append(self.squeeze_excite(prefix + '.se_module'))
        return [{'op': 'residual', 'body': body}] if residual else body


def fold_model(name: str, state: dict) -> tuple[list[dict], list[np.ndarray]]:
    """The folded layer list of one model and its tensors (float64), in emission order."""
    plan = PLANS[name]
    f = Folder(state)
    layers = [
        f.conv('conv1', 2, 1, depthwise=False, prelu=True),
        f.conv('conv2_dw', 1, 1, depthwise=True, prelu=True),
    ]
    for (down, stage), expands in zip((('conv_23', 'conv_3'), ('conv_34', 'conv_4'), ('conv_45', 'conv_5')), plan.stages):
        layers += f.bottleneck(down, 2, residual=False, se=False)
        for i in range(len(expands)):
            last = i == len(expands) - 1
            layers += f.bottleneck(f'{stage}.model.{i}', 1, residual=True, se=plan.squeeze_excite and last)
    layers.append(f.conv('conv_6_sep', 1, 0, depthwise=False, prelu=True))
    layers.append(f.conv('conv_6_dw', 1, 0, depthwise=True, prelu=False))
    # flatten (1x1x512), linear -> BatchNorm1d folded into one dense layer, then the class layer
    w = f.take('linear.weight')  # [128, 512]
    scale, shift = f.bn('bn')
    layers.append({'op': 'dense', 'weights': f.emit((w * scale[:, None]).T), 'bias': f.emit(shift)})
    layers.append({'op': 'dense', 'weights': f.emit(f.take('prob.weight').T)})
    unused = set(f.state) - f.used
    if unused:
        raise ValueError(f'{name}: keys left unused by the conversion: {sorted(unused)}')
    return layers, f.tensors


def walk(layers: list[dict]):
    """Every tensor reference of a layer list, in emission order (depth first, keys in insertion order)."""
    for layer in layers:
        if layer['op'] == 'residual':
            yield from walk(layer['body'])
            continue
        for key, value in layer.items():
            if isinstance(value, dict) and 'shape' in value:
                yield value
            elif isinstance(value, dict):
                for inner in value.values():
                    if isinstance(inner, dict) and 'shape' in inner:
                        yield inner


def run_graph(layers: list[dict], tensors: list[np.ndarray], x_nhwc: torch.Tensor) -> torch.Tensor:
    """Executes a layer list (float64, torch.nn.functional) on NHWC input; returns the logits [N, 3]."""
    it = iter(tensors)

    def nxt():
        return torch.from_numpy(next(it))

    def run(layers, x):  # x is NCHW here
        for layer in layers:
            op = layer['op']
            if op in ('conv', 'depthwise'):
                filt = nxt()
                bias = nxt()
                if op == 'conv':
                    w = filt.permute(3, 2, 0, 1)  # [out, in, kh, kw]
                    groups = 1
                else:
                    w = filt[..., 0].permute(2, 0, 1)[:, None]  # [c, 1, kh, kw]
                    groups = w.shape[0]
                x = F.conv2d(x, w, bias, stride=layer['stride'], padding=layer['pad'], groups=groups)
                if 'prelu' in layer:
                    x = F.prelu(x, nxt())
            elif op == 'residual':
                x = x + run(layer['body'], x)
            elif op == 'squeezeExcite':
                g = x.mean(dim=(2, 3))
                g = torch.relu(g @ nxt() + nxt())
                g = torch.sigmoid(g @ nxt() + nxt())
                x = x * g[:, :, None, None]
            elif op == 'dense':
                x = torch.flatten(x, 1) @ nxt()
                if 'bias' in layer:
                    x = x + nxt()
            else:
                raise ValueError(op)
        return x

    return run(layers, x_nhwc.permute(0, 3, 1, 2))


def check_folding(name: str, layers, tensors, directory: str) -> float:
    model = load_minifasnet(name, directory, dtype=torch.float64)
    gen = torch.Generator().manual_seed(20240601)
    x = torch.rand(8, INPUT_SIDE, INPUT_SIDE, 3, generator=gen, dtype=torch.float64) * 255
    with torch.no_grad():
        want = model(x.permute(0, 3, 1, 2))
        got = run_graph(layers, tensors, x)
    return float((want - got).abs().max())


def convert(directory: str, dtype: str) -> tuple[dict, bytes, dict]:
    np_dtype = {'float16': '<f2', 'float32': '<f4'}[dtype]
    manifest = {
        'format': FORMAT,
        'version': FORMAT_VERSION,
        'dtype': dtype,
        'upstream': UPSTREAM,
        'input': {'side': INPUT_SIDE, 'layout': 'NHWC', 'channels': 'BGR', 'range': [0, 255],
                  'note': 'crop of the face box scaled by `scale` about its centre, kept inside the image, '
                          'resized to side x side (bilinear); pixel values not normalised'},
        'output': {'classes': CLASSES, 'realClass': REAL_CLASS,
                   'ensemble': 'mean of the models\' softmax outputs'},
        'layouts': {'conv': 'filter [kh, kw, in, out]', 'depthwise': 'filter [kh, kw, channels, 1]',
                    'dense': 'weights [in, out]', 'offset': 'in elements from the start of the binary'},
        'models': [],
    }
    chunks = []
    offset = 0
    folding = {}
    for name in MODEL_ORDER:
        file, scale = WEIGHT_FILES[name]
        path = os.path.join(directory, file)
        layers, tensors = fold_model(name, read_state_dict(path))
        folding[name] = check_folding(name, layers, tensors, directory)
        if folding[name] > FOLD_TOLERANCE:
            raise ValueError(f'{name}: folded graph differs from the original by {folding[name]:.3g}')
        refs = list(walk(layers))
        assert len(refs) == len(tensors)
        count = 0
        for ref, array in zip(refs, tensors):
            assert list(array.shape) == ref['shape']
            ref['offset'] = offset
            # keys in a fixed order: offset first, then shape
            shape = ref.pop('shape')
            ref['shape'] = shape
            chunks.append(array.astype(np_dtype).tobytes())
            offset += array.size
            count += array.size
        manifest['models'].append({
            'name': name,
            'scale': scale,
            'sourceFile': file,
            'sourceSha256': sha256_of(path),
            'parameters': count,
            'layers': layers,
        })
    data = b''.join(chunks)
    manifest['elements'] = offset
    manifest['byteLength'] = len(data)
    manifest['binSha256'] = hashlib.sha256(data).hexdigest()
    return manifest, data, folding


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--weights', default=weights_dir(), help='folder holding the two .pth files')
    ap.add_argument('--out', default=DEFAULT_OUT, help='folder to write minifasnet.json and minifasnet.bin to (default public/models/)')
    ap.add_argument('--dtype', default='float16', choices=('float16', 'float32'))
    ap.add_argument('--name', default='minifasnet', help='base name of the two output files')
    args = ap.parse_args()
    torch.set_num_threads(1)
    manifest, data, folding = convert(args.weights, args.dtype)
    os.makedirs(args.out, exist_ok=True)
    bin_path = os.path.join(args.out, args.name + '.bin')
    json_path = os.path.join(args.out, args.name + '.json')
    manifest['binary'] = os.path.basename(bin_path)
    with open(bin_path, 'wb') as f:
        f.write(data)
    with open(json_path, 'w', encoding='utf-8') as f:
        json.dump(manifest, f, separators=(',', ':'))
        f.write('\n')
    for name, err in folding.items():
        print(f'{name}: batch norm folded; max |logit(folded) - logit(original)| = {err:.2e} (float64)', file=sys.stderr)
    for path in (json_path, bin_path):
        print(f'{sha256_of(path)}  {path}  ({os.path.getsize(path)} bytes)')


if __name__ == '__main__':
    main()
