"""Decoder-level checks behind the fault battery (tests/test_fault_battery.py): the cases it found wrong."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import mediagen
from avrec_desktop import media
from avrec_desktop.errors import UnreadableMedia
from avrec_desktop.indexing.analyse import describe_error

_OPEN_ALL = """
import sys
from avrec_desktop import media
from avrec_desktop.errors import UnreadableMedia
path = sys.argv[1]
for name in ("probe", "audio_clip", "video_frames"):
    try:
        getattr(media, name)(path)
    except UnreadableMedia as exc:
        print(name, exc)
try:
    media.write_poster(path, path + ".jpg")
except UnreadableMedia as exc:
    print("write_poster", exc)
"""


def test_a_fifo_is_refused_at_once_instead_of_blocking(tmp_path):
    """A named pipe with no writer blocks a plain ``open`` forever: the whole analysis queue would stall."""
    fifo = tmp_path / "pipe.mp3"
    os.mkfifo(fifo)
    try:
        out = subprocess.run([sys.executable, "-c", _OPEN_ALL, str(fifo)], capture_output=True, text=True,
                             timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("opening a FIFO blocked")
    lines = out.stdout.splitlines()
    assert len(lines) == 4 and all("named pipe" in line for line in lines), out.stdout + out.stderr


def test_special_files_are_named_for_what_they_are(tmp_path):
    with pytest.raises(UnreadableMedia, match="folder"):
        media.probe(tmp_path)
    with pytest.raises(UnreadableMedia, match="device"):
        media.probe("/dev/null")


def test_a_header_claiming_an_impossible_picture_says_so(tmp_path):
    """FFmpeg answers a 46000x46000 YUV4MPEG header with EBUSY ("device or resource busy"): misleading."""
    claim = tmp_path / "claims huge.mkv"
    claim.write_bytes(b"YUV4MPEG2 W46000 H46000 F25:1 Ip A1:1 C420jpeg\nFRAME\n" + bytes(100_000))
    with pytest.raises(UnreadableMedia) as info:
        media.probe(claim)
    assert "header" in str(info.value) and "busy" not in str(info.value)


def test_a_cut_off_file_reports_the_length_that_decodes(tmp_path):
    path = mediagen.truncate(mediagen.write_audio(tmp_path / "cut.mp3", 6.0, kind="noise"), 0.3)
    info = media.probe(path)
    assert info.duration == pytest.approx(6.0, abs=0.1)  # the Xing header still claims the whole file
    clip = media.audio_clip(path, info)
    assert 1.0 < clip.duration < 3.0
    whole = media.audio_clip(mediagen.write_audio(tmp_path / "whole.mp3", 6.0), None)
    assert whole.duration == pytest.approx(6.0, abs=0.1)


def test_eight_channels_decode_to_mono(tmp_path):
    for ext in (".flac", ".m4a", ".ogg"):
        path = mediagen.write_audio(tmp_path / f"surround{ext}", 2.0, channels=8, kind="tone")
        info = media.probe(path)
        assert info.channels == 8, ext
        clip = media.audio_clip(path, info)
        assert clip.windows[0].size > 1.5 * clip.sample_rate and abs(clip.windows[0]).max() > 0.1, ext


def test_reasons_are_one_bounded_line():
    reason = describe_error(RuntimeError("first line\nTraceback (most recent call last):\n" + "x" * 5000))
    assert "\n" not in reason and len(reason) <= 300
    assert reason.startswith("analysis failed: RuntimeError: first line")
