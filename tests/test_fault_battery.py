"""The bad-file battery, run from outside: a folder of ~40 broken, odd and extreme files next to good ones,
through the real ``avrec`` CLI and its real worker process with the real encoders.

Every file ends ``ready`` or ``failed`` with a readable one-line reason, or (FIFO, folder, links) is skipped
by the scan without becoming an item; the batch finishes with exit 0, the worker never restarts, every
item is analysed exactly once and the good files are ready with their vectors.
"""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import mediagen

# name -> expected end: "ready", "failed" or "skipped" (never an item), and words its reason must hold
KINDS: dict[str, tuple[str, str]] = {}


def _kind(name: str, outcome: str, words: str = "") -> str:
    KINDS[name] = (outcome, words)
    return name


def _wav_claiming(path: Path, data_bytes: int) -> Path:
    """A 3 s WAV whose header claims ``data_bytes`` of samples (0xFFFFFFFF: a WAV streamed to a pipe)."""
    mediagen.write_audio(path, 3.0, kind="beats")
    raw = bytearray(path.read_bytes())
    at = raw.find(b"data")
    raw[at + 4 : at + 8] = struct.pack("<I", data_bytes)
    raw[4:8] = struct.pack("<I", min(0xFFFFFFFF, data_bytes + 36))
    path.write_bytes(bytes(raw))
    return path


