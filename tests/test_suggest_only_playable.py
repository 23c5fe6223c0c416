"""Nothing that cannot be played is suggested: not an item of an unplugged drive, not a file deleted
while nothing watched, not a missing or failed one. Through AppCore, as the window and CLI use it."""

import numpy as np
import pytest

from avrec_desktop.core import AppCore
from avrec_desktop.library import add_folder, scan_folder
from avrec_desktop.store import Embedding

FAKE = "fake_encoders:make"
ACTIVE = {"audio": ("fake-audio", "1", 8), "text": ("fake-text", "1", 16)}


@pytest.fixture
def core(tmp_path):
    core = AppCore(tmp_path / "lib.sqlite3", encoders_factory=FAKE)
    yield core
    core.close()


def fill(core, tmp_path):
    """Two folders of similar songs (so every one is a neighbour of every other)."""
    store = core.store
    rng = np.random.default_rng(0)
    base = {s: rng.standard_normal(dim) for s, (_, _, dim) in ACTIVE.items()}
    ids = {}
    for folder_name in ("home", "drive"):
        root = tmp_path / folder_name
        root.mkdir()
        for i in range(6):
            (root / f"{folder_name}{i}.mp3").write_bytes(rng.bytes(500))
        folder = add_folder(store, str(root), "music")
        scan_folder(store, folder)
        for item in store.media_in_folder(folder.id):
            name = item.name.removesuffix(".mp3")
            store.update_media(item.id, status="ready", analysed_key=item.content_key,
                               duration=100.0 + 40 * len(ids),  # far apart: never taken for copies
                               title=f"Song {name}", artist=f"Artist {name}")
            store.finish_job(item.id)
            store.put_embeddings(item.id, [
                Embedding(s, enc, ver, (base[s] + 0.3 * rng.standard_normal(dim)).astype(np.float32))
                for s, (enc, ver, dim) in ACTIVE.items()])
            ids[name] = item.id
    return ids


def test_similar_next_and_for_you_leave_out_what_cannot_play(core, tmp_path):
    ids = fill(core, tmp_path)
    store = core.store
    drive = store.folder_by_path(str(tmp_path / "drive"))
    store.set_folder_online(drive.id, False)  # unplugged (the scan said so)
    (tmp_path / "home" / "home1.mp3").unlink()  # deleted while nothing watched: still "ready"
    store.update_media(ids["home2"], status="missing")
    store.update_media(ids["home3"], status="failed", error="bad")
    playable = {ids["home0"], ids["home4"], ids["home5"]}
    assert store.playable_ids(ids.values()) == playable

    similar = {r.media.id for r in core.similar(ids["home0"], k=10)}
    assert similar == playable - {ids["home0"]}
    # An offline seed may still be asked about; what comes back can be played.
    assert {r.media.id for r in core.similar(ids["drive0"], k=10)} <= playable

    rec = core.recommender()
    for current in (ids["home0"], ids["drive0"], None):
        picks = {s.media.id for s in rec.next(current_id=current, k=10, explore=0.0)}
        assert picks and picks <= playable, current
    shelves = rec.for_you()
    offered = {s.media.id for shelf in shelves for s in shelf.items}
    assert offered and offered <= playable

    store.set_folder_online(drive.id, True)  # plugged back in: offered again
    assert {r.media.id for r in core.similar(ids["home0"], k=10)} >= {ids[f"drive{i}"] for i in range(6)}
