"""Everything works with the network removed: the CLI flow runs inside a new, empty network namespace
(``unshare -n``: no interface but a down loopback), with no offline hints for the model libraries.

add, scan --wait (real worker, real encoders), similar, search, an event and next must all succeed there.
Skips cleanly where unshare(1) is missing or creating a network namespace is not permitted.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

import mediagen

_PROBE = """
import socket
s = socket.socket()
s.settimeout(3)
try:
    s.connect(("1.1.1.1", 443))
    print("online")
except OSError:
    print("offline")
"""


def _unshare() -> list[str]:
    tool = shutil.which("unshare")
    if tool is None:
        pytest.skip("unshare(1) is not installed")
    out = subprocess.run([tool, "-n", "--", "true"], capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip(f"cannot make a network namespace here: {out.stderr.strip()}")
    return [tool, "-n", "--"]


def test_the_cli_flow_works_without_any_network(tmp_path):
    prefix = _unshare()
    env = os.environ.copy()
    for hint in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # the app must not need them to stay offline
        env.pop(hint, None)

    def avrec(*args):
        out = subprocess.run([*prefix, sys.executable, "-m", "avrec_desktop", *map(os.fspath, args)],
                             capture_output=True, text=True, timeout=180, env=env)
        assert out.returncode == 0, (args, out.stdout, out.stderr)
        assert "Traceback" not in out.stderr, out.stderr
        return out

    check = subprocess.run([*prefix, sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=30)
    assert check.stdout.strip() == "offline"  # the namespace really has no way out
    music = tmp_path / "music"
    music.mkdir()
    for i, kind in enumerate(("tone", "beats", "chirp", "noise")):
        mediagen.write_audio(music / f"song{i}.mp3", 3.0, kind=kind, freq=220 + 110 * i,
                             tags={"title": f"Offline song {i}", "artist": "Nobody", "genre": "ambient"})
    avrec("folders", "add", music, "--kind", "music")
    avrec("scan", "--wait")
    status = json.loads(avrec("status", "--json").stdout)
    assert status["by_status"]["ready"] == 4 and status["queue"] == {"queued": 0, "running": 0}
    assert any(name.startswith("text:") for name in status["embeddings"])  # the text model loaded offline
    similar = json.loads(avrec("similar", music / "song0.mp3", "-k", "3", "--json").stdout)
    assert len(similar["results"]) == 3
    found = json.loads(avrec("search", "offline", "song", "2", "--json").stdout)
    assert found["words"] and found["words"][0]["title"] == "Offline song 2"  # by words first
    assert isinstance(found["meaning"], list)  # and by meaning (the query encoded offline) apart
    avrec("event", music / "song1.mp3", "start")
    avrec("event", music / "song1.mp3", "end", "--position", "3.0", "--reason", "finished")
    after = json.loads(avrec("next", "--after", music / "song1.mp3", "-k", "2", "--json").stdout)
    assert after, after
