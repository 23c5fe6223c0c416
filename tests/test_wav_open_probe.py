"""Opening a WAV file probes little of it (issue #11 target 4): FFmpeg's stream probe is kept small for
RIFF/RF64 WAVE files (media/opening.py), which cuts a quick pass's two opens of a 3-minute WAV from ~16 ms of
CPU to ~4; what the probe and the window decode find is unchanged."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from avrec_desktop import media
from avrec_desktop.bench.bench_tracks import RATE, track_samples, write_track
from avrec_desktop.media.opening import open_media


def bytes_read() -> int:
    with open("/proc/self/io") as fh:
        return int(next(line for line in fh if line.startswith("rchar:")).split()[1])


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux /proc/self/io")
def test_opening_a_three_minute_wav_probes_a_small_part_of_it(tmp_path):
    path = write_track(tmp_path / "long.wav", 180.0, seed=3)
    assert os.path.getsize(path) > 7_000_000
    with open_media(path):
        pass  # warm the page cache and FFmpeg's first-use set-up
    before = bytes_read()
    with open_media(path) as container:
        assert container.streams.audio[0].codec_context.name == "pcm_s16le"
    assert bytes_read() - before < 200_000  # ~100 KB; the default probe read ~300 KB


def test_the_probe_and_the_window_are_what_they_were(tmp_path):
    path = write_track(tmp_path / "t.wav", 60.0, seed=5)
    info = media.probe(path)
    assert (info.kind, info.has_audio, info.audio_codec, info.sample_rate, info.channels) == (
        "audio", True, "pcm_s16le", RATE, 1)
    assert info.duration == pytest.approx(60.0, abs=0.01)
    clip = media.audio_clip(path, info, window_seconds=12.0, max_windows=1, whole_below=12.0)
    [window] = clip.windows
    assert window.size == pytest.approx(12.0 * clip.sample_rate, rel=0.01)
    start = int(round((60.0 - 12.0) / 2 * RATE))
    expected = (track_samples(60.0, 5) * 32000).astype("<i2").astype(np.float32) / 32768.0
    got = window[: RATE]  # the window starts mid-track, where window_starts puts one window
    if clip.sample_rate == RATE:
        assert np.abs(got - expected[start:start + RATE]).max() < 1e-3
