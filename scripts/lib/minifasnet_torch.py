"""
MiniFASNetV2 and MiniFASNetV1SE (Silent-Face-Anti-Spoofing, Minivision, Apache-2.0) in PyTorch, for
reference runs of the published weights (scripts/convert-minifasnet.py folds and converts them).

The networks, as their authors define them for an 80x80 input (conv6 kernel (80 + 15) // 16 = 5):
  stem      3x3/2 conv -> BN -> PReLU (32), then a 3x3 depthwise conv -> BN -> PReLU
  3 times   a downsampling bottleneck (1x1 expand -> BN -> PReLU, 3x3/2 depthwise -> BN -> PReLU,
            1x1 project -> BN, no shortcut), then a stage of residual bottlenecks at that width
            (4, 6 and 2 blocks); in V1SE the last block of each stage scales its projection by a
            squeeze-excitation gate (global mean -> 1x1 (C/4) -> BN -> ReLU -> 1x1 (C) -> BN -> sigmoid)
            before the shortcut is added
  head      1x1 conv -> BN -> PReLU (512), 5x5 depthwise conv (valid) -> BN, flatten,
            linear 512->128 -> BatchNorm1d, (dropout), linear 128->3; softmax; class 1 is "real".
Module names follow the authors' so that their state_dicts load strictly (every key used).

Usage:  model = load_minifasnet(path)  -> eval-mode float32 module, input NCHW BGR 0-255 floats.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import torch
from torch import nn

INPUT_SIDE = 80
CLASSES = 3
REAL_CLASS = 1
EMBEDDING = 128
HEAD_WIDTH = 512
SE_REDUCTION = 4


@dataclass(frozen=True)
class Plan:
    """Channel widths of one variant (from the authors' `keep` lists, regrouped by stage)."""
    stem: int
    # (expand width, output width) of the three downsampling bottlenecks
    downs: tuple[tuple[int, int], ...]
    # expand widths of the residual bottlenecks of the three stages
    stages: tuple[tuple[int, ...], ...]
    squeeze_excite: bool


PLANS = {
    # keep_dict['1.8M_']
    'MiniFASNetV2': Plan(
        stem=32,
        downs=((103, 64), (231, 128), (308, 128)),
        stages=((13, 13, 13, 13), (231, 52, 26, 77, 26, 26), (26, 26)),
        squeeze_excite=False,
    ),
    # keep_dict['1.8M'], with squeeze-excitation
    'MiniFASNetV1SE': Plan(
        stem=32,
        downs=((103, 64), (231, 128), (308, 128)),
        stages=((13, 26, 13, 52), (154, 52, 26, 52, 26, 26), (26, 26)),
        squeeze_excite=True,
    ),
}

# the published files, the variant and the context scale each was trained with
WEIGHT_FILES = {
    'MiniFASNetV2': ('2.7_80x80_MiniFASNetV2.pth', 2.7),
    'MiniFASNetV1SE': ('4_0_0_80x80_MiniFASNetV1SE.pth', 4.0),
}


def head_kernel(side: int) -> int:
    """Kernel of the last depthwise conv: the feature map's side after four stride-2 steps, ceil(side / 16)."""
    return (side + 15) // 16


class ConvBN(nn.Module):
    """conv (no bias) -> BatchNorm2d -> optional per-channel PReLU."""

    def __init__(self, cin: int, cout: int, kernel: int = 1, stride: int = 1, padding: int = 0,
                 depthwise: bool = False, prelu: bool = True):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, stride=stride, padding=padding,
                              groups=cin if depthwise else 1, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        if prelu:
            self.prelu = nn.PReLU(cout)
        self.has_prelu = prelu

    def forward(self, x):
        x = self.bn(self.conv(x))
        return self.prelu(x) if self.has_prelu else x


class SqueezeExcite(nn.Module):
    """Channel gate (Hu et al. 2018) with batch-normalised 1x1 convs."""

    def __init__(self, channels: int, reduction: int = SE_REDUCTION):
        super().__init__()
        hidden = channels // reduction
        self.fc1 = nn.Conv2d(channels, hidden, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(hidden)
        self.fc2 = nn.Conv2d(hidden, channels, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        gate = x.mean(dim=(2, 3), keepdim=True)
        gate = torch.relu(self.bn1(self.fc1(gate)))
        gate = torch.sigmoid(self.bn2(self.fc2(gate)))
        return x * gate


class Bottleneck(nn.Module):
    """Inverted bottleneck: 1x1 expand, 3x3 depthwise, 1x1 linear projection (+ SE, + shortcut)."""

    def __init__(self, cin: int, expand: int, cout: int, stride: int, residual: bool, se: bool = False):
        super().__init__()
        self.conv = ConvBN(cin, expand, 1)
        self.conv_dw = ConvBN(expand, expand, 3, stride=stride, padding=1, depthwise=True)
        self.project = ConvBN(expand, cout, 1, prelu=False)
        self.residual = residual
        if se:
            self.se_module = SqueezeExcite(cout)
        self.has_se = se

    def forward(self, x):
        y = self.project(self.conv_dw(self.conv(x)))
        if self.has_se:
            y = self.se_module(y)
        return x + y if self.residual else y


class Stage(nn.Module):
    """Residual bottlenecks at one width (the authors keep them in `.model`)."""

    def __init__(self, width: int, expands: tuple[int, ...], se_last: bool):
        super().__init__()
        self.model = nn.Sequential(*[
            Bottleneck(width, e, width, stride=1, residual=True, se=se_last and i == len(expands) - 1)
            for i, e in enumerate(expands)
        ])

    def forward(self, x):
        return self.model(x)


class MiniFASNet(nn.Module):
    def __init__(self, plan: Plan, side: int = INPUT_SIDE):
        super().__init__()
        s = plan.stem
        self.conv1 = ConvBN(3, s, 3, stride=2, padding=1)
        self.conv2_dw = ConvBN(s, s, 3, padding=1, depthwise=True)
        width = s
        names = (('conv_23', 'conv_3'), ('conv_34', 'conv_4'), ('conv_45', 'conv_5'))
        for (down_name, stage_name), (expand, out), expands in zip(names, plan.downs, plan.stages):
            setattr(self, down_name, Bottleneck(width, expand, out, stride=2, residual=False))
            setattr(self, stage_name, Stage(out, expands, plan.squeeze_excite))
            width = out
        k = head_kernel(side)
        self.conv_6_sep = ConvBN(width, HEAD_WIDTH, 1)
        self.conv_6_dw = ConvBN(HEAD_WIDTH, HEAD_WIDTH, k, depthwise=True, prelu=False)
        self.linear = nn.Linear(HEAD_WIDTH, EMBEDDING, bias=False)
        self.bn = nn.BatchNorm1d(EMBEDDING)
        self.prob = nn.Linear(EMBEDDING, CLASSES, bias=False)

    def forward(self, x):
        """Logits [N, 3] of NCHW BGR 0-255 input (dropout is a no-op in inference and is left out)."""
        for name in ('conv1', 'conv2_dw', 'conv_23', 'conv_3', 'conv_34', 'conv_4', 'conv_45', 'conv_5',
                     'conv_6_sep', 'conv_6_dw'):
            x = getattr(self, name)(x)
        x = torch.flatten(x, 1)
        return self.prob(self.bn(self.linear(x)))


def weights_dir() -> str:
    return os.environ.get('MINIFASNET_DIR', '/work/shared/models/minifasnet')


def read_state_dict(path: str) -> dict:
    """The published state_dict with the `module.` prefix (DataParallel) removed."""
    raw = torch.load(path, map_location='cpu')
    return {(k[len('module.'):] if k.startswith('module.') else k): v for k, v in raw.items()}


def load_minifasnet(name: str, directory: str | None = None, dtype=torch.float32) -> MiniFASNet:
    """The named variant with its published weights, strictly loaded (every key used, shapes equal), in eval mode."""
    file, _ = WEIGHT_FILES[name]
    model = MiniFASNet(PLANS[name])
    state = read_state_dict(os.path.join(directory or weights_dir(), file))
    model.load_state_dict(state, strict=True)
    return model.to(dtype).eval()


def p_real(logits: torch.Tensor) -> torch.Tensor:
    return torch.softmax(logits, dim=1)[:, REAL_CLASS]
