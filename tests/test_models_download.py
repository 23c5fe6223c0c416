"""User-started downloads, served from a local http.server (tests never reach the internet)."""

from __future__ import annotations

import functools
import json
import http.server
import threading

import pytest

from avrec_desktop import paths
from avrec_desktop.encoders import model_download, models
from avrec_desktop.encoders.model_catalogue import KNOWN_MODELS, KnownModel
from avrec_desktop.errors import DownloadCancelled, ModelInstallError, NotFound

from encoders_testlib import register_tiny_arch, write_tiny_clip_folder


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a cancelled download closes the socket mid-file: expected here


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(base URL, sha256 of the served weights, their size) for a tiny CLIP weights file on 127.0.0.1."""
    arch = register_tiny_arch(tmp_path_factory.getbasetemp() / "open-clip-configs")
    root = write_tiny_clip_folder(tmp_path_factory.mktemp("served"), with_config=False, name="tiny.pth")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    weights = root / "tiny.pth"
    yield f"http://127.0.0.1:{server.server_address[1]}", models.file_sha256(weights), weights.stat().st_size, arch
    server.shutdown()
    server.server_close()


def _entry(arch, base, **kw):
    return KnownModel(model_id="tiny-dl", arch=arch, tag="", url=f"{base}/tiny.pth", size_bytes=1000, **kw)


def _nothing_left():
    root = paths.models_dir() / "clip"
    return not root.exists() or not any(root.iterdir())


def test_download_with_progress_and_checksum(served, monkeypatch):
    base, digest, size, arch = served
    monkeypatch.setattr(model_download, "CHUNK_BYTES", 256 * 1024)
    monkeypatch.setattr(model_download, "PROGRESS_EVERY_S", 0.0)
    seen = []
    installed = models.download_model("tiny-dl", progress=seen.append, known=_entry(arch, base, sha256=digest))
    assert installed.model_id == "tiny-dl" and installed.sha256 == digest
    assert installed.source == f"{base}/tiny.pth"
    assert len(seen) >= size // (256 * 1024)
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    assert seen[-1].done == seen[-1].total == size and seen[-1].fraction == 1.0
    assert all(p.rate > 0 for p in seen)
    assert models.default_model().model_id == "tiny-dl"
    assert sorted(p.name for p in (paths.models_dir() / "clip").iterdir()) == ["default.json", "tiny-dl"]


def _wrong(digest):
    return ("0" if digest[0] != "0" else "1") + digest[1:]


def test_checksum_mismatch_installs_nothing(served):
    base, digest, _, arch = served
    with pytest.raises(ModelInstallError, match="checksum mismatch"):
        models.download_model("tiny-dl", known=_entry(arch, base, sha256=_wrong(digest)))
    assert _nothing_left()


def test_the_whole_digest_is_compared_not_a_prefix(served):
    base, digest, _, arch = served
    same_start = digest[:56] + ("0" if digest[56] != "0" else "1") + digest[57:]
    with pytest.raises(ModelInstallError, match="checksum mismatch"):
        models.download_model("tiny-dl", known=_entry(arch, base, sha256=same_start))
    assert _nothing_left()
    with pytest.raises(ValueError, match="64 lowercase hex"):
        _entry(arch, base, sha256=digest[:8])


def test_exact_size_is_pinned(served):
    base, digest, size, arch = served
    with pytest.raises(ModelInstallError, match=f"offers {size} bytes, the catalogue expects {size + 1}"):
        models.download_model("tiny-dl", known=KnownModel(
            model_id="tiny-dl", arch=arch, tag="", url=f"{base}/tiny.pth", size_bytes=size + 1, size_exact=True))
    assert _nothing_left()
    installed = models.download_model("tiny-dl", known=KnownModel(
        model_id="tiny-dl", arch=arch, tag="", url=f"{base}/tiny.pth", size_bytes=size, size_exact=True, sha256=digest))
    assert installed.sha256 == digest


def test_without_a_catalogue_digest_the_first_download_pins_it(served):
    base, digest, _, arch = served
    root = paths.models_dir() / "clip"
    first = models.download_model("tiny-dl", known=_entry(arch, base))
    assert first.sha256 == digest
    assert json.loads((root / "known_hashes.json").read_text()) == {"tiny-dl": digest}
    manifest = json.loads((root / "tiny-dl" / "manifest.json").read_text())
    assert manifest["verified"].startswith("trust on first use")
    again = models.download_model("tiny-dl", known=_entry(arch, base))
    assert again.sha256 == digest
    (root / "known_hashes.json").write_text(json.dumps({"tiny-dl": _wrong(digest)}))
    with pytest.raises(ModelInstallError, match="first download of tiny-dl had"):
        models.download_model("tiny-dl", known=_entry(arch, base))


def test_importing_under_a_catalogued_id_checks_the_whole_digest(served, tmp_path):
    base, digest, _, arch = served
    import urllib.request

    local = tmp_path / "tiny.pth"
    local.write_bytes(urllib.request.urlopen(f"{base}/tiny.pth").read())
    wrong_id = next(iter(KNOWN_MODELS))
    with pytest.raises(ModelInstallError, match="checksum mismatch"):
        models.import_model(local, arch=arch, model_id=wrong_id)
    assert not (paths.models_dir() / "clip" / wrong_id).exists()
    ok = models.import_model(local, arch=arch, model_id="tiny-local")
    manifest = json.loads((paths.models_dir() / "clip" / "tiny-local" / "manifest.json").read_text())
    assert ok.sha256 == digest and manifest["verified"] == "not verified (imported file)"


def test_cancel_mid_download_installs_nothing(served, monkeypatch):
    base, digest, _, arch = served
    monkeypatch.setattr(model_download, "CHUNK_BYTES", 64 * 1024)
    monkeypatch.setattr(model_download, "PROGRESS_EVERY_S", 0.0)
    cancel = threading.Event()
    seen = []

    def progress(p):
        seen.append(p)
        cancel.set()  # the user presses cancel after the first chunk

    with pytest.raises(DownloadCancelled):
        models.download_model("tiny-dl", progress=progress, cancel=cancel, known=_entry(arch, base, sha256=digest))
    assert len(seen) == 1 and seen[0].done < seen[0].total
    assert _nothing_left()


def test_http_errors_and_unknown_models(served):
    base, _, _, arch = served
    with pytest.raises(ModelInstallError, match="HTTP 404"):
        models.download_model("tiny-dl", known=_entry(arch, base), url=f"{base}/missing.pth")
    with pytest.raises(ModelInstallError, match="download failed"):
        models.download_model("tiny-dl", known=_entry(arch, "http://127.0.0.1:9"), timeout=5)
    with pytest.raises(NotFound):
        models.download_model("no-such-model")
    assert _nothing_left()


def test_the_catalogue_is_well_formed():
    assert KNOWN_MODELS
    for entry in KNOWN_MODELS.values():
        assert entry.url.startswith("https://")
        assert entry.size_bytes > 100_000_000
        assert entry.arch and entry.tag
        assert entry.sha256 is not None and len(entry.sha256) == 64, "every catalogued model has its full sha256"
        assert entry.hash_source
