"""The ``avrec`` command end to end, as a user runs it (real worker, real encoders)."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

import mediagen


def avrec(*args, check=True, timeout=240):
    out = subprocess.run([sys.executable, "-m", "avrec_desktop", *map(str, args)], capture_output=True,
                         text=True, timeout=timeout, env=os.environ.copy())
    if check and out.returncode != 0:
        raise AssertionError(f"avrec {args} exited {out.returncode}: {out.stderr}")
    return out


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    music = root / "music"
    music.mkdir()
    for i, (kind, freq) in enumerate([("tone", 220), ("beats", 330), ("noise", 0), ("chirp", 440)]):
        mediagen.write_audio(music / f"song{i}.mp3", 3.0, kind=kind, freq=freq or 440,
                             tags={"title": f"Song number {i}", "artist": f"Band {i % 2}",
                                   "genre": "ambient" if kind == "tone" else "noise"})
    mediagen.zero_byte(music / "broken.mp3")
    return root


def test_add_scan_similar_search_status(library, tmp_path):
    out = avrec("folders", "add", library / "music", "--kind", "music")
    assert "5 new" in out.stdout
    out = avrec("scan", "--wait")
    assert "5/5 files" in out.stderr or "5/5 files" in out.stdout
    status = json.loads(avrec("status", "--json").stdout)
    assert status["by_status"]["ready"] == 4 and status["by_status"]["failed"] == 1
    assert status["queue"] == {"queued": 0, "running": 0}
    result = json.loads(avrec("similar", library / "music" / "song0.mp3", "-k", "3", "--json").stdout)
    assert result["seed"]["title"] == "Song number 0"
    names = [os.path.basename(r["path"]) for r in result["results"]]
    assert "song0.mp3" not in names and "broken.mp3" not in names and len(names) == 3
    assert set(result["results"][0]["similarities"]) == {"audio", "text"}
    seed_id = result["seed"]["id"]
    by_id = json.loads(avrec("similar", seed_id, "--modality", "audio", "--json").stdout)
    assert all(set(r["similarities"]) == {"audio"} for r in by_id["results"])
    found = json.loads(avrec("search", "song", "number", "2", "--json").stdout)
    assert found["words"][0]["title"] == "Song number 2"
    failures = avrec("failures").stdout
    assert "broken.mp3" in failures and "empty" in failures
    assert "music" in avrec("folders", "list").stdout


def test_clear_errors_and_exit_codes(tmp_path):
    out = avrec("similar", tmp_path / "nothing.mp3", check=False)
    assert out.returncode == 1 and "not in the library" in out.stderr
    assert "Traceback" not in out.stderr
    out = avrec("folders", "add", tmp_path / "no-such-folder", check=False)
    assert out.returncode == 1 and out.stderr.startswith("avrec: not a folder")
    out = avrec("bogus", check=False)
    assert out.returncode == 2


def test_a_newer_database_is_refused(tmp_path):
    db = tmp_path / "new.sqlite3"
    avrec("--db", db, "status")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    out = avrec("--db", db, "status", check=False)
    assert out.returncode == 3 and "newer" in out.stderr


def test_watch_picks_up_new_files_and_stops_cleanly(tmp_path):
    music = tmp_path / "watched"
    music.mkdir()
    avrec("folders", "add", music, "--kind", "music")
    proc = subprocess.Popen([sys.executable, "-m", "avrec_desktop", "watch"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    try:
        time.sleep(2.0)
        mediagen.write_audio(music / "dropped in.flac", 2.0, tags={"title": "Dropped in"})
        deadline = time.monotonic() + 120
        ready = 0
        while time.monotonic() < deadline and not ready:
            time.sleep(1.0)
            ready = json.loads(avrec("status", "--json").stdout)["by_status"]["ready"]
        assert ready == 1
        later = tmp_path / "added later"  # by another `avrec` while watch runs
        later.mkdir()
        mediagen.write_audio(later / "second.wav", 2.0)
        avrec("folders", "add", later, "--kind", "music")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and ready < 2:
            time.sleep(1.0)
            ready = json.loads(avrec("status", "--json").stdout)["by_status"]["ready"]
        assert ready == 2
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
