"""Only crashes count against a file, and only a file that crashes the worker by itself is given up on;
failed files can be retried; `scan --wait` says so (exit 1, one line) when analysis stopped."""

import os
import queue
import threading

import mediagen
from avrec_desktop.core import AppCore
from avrec_desktop.indexing.worker import WorkerConfig, worker_main
from avrec_desktop.library import add_folder, scan_folder
from avrec_desktop.store import Store
from cli_procs import make_tracks, avrec, cli_env

FAKE = "fake_encoders:make"


def make_files(root, names, seconds=0.3):
    return make_tracks(root, names, seconds=seconds, base_freq=200, step=31)


def by_name(store):
    return {os.path.basename(m.path): m for m in store.all_media()}


def test_pause_and_stop_cycles_never_fail_a_good_file(tmp_path):
    store = Store(tmp_path / "db.sqlite3")
    scan_folder(store, add_folder(store, str(make_files(tmp_path / "music", ["good"])), "music"))
    for _ in range(3):  # claimed, then handed back by a pause or a stop: not a crash
        store.release_jobs(store.claim_jobs(1))
    config = WorkerConfig(db_path=str(store.path), encoders_factory=FAKE, exit_when_idle=True)
    worker_main(config, threading.Event(), threading.Event(), queue.Queue())
    item = by_name(store)["good.wav"]
    assert (item.status, item.analysis_count, item.error) == ("ready", 1, None)
    store.close()


def test_a_file_that_crashes_the_worker_alone_is_failed_and_its_batch_mates_are_not(tmp_path):
    core = AppCore(tmp_path / "db.sqlite3", encoders_factory="crash_encoders:poison", batch_size=4)
    core.add_folder(str(make_files(tmp_path / "music", ["a0", "a1", "a2", "poison", "a3", "a4"])), "music")
    service = core.start_indexing(exit_when_idle=True)
    assert service.wait_idle(timeout=240)
    items = by_name(core.store)
    poison = items.pop("poison.wav")
    assert {name: (m.status, m.analysis_count) for name, m in items.items()} == {
        name: ("ready", 1) for name in items}
    assert poison.status == "failed" and "crashed" in poison.error and "SIGSEGV" in poison.error
    assert service.progress.state != "failed" and service.restarts >= 2
    core.close()


def test_failed_files_can_be_retried_by_hand_and_after_an_upgrade(tmp_path):
    db = tmp_path / "db.sqlite3"
    music = make_files(tmp_path / "music", ["fine"])
    mediagen.zero_byte(music / "broken.mp3")
    core = AppCore(db, encoders_factory=FAKE)
    core.add_folder(str(music), "music")
    assert core.start_indexing(exit_when_idle=True).wait_idle(timeout=120)
    core.stop_indexing()
    broken = by_name(core.store)["broken.mp3"]
    assert broken.status == "failed"
    assert core.retry_failures() == [broken.id]
    assert core.store.get_media(broken.id).status == "pending" and core.store.job_counts()["queued"] == 1
    core.store.drop_jobs()
    from avrec_desktop.indexing.recovery import VERSION_KEY, retry_after_upgrade

    core.store.update_media(broken.id, status="failed", error="unreadable")
    core.store.set_setting(VERSION_KEY, "0.0.1")
    assert retry_after_upgrade(core.store, "0.0.2") == [broken.id]
    assert retry_after_upgrade(core.store, "0.0.2") == []  # once per version
    core.close()
    env = cli_env(db)
    out = avrec(env, "failures", "--retry")
    assert out.returncode == 0 and "no failures to retry" in out.stdout


def _one_line_error(out):
    assert out.returncode != 0, out.stdout + out.stderr
    assert "Traceback" not in out.stderr
    lines = [line for line in out.stderr.splitlines() if line.startswith("avrec:")]
    assert len(lines) == 1, out.stderr
    return lines[0]


def test_scan_wait_exits_non_zero_when_the_worker_keeps_dying(tmp_path):
    db = tmp_path / "db.sqlite3"
    env = cli_env(db, factory="crash_encoders:crash_always")
    avrec(env, "folders", "add", make_files(tmp_path / "music", ["c0", "c1"]), "--kind",
          "music", "--no-scan")
    line = _one_line_error(avrec(env, "scan", "--wait", timeout=240))
    assert "analysis stopped" in line and "keeps stopping" in line


def test_scan_wait_exits_non_zero_when_the_encoders_cannot_load(tmp_path):
    db = tmp_path / "db.sqlite3"
    env = cli_env(db, factory="crash_encoders:unloadable")
    avrec(env, "folders", "add", make_files(tmp_path / "music", ["x"]), "--kind", "music", "--no-scan")
    line = _one_line_error(avrec(env, "scan", "--wait"))
    assert "model files are gone" in line
    with Store(db) as store:
        assert store.job_counts()["queued"] == 1  # nothing lost: the file waits for a working set
