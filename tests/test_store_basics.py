import os

import numpy as np
import pytest

from avrec_desktop.errors import FolderError, NotFound
from avrec_desktop.store import Embedding


def test_folders_roundtrip(store, tmp_path):
    folder = store.add_folder(str(tmp_path / "music"), "music")
    assert folder.kind == "music" and folder.online
    assert store.add_folder(str(tmp_path / "music"), "music").id == folder.id
    assert store.add_folder(str(tmp_path / "music"), "mixed").kind == "mixed"
    with pytest.raises(FolderError):
        store.add_folder(str(tmp_path / "x"), "podcasts")
    store.set_folder_online(folder.id, False)
    assert not store.get_folder(folder.id).online
    assert store.folder_for_path(str(tmp_path / "music" / "a" / "b.mp3")).id == folder.id
    assert store.folder_for_path(str(tmp_path / "musicx" / "b.mp3")) is None


def test_non_utf8_paths_survive_exactly(store, tmp_path):
    name = os.fsdecode(b"caf\xe9 \xf0\x9f\x8e\xb5.mp3")
    path = str(tmp_path / name)
    media_id = store.insert_media(path=path, kind="audio", size=1, mtime=1.0)
    item = store.get_media(media_id)
    assert item.path == path
    assert os.fsencode(item.path) == os.fsencode(path)
    assert store.media_by_path(path).id == media_id


def test_embeddings_roundtrip_and_stale_detection(store, tmp_path):
    a = store.insert_media(path=str(tmp_path / "a.mp3"), kind="audio", status="ready")
    b = store.insert_media(path=str(tmp_path / "b.mp3"), kind="audio", status="ready")
    vec = np.arange(4, dtype=np.float32)
    store.put_embeddings(a, [Embedding("audio", "sonic", "1", vec)])
    store.put_embeddings(b, [Embedding("audio", "sonic", "0", vec)])
    ids, matrix = store.load_space("audio", "sonic", "1")
    assert ids.tolist() == [a] and matrix.shape == (1, 4)
    assert np.array_equal(store.embeddings_of(a)["audio"].vector, vec)
    assert store.stale_embeddings("audio", "sonic", "1") == [b]


def test_jobs_are_unique_per_item_and_orphans_requeue(store, tmp_path):
    media_id = store.insert_media(path=str(tmp_path / "a.mp3"), kind="audio")
    for _ in range(6):
        store.enqueue(media_id)
    assert store.job_counts() == {"queued": 1, "running": 0}
    assert store.claim_jobs(10) == [media_id]
    assert store.claim_jobs(10) == []
    assert store.requeue_orphans() == 1
    assert store.claim_jobs(10) == [media_id]
    store.finish_job(media_id)
    assert store.job_counts() == {"queued": 0, "running": 0}


def test_unknown_item_is_not_found(store):
    with pytest.raises(NotFound):
        store.get_media(12345)


def test_transaction_rolls_back_on_error(store, tmp_path):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.insert_media(path=str(tmp_path / "a.mp3"), kind="audio")
            raise RuntimeError("boom")
    assert store.all_media() == []


def test_file_changed_while_running_is_queued_again(store, tmp_path):
    media_id = store.insert_media(path=str(tmp_path / "a.mp3"), kind="audio")
    store.enqueue(media_id)
    assert store.claim_jobs(1) == [media_id]
    store.enqueue(media_id)  # the watcher saw the file change mid-analysis
    store.finish_job(media_id)
    assert store.job_counts() == {"queued": 1, "running": 0}
    assert store.claim_jobs(1) == [media_id]
    store.finish_job(media_id)
    assert store.job_counts() == {"queued": 0, "running": 0}
