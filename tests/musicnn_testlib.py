"""A tiny random MusiCNN pair saved like the shipped weights, and encoder sets that use it.

``write_tiny_musicnn(folder, loud=...)`` writes ``msd_musicnn.safetensors`` and ``mtt_musicnn.safetensors``
with the real tag names, a net a few filters wide (the 200-d embedding kept), and the output layer's bias
set so the ``loud`` tags come out near 1 and every other near 0: a test decides what a track "sounds like".
``make()`` (an encoders factory for the worker) builds the fused encoder on the folder named by
``AVREC_TEST_MUSICNN_DIR``, with the fake text and visual encoders.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import torch
from safetensors.torch import save_file

from avrec_desktop.encoders.musicnn_model import MusicnnNet
from avrec_desktop.encoders.musicnn_tags import model_tags

DIR_ENV = "AVREC_TEST_MUSICNN_DIR"


def write_tiny_musicnn(folder: Path, loud: dict[str, list[str]] | None = None, seed: int = 0) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    loud = loud or {}
    torch.manual_seed(seed)
    for model, tags in model_tags().items():
        net = MusicnnNet(list(tags), timbral=4, temporal=3, mid=4, dense=200)
        with torch.no_grad():
            for p in net.parameters():
                p.normal_(0.0, 0.05)
            net.out.weight.zero_()
            net.out.bias.copy_(torch.tensor([8.0 if t in loud.get(model, []) else -8.0 for t in tags]))
        state = {k: v.contiguous() for k, v in net.state_dict().items()}
        save_file(state, str(folder / f"{model.lower()}_musicnn.safetensors"), metadata={"tags": json.dumps(tags)})
    return folder


def make():
    from avrec_desktop.encoders.sonic_musicnn import SonicMusicnnEncoder
    from fake_encoders import make as make_fake

    encoders = make_fake()
    encoders["audio"] = SonicMusicnnEncoder(weights_dir=Path(os.environ[DIR_ENV]), device="cpu")
    return encoders
