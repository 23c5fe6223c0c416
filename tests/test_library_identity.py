"""Which item a file is: swapped names, files moved over others, emptied folders against unplugged
drives, and files that are not files (FIFOs)."""

import os
import shutil
import subprocess

import pytest

from avrec_desktop.library import add_folder, apply_changes, scan_folder
from avrec_desktop.library.walk import walk_media


def write(path, payload: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(payload)
    return path


def analysed(store, item):
    store.update_media(item.id, status="ready", analysed_key=item.content_key)
    store.finish_job(item.id)
    store.add_event(item.id, "end", reason="finished", position=100.0, duration=100.0)


def library(store, tmp_path, names):
    root = tmp_path / "music"
    for i, name in enumerate(names):
        write(root / name, bytes([i]) * 1000 + os.urandom(2000))
    folder = add_folder(store, str(root), "music")
    scan_folder(store, folder)
    items = {os.path.basename(m.path): m for m in store.all_media()}
    for item in items.values():
        analysed(store, item)
    keys = {name: item.content_key for name, item in items.items()}
    return root, folder, items, keys


def swap(a, b):
    tmp = a.with_name("swap.tmp")
    a.rename(tmp)
    b.rename(a)
    tmp.rename(b)


def assert_history_follows_the_bytes(store, items, keys):
    for name, item in items.items():
        now = store.get_media(item.id)
        assert now.content_key == keys[name]  # the same recording ...
        assert store.events_of(item.id)  # ... keeps its history
        assert now.status == "ready"  # and is not analysed again
    assert store.job_counts()["queued"] == 0


def test_swapped_names_are_two_moves_not_two_changes(store, tmp_path):
    root, folder, items, keys = library(store, tmp_path, ["a.mp3", "b.mp3", "c.mp3"])
    swap(root / "a.mp3", root / "b.mp3")
    report = scan_folder(store, store.get_folder(folder.id))
    assert (report.moved, report.changed, report.added, report.missing) == (2, 0, 0, 0)
    assert_history_follows_the_bytes(store, items, keys)
    assert store.get_media(items["a.mp3"].id).path == str(root / "b.mp3")
    assert store.get_media(items["b.mp3"].id).path == str(root / "a.mp3")
    assert store.get_media(items["c.mp3"].id).path == str(root / "c.mp3")


def test_three_names_rotated_and_seen_by_the_watcher(store, tmp_path):
    root, folder, items, keys = library(store, tmp_path, ["a.mp3", "b.mp3", "c.mp3"])
    a, b, c = (root / n for n in ("a.mp3", "b.mp3", "c.mp3"))
    a.rename(root / "t")
    c.rename(a)
    b.rename(c)
    (root / "t").rename(b)
    outcome = apply_changes(store, [(str(p), False) for p in (a, b, c, root / "t")])
    assert outcome["moved"] == 3 and not outcome["changed"] and not outcome["added"]
    assert_history_follows_the_bytes(store, items, keys)


def test_file_moved_over_another_keeps_its_id_and_the_other_goes_missing(store, tmp_path):
    root, folder, items, keys = library(store, tmp_path, ["a.mp3", "b.mp3"])
    b_bytes = (root / "b.mp3").read_bytes()
    (root / "a.mp3").replace(root / "b.mp3")
    report = scan_folder(store, store.get_folder(folder.id))
    assert (report.moved, report.changed, report.missing) == (1, 0, 1)
    a, b = store.get_media(items["a.mp3"].id), store.get_media(items["b.mp3"].id)
    assert a.path == str(root / "b.mp3") and a.status == "ready"
    assert b.status == "missing" and store.events_of(b.id)
    write(root / "old" / "b again.mp3", b_bytes)  # the overwritten recording comes back elsewhere
    report = scan_folder(store, store.get_folder(folder.id))
    assert report.moved == 1 and report.added == 0
    b = store.get_media(items["b.mp3"].id)
    assert b.path == str(root / "old" / "b again.mp3") and b.status == "ready"


def test_emptied_folder_items_become_missing(store, tmp_path):
    root, folder, items, _ = library(store, tmp_path, ["a.mp3", "b.mp3"])
    for name in items:
        (root / name).unlink()
    report = scan_folder(store, store.get_folder(folder.id))
    assert not report.offline and report.missing == 2
    assert store.get_folder(folder.id).online
    assert {store.get_media(i.id).status for i in items.values()} == {"missing"}


def test_folder_root_device_is_recorded_when_seen_online(store, tmp_path):
    root, folder, _, _ = library(store, tmp_path, ["a.mp3"])
    assert store.get_folder(folder.id).root_device == os.stat(root).st_dev
    store.set_folder_root_device(folder.id, 12345)
    scan_folder(store, store.get_folder(folder.id))
    assert store.get_folder(folder.id).root_device == os.stat(root).st_dev


def _can_mount(path) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(path)],
                        capture_output=True).returncode == 0
    return ok


def test_unmounted_drive_is_offline_and_keeps_its_items(store, tmp_path):
    root = tmp_path / "drive"
    root.mkdir()
    if not _can_mount(root):
        pytest.skip("needs root and a working mount (tmpfs)")
    try:
        write(root / "a.mp3", os.urandom(3000))
        folder = add_folder(store, str(root), "music")
        scan_folder(store, folder)
        item = store.all_media()[0]
        analysed(store, item)
    finally:
        subprocess.run(["umount", str(root)], check=True)
    report = scan_folder(store, store.get_folder(folder.id))  # the empty mount point is left
    assert report.offline and not store.get_folder(folder.id).online
    assert store.get_media(item.id).status == "ready"
    assert store.playable_ids([item.id]) == set()


def test_fifo_named_like_media_is_skipped_with_a_reason_and_never_opened(store, tmp_path):
    root = tmp_path / "music"
    write(root / "a.mp3", b"a" * 1000)
    os.mkfifo(root / "pipe.mp3")  # opening it for reading would block the scan forever
    os.mkfifo(root / "pipe.txt")  # not named like media: not worth a word
    report = scan_folder(store, add_folder(store, str(root), "music"))
    assert report.added == 1
    assert report.skipped == [(str(root / "pipe.mp3"), "a named pipe (FIFO), not a file: skipped")]
    walked = walk_media(str(root), lambda p: p.endswith(".mp3"))
    assert [p for p, _ in walked.skipped] == [str(root / "pipe.mp3")]
    outcome = apply_changes(store, [(str(root / "pipe.mp3"), False)])
    assert outcome["skipped"] == 1 and len(store.all_media()) == 1
