"""The evaluation's labelled library: analysed once through the real worker, cached, copied per run."""

import pytest

import mediagen
from avrec_desktop.errors import FolderError
from avrec_desktop.evaluation.library import prepare_library
from avrec_desktop.store import Store

FAKE = "fake_encoders:make"


def make_labelled(root, labels=("calm", "loud"), per_label=3):
    for n, label in enumerate(labels):
        (root / label).mkdir(parents=True, exist_ok=True)
        for i in range(per_label):
            mediagen.write_audio(root / label / f"piece{i}.wav", 1.0, freq=200 + 300 * n + 20 * i)
    return root


def test_analysed_once_then_reused_and_labels_come_from_folders(tmp_path):
    dest = make_labelled(tmp_path / "dest")
    messages = []
    lib = prepare_library(dest, cache_dir=tmp_path / "cache", encoders_factory=FAKE, progress=messages.append)
    assert "analysing" in messages[0]
    assert sorted(lib.label_sizes().items()) == [("calm", 3), ("loud", 3)]
    assert lib.failed == 0
    store = Store(lib.db_path)
    try:
        for media_id, label in lib.labels.items():
            assert f"/{label}/" in store.get_media(media_id).path
    finally:
        store.close()

    again = prepare_library(dest, cache_dir=tmp_path / "cache", encoders_factory=FAKE, progress=messages.append)
    assert "using the analysed library cached" in messages[-1]
    assert again.db_path == lib.db_path and again.labels == lib.labels

    mediagen.write_audio(dest / "loud" / "piece9.wav", 1.0, freq=900)  # the folder changed: new analysis
    changed = prepare_library(dest, cache_dir=tmp_path / "cache", encoders_factory=FAKE)
    assert changed.db_path != lib.db_path
    assert changed.label_sizes()["loud"] == 4


def test_run_copies_are_independent_of_the_cache(tmp_path):
    lib = prepare_library(make_labelled(tmp_path / "dest"), cache_dir=tmp_path / "cache", encoders_factory=FAKE)
    copy = lib.copy_to(tmp_path / "run" / "run.sqlite3")
    store = Store(copy)
    try:
        store.add_event(next(iter(lib.labels)), "start", session="x")
        assert store.last_event_id() == 1
        assert len(store.all_media()) == 6
    finally:
        store.close()
    cached = Store(lib.db_path)
    try:
        assert cached.last_event_id() == 0
    finally:
        cached.close()


def test_not_a_labelled_folder(tmp_path):
    with pytest.raises(FolderError):
        prepare_library(tmp_path / "nothing-here", cache_dir=tmp_path / "cache")
    flat = tmp_path / "flat"
    flat.mkdir()
    mediagen.write_audio(flat / "a.wav", 1.0)
    with pytest.raises(FolderError, match="one folder per label"):
        prepare_library(flat, cache_dir=tmp_path / "cache")


def test_a_moved_folder_is_analysed_again_at_its_new_place(tmp_path):
    dest = make_labelled(tmp_path / "dest", per_label=2)
    first = prepare_library(dest, cache_dir=tmp_path / "cache", encoders_factory=FAKE)
    moved = dest.rename(tmp_path / "moved")
    again = prepare_library(moved, cache_dir=tmp_path / "cache", encoders_factory=FAKE)
    assert again.db_path != first.db_path
    assert sorted(again.label_sizes().items()) == [("calm", 2), ("loud", 2)]


class _StoppedWorker:
    """An indexing service whose worker ended at once: every file is left pending."""

    def wait_idle(self, timeout=None):
        return True


def test_an_analysis_that_stops_with_items_pending_caches_nothing(tmp_path, monkeypatch):
    from avrec_desktop.core import AppCore
    from avrec_desktop.evaluation.library import AnalysisIncomplete

    dest = make_labelled(tmp_path / "dest", per_label=2)
    with monkeypatch.context() as patch:
        patch.setattr(AppCore, "start_indexing", lambda self, **kw: _StoppedWorker())
        patch.setattr(AppCore, "stop_indexing", lambda self: None)
        with pytest.raises(AnalysisIncomplete, match="4 items still pending"):
            prepare_library(dest, cache_dir=tmp_path / "cache", encoders_factory=FAKE)
    assert not [p for p in (tmp_path / "cache").iterdir() if not p.name.startswith(".")]
    lib = prepare_library(dest, cache_dir=tmp_path / "cache", encoders_factory=FAKE)
    assert sorted(lib.label_sizes().items()) == [("calm", 2), ("loud", 2)]


def test_a_cached_entry_with_items_pending_is_analysed_again(tmp_path):
    import sqlite3

    dest = make_labelled(tmp_path / "dest", per_label=2)
    first = prepare_library(dest, cache_dir=tmp_path / "cache", encoders_factory=FAKE)
    conn = sqlite3.connect(str(first.db_path))  # an entry from before the rule: done.json, items pending
    with conn:
        conn.execute("UPDATE media SET status = 'pending'")
    conn.close()
    messages = []
    again = prepare_library(dest, cache_dir=tmp_path / "cache", encoders_factory=FAKE, progress=messages.append)
    assert "items still pending; analysing again" in messages[0]
    assert sorted(again.label_sizes().items()) == [("calm", 2), ("loud", 2)]
