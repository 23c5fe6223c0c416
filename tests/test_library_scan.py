import os
import time

import pytest

from avrec_desktop.errors import FolderError
from avrec_desktop.library import add_folder, apply_changes, scan_folder
from avrec_desktop.library.content_key import content_key


def write(path, payload: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(payload)
    return path


def test_scan_adds_and_queues_new_media_only(store, tmp_path):
    root = tmp_path / "music"
    write(root / "a.mp3", b"a" * 1000)
    write(root / "sub" / "b.flac", b"b" * 1000)
    write(root / "notes.txt", b"text")
    write(root / "clip.mp4", b"v" * 1000)  # a music folder leaves videos alone
    write(root / ".hidden.mp3", b"h" * 10)
    folder = add_folder(store, str(root), "music")
    report = scan_folder(store, folder)
    assert report.added == 2
    assert sorted(os.path.basename(m.path) for m in store.all_media()) == ["a.mp3", "b.flac"]
    assert store.job_counts()["queued"] == 2
    again = scan_folder(store, store.get_folder(folder.id))
    assert again.added == 0 and again.unchanged == 2
    assert store.job_counts()["queued"] == 2


def test_vanished_file_is_missing_and_comes_back(store, tmp_path):
    root = tmp_path / "music"
    f = write(root / "a.mp3", b"a" * 1000)
    folder = add_folder(store, str(root), "music")
    scan_folder(store, folder)
    item = store.all_media()[0]
    store.update_media(item.id, status="ready", analysed_key=item.content_key)
    store.finish_job(item.id)
    moved_away = tmp_path / "elsewhere.mp3"
    f.rename(moved_away)
    write(root / "other.mp3", b"o" * 1000)
    assert scan_folder(store, store.get_folder(folder.id)).missing == 1
    assert store.get_media(item.id).status == "missing"
    moved_away.rename(f)
    report = scan_folder(store, store.get_folder(folder.id))
    assert report.returned == 1
    assert store.get_media(item.id).status == "ready"  # same bytes: no re-analysis


def test_move_and_rename_keep_id_events_and_embeddings(store, tmp_path):
    import numpy as np
    from avrec_desktop.store import Embedding

    root = tmp_path / "music"
    f = write(root / "old name.mp3", os.urandom(300_000))
    folder = add_folder(store, str(root), "music")
    scan_folder(store, folder)
    item = store.all_media()[0]
    store.update_media(item.id, status="ready", analysed_key=item.content_key)
    store.finish_job(item.id)
    store.put_embeddings(item.id, [Embedding("audio", "sonic", "1", np.ones(3, np.float32))])
    store.add_event(item.id, "end", reason="finished", position=100.0, duration=100.0)
    target = root / "new" / "new name.mp3"
    target.parent.mkdir()
    f.rename(target)
    report = scan_folder(store, store.get_folder(folder.id))
    assert report.moved == 1 and report.added == 0 and report.missing == 0
    moved = store.get_media(item.id)
    assert moved.path == str(target) and moved.status == "ready"
    assert [e["reason"] for e in store.events_of(item.id)] == ["finished"]
    assert "audio" in store.embeddings_of(item.id)
    assert len(store.all_media()) == 1
    assert store.job_counts()["queued"] == 0


def test_changed_file_is_analysed_again_touched_file_is_not(store, tmp_path):
    root = tmp_path / "music"
    f = write(root / "a.mp3", b"a" * 1000)
    folder = add_folder(store, str(root), "music")
    scan_folder(store, folder)
    item = store.all_media()[0]
    store.update_media(item.id, status="failed", error="bad", analysed_key=item.content_key)
    store.finish_job(item.id)
    os.utime(f, (time.time() + 5, time.time() + 5))
    scan_folder(store, store.get_folder(folder.id))
    assert store.get_media(item.id).status == "failed"  # same bytes: not retried
    assert store.job_counts()["queued"] == 0
    f.write_bytes(b"b" * 1200)
    report = scan_folder(store, store.get_folder(folder.id))
    assert report.changed == 1
    fresh = store.get_media(item.id)
    assert fresh.status == "pending" and fresh.error is None
    assert store.job_counts()["queued"] == 1


def test_unplugged_root_goes_offline_and_keeps_items(store, tmp_path):
    root = tmp_path / "drive"
    write(root / "a.mp3", b"a" * 1000)
    write(root / "b.mp3", b"b" * 1000)
    folder = add_folder(store, str(root), "music")
    scan_folder(store, folder)
    before = {m.id: m.status for m in store.all_media()}
    root.rename(tmp_path / "unplugged")
    report = scan_folder(store, store.get_folder(folder.id))
    assert report.offline
    assert not store.get_folder(folder.id).online
    assert {m.id: m.status for m in store.all_media()} == before
    (tmp_path / "unplugged").rename(root)
    report = scan_folder(store, store.get_folder(folder.id))
    assert not report.offline and store.get_folder(folder.id).online
    assert {m.id: m.status for m in store.all_media()} == before


def test_empty_root_on_another_device_is_an_unmounted_drive(store, tmp_path):
    root = tmp_path / "mnt"
    f = write(root / "a.mp3", b"a" * 1000)
    folder = add_folder(store, str(root), "music")
    scan_folder(store, folder)
    f.unlink()
    # The drive was on another device than the (now empty) mount point folder is on.
    store.set_folder_root_device(folder.id, os.stat(root).st_dev + 1)
    assert scan_folder(store, store.get_folder(folder.id)).offline
    assert store.all_media()[0].status == "pending"


def test_symlink_loop_and_unreadable_folder_do_not_stop_the_scan(store, tmp_path):
    root = tmp_path / "music"
    write(root / "a.mp3", b"a" * 1000)
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.mp3").symlink_to(tmp_path / "nowhere.mp3")
    locked = root / "locked"
    write(locked / "c.mp3", b"c" * 1000)
    locked.chmod(0)
    try:
        report = scan_folder(store, add_folder(store, str(root), "music"))
    finally:
        locked.chmod(0o755)
    paths = [m.path for m in store.all_media()]
    assert str(root / "a.mp3") in paths
    assert len(paths) == len(set(paths)) and len(paths) <= 2
    assert any("dangling" in p for p, _ in report.errors)


def test_add_folder_rejects_bad_paths(store, tmp_path):
    with pytest.raises(FolderError, match="not a folder"):
        add_folder(store, str(tmp_path / "nope"))
    (tmp_path / "a").mkdir()
    add_folder(store, str(tmp_path / "a"))
    (tmp_path / "a" / "b").mkdir()
    with pytest.raises(FolderError, match="already inside"):
        add_folder(store, str(tmp_path / "a" / "b"))


def test_non_utf8_and_emoji_names_are_scanned(store, tmp_path):
    root = tmp_path / "music"
    root.mkdir()
    name = os.fsdecode(b"caf\xe9 \xf0\x9f\x8e\xb5.mp3")
    (root / name).write_bytes(b"x" * 100)
    scan_folder(store, add_folder(store, str(root), "music"))
    assert store.all_media()[0].path == str(root / name)


def test_watcher_changes_move_a_folder_and_keep_ids(store, tmp_path):
    root = tmp_path / "music"
    write(root / "album" / "a.mp3", os.urandom(1000))
    write(root / "album" / "b.mp3", os.urandom(1000))
    folder = add_folder(store, str(root), "music")
    scan_folder(store, folder)
    ids = {os.path.basename(m.path): m.id for m in store.all_media()}
    (root / "album").rename(root / "renamed")
    outcome = apply_changes(store, [(str(root / "album"), True), (str(root / "renamed"), True)])
    assert outcome["moved"] == 2
    now = {os.path.basename(m.path): (m.id, m.path) for m in store.all_media()}
    assert {k: v[0] for k, v in now.items()} == ids
    assert all("renamed" in v[1] for v in now.values())


def test_content_key_depends_on_bytes_not_name(tmp_path):
    a = write(tmp_path / "a.mp3", os.urandom(500_000))
    b = write(tmp_path / "b.mp3", a.read_bytes())
    assert content_key(str(a)) == content_key(str(b))
    b.write_bytes(a.read_bytes()[:-1] + b"\0")
    assert content_key(str(a)) != content_key(str(b))
