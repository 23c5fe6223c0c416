"""A library analysed before CLAP was installed gets its clap vectors: the real worker analyses generated
tracks without CLAP, the tiny CLAP model goes in through ``avrec models import``, the next worker queues
every track that has no clap vector (reported in its "started" message, as the status bar shows it) and
fills them; a worker after that finds nothing to do, even for a track whose clap vector is still missing."""

from __future__ import annotations

import queue
import threading

import pytest

from avrec_desktop.cli import main
from avrec_desktop.encoders import registry

from clap_testlib import write_tiny_clap_folder
from mediagen import write_audio
from real_worker_testlib import scanned_music_library


@pytest.fixture(scope="module")
def tiny_src(tmp_path_factory):
    return write_tiny_clap_folder(tmp_path_factory.mktemp("tiny-clap-fill"))


def _run_worker(db) -> list[dict]:
    from avrec_desktop.indexing.worker import WorkerConfig, worker_main

    messages: queue.Queue = queue.Queue()
    worker_main(WorkerConfig(db_path=str(db), exit_when_idle=True, processes=1), threading.Event(),
                threading.Event(), messages)
    out = []
    while not messages.empty():
        out.append(messages.get_nowait())
    return out


def _started(msgs: list[dict]) -> dict:
    return next(m for m in msgs if m["type"] == "started")


def test_installing_clap_fills_the_clap_space_of_an_analysed_library(tiny_src, tmp_path, monkeypatch, capsys):
    root = tmp_path / "music"
    root.mkdir()
    for i, kind in enumerate(("tone", "noise", "chirp")):
        write_audio(root / f"take{i}.wav", seconds=8.0, kind=kind, seed=i, freq=220.0 * (i + 1))
    db = tmp_path / "db.sqlite3"
    store = scanned_music_library(root, db, monkeypatch)
    assert "clap" not in registry.encoder_signatures()
    first = _run_worker(db)
    assert "clap" not in _started(first)["encoders"]
    items = store.all_media()
    assert len(items) == 3 and {m.status for m in items} == {"ready"}
    assert all("clap" not in store.embeddings_of(m.id) for m in items)

    assert main(["models", "import", str(tiny_src)]) == 0
    capsys.readouterr()
    name, version = registry.encoder_signature("clap")
    second = _run_worker(db)
    assert _started(second)["remaining"] == 3  # queued like any analysis: the status bar counts them
    assert sorted(m["media_id"] for m in second if m["type"] == "file" and m["ok"]) == sorted(m.id for m in items)
    ids, _ = store.load_space("clap", name, version)
    assert sorted(ids.tolist()) == sorted(m.id for m in items)
    assert all(store.embeddings_of(m.id)["audio"].version == registry.encoder_signature("audio")[1]
               for m in items)  # the other spaces are still current
    counts = {m.id: m.analysis_count for m in store.all_media()}

    third = _run_worker(db)  # every space present: nothing queued, the worker goes idle at once
    assert _started(third)["remaining"] == 0
    assert not [m for m in third if m["type"] == "file"]
    assert {m.id: m.analysis_count for m in store.all_media()} == counts

    # A track whose clap vector could not be made (a failed secondary space stores none) is not
    # analysed again at every start: the space was filled once for this signature.
    with store.transaction():
        store.conn.execute("DELETE FROM embeddings WHERE space = 'clap' AND media_id = ?", (items[0].id,))
    fourth = _run_worker(db)
    assert _started(fourth)["remaining"] == 0 and not [m for m in fourth if m["type"] == "file"]
    store.close()


def test_requeue_missing_forgets_a_space_that_is_gone(tmp_path):
    from avrec_desktop.indexing.results import FILLED_KEY, requeue_missing
    from avrec_desktop.store import Store

    store = Store(tmp_path / "db.sqlite3")
    try:
        assert requeue_missing(store, {"clap": ("clap", "1.abc")}) == 0
        assert store.get_setting(FILLED_KEY.format(space="clap")) == "clap@1.abc"
        assert requeue_missing(store, {"audio": ("sonic", "1")}) == 0  # CLAP removed
        assert store.get_setting(FILLED_KEY.format(space="clap")) == ""
    finally:
        store.close()
