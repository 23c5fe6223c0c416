"""Importing CLIP weights into the models folder: validated by loading, atomic, clean on failure."""

from __future__ import annotations

import json
import shutil

import pytest

from avrec_desktop import paths
from avrec_desktop.encoders import models
from avrec_desktop.errors import ModelInstallError, NotFound

from encoders_testlib import TINY_CFG, register_tiny_arch, write_tiny_clip_folder


@pytest.fixture(scope="module")
def tiny_src(tmp_path_factory):
    return write_tiny_clip_folder(tmp_path_factory.mktemp("tiny-clip"))


def _leftovers():
    root = paths.models_dir() / "clip"
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def test_import_a_custom_arch_folder(tiny_src):
    installed = models.import_model(tiny_src, arch="tiny", model_id="tiny-1")
    assert installed.model_id == "tiny-1" and installed.arch == "tiny"
    folder = paths.models_dir() / "clip" / "tiny-1"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["sha256"] == models.file_sha256(folder / manifest["file"])
    assert manifest["sha256"] == models.file_sha256(tiny_src / "tiny_weights.pth")
    assert json.loads((folder / "open_clip_config.json").read_text())["model_cfg"] == TINY_CFG
    assert models.default_model().model_id == "tiny-1"
    rows = {r.model_id: r for r in models.list_models()}
    assert rows["tiny-1"].status == "installed" and rows["tiny-1"].default
    assert any(r.status == "available" for r in rows.values())  # the known downloadable ones
    assert _leftovers() == ["default.json", "tiny-1"]


def test_a_weights_file_with_its_config_beside_it(tiny_src):
    installed = models.import_model(tiny_src / "tiny_weights.pth")
    assert installed.arch.startswith("custom-") and installed.model_id.startswith(installed.arch)


def test_newest_import_becomes_default_and_the_choice_can_change(tmp_path):
    first = models.import_model(write_tiny_clip_folder(tmp_path / "a", seed=1), arch="tiny", model_id="first")
    second = models.import_model(write_tiny_clip_folder(tmp_path / "b", seed=2), arch="tiny", model_id="second")
    assert first.sha256 != second.sha256
    assert models.default_model().model_id == "second"
    models.set_default_model("first")
    assert models.default_model().model_id == "first"
    with pytest.raises(NotFound):
        models.set_default_model("nope")
    models.remove_model("first")
    assert models.default_model().model_id == "second"  # falls back to the newest usable one


def test_reimport_over_the_same_id_replaces_it(tmp_path):
    models.import_model(write_tiny_clip_folder(tmp_path / "a", seed=1), arch="tiny", model_id="same")
    again = models.import_model(write_tiny_clip_folder(tmp_path / "b", seed=2), arch="tiny", model_id="same")
    assert models.default_model().sha256 == again.sha256
    assert _leftovers() == ["default.json", "same"]


def test_a_standard_arch_needs_only_the_weights_file(tmp_path, tmp_path_factory):
    arch = register_tiny_arch(tmp_path_factory.getbasetemp() / "open-clip-configs")
    src = write_tiny_clip_folder(tmp_path / "w", with_config=False, name=f"{arch}-weights.pth")
    installed = models.import_model(src / f"{arch}-weights.pth")  # arch guessed from the file name
    assert installed.arch == arch
    config = json.loads((installed.folder / "open_clip_config.json").read_text())
    assert config["model_cfg"]["embed_dim"] == TINY_CFG["embed_dim"]


@pytest.mark.parametrize(
    "content, arch, reason",
    [
        (b"definitely not a model" * 50, "ViT-B-32", "not a PyTorch weights file"),
        (b"\x10\x00\x00\x00\x00\x00\x00\x00{\"a\": 1}" + b"x" * 64, "ViT-B-32", "safetensors"),
    ],
)
def test_a_bad_file_fails_cleanly_leaving_nothing(tmp_path, content, arch, reason):
    suffix = ".safetensors" if b"{" in content[:20] else ".pth"
    bad = tmp_path / f"bad{suffix}"
    bad.write_bytes(content)
    with pytest.raises(ModelInstallError, match=reason):
        models.import_model(bad, arch=arch)
    assert _leftovers() == []
    assert models.default_model() is None


def test_weights_of_another_architecture_are_refused(tiny_src, tmp_path):
    lone = tmp_path / "lone.pth"
    shutil.copy(tiny_src / "tiny_weights.pth", lone)
    with pytest.raises(ModelInstallError, match="do not fit"):
        models.import_model(lone, arch="ViT-B-32")
    assert _leftovers() == []


def test_unusable_requests(tmp_path):
    with pytest.raises(ModelInstallError, match="does not exist"):
        models.import_model(tmp_path / "missing.pth", arch="ViT-B-32")
    (tmp_path / "notes.txt").write_text("hi")
    with pytest.raises(ModelInstallError, match="expected one of"):
        models.import_model(tmp_path / "notes.txt", arch="ViT-B-32")
    (tmp_path / "mystery.pth").write_bytes(b"x")
    with pytest.raises(ModelInstallError, match="architecture"):
        models.import_model(tmp_path / "mystery.pth")
    empty = tmp_path / "empty-dir"
    empty.mkdir()
    with pytest.raises(ModelInstallError, match="no weights file"):
        models.import_model(empty, arch="ViT-B-32")
    with pytest.raises(ModelInstallError, match="bad model id"):
        models.import_model(tmp_path / "mystery.pth", arch="ViT-B-32", model_id="../escape")
    assert _leftovers() == []


def test_a_broken_folder_is_listed_but_never_chosen(tiny_src):
    models.import_model(tiny_src, arch="tiny", model_id="good")
    broken = paths.models_dir() / "clip" / "broken"
    broken.mkdir()
    (broken / "manifest.json").write_text("{not json")
    rows = {r.model_id: r for r in models.list_models()}
    assert rows["broken"].status == "broken"
    assert models.default_model().model_id == "good"
