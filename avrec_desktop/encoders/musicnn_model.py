"""MusiCNN (Pons & Serra 2019) in PyTorch, with the trained MSD and MTT weights shipped in the package.

The network, as the TF1 original builds it (``musicnn`` 0.1.0, ``build_musicnn``), on a (n, 187, 96) patch
of log-mel frames (time x frequency, see ``musicnn_frontend``):

- batch norm on the input;
- front end: two timbral convs (7 x 38 and 7 x 67 time x frequency, 204 filters, the time axis zero-padded
  by 3 on each side, valid in frequency) and three temporal convs (128 x 1, 64 x 1, 32 x 1, 51 filters,
  TF 'same' padding: the odd extra zero goes after), each ReLU -> batch norm -> max over frequency;
  concatenated: 561 channels per frame;
- mid end: three 1-D convs over time (kernel 7, zero-padded by 3, 64 filters) each ReLU -> batch norm, the
  2nd and 3rd added to their input (residual); the front end and the three outputs concatenated: 753;
- back end: max and mean over time, interleaved per channel (max_0, mean_0, max_1, ...: 1506), batch norm,
  dense 200 + ReLU, batch norm = the 200-d "penultimate" embedding, dense -> 50 tag logits -> sigmoid.

Batch norm uses TF's epsilon (1e-3) and its moving statistics (inference only); dropout is off.

Inference (``forward``) runs an equivalent, cheaper front end once ``prepare()`` has run (``load_musicnn``
calls it; ``forward_reference`` is the literal graph above, kept for tests). Per front-end branch:

- the input batch norm is one affine ``s * x + t``; ``s`` is folded into the conv weights, and ``t``
  (which the zero padding in time does not see) becomes a per-(filter, frame) term that is constant over
  frequency: the conv of ``t`` times a mask of the real frames with the weights summed over frequency;
- ReLU and the batch norm after it are monotone per filter, so the max over frequency moves before them:
  ``max_f(a * relu(z) + b) = a * relu(max_f z) + b`` for ``a >= 0``, and with ``min_f`` for ``a < 0``,
  which is ``-max_f`` of the conv with negated weights. The conv output is reduced at once; ReLU and the
  batch norm then touch (n, filters, frames) instead of (n, filters, frames, frequencies);
- on the CPU the 7 x 38 conv runs as a 1-D conv over time per frequency offset with a running max
  (measured ~1.5x faster than oneDNN's 2-D conv for this shape; the 7 x 67 one is faster as a 2-D conv).

Outputs equal the reference graph to float rounding (tests: |diff| < 1e-4).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from avrec_desktop.errors import BadArgument, ModelInstallError, ModelNotInstalled

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights" / "musicnn"
MODELS = ("MSD", "MTT")
N_MELS = 96
BN_EPSILON = 1e-3  # tf.compat.v1.layers.batch_normalization's default
_TIMBRAL = (("timbral_38", 38), ("timbral_67", 67))  # int(0.4 * 96), int(0.7 * 96) frequency bins
_TEMPORAL = (("temporal_128", 128), ("temporal_64", 64), ("temporal_32", 32))


class FrozenBatchNorm(nn.Module):
    """Batch norm over dim 1 with fixed statistics (the trained moving mean and variance)."""

    def __init__(self, channels: int, eps: float = BN_EPSILON) -> None:
        super().__init__()
        self.eps = eps
        self.register_buffer("weight", torch.ones(channels))
        self.register_buffer("bias", torch.zeros(channels))
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                            training=False, eps=self.eps)


def _bn_affine(bn: FrozenBatchNorm) -> tuple[torch.Tensor, torch.Tensor]:
    """(scale, shift) with ``bn(x) == x * scale + shift`` per channel."""
    scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    return scale, bn.bias - bn.running_mean * scale


_LOOPED = frozenset({"timbral_38"})  # branches that run as a 1-D conv per frequency offset on the CPU


def _same_pad(kernel: int) -> tuple[int, int]:
    """TensorFlow's 'same' padding at stride 1: the odd extra zero goes after."""
    before = (kernel - 1) // 2
    return before, kernel - 1 - before


