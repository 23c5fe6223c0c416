"""The worker analyses several files at once with a pool of analyser processes: each file once, a file
that crashes its analyser is blamed alone (the worker itself never dies of it), and the pool size comes
from the setting or the cores."""

import os
import queue
import threading

from avrec_desktop.core import AppCore
from avrec_desktop.indexing.pool import PROCESSES_ENV, worker_processes
from avrec_desktop.indexing.worker import WorkerConfig, worker_main
from avrec_desktop.library import add_folder, scan_folder
from avrec_desktop.store import Store
from cli_procs import make_tracks


def by_name(store):
    return {os.path.basename(m.path): m for m in store.all_media()}


def messages_of(q):
    out = []
    while True:
        try:
            out.append(q.get_nowait())
        except queue.Empty:
            return out


def test_a_pool_of_two_analyses_every_file_exactly_once(tmp_path):
    store = Store(tmp_path / "db.sqlite3")
    names = [f"t{i}" for i in range(7)]
    scan_folder(store, add_folder(store, str(make_tracks(tmp_path / "music", names, seconds=0.5,
                                                         base_freq=180, step=37)), "music"))
    config = WorkerConfig(db_path=str(store.path), encoders_factory="fake_encoders:make", exit_when_idle=True,
                          processes=2)
    messages = queue.Queue()
    worker_main(config, threading.Event(), threading.Event(), messages)
    sent = messages_of(messages)
    started = [m for m in sent if m["type"] == "started"]
    assert started and started[0]["processes"] == 2
    assert {name: (m.status, m.analysis_count) for name, m in by_name(store).items()} == {
        f"{name}.wav": ("ready", 1) for name in names}
    assert sorted(m["media_id"] for m in sent if m["type"] == "file") == sorted(
        m.id for m in store.all_media())
    assert store.job_counts() == {"queued": 0, "running": 0}
    assert all(set(store.embeddings_of(m.id)) == {"audio", "text"} for m in store.all_media())
    store.close()


def test_a_file_that_crashes_its_analyser_is_failed_alone_and_the_worker_lives_on(tmp_path, monkeypatch):
    monkeypatch.setenv(PROCESSES_ENV, "2")
    core = AppCore(tmp_path / "db.sqlite3", encoders_factory="crash_encoders:poison")
    core.add_folder(str(make_tracks(tmp_path / "music", ["a0", "a1", "poison", "a2", "a3"], seconds=0.3,
                                    base_freq=200, step=31)), "music")
    service = core.start_indexing(exit_when_idle=True)
    assert service.wait_idle(timeout=300)
    items = by_name(core.store)
    poison = items.pop("poison.wav")
    assert {name: (m.status, m.analysis_count) for name, m in items.items()} == {
        name: ("ready", 1) for name in items}
    assert poison.status == "failed" and "crashed" in poison.error and "SIGSEGV" in poison.error
    assert service.restarts == 0 and service.progress.state != "failed"  # only analysers died
    core.close()


def test_pool_size_comes_from_the_setting_or_all_cores_but_one(monkeypatch):
    monkeypatch.setenv(PROCESSES_ENV, "3")
    assert worker_processes() == 3
    assert worker_processes(2) == 2
    monkeypatch.delenv(PROCESSES_ENV)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert worker_processes() == 1
    monkeypatch.setattr("avrec_desktop.indexing.pool._available_memory", lambda: 64 << 30)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert worker_processes() == 7
    monkeypatch.setattr("avrec_desktop.indexing.pool._available_memory", lambda: 1500 << 20)
    assert worker_processes() == 2  # no more encoder sets than the free memory holds
