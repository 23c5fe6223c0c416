"""The quick first pass: every new track gets a usable audio vector (``<version>+quick``) before any
full analysis, answers "Play similar" with it, and the full analysis then replaces it."""

import queue
import threading

import pytest

from avrec_desktop.core import AppCore
from avrec_desktop.index import store_rows
from avrec_desktop.indexing import results
from avrec_desktop.indexing.quick import QuickSettings, quick_analyse
from avrec_desktop.indexing.worker import WorkerConfig, load_encoders, worker_main
from avrec_desktop.library import add_folder, scan_folder
from avrec_desktop.store import Store
from avrec_desktop.store.quick import quick_version
from cli_procs import make_tracks

QUICK = "quick_encoders:make"
NAMES = [f"q{i}" for i in range(6)]


def library(tmp_path):
    store = Store(tmp_path / "db.sqlite3")
    scan_folder(store, add_folder(store, str(make_tracks(tmp_path / "music", NAMES, seconds=1.0,
                                                         base_freq=500, step=1600)), "music"))
    return store


def run_worker(store, processes):
    config = WorkerConfig(db_path=str(store.path), encoders_factory=QUICK, exit_when_idle=True,
                          processes=processes, quick_min_seconds=0.0, quick_window=0.5)
    messages = queue.Queue()
    worker_main(config, threading.Event(), threading.Event(), messages)
    sent = []
    while not messages.empty():
        sent.append(messages.get())
    return sent


def assert_fully_analysed(store):
    for item in store.all_media():
        assert (item.status, item.analysis_count) == ("ready", 1)
        embeddings = store.embeddings_of(item.id)
        assert embeddings["audio"].version == "1" and "text" in embeddings
    assert store.job_counts() == {"queued": 0, "running": 0}


def test_every_file_gets_a_quick_vector_before_any_full_analysis(tmp_path):
    store = library(tmp_path)
    sent = run_worker(store, processes=1)
    kinds = [(m["type"], m.get("media_id")) for m in sent if m["type"] in ("quick", "file")]
    quick = [i for kind, i in kinds if kind == "quick"]
    assert sorted(quick) == sorted(m.id for m in store.all_media())
    assert [kind for kind, _ in kinds] == ["quick"] * len(NAMES) + ["file"] * len(NAMES)
    assert_fully_analysed(store)
    store.close()


def test_under_a_pool_every_file_gets_its_quick_pass_then_one_full_analysis(tmp_path):
    store = library(tmp_path)
    sent = run_worker(store, processes=2)
    assert sorted(m["media_id"] for m in sent if m["type"] == "quick") == sorted(
        m.id for m in store.all_media())
    assert_fully_analysed(store)
    store.close()


def test_quick_vectors_answer_similar_and_the_full_analysis_replaces_them(tmp_path):
    store = library(tmp_path)
    encoders = load_encoders(QUICK)
    settings = QuickSettings(window_seconds=0.5, min_track_seconds=0.0)
    for item in store.all_media():
        outcome = quick_analyse(item, encoders, settings)
        assert outcome.quick and outcome.embeddings[0].version == quick_version("1")
        assert results.write_outcome(store, outcome)
    assert {(m.status, m.analysis_count) for m in store.all_media()} == {("ready", 0)}
    assert store.job_counts()["queued"] == len(NAMES)  # the full analysis is still owed
    quick_ids, quick_times = store_rows.read_stamps(store, "audio", "fake-audio", "1")
    assert len(quick_ids) == len(NAMES)
    store.close()

    core = AppCore(tmp_path / "db.sqlite3", encoders_factory=QUICK)
    seed = core.store.all_media()[0]
    found = core.similar(seed.id, k=3, modality="audio")
    assert len(found) == 3 and seed.id not in {r.media.id for r in found}
    core.close()

    store = Store(tmp_path / "db.sqlite3")
    run_worker(store, processes=1)
    assert_fully_analysed(store)
    ids, times = store_rows.read_stamps(store, "audio", "fake-audio", "1")
    assert list(ids) == list(quick_ids) and all(times > quick_times)  # the caches see every row change
    store.close()


@pytest.mark.parametrize("factory", ["fake_encoders:make"])
def test_no_quick_pass_for_an_encoder_whose_window_is_not_the_track(tmp_path, factory):
    store = library(tmp_path)
    config = WorkerConfig(db_path=str(store.path), encoders_factory=factory, exit_when_idle=True,
                          processes=1, quick_min_seconds=0.0)
    messages = queue.Queue()
    worker_main(config, threading.Event(), threading.Event(), messages)
    sent = []
    while not messages.empty():
        sent.append(messages.get()["type"])
    assert "quick" not in sent and sent.count("file") == len(NAMES)
    assert_fully_analysed(store)
    store.close()