class MusicnnNet(nn.Module):
    """``net(patches)`` -> (tag probabilities (n, n_tags), penultimate (n, n_dense)); ``net.tags``."""

    def __init__(self, tags: list[str], timbral: int = 204, temporal: int = 51, mid: int = 64,
                 dense: int = 200) -> None:
        super().__init__()
        self.tags = list(tags)
        self.name = ""
        self.weights_sha256 = ""
        self.input_bn = FrozenBatchNorm(1)
        for name, width in _TIMBRAL:
            setattr(self, name, nn.Conv2d(1, timbral, (7, width)))
            setattr(self, name + "_bn", FrozenBatchNorm(timbral))
        for name, length in _TEMPORAL:
            setattr(self, name, nn.Conv2d(1, temporal, (length, 1)))
            setattr(self, name + "_bn", FrozenBatchNorm(temporal))
        front = 2 * timbral + 3 * temporal
        self.mid1, self.mid1_bn = nn.Conv1d(front, mid, 7), FrozenBatchNorm(mid)
        self.mid2, self.mid2_bn = nn.Conv1d(mid, mid, 7), FrozenBatchNorm(mid)
        self.mid3, self.mid3_bn = nn.Conv1d(mid, mid, 7), FrozenBatchNorm(mid)
        pooled = 2 * (front + 3 * mid)
        self.pool_bn = FrozenBatchNorm(pooled)
        self.dense, self.dense_bn = nn.Linear(pooled, dense), FrozenBatchNorm(dense)
        self.out = nn.Linear(dense, len(self.tags))
        self._fast: dict | None = None  # prepare(): the cheaper front end's precomputed weights

    def prepare(self) -> "MusicnnNet":
        """Precompute the fast front end from the current weights (call again after changing them)."""
        in_scale, in_shift = (float(v) for v in _bn_affine(self.input_bn))
        fast = {}
        for name, pad in self._branches():
            conv = getattr(self, name)
            scale, shift = _bn_affine(getattr(self, name + "_bn"))
            sign = torch.where(scale >= 0, 1.0, -1.0)
            weight = (conv.weight * (in_scale * sign)[:, None, None, None]).contiguous()
            fast[name] = {
                "pad": pad, "weight": weight,
                "weight1d": weight[:, 0].permute(0, 2, 1).contiguous(),  # (c, freq taps, time taps)
                "edge_weight": (conv.weight.sum(dim=3) * in_shift).contiguous(),  # (c, 1, time taps)
                "bias": conv.bias.detach().clone(), "sign": sign[None, :, None],
                "scale": scale[None, :, None], "shift": shift[None, :, None], "edges": {},
            }
        self._fast = fast
        return self

    @staticmethod
    def _branches() -> list[tuple[str, tuple[int, int]]]:
        return [(name, (3, 3)) for name, _ in _TIMBRAL] + [(name, _same_pad(n)) for name, n in _TEMPORAL]

    def _fast_block(self, name: str, x: torch.Tensor) -> torch.Tensor:
        """The branch's ``_block`` on the raw patches (n, 1, t, 96), reduced before ReLU and batch norm."""
        p = self._fast[name]
        padded = F.pad(x, (0, 0) + p["pad"])
        frames = x.shape[2]
        if name in _LOOPED and x.device.type == "cpu":
            rows = padded[:, 0].transpose(1, 2).contiguous()  # (n, 96, t + pad)
            width = p["weight1d"].shape[1]
            peak = None
            for offset in range(rows.shape[1] - width + 1):
                z = F.conv1d(rows[:, offset:offset + width], p["weight1d"])
                peak = z if peak is None else torch.maximum(peak, z, out=peak)
        else:
            peak = F.conv2d(padded, p["weight"]).amax(dim=3)
        edge = p["edges"].get((frames, x.device))
        if edge is None:  # the input shift and the conv bias per frame, as the zero padding sees them
            mask = F.pad(torch.ones(1, 1, frames, device=x.device), p["pad"])
            edge = F.conv1d(mask, p["edge_weight"].to(x.device), p["bias"].to(x.device))
            p["edges"][(frames, x.device)] = edge
        return F.relu(peak * p["sign"] + edge) * p["scale"] + p["shift"]

    def _block(self, name: str, x: torch.Tensor) -> torch.Tensor:
        """conv -> ReLU -> batch norm -> max over frequency: (n, c, t, f) -> (n, c, t)."""
        y = getattr(self, name + "_bn")(F.relu(getattr(self, name)(x)))
        return y.amax(dim=3)

    @staticmethod
    def _check(patches: torch.Tensor) -> None:
        if patches.dim() != 3 or patches.shape[2] != N_MELS or patches.shape[1] < 1:
            raise BadArgument(f"MusiCNN needs (n, frames, {N_MELS}) log-mel patches, got {tuple(patches.shape)}")

    def forward(self, patches: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        if getattr(self, "_fast", None) is None:
            return self.forward_reference(patches)
        self._check(patches)
        x = patches.unsqueeze(1)
        features = torch.cat([self._fast_block(name, x) for name, _ in self._branches()], dim=1)
        return self._rest(features)

    def forward_reference(self, patches: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The literal graph of the original (see the module doc)."""
        self._check(patches)
        x = self.input_bn(patches.unsqueeze(1))  # (n, 1, t, 96)
        timbral_in = F.pad(x, (0, 0, 3, 3))
        front = [self._block(name, timbral_in) for name, _ in _TIMBRAL]
        front += [self._block(name, F.pad(x, (0, 0) + _same_pad(length))) for name, length in _TEMPORAL]
        return self._rest(torch.cat(front, dim=1))  # (n, 561, t)

    def _rest(self, features: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Mid end and back end on the front end's (n, 561, t) features."""
        m1 = self.mid1_bn(F.relu(self.mid1(F.pad(features, (3, 3)))))
        m2 = self.mid2_bn(F.relu(self.mid2(F.pad(m1, (3, 3))))) + m1
        m3 = self.mid3_bn(F.relu(self.mid3(F.pad(m2, (3, 3))))) + m2
        stacked = torch.cat([features, m1, m2, m3], dim=1)  # (n, 753, t)
        pooled = torch.stack([stacked.amax(dim=2), stacked.mean(dim=2)], dim=2).flatten(1)
        penultimate = self.dense_bn(F.relu(self.dense(self.pool_bn(pooled))))
        return torch.sigmoid(self.out(penultimate)), penultimate


def weights_path(name: str, weights_dir: Path | None = None) -> Path:
    key = str(name).upper()
    if key not in MODELS:
        raise BadArgument(f"unknown MusiCNN model {name!r}; choose one of {', '.join(MODELS)}")
    return Path(weights_dir or WEIGHTS_DIR) / f"{key.lower()}_musicnn.safetensors"


def _read(path: Path) -> tuple[dict[str, torch.Tensor], dict[str, str], str]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelNotInstalled(f"MusiCNN weights not found: {path}") from None
    except OSError as exc:
        raise ModelInstallError(f"cannot read MusiCNN weights {path}: {exc.strerror or exc}") from None
    try:
        from safetensors.torch import load as load_bytes

        tensors = load_bytes(data)
        header_len = int.from_bytes(data[:8], "little")
        metadata = dict(json.loads(data[8:8 + header_len]).get("__metadata__") or {})
    except Exception as exc:  # safetensors raises its own error types (and OSError, ValueError)
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise ModelInstallError(f"damaged MusiCNN weights {path}: {first}") from None
    return tensors, metadata, hashlib.sha256(data).hexdigest()


def load_musicnn(name: str = "MSD", weights_dir: Path | None = None, device: str = "cpu") -> MusicnnNet:
    """The MSD or MTT MusiCNN in eval mode, gradients off; typed errors for missing or damaged weights."""
    path = weights_path(name, weights_dir)
    tensors, metadata, digest = _read(path)
    try:
        tags = json.loads(metadata["tags"])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ValueError("tags is not a list of names")
        net = MusicnnNet(tags, timbral=tensors["timbral_38.weight"].shape[0],
                         temporal=tensors["temporal_128.weight"].shape[0], mid=tensors["mid1.weight"].shape[0],
                         dense=tensors["dense.weight"].shape[0])
    except (KeyError, ValueError, IndexError) as exc:
        raise ModelInstallError(f"damaged MusiCNN weights {path}: missing or bad {exc}") from None
    expected = net.state_dict()
    missing = sorted(set(expected) - set(tensors))
    unexpected = sorted(set(tensors) - set(expected))
    wrong = sorted(k for k in expected.keys() & tensors.keys() if expected[k].shape != tensors[k].shape)
    if missing or unexpected or wrong:
        detail = (f"missing {missing[:3]}" if missing else f"unexpected {unexpected[:3]}" if unexpected
                  else f"wrong shape {wrong[:3]}")
        raise ModelInstallError(f"damaged MusiCNN weights {path}: {detail}")
    if not all(torch.isfinite(t).all() for t in tensors.values()):
        raise ModelInstallError(f"damaged MusiCNN weights {path}: non-finite values")
    net.load_state_dict({k: v.float() for k, v in tensors.items()}, strict=True)
    net.name = str(name).upper()
    net.weights_sha256 = digest
    net.requires_grad_(False)
    return net.eval().to(device).prepare()
