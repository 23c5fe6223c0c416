"""The optional CLAP space through the real code: a tiny randomly initialised ClapModel saved with
``save_pretrained``, installed by ``avrec models import``, music analysed by the real worker (clap vectors
stamped with the encoder's name and version), then a free-text search answered through the clap space."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from avrec_desktop import paths
from avrec_desktop.cli import main
from avrec_desktop.encoders import models, registry, signatures
from avrec_desktop.encoders.clap import ClapEncoder, segments
from avrec_desktop.errors import ModelInstallError
from avrec_desktop.media.clips import AudioClip

from clap_testlib import write_tiny_clap_folder
from mediagen import write_audio
from real_worker_testlib import analyse_all, scanned_music_library


@pytest.fixture(scope="module")
def tiny_src(tmp_path_factory):
    return write_tiny_clap_folder(tmp_path_factory.mktemp("tiny-clap"))


def test_without_clap_there_is_no_clap_space():
    assert "clap" not in registry.encoder_signatures()
    assert signatures.clap_signature() is None
    assert not any(m.kind == "clap" and m.status == "installed" for m in models.list_models())
    assert any(m.model_id == "laion-clap-htsat-unfused" and m.status == "available" for m in models.list_models())


def test_import_a_save_pretrained_folder(tiny_src, capsys):
    assert main(["models", "import", str(tiny_src)]) == 0
    assert "installed clap-" in capsys.readouterr().out
    folder = signatures.clap_folder()
    assert folder is not None and folder.parent == paths.models_dir() / "clap"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["file"] == "model.safetensors"
    assert manifest["sha256"] == models.file_sha256(tiny_src / "model.safetensors")
    assert set(manifest["files_sha256"]) >= {"model.safetensors", "config.json", "tokenizer.json"}
    assert all(len(d) == 64 for d in manifest["files_sha256"].values())
    enc = ClapEncoder(folder)
    assert (enc.name, enc.version) == registry.encoder_signature("clap") == ("clap", f"1.{manifest['sha256'][:12]}")
    assert not enc.loaded
    active = registry.active_encoders()
    assert active["clap"].version == enc.version and set(active) == {"audio", "visual", "text", "clap"}
    assert "clap" in registry.query_encoders()


def test_a_folder_that_does_not_load_installs_nothing(tiny_src, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in tiny_src.iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    (bad / "model.safetensors").write_bytes(b"not weights")
    with pytest.raises(ModelInstallError, match="not a usable CLAP model"):
        models.import_model(bad)
    assert signatures.clap_folder() is None
    assert not [p for p in (paths.models_dir() / "clap").iterdir() if p.name != "default.json"]


def test_tracks_are_the_mean_of_normalised_segments(tiny_src, tmp_path):
    folder = models.import_model(tiny_src, models_dir=tmp_path).folder
    enc = ClapEncoder(folder, device="cpu")
    rng = np.random.default_rng(0)
    long = AudioClip([rng.standard_normal(22050 * 20).astype(np.float32) * 0.1 for _ in range(6)], 22050, 240.0)
    short = AudioClip([np.sin(np.arange(22050 * 4) / 22050 * 2 * np.pi * 440).astype(np.float32)], 22050, 4.0)
    assert len(segments(long)) == 3 and all(s.size == 22050 * 10 for s in segments(long))
    assert len(segments(short)) == 1
    v = enc.encode([long, short])
    assert v.shape == (2, enc.dim) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(enc.encode([long])[0], v[0], atol=1e-5)  # deterministic, batch-independent
    t = enc.encode_text(["calm piano", "loud drums"])
    assert t.shape == (2, enc.dim) and np.allclose(np.linalg.norm(t, axis=1), 1.0, atol=1e-5)


def test_music_is_analysed_into_the_clap_space_and_found_by_free_text(tiny_src, tmp_path, monkeypatch, capsys):
    from avrec_desktop.core import AppCore

    assert main(["models", "import", str(tiny_src)]) == 0
    assert "finds tracks by how they sound" in capsys.readouterr().out
    root = tmp_path / "music"
    root.mkdir()
    for i, kind in enumerate(("tone", "noise", "chirp")):  # names and tags say nothing of "calm piano"
        write_audio(root / f"take{i}.wav", seconds=12.0, kind=kind, seed=i, freq=220.0 * (i + 1))
    db = tmp_path / "db.sqlite3"
    store = scanned_music_library(root, db, monkeypatch)
    analyse_all(db)
    items = store.all_media()
    assert {m.status for m in items} == {"ready"}
    name, version = registry.encoder_signature("clap")
    ids, matrix = store.load_space("clap", name, version)
    assert sorted(ids.tolist()) == sorted(m.id for m in items)  # every track, stamped with the encoder
    store.close()

    enc = ClapEncoder(signatures.clap_folder())
    expected = ids[np.argsort(-(matrix @ enc.encode_text(["calm piano"])[0]), kind="stable")].tolist()
    core = AppCore(db)
    try:
        answer = core.search("calm piano", k=10)
    finally:
        core.close()
    assert not answer.words
    assert [r.media.id for r in answer.meaning] == expected
    assert all(r.reason == "sounds like 'calm piano'" and "clap" in r.similarities for r in answer.meaning)
    assert main(["search", "calm", "piano", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["meaning"]
    assert [r["id"] for r in shown] == expected and shown[0]["reason"] == "sounds like 'calm piano'"


def test_signatures_with_clap_installed_import_no_model_stack(tiny_src):
    models.import_model(tiny_src)
    code = ("import sys; from avrec_desktop.encoders.registry import encoder_signatures; "
            "s = encoder_signatures(); assert s['clap'][0] == 'clap', s; "
            "heavy = {'torch', 'transformers', 'scipy'} & {m.split('.')[0] for m in sys.modules}; "
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)
