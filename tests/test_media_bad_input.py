"""media/: everything a user's folder can hold that is not clean media gets a typed error with a short reason."""

from __future__ import annotations

import os

import av
import numpy as np
import pytest

import mediagen as mg
from avrec_desktop.errors import UnreadableMedia
from avrec_desktop.media import audio_clip, decode_audio, looks_like, probe, video_frames, write_poster
from avrec_desktop.media import opening

SR = 22050
READERS = {
    "probe": probe,
    "decode_audio": decode_audio,
    "audio_clip": audio_clip,
    "video_frames": video_frames,
}


def reason(func, path) -> str:
    with pytest.raises(UnreadableMedia) as caught:
        func(path)
    message = str(caught.value)
    assert "\n" not in message and "Errno" not in message and str(path) not in message, message
    return message


@pytest.mark.parametrize("name", sorted(READERS))
@pytest.mark.parametrize("ext", [".mp3", ".mp4"])
def test_zero_byte_file(tmp_path, name, ext):
    path = mg.zero_byte(tmp_path / f"empty{ext}")
    assert reason(READERS[name], path) == "file is empty (0 bytes)"


@pytest.mark.parametrize("name", sorted(READERS))
def test_missing_file_and_folder_named_like_media(tmp_path, name):
    assert reason(READERS[name], tmp_path / "gone.mp3") == "file not found"
    (tmp_path / "x.mp3").mkdir()
    assert reason(READERS[name], tmp_path / "x.mp3") == "is a folder, not a file"


@pytest.mark.parametrize("ext", [".mp3", ".ogg", ".flac", ".mp4", ".webm"])
def test_png_renamed_to_media(tmp_path, ext):
    path = mg.write_png(tmp_path / f"picture{ext}")
    for func in READERS.values():
        assert reason(func, path) == "not a media file (looks like a PNG image)"
    with pytest.raises(UnreadableMedia, match="PNG image"):
        write_poster(path, tmp_path / "p.jpg")


def test_png_is_refused_even_when_ffmpeg_opens_it(tmp_path, monkeypatch):
    """Without the byte sniffing, FFmpeg opens a PNG as a one-frame video; that must still not count as media."""
    monkeypatch.setattr(opening, "looks_like", lambda head: None)
    path = mg.write_png(tmp_path / "picture.mp3", width=32, height=32)
    with av.open(str(path)) as container:  # the premise: FFmpeg does open it
        assert [s.type for s in container.streams] == ["video"]
    assert reason(probe, path) == "not a media file (looks like a PNG image)"
    assert reason(video_frames, path) == "not a media file (looks like a PNG image)"


def test_other_non_media_files_are_named(tmp_path):
    (tmp_path / "notes.mp3").write_text("These are my notes about the album, not the album.\n")
    assert reason(probe, tmp_path / "notes.mp3") == "not a media file (looks like a text file)"
    (tmp_path / "doc.m4a").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    assert reason(probe, tmp_path / "doc.m4a") == "not a media file (looks like a PDF document)"
    assert looks_like(b"\xff\xd8\xff\xe0\x00\x10JFIF") == "a JPEG image"
    assert looks_like(b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(64)) is None
    assert looks_like(b"OggS\x00\x02" + bytes(64)) is None


