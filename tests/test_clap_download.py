"""``avrec models download`` of a CLAP folder, served from a local http.server: progress over all files, a
full sha256 per file, a mismatch installs nothing, and without a catalogue digest the first download pins it."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading

import pytest

from avrec_desktop import paths
from avrec_desktop.encoders import model_download, models, signatures
from avrec_desktop.encoders.model_catalogue import CLAP_MODELS, ClapFile, KnownClapModel
from avrec_desktop.errors import ModelInstallError

from clap_testlib import write_tiny_clap_folder


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = write_tiny_clap_folder(tmp_path_factory.mktemp("served-clap"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", root
    server.shutdown()
    server.server_close()


def _entry(root, digests=None):
    files = tuple(ClapFile(p.name, p.stat().st_size, (digests or {}).get(p.name)) for p in sorted(root.iterdir()))
    return KnownClapModel(model_id="laion-clap-htsat-unfused", base_url="unused", files=files)


def _installed_nothing():
    root = paths.models_dir() / "clap"
    return signatures.clap_folder() is None and not any(p.name.startswith((".staging", ".download"))
                                                        for p in root.iterdir())


def test_download_with_progress_and_a_full_sha256_per_file(served, monkeypatch):
    base, root = served
    monkeypatch.setattr(model_download, "PROGRESS_EVERY_S", 0.0)
    digests = {p.name: models.file_sha256(p) for p in root.iterdir()}
    seen = []
    installed = models.download_model("laion-clap-htsat-unfused", progress=seen.append,
                                      known=_entry(root, digests), base_url=base)
    assert installed.kind == "clap" and installed.sha256 == digests["model.safetensors"]
    manifest = json.loads((installed.folder / "manifest.json").read_text())
    assert manifest["files_sha256"] == digests and manifest["verified"] == "catalogue sha256"
    total = sum(p.stat().st_size for p in root.iterdir())
    assert seen[-1].done == total and seen[-1].total == total
    assert [p.done for p in seen] == sorted(p.done for p in seen)  # one bar over every file
    assert signatures.clap_folder() == installed.folder


def test_a_mismatch_in_any_file_installs_nothing(served):
    base, root = served
    digests = {p.name: models.file_sha256(p) for p in root.iterdir()}
    wrong = digests["tokenizer.json"][:-1] + ("0" if digests["tokenizer.json"][-1] != "0" else "1")
    with pytest.raises(ModelInstallError, match="checksum mismatch for tokenizer.json"):
        models.download_model("laion-clap-htsat-unfused", known=_entry(root, {**digests, "tokenizer.json": wrong}),
                              base_url=base)
    assert _installed_nothing()


def test_without_catalogue_digests_the_first_download_pins_them(served, tmp_path):
    base, root = served
    first = models.download_model("laion-clap-htsat-unfused", known=_entry(root), base_url=base)
    manifest = json.loads((first.folder / "manifest.json").read_text())
    assert manifest["verified"] == "trust on first use (sha256 recorded now)"
    pinned = json.loads((paths.models_dir() / "clap" / "known_hashes.json").read_text())
    assert pinned["laion-clap-htsat-unfused/model.safetensors"] == first.sha256 and len(first.sha256) == 64
    again = models.download_model("laion-clap-htsat-unfused", known=_entry(root), base_url=base)
    assert json.loads((again.folder / "manifest.json").read_text())["verified"] == "sha256 recorded at the first download"
    changed = tmp_path / "changed"
    shutil.copytree(root, changed)
    (changed / "tokenizer_config.json").write_text((root / "tokenizer_config.json").read_text() + " ")
    other = f"{base.rsplit('/', 1)[0]}/"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(changed)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(ModelInstallError, match="first download"):
            models.download_model("laion-clap-htsat-unfused", known=_entry(changed),
                                  base_url=f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
    assert other and signatures.clap_folder() == again.folder  # the good install stays


def test_the_clap_catalogue_is_pinned_and_well_formed():
    entry = CLAP_MODELS["laion-clap-htsat-unfused"]
    assert "/resolve/8fa0f1c6d0433df6e97c127f64b2a1d6c0dcda8a/" in entry.base_url
    assert {"config.json", "pytorch_model.bin", "preprocessor_config.json"} <= {f.name for f in entry.files}
    assert all(f.sha256 is None or len(f.sha256) == 64 for f in entry.files)
    with pytest.raises(ValueError):
        ClapFile("x", 1, "abc")
