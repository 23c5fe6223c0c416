"""One analysis worker per database, across processes: a second service attaches instead of analysing
the same files again, and a worker never outlives the process that started it."""

import os
import signal

from avrec_desktop.core import AppCore
from avrec_desktop.store import Store
from cli_procs import make_tracks, avrec, avrec_popen, cli_env, marked, process_alive, wait_for, worker_of

FAKE = "fake_encoders:make"


def make_files(root, names, seconds=0.4):
    return make_tracks(root, names, seconds=seconds, base_freq=180, step=37)


def analysis_counts(db):
    with Store(db) as store:
        return {os.path.basename(m.path): (m.status, m.analysis_count) for m in store.all_media()}


def ready(db):
    return sum(1 for status, _ in analysis_counts(db).values() if status == "ready")


def test_the_lock_is_held_by_one_holder_at_a_time(tmp_path):
    from avrec_desktop.indexing.lock import WorkerLock, holder

    db = tmp_path / "db.sqlite3"
    first, second = WorkerLock(db), WorkerLock(db)
    assert holder(db) is None
    assert first.acquire(role="test")
    assert not second.acquire()
    assert holder(db)["pid"] == os.getpid() and holder(db)["role"] == "test"
    first.release()
    assert holder(db) is None and second.acquire()
    second.release()


def test_a_second_service_attaches_and_nothing_is_analysed_twice(tmp_path, monkeypatch):
    # The window and `avrec watch` on one library: the second must not requeue the first's work.
    monkeypatch.setenv("AVREC_TEST_ENCODE_DELAY", "0.4")
    db = tmp_path / "db.sqlite3"
    window = AppCore(db, encoders_factory=FAKE, batch_size=3)
    window.add_folder(str(make_files(tmp_path / "music", [f"t{i:02d}" for i in range(10)])), "music")
    first = window.start_indexing()
    assert wait_for(lambda: window.store.status_counts()["ready"] >= 1, 60)
    watch = AppCore(db, encoders_factory=FAKE, batch_size=3)
    second = watch.start_indexing(exit_when_idle=True)
    assert second.wait_idle(timeout=120)
    assert wait_for(lambda: window.store.status_counts()["ready"] == 10, 60)
    assert all(v == ("ready", 1) for v in analysis_counts(db).values()), analysis_counts(db)
    assert second.attached and second.pid is None and first.pid is not None
    watch.close()
    window.close()


def test_killing_scan_wait_takes_its_worker_with_it(tmp_path):
    db = tmp_path / "db.sqlite3"
    env = cli_env(db, delay=0.5)
    avrec(env, "folders", "add", make_files(tmp_path / "music", [f"k{i:02d}" for i in range(12)]), "--kind",
          "music", "--no-scan")
    cli = avrec_popen(env, "scan", "--wait")
    worker = wait_for(lambda: worker_of(cli.pid), 30)
    assert worker, "scan --wait started no worker"
    assert wait_for(lambda: ready(db) >= 1, 60)
    cli.kill()
    cli.wait(10)
    # Seconds of work are left: an orphan would still be analysing (and holding claimed jobs) now.
    assert wait_for(lambda: not process_alive(worker), 3), "the worker outlived its CLI"
    assert ready(db) < 12
    assert wait_for(lambda: not marked(env), 10), f"left alive: {marked(env)}"


def test_two_scan_waits_analyse_each_file_once(tmp_path):
    db = tmp_path / "db.sqlite3"
    env = cli_env(db, delay=0.3)
    avrec(env, "folders", "add", make_files(tmp_path / "music", [f"s{i:02d}" for i in range(24)]), "--kind",
          "music", "--no-scan")
    first = avrec_popen(env, "scan", "--wait")
    assert wait_for(lambda: ready(db) >= 1, 60)
    second = avrec(env, "scan", "--wait")
    assert second.returncode == 0, second.stderr
    assert ready(db) == 24  # the second waited until the first's worker had drained the queue
    assert first.wait(60) == 0, first.stderr.read()
    assert all(v == ("ready", 1) for v in analysis_counts(db).values()), analysis_counts(db)


def test_watch_and_scan_wait_analyse_each_file_once(tmp_path):
    db = tmp_path / "db.sqlite3"
    env = cli_env(db, delay=0.3)
    music = make_files(tmp_path / "music", [f"w{i:02d}" for i in range(20)])
    avrec(env, "folders", "add", music, "--kind", "music", "--no-scan")
    watch = avrec_popen(env, "watch")
    try:
        assert wait_for(lambda: ready(db) >= 1, 60)
        make_files(music, [f"late{i}" for i in range(4)])
        scan = avrec(env, "scan", "--wait")
        assert scan.returncode == 0, scan.stderr
        assert ready(db) == 24
    finally:
        watch.send_signal(signal.SIGTERM)
        watch.wait(30)
    assert all(v == ("ready", 1) for v in analysis_counts(db).values()), analysis_counts(db)
    assert wait_for(lambda: not marked(env), 10), f"left alive: {marked(env)}"
