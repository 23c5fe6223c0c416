"""``--json`` stays valid UTF-8 with file names that are not, and keeps the exact name in ``path_bytes``."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys

import pytest

import mediagen
from avrec_desktop.cli_output import emit_json, json_safe

BAD = b"caf\xe9 \xff"  # Latin-1 e-acute and a byte that is never UTF-8


def _avrec(*args):
    out = subprocess.run([sys.executable, "-m", "avrec_desktop", *args], capture_output=True, timeout=240,
                         env=os.environ.copy())
    assert out.returncode == 0, out.stderr.decode("utf-8", "replace")
    return out.stdout


def _lossless(entry: dict, key: str = "path") -> bytes:
    return base64.b64decode(entry[f"{key}_bytes"])


def test_the_helper_escapes_and_keeps_the_bytes():
    path = os.fsdecode(b"/music/" + BAD + b".mp3")
    safe = json_safe({"path": path, "fine": "né", "list": [path]})
    assert safe["path"] == "/music/caf\ufffd \ufffd.mp3" and safe["list"] == ["/music/caf\ufffd \ufffd.mp3"]
    assert os.fsdecode(_lossless(safe)) == path
    assert "fine_bytes" not in safe and safe["fine"] == "né"
    raw = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")
    emit_json({"path": path, "fine": "né"}, raw)  # written as UTF-8 even when the stream's locale is ASCII
    data = raw.buffer.getvalue()
    assert json.loads(data.decode("utf-8"))["fine"] == "né"


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_status_and_similar_json_with_a_non_utf8_name(tmp_path):
    folder = tmp_path / os.fsdecode(b"lib " + BAD)
    folder.mkdir()
    bad_file = folder / os.fsdecode(BAD + b".mp3")
    mediagen.write_audio(bad_file, 2.0, kind="tone", freq=220)
    mediagen.write_audio(folder / "other.mp3", 2.0, kind="chirp", freq=440)
    _avrec("folders", "add", str(folder), "--kind", "music", "--no-scan")
    _avrec("scan", "--wait")

    raw = _avrec("status", "--json")
    raw.decode("utf-8")  # strict: raises on a raw byte
    status = json.loads(raw)
    (entry,) = status["folders"]
    assert "\ufffd" in entry["path"] and os.fsdecode(_lossless(entry)) == str(folder)
    assert status["by_status"]["ready"] == 2

    raw = _avrec("similar", "--json", str(bad_file))
    raw.decode("utf-8")
    result = json.loads(raw)
    assert os.fsdecode(_lossless(result["seed"])) == str(bad_file)
    assert result["seed"]["path"].endswith("caf\ufffd \ufffd.mp3")
    (other,) = result["results"]
    assert os.fsdecode(_lossless(other)) == str(folder / "other.mp3")  # its folder's name is not UTF-8 either
    assert "title_bytes" not in other