@pytest.mark.parametrize("ext", [".mp3", ".ogg", ".flac", ".wav", ".m4a", ".mp4", ".mkv", ".webm"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_bytes_with_a_media_extension(tmp_path, ext, seed):
    path = mg.random_bytes(tmp_path / f"noise{ext}", 4096 * (seed + 1), seed)
    for func in (probe, decode_audio, audio_clip):
        reason(func, path)


@pytest.mark.parametrize("ext", [".mp3", ".flac", ".ogg", ".m4a"])
def test_audio_cut_to_a_sliver_is_truncated(tmp_path, ext):
    path = mg.truncate(mg.write_audio(tmp_path / f"cut{ext}", 10.0, kind="chirp"), 0.03)
    for func in (decode_audio, audio_clip):
        assert reason(func, path).startswith("truncated or corrupt")


@pytest.mark.parametrize("ext", [".mp3", ".flac", ".ogg", ".wav", ".mkv", ".webm"])
def test_half_a_file_keeps_what_decodes(tmp_path, ext):
    if ext in (".mkv", ".webm"):
        path = mg.write_video(tmp_path / f"half{ext}", 10.0, pattern="noise", with_audio=True)
    else:
        path = mg.write_audio(tmp_path / f"half{ext}", 10.0, kind="chirp")
    mg.truncate(path, 0.5)
    samples = decode_audio(path)
    assert 2.5 < samples.size / SR < 7.5
    assert len(audio_clip(path).windows) == 1


def test_mp4_without_its_index_says_so(tmp_path):
    path = mg.truncate(mg.write_video(tmp_path / "rec.mp4", 3.0, with_audio=True), 0.6)
    assert reason(probe, path) == "truncated or corrupt: the MP4 index is missing (was it cut off while written?)"


@pytest.mark.parametrize("ext", [".mp3", ".mkv"])
def test_garbage_in_the_middle_is_skipped(tmp_path, ext):
    seconds = 30.0
    if ext == ".mkv":
        path = mg.write_video(tmp_path / f"hole{ext}", seconds, pattern="bars", fps=4, size=(32, 32), with_audio=True)
    else:
        path = mg.write_audio(tmp_path / f"hole{ext}", seconds, kind="tone")
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 2000] = np.random.default_rng(5).integers(0, 256, 2000, dtype=np.uint8).tobytes()
    path.write_bytes(bytes(data))
    samples = decode_audio(path)
    # most of it survives: MP3 loses a few frames; Matroska resyncs at the next cluster (<= 5 s apart)
    assert samples.size / SR > seconds - 6.0
    assert float(np.abs(samples).max()) <= 1.0


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file; see the simulated test")
def test_unreadable_file_chmod(tmp_path):
    path = mg.write_audio(tmp_path / "locked.mp3", 1.0)
    path.chmod(0)
    try:
        for func in READERS.values():
            assert reason(func, path) == "cannot read file: permission denied"
    finally:
        path.chmod(0o644)


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    """Runs as root too: the first read is where a permission problem shows, so fail it there."""
    path = mg.write_audio(tmp_path / "locked.mp3", 1.0)

    def denied(file, *args, **kwargs):
        raise PermissionError(13, "Permission denied", os.fspath(file))

    monkeypatch.setattr(opening, "open", denied, raising=False)
    for func in READERS.values():
        assert reason(func, path) == "cannot read file: permission denied"


def test_permission_error_from_ffmpeg_is_mapped(tmp_path, monkeypatch):
    path = mg.write_audio(tmp_path / "locked.mp3", 1.0)

    def denied(*args, **kwargs):
        raise av.error.PermissionError(1, "Operation not permitted", str(path))

    monkeypatch.setattr(opening.av, "open", denied)
    assert reason(probe, path) == "cannot read file: permission denied"


@pytest.mark.parametrize("ext", mg.AUDIO_EXTENSIONS)
def test_a_fifth_of_a_second_is_still_music(tmp_path, ext):
    path = mg.write_audio(tmp_path / f"blip{ext}", 0.2, kind="tone")
    info = probe(path)
    assert info.kind == "audio" and info.duration == pytest.approx(0.2, abs=0.06)
    samples = decode_audio(path)
    assert samples.size / SR == pytest.approx(0.2, abs=0.06) and np.abs(samples).max() > 0.1
    clip = audio_clip(path, info)
    assert len(clip.windows) == 1 and clip.windows[0].size == samples.size


def test_names_with_undecodable_bytes_and_emoji(tmp_path):
    audio = mg.write_audio(mg.odd_name(tmp_path, ".flac"), 1.0, tags={"title": "café 🎵"})
    video = mg.write_video(mg.odd_name(tmp_path, ".mp4"), 1.0)
    assert os.fsencode(audio.name) == b"caf\xe9 \xf0\x9f\x8e\xb5.flac"  # really not UTF-8 on disk
    assert probe(audio).title == "café 🎵"
    assert decode_audio(audio).size == pytest.approx(SR, abs=SR // 20)
    assert len(video_frames(video, count=2).frames) == 2
    assert write_poster(video, mg.odd_name(tmp_path, ".jpg")).stat().st_size > 0
    missing = mg.odd_name(tmp_path / "nowhere", ".mp3")
    assert reason(probe, missing) == "file not found"
