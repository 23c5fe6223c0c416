"""Which encoder serves each space, and how the visual signature follows installed CLIP weights."""

from __future__ import annotations

import pytest

from avrec_desktop.encoders import models
from avrec_desktop.encoders.base import SPACES, Encoder
from avrec_desktop.encoders.registry import active_encoders, encoder_signature, encoder_signatures

from encoders_testlib import write_tiny_clip_folder


class _Stub:
    name, version, dim, space, batch_size = "stub", "7", 3, "visual", 1

    def encode(self, batch):
        raise AssertionError("not called")


def test_defaults_without_weights():
    encoders = active_encoders()
    assert set(encoders) == set(SPACES)
    assert {s: e.name for s, e in encoders.items()} == {"audio": "sonic-musicnn", "visual": "visual-descriptor",
                                                       "text": "minilm-l6"}
    assert all(isinstance(e, Encoder) and e.space == s for s, e in encoders.items())
    assert not encoders["text"].loaded and not encoders["audio"].loaded  # cheap: nothing loaded yet


def test_without_musicnn_weights_the_audio_space_is_plain_sonic(monkeypatch, tmp_path):
    from avrec_desktop.encoders import signatures

    monkeypatch.setattr(signatures, "MUSICNN_DIR", tmp_path)  # no weights there
    assert active_encoders()["audio"].name == "sonic"
    assert encoder_signature("audio") == signatures.sonic_signature()


def test_installing_clip_changes_the_visual_signature(tmp_path):
    before = encoder_signature("visual")
    assert before == ("visual-descriptor", "1")
    installed = models.import_model(write_tiny_clip_folder(tmp_path / "src"), arch="tiny", model_id="tiny")
    after = encoder_signature("visual")
    assert after == ("clip-tiny", installed.sha256[:12])
    visual = active_encoders()["visual"]
    assert visual.name == "clip-tiny" and not visual.loaded
    # other spaces are untouched
    assert encoder_signatures()["audio"] == encoder_signature("audio")
    # new weights, new version
    other = models.import_model(write_tiny_clip_folder(tmp_path / "src2", seed=5), arch="tiny", model_id="tiny2")
    assert encoder_signature("visual") == ("clip-tiny", other.sha256[:12])


def test_a_broken_default_falls_back_to_the_descriptor(tmp_path):
    installed = models.import_model(write_tiny_clip_folder(tmp_path / "src"), arch="tiny", model_id="tiny")
    (installed.folder / installed.file).unlink()
    assert encoder_signature("visual")[0] == "visual-descriptor"


def test_overrides_and_bad_spaces():
    stub = _Stub()
    encoders = active_encoders(overrides={"visual": stub})
    assert encoders["visual"] is stub and encoders["audio"].name == "sonic-musicnn"
    with pytest.raises(ValueError):
        active_encoders(overrides={"smell": stub})
    with pytest.raises(ValueError):
        encoder_signature("smell")