def build_battery(root: Path) -> Path:
    """Write the battery into ``root`` (a few seconds); ``KINDS`` says what each name must end as."""
    root.mkdir(parents=True)
    w = mediagen.write_audio
    w(root / _kind("good a.mp3", "ready"), 4.0, kind="chirp", tags={"title": "Good A", "artist": "Band"})
    w(root / _kind("good b.flac", "ready"), 4.0, kind="beats", tags={"title": "Good B"})
    mediagen.write_video(root / _kind("good clip.mp4", "ready"), 2.0, pattern="scenes", with_audio=True)
    mediagen.zero_byte(root / _kind("zero bytes.mp3", "failed", "empty"))
    for pct, mp3_end, ogg_end in ((1, "failed", "failed"), (30, "ready", "ready"), (70, "ready", "ready")):
        mediagen.truncate(w(root / _kind(f"cut {pct}.mp3", mp3_end), 6.0, kind="noise"), pct / 100)
        mediagen.truncate(w(root / _kind(f"cut {pct}.ogg", ogg_end), 6.0, kind="noise"), pct / 100)
        mediagen.truncate(mediagen.write_video(root / _kind(f"cut {pct}.mp4", "failed", "truncated"), 2.0,
                                               with_audio=True), pct / 100)
    damaged = w(root / _kind("damaged middle.mp3", "ready"), 6.0, kind="beats")
    raw = bytearray(damaged.read_bytes())
    mid = len(raw) // 2
    raw[mid : mid + len(raw) // 5] = np.random.default_rng(1).integers(0, 256, len(raw) // 5, np.uint8).tobytes()
    damaged.write_bytes(bytes(raw))
    for i, ext in enumerate((".mp3", ".mp4", ".flac")):
        mediagen.random_bytes(root / _kind(f"random bytes{ext}", "failed"), 50_000, seed=i)
    mediagen.write_png(root / _kind("picture.mp3", "failed", "PNG"), width=64, height=64)
    mediagen.write_text(root / _kind("lyrics.ogg", "failed", "text"))
    (root / _kind("tags only.mp3", "failed")).write_bytes(b"ID3\x03\x00\x00\x00\x00\x10\x00" + bytes(2048))
    w(root / "really.ogg", 3.0, kind="beats", tags={"title": "Ogg in disguise"})
    os.rename(root / "really.ogg", root / _kind("ogg named.mp3", "ready"))
    w(root / _kind("tiny 0.2 s.mp3", "ready"), 0.2)
    mediagen.write_long_silence(root / _kind("three hours of silence.flac", "ready"))
    for ext in (".flac", ".m4a", ".ogg"):
        w(root / _kind(f"eight channels{ext}", "ready"), 3.0, channels=8, kind="noise")
    w(root / _kind("8 kHz.mp3", "ready"), 3.0, sr=8000, kind="beats")
    w(root / _kind("192 kHz.flac", "ready"), 3.0, sr=192000, kind="chirp")
    _wav_claiming(root / _kind("header says an hour.wav", "ready"), 22050 * 2 * 3600)
    _wav_claiming(root / _kind("streamed.wav", "ready"), 0xFFFFFFFF)
    mediagen.write_huge_frame_video(root / _kind("huge frame 8000x8000.mp4", "ready"))
    claim = root / _kind("claims 46000x46000.mkv", "failed", "header")
    claim.write_bytes(b"YUV4MPEG2 W46000 H46000 F25:1 Ip A1:1 C420jpeg\nFRAME\n" + bytes(100_000))
    mediagen.write_video(root / _kind("video without audio.mp4", "ready"), 2.0, pattern="bars")
    odd = mediagen.odd_name(root, ".mp3")
    w(_kind_path(odd, "ready"), 2.0, freq=330)
    w(root / _kind("🎵 emoji ✨.m4a", "ready"), 2.0, freq=550)
    w(root / _kind("new\nline.mp3", "ready"), 2.0, freq=660)
    w(root / _kind("-leading dash.mp3", "ready"), 2.0, freq=770)
    os.mkfifo(root / _kind("fifo.mp3", "skipped"))
    (root / _kind("folder.mp3", "skipped")).mkdir()
    (root / _kind("dangling.mp3", "skipped")).symlink_to(root / "nowhere.mp3")
    (root / _kind("self loop.mp3", "skipped")).symlink_to(root / "self loop.mp3")
    (root / _kind("folder loop", "skipped")).symlink_to(root, target_is_directory=True)
    return root


def _kind_path(path: Path, outcome: str) -> Path:
    _kind(path.name, outcome)
    return path


def _env(home: Path) -> dict:
    env = os.environ.copy()
    for var, sub in (("AVREC_DATA_DIR", "data"), ("AVREC_CACHE_DIR", "cache"), ("AVREC_CONFIG_DIR", "config"),
                     ("AVREC_MODELS_DIR", "models"), ("HOME", "home")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env.pop("AVREC_DB", None)
    return env


def avrec(env: dict, *args, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "avrec_desktop", *map(os.fspath, args)], capture_output=True,
                          text=True, errors="replace", timeout=timeout, env=env)


@pytest.fixture(scope="module")
def battery(tmp_path_factory):
    base = tmp_path_factory.mktemp("battery")
    root = build_battery(base / "library")
    env = _env(base / "home")
    env["NUMBA_CACHE_DIR"] = str(tmp_path_factory.getbasetemp() / "numba-cache")
    added = avrec(env, "folders", "add", root, "--kind", "mixed")
    scanned = avrec(env, "-v", "scan", "--wait")
    failures = avrec(env, "failures", "--json")
    status = avrec(env, "status", "--json")
    from avrec_desktop.store import Store

    store = Store(Path(env["AVREC_DATA_DIR"]) / "library.sqlite3")
    items = {os.path.basename(m.path): m for m in store.all_media()}
    vectors = {name: set(store.embeddings_of(m.id)) for name, m in items.items()}
    store.close()
    yield {"root": root, "added": added, "scanned": scanned, "failures": failures, "status": status,
           "items": items, "vectors": vectors}


def test_the_batch_finishes_and_the_worker_never_restarts(battery):
    added, scanned = battery["added"], battery["scanned"]
    assert added.returncode == 0, added.stderr
    assert scanned.returncode == 0, scanned.stderr
    assert "restarting" not in scanned.stderr and "keeps stopping" not in scanned.stderr, scanned.stderr
    assert "Traceback" not in scanned.stderr + scanned.stdout
    status = json.loads(battery["status"].stdout)
    assert status["queue"] == {"queued": 0, "running": 0}
    assert status["by_status"]["pending"] == 0
    counts = {name: m.analysis_count for name, m in battery["items"].items()}
    assert set(counts.values()) == {1}, counts  # exactly once: no retry after a crash, no double run


def test_every_file_ends_ready_or_failed_with_a_one_line_reason(battery, capsys):
    items = battery["items"]
    wrong = {}
    for name, (outcome, words) in KINDS.items():
        item = items.get(name)
        got = "skipped" if item is None else item.status
        if got != outcome or (words and words.lower() not in (item.error or "").lower()):
            wrong[name] = (outcome, words, got, item.error if item else None)
    with capsys.disabled():  # the numbers for the note
        print(f"\nfault battery: {len(KINDS) - len(wrong)}/{len(KINDS)} files ended as expected "
              f"({sum(1 for o, _ in KINDS.values() if o == 'failed')} failed with a reason, "
              f"{sum(1 for o, _ in KINDS.values() if o == 'skipped')} skipped by the scan)")
    assert not wrong, wrong
    for name, item in items.items():
        if item.status == "failed":
            reason = item.error or ""
            assert reason and "\n" not in reason and len(reason) < 300, (name, reason)
            assert not reason.startswith("analysis failed"), (name, reason)  # an unexpected exception
            assert "stopped unexpectedly" not in reason, (name, reason)
    listed = json.loads(battery["failures"].stdout)
    assert sorted(os.path.basename(f["path"]) for f in listed) == sorted(
        name for name, item in items.items() if item.status == "failed")


def test_good_and_odd_files_are_analysed_in_full(battery):
    items, vectors = battery["items"], battery["vectors"]
    for name in ("good a.mp3", "good b.flac", "ogg named.mp3", "eight channels.m4a", "-leading dash.mp3"):
        assert {"audio", "text"} <= vectors[name], name
    assert {"visual", "audio", "text"} <= vectors["good clip.mp4"]
    assert "visual" in vectors["huge frame 8000x8000.mp4"] and "visual" in vectors["video without audio.mp4"]
    assert items["huge frame 8000x8000.mp4"].width == 8000
    assert items["three hours of silence.flac"].duration == pytest.approx(3 * 3600, rel=0.01)
    assert items["tiny 0.2 s.mp3"].duration == pytest.approx(0.2, abs=0.1)
    assert items["header says an hour.wav"].duration == pytest.approx(3.0, abs=0.1)


def test_a_cut_off_file_stores_the_length_that_plays(battery):
    """A 6 s MP3 cut at 30 % plays ~1.8 s; its header (Xing frame count) still claims 6 s."""
    cut = battery["items"]["cut 30.mp3"]
    assert cut.status == "ready" and cut.duration is not None
    assert 1.0 < cut.duration < 3.0, cut.duration


def test_links_fifos_and_folders_are_skipped_without_blocking(battery):
    items = battery["items"]
    for name in ("fifo.mp3", "folder.mp3", "dangling.mp3", "self loop.mp3"):
        assert name not in items
    assert not any("folder loop" in m.path for m in items.values())  # the looping folder is walked once
    report = battery["added"].stdout + battery["scanned"].stdout
    for name, why in (("dangling.mp3", "broken link"), ("self loop.mp3", "symbolic links"),
                      ("fifo.mp3", "named pipe")):  # each named by the scan, with its reason
        assert re.search(rf"{re.escape(name)}: .*{why}", report), (name, report)
