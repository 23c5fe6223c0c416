"""A full disk, for real: the data folder is a 4 MB tmpfs filled up, and ``avrec scan --wait`` runs on it.

Full before the run and full in the middle of the analysis: the command stops with one clear line and a
non-zero exit, the database stays intact (``PRAGMA integrity_check``), no file is failed because of the
disk, and once space is freed the next run finishes everything, each file analysed exactly once.
Needs root (``mount -t tmpfs``); skips cleanly elsewhere.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import mediagen

SONGS = 8


def _mount_tmpfs(where: Path, size: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root and mount(8) to make a small tmpfs")
    out = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {out.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    _mount_tmpfs(data, "4m")
    yield data
    subprocess.run(["umount", "-l", str(data)], capture_output=True)


def _fill(folder: Path, leave: int = 0) -> Path:
    """Fill ``folder``'s file system until ``leave`` bytes (rounded to 4 KB pages) are free."""
    filler = folder / "filler"
    free = shutil.disk_usage(folder).free - leave
    with open(filler, "ab") as fh:
        try:
            while free > 0:
                n = min(free, 1 << 16)
                fh.write(b"\0" * n)
                fh.flush()
                free -= n
        except OSError:
            pass  # full
    return filler


def _avrec(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "avrec_desktop", *map(os.fspath, args)], capture_output=True,
                          text=True, timeout=180, env=os.environ.copy())


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _states(db: Path) -> dict[str, tuple[str, int]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT path, status, analysis_count FROM media").fetchall()
    finally:
        conn.close()
    return {os.path.basename(os.fsdecode(p)): (s, n) for p, s, n in rows}


def _stopped_with_a_reason(out: subprocess.CompletedProcess, data: Path) -> None:
    assert out.returncode != 0, out.stdout + out.stderr
    assert "Traceback" not in out.stderr, out.stderr
    last = out.stderr.strip().splitlines()[-1]
    words = last.replace(str(data), "DATA")  # the test's folder name holds "full" too
    assert words.startswith("avrec:") and "full" in words, out.stderr


def test_a_full_disk_stops_with_a_reason_and_loses_nothing(small_disk, tmp_path, monkeypatch):
    monkeypatch.setenv("AVREC_DATA_DIR", str(small_disk))
    music = tmp_path / "music"
    music.mkdir()
    for i in range(SONGS):
        mediagen.write_audio(music / f"song{i}.mp3", 3.0, kind="beats", freq=200 + 40 * i, bpm=90 + 5 * i)
    db = small_disk / "library.sqlite3"
    assert _avrec("folders", "add", music, "--kind", "music").returncode == 0

    filler = _fill(small_disk)  # full before the run: not even the database's side files fit
    _stopped_with_a_reason(_avrec("scan", "--wait"), small_disk)
    filler.unlink()
    assert _integrity(db) == "ok"
    assert {s for s, _ in _states(db).values()} == {"pending"}

    filler = _fill(small_disk, leave=160 * 1024)  # room for a few files' results, not all of them
    _stopped_with_a_reason(_avrec("scan", "--wait"), small_disk)
    filler.unlink()
    assert _integrity(db) == "ok"
    states = _states(db)
    assert "failed" not in {s for s, _ in states.values()}, states  # the disk is not the file's fault
    assert any(s == "pending" for s, _ in states.values()), states  # it really stopped part-way

    out = _avrec("scan", "--wait")
    assert out.returncode == 0, out.stderr
    assert _integrity(db) == "ok"
    assert _states(db) == {f"song{i}.mp3": ("ready", 1) for i in range(SONGS)}
