"""The analysis worker process: results land once per file, whatever happens to the process."""

import os
import signal
import time

import pytest

import mediagen
from avrec_desktop.core import AppCore

FAKE = "fake_encoders:make"


def make_library(root, n=10, seconds=1.0):
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        mediagen.write_audio(root / f"track{i:02d}.wav", seconds, freq=200 + 40 * i,
                             tags={"title": f"Track {i}", "artist": f"Artist {i % 3}"})
    return root


def counts(store):
    return {r["path"]: (r["status"], r["analysis_count"]) for r in
            store.query("SELECT path, status, analysis_count FROM media")}


def wait_until(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_worker_analyses_queue_and_reports_progress(tmp_path):
    core = AppCore(tmp_path / "db.sqlite3", encoders_factory=FAKE, batch_size=3)
    core.add_folder(str(make_library(tmp_path / "music", n=6)), "music")
    messages = []
    core.subscribe(lambda topic, payload: messages.append((topic, payload)))
    service = core.start_indexing(exit_when_idle=True)
    assert service.wait_idle(timeout=120)
    core.stop_indexing()
    assert all(v == ("ready", 1) for v in counts(core.store).values())
    assert service.progress.done == 6 and service.progress.remaining == 0
    assert any(p["message"]["type"] == "file" for t, p in messages if t == "indexing")
    item = core.store.all_media()[0]
    assert item.title.startswith("Track") and item.duration == pytest.approx(1.0, abs=0.1)
    assert set(core.store.embeddings_of(item.id)) == {"audio", "text"}
    assert core.store.embeddings_of(item.id)["audio"].encoder == "fake-audio"
    core.close()


def test_sigkill_mid_run_then_restart_analyses_every_file_exactly_once(tmp_path, monkeypatch):
    monkeypatch.setenv("AVREC_TEST_ENCODE_DELAY", "0.25")
    db = tmp_path / "db.sqlite3"
    core = AppCore(db, encoders_factory=FAKE, batch_size=2)
    core.add_folder(str(make_library(tmp_path / "music", n=12, seconds=0.5)), "music")
    service = core.start_indexing()
    service.max_restarts = 0  # this test restarts by hand, like a user relaunching after a crash
    assert wait_until(lambda: core.store.status_counts()["ready"] >= 3)
    os.kill(service.pid, signal.SIGKILL)
    assert wait_until(lambda: not service.running, 10)
    core.stop_indexing()
    before = counts(core.store)
    assert 3 <= sum(1 for s, _ in before.values() if s == "ready") < 12
    # The parent saw its worker die: the jobs it held are back in the queue as suspects (tried alone next).
    assert core.store.job_counts()["running"] == 0
    assert any(r["attempts"] > 0 for r in core.store.query("SELECT attempts FROM jobs"))
    core.close()

    monkeypatch.setenv("AVREC_TEST_ENCODE_DELAY", "0")
    again = AppCore(db, encoders_factory=FAKE, batch_size=2)
    service = again.start_indexing(exit_when_idle=True)
    assert service.wait_idle(timeout=120)
    again.stop_indexing()
    after = counts(again.store)
    assert all(v == ("ready", 1) for v in after.values()), after
    assert again.store.job_counts() == {"queued": 0, "running": 0}
    again.close()


def test_supervisor_restarts_a_killed_worker_by_itself(tmp_path, monkeypatch):
    monkeypatch.setenv("AVREC_TEST_ENCODE_DELAY", "0.2")
    core = AppCore(tmp_path / "db.sqlite3", encoders_factory=FAKE, batch_size=2)
    core.add_folder(str(make_library(tmp_path / "music", n=8, seconds=0.5)), "music")
    service = core.start_indexing()
    assert wait_until(lambda: core.store.status_counts()["ready"] >= 2)
    first_pid = service.pid
    os.kill(first_pid, signal.SIGKILL)
    assert wait_until(lambda: core.store.status_counts()["ready"] == 8, 120)
    assert service.pid != first_pid and service.restarts == 1
    assert all(v == ("ready", 1) for v in counts(core.store).values())
    core.close()


def test_pause_and_resume(tmp_path, monkeypatch):
    monkeypatch.setenv("AVREC_TEST_ENCODE_DELAY", "0.1")
    core = AppCore(tmp_path / "db.sqlite3", encoders_factory=FAKE, batch_size=1)
    core.add_folder(str(make_library(tmp_path / "music", n=8, seconds=0.3)), "music")
    service = core.start_indexing(exit_when_idle=True)
    assert wait_until(lambda: core.store.status_counts()["ready"] >= 1)
    service.pause()
    assert wait_until(lambda: service.progress.state == "paused", 20)
    frozen = core.store.status_counts()["ready"]
    time.sleep(1.0)
    assert core.store.status_counts()["ready"] == frozen < 8
    service.resume()
    assert service.wait_idle(timeout=120)
    assert core.store.status_counts()["ready"] == 8
    core.close()


def test_a_full_disk_stops_the_worker_with_a_reason_and_loses_nothing(tmp_path, monkeypatch):
    import queue
    import sqlite3
    import threading

    from avrec_desktop.indexing.worker import WorkerConfig, worker_main
    from avrec_desktop.store import Store

    store = Store(tmp_path / "db.sqlite3")
    from avrec_desktop.library import add_folder, scan_folder
    scan_folder(store, add_folder(store, str(make_library(tmp_path / "music", n=3, seconds=0.3)), "music"))

    def disk_full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("avrec_desktop.indexing.results.write_outcome", disk_full)
    messages = queue.Queue()
    config = WorkerConfig(db_path=str(store.path), encoders_factory=FAKE, exit_when_idle=True)
    worker_main(config, threading.Event(), threading.Event(), messages)
    seen = []
    while not messages.empty():
        seen.append(messages.get())
    fatal = [m for m in seen if m["type"] == "fatal"]
    assert fatal and "disk is full" in fatal[0]["error"] and "nothing was lost" in fatal[0]["error"]
    assert all(m.status == "pending" and m.analysis_count == 0 for m in store.all_media())
    assert sum(store.job_counts().values()) == 3  # every job still there for the next run
