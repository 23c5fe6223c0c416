"""The analysis worker is background work: it runs at a lower CPU priority than the process that
started it (the window or the CLI), so on a busy machine the window gets the CPU first."""

import os
import time

import pytest

import mediagen
from avrec_desktop.core import AppCore

pytestmark = pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX priorities")
FAKE = "fake_encoders:make"


def _worker_nice(tmp_path, monkeypatch, env: str | None) -> int:
    if env is not None:
        monkeypatch.setenv("AVREC_WORKER_NICE", env)
    monkeypatch.setenv("AVREC_TEST_ENCODE_DELAY", "0.3")
    music = tmp_path / "music"
    music.mkdir()
    for i in range(3):
        mediagen.write_audio(music / f"t{i}.wav", 0.3, freq=200 + 50 * i)
    core = AppCore(tmp_path / "db.sqlite3", encoders_factory=FAKE, batch_size=1)
    try:
        core.add_folder(str(music), "music")
        service = core.start_indexing()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not core.store.status_counts().get("ready"):
            time.sleep(0.05)  # the worker has started analysing: its priority is set by now
        assert service.pid, "the worker did not start"
        return os.getpriority(os.PRIO_PROCESS, service.pid)
    finally:
        core.close()


def test_the_worker_runs_at_a_lower_priority_than_its_parent(tmp_path, monkeypatch):
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    assert _worker_nice(tmp_path, monkeypatch, None) == min(19, ours + 10)


def test_avrec_worker_nice_0_keeps_the_parents_priority(tmp_path, monkeypatch):
    assert _worker_nice(tmp_path, monkeypatch, "0") == os.getpriority(os.PRIO_PROCESS, 0)
