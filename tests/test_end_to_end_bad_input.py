"""A folder full of bad input, analysed by the real worker with the real encoders: every file ends
ready or failed with a readable reason, and nothing stops the batch or crashes the worker."""

import os
import shutil

import pytest

import mediagen
from avrec_desktop.core import AppCore


@pytest.fixture(scope="module")
def bad_library(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad") / "music"
    root.mkdir()
    mediagen.write_audio(root / "good one.mp3", 4.0, kind="chirp", tags={"title": "Good", "artist": "A"})
    mediagen.write_audio(root / "good two.flac", 4.0, kind="beats", tags={"title": "Also good"})
    mediagen.zero_byte(root / "empty.mp3")
    mediagen.truncate(mediagen.write_audio(root / "truncated.mp3", 6.0), 0.02)
    mediagen.random_bytes(root / "noise.flac", 50_000)
    mediagen.write_png(root / "picture.mp3")
    mediagen.write_audio(root / "tiny.wav", 0.2)
    mediagen.write_long_silence(root / "three hours of silence.flac")
    mediagen.write_audio(mediagen.odd_name(root, ".ogg"), 2.0, freq=330)
    mediagen.write_audio(root / "🎵 emoji ✨.m4a", 2.0, freq=550)
    unreadable = mediagen.write_audio(root / "locked.wav", 1.0)
    unreadable.chmod(0)
    (root / "dangling.mp3").symlink_to(root / "does-not-exist.mp3")
    (root / "loop").symlink_to(root, target_is_directory=True)
    videos = root.parent / "videos"
    videos.mkdir()
    mediagen.write_video(videos / "clip.mp4", 2.0, pattern="scenes", with_audio=True)
    mediagen.truncate(mediagen.write_video(videos / "cut.mp4", 2.0), 0.3)
    return root


def test_bad_input_never_stops_the_batch(bad_library, tmp_path):
    core = AppCore(tmp_path / "db.sqlite3")
    core.add_folder(str(bad_library), "music")
    core.add_folder(str(bad_library.parent / "videos"), "video")
    service = core.start_indexing(exit_when_idle=True)
    assert service.wait_idle(timeout=240)
    core.stop_indexing()
    assert service.restarts == 0 and service.progress.state != "failed"
    items = {os.path.basename(m.path): m for m in core.store.all_media()}
    for name in ("good one.mp3", "good two.flac", "tiny.wav", "three hours of silence.flac",
                 "🎵 emoji ✨.m4a", os.path.basename(mediagen.odd_name(bad_library, ".ogg")), "clip.mp4"):
        assert items[name].status == "ready", (name, items[name].error)
    expected_failures = {"empty.mp3": "empty", "truncated.mp3": "", "noise.flac": "",
                         "picture.mp3": "PNG", "cut.mp4": ""}
    for name, words in expected_failures.items():
        assert items[name].status == "failed", name
        assert items[name].error and words in items[name].error
    locked = items["locked.wav"]
    if os.geteuid() != 0:
        assert locked.status == "failed" and "permission" in locked.error
    else:  # root reads anything: it is simply analysed
        assert locked.status == "ready"
    assert "dangling.mp3" not in items  # reported by the scan, never an item
    assert items["three hours of silence.flac"].duration == pytest.approx(3 * 3600, rel=0.01)
    video = items["clip.mp4"]
    assert set(core.store.embeddings_of(video.id)) == {"visual", "audio", "text"}
    from avrec_desktop import paths
    assert (paths.thumbnails_dir() / f"{video.id}.jpg").exists()
    assert all(m.analysis_count == 1 for m in items.values())
    core.close()
