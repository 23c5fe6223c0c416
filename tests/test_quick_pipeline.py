"""The quick first pass keeps its threads busy across batches (issue #11 target 4): the worker claims the next
batch while the pipeline's threads still have work, instead of letting them stand idle at every batch's end;
by default two threads each run whole quick passes (both halves on both cores); a stop gives the claimed
tracks back at once instead of finishing the batch."""

from __future__ import annotations

import threading

from avrec_desktop.indexing.worker import WorkerConfig, worker_main
from avrec_desktop.library import add_folder, scan_folder
from avrec_desktop.store import Store
from cli_procs import make_tracks
from quick_encoders import WindowAudio
from quick_encoders import make as make_quick

SPIES: list = []


class PipelineSpy(WindowAudio):
    """The third track's ``window_finish`` (the last of the batch of two after the first track) waits until
    the fourth track's ``window_prepare`` has begun: the next batch's first track."""

    def __init__(self):
        super().__init__()
        self.prepares = 0
        self.finishes = 0
        self.fourth_began = threading.Event()
        self.waited: bool | None = None

    def window_prepare(self, batch, patches=0):
        self.prepares += 1
        if self.prepares == 4:
            self.fourth_began.set()
        return list(batch)

    def window_finish(self, parts):
        self.finishes += 1
        if self.finishes == 3:
            self.waited = self.fourth_began.wait(timeout=10.0)
        return self.encode(parts)


class TwoAtOnce(WindowAudio):
    """The 2nd and 3rd tracks' nets (``window_finish``) each wait for the other: they must run at once."""

    def __init__(self):
        super().__init__()
        self.finishes = 0
        self.together = threading.Barrier(2, timeout=10.0)
        self.met: list[bool] = []
        self.threads: set[str] = set()

    def window_prepare(self, batch, patches=0):
        return list(batch)

    def window_finish(self, parts):
        self.finishes += 1
        self.threads.add(threading.current_thread().name)
        if self.finishes in (2, 3):
            try:
                self.together.wait()
                self.met.append(True)
            except threading.BrokenBarrierError:
                self.met.append(False)
        return self.encode(parts)


def make_two_at_once():
    encoders = make_quick()
    encoders["audio"] = TwoAtOnce()
    SPIES.append(encoders["audio"])
    return encoders


def make_spy():
    encoders = make_quick()
    encoders["audio"] = PipelineSpy()
    SPIES.append(encoders["audio"])
    return encoders


def library(tmp_path, count):
    store = Store(tmp_path / "db.sqlite3")
    names = [f"p{i}" for i in range(count)]
    scan_folder(store, add_folder(store, str(make_tracks(tmp_path / "music", names, seconds=1.0,
                                                         base_freq=500, step=1600)), "music"))
    return store


def config(store, factory, batch_size):
    return WorkerConfig(db_path=str(store.path), encoders_factory=factory, exit_when_idle=True, processes=1,
                        quick_min_seconds=0.0, quick_window=0.5, batch_size=batch_size)


class Messages:
    def __init__(self, on_put=None):
        self.sent, self.on_put = [], on_put

    def put(self, message):
        self.sent.append(message)
        if self.on_put is not None:
            self.on_put(self)


def test_the_next_batchs_first_track_is_prepared_while_this_batchs_last_one_finishes(tmp_path, monkeypatch):
    monkeypatch.setenv("AVREC_QUICK_OVERLAP", "split")
    store = library(tmp_path, 4)
    SPIES.clear()
    messages = Messages()
    worker_main(config(store, "test_quick_pipeline:make_spy", 2), threading.Event(), threading.Event(), messages)
    [spy] = SPIES
    assert spy.waited is True  # batches [1], [2, 3], [4]: the 4th was being prepared while the 3rd finished
    quick = [m["media_id"] for m in messages.sent if m["type"] == "quick"]
    assert sorted(quick) == sorted(m.id for m in store.all_media())
    assert {(m.status, m.analysis_count) for m in store.all_media()} == {("ready", 1)}
    assert store.job_counts() == {"queued": 0, "running": 0}
    store.close()


def test_by_default_two_tracks_run_their_whole_quick_pass_at_once(tmp_path, monkeypatch):
    monkeypatch.delenv("AVREC_QUICK_OVERLAP", raising=False)
    store = library(tmp_path, 4)
    SPIES.clear()
    messages = Messages()
    worker_main(config(store, "test_quick_pipeline:make_two_at_once", 2), threading.Event(), threading.Event(),
                messages)
    [spy] = SPIES
    assert spy.met == [True, True]  # the 2nd and 3rd nets ran side by side (split runs every net in one thread)
    assert len(spy.threads) == 2 and all(name.startswith("quick-prepare") for name in spy.threads)
    quick = [m["media_id"] for m in messages.sent if m["type"] == "quick"]
    assert quick == sorted(quick) and len(quick) == 4  # written in the order claimed
    assert store.job_counts() == {"queued": 0, "running": 0}
    store.close()


def test_a_stop_gives_the_claimed_tracks_back_at_once(tmp_path, monkeypatch):
    monkeypatch.setenv("AVREC_QUICK_OVERLAP", "1")
    store = library(tmp_path, 6)
    stop = threading.Event()

    def stop_at_the_second_quick_vector(box):
        if sum(1 for m in box.sent if m["type"] == "quick") == 2:
            stop.set()

    messages = Messages(stop_at_the_second_quick_vector)
    worker_main(config(store, "quick_encoders:make", 8), threading.Event(), stop, messages)
    assert sum(1 for m in messages.sent if m["type"] == "quick") == 2  # not the whole batch of 5 first
    assert store.job_counts() == {"queued": 6, "running": 0}  # the others' jobs are back, unblamed
    assert {r["attempts"] for r in store.query("SELECT attempts FROM jobs")} == {0}
    store.close()
