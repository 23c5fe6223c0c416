"""media/ on the real files in ../shared/data (MP3, tagged Ogg Vorbis, H.264+AAC MP4, VP8 WebM).

Skipped cleanly when ../shared/data is absent. CPU-time bounds are loose (2 shared cores here); the measured
numbers are in the media package's docstrings.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from avrec_desktop.errors import NoAudioStream
from avrec_desktop.media import AUDIO_SAMPLE_RATE, audio_clip, decode_audio, probe, video_frames, write_poster
from avrec_desktop.media.audio import DEFAULT_MAX_WINDOWS, DEFAULT_WINDOW_SECONDS, DEFAULT_WHOLE_BELOW

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
MUSIC = sorted((DATA / "music").glob("*/*")) if DATA.is_dir() else []


def data_file(*parts: str) -> Path:
    path = DATA.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    return path


@pytest.fixture
def music():
    if not MUSIC:
        pytest.skip("../shared/data/music is not present")
    return MUSIC


def test_every_track_probes_and_clips_within_budget(music):
    assert all(probe(p).duration > DEFAULT_WHOLE_BELOW for p in music)  # so every track is windowed
    for path in music:
        start = time.process_time()
        info = probe(path)
        clip = audio_clip(path, info)
        cpu = time.process_time() - start
        assert info.kind == "audio" and info.has_audio and not info.has_video
        assert 120.0 < info.duration < 600.0, path.name
        assert info.audio_codec in ("mp3float", "mp3", "vorbis")
        window = int(DEFAULT_WINDOW_SECONDS * AUDIO_SAMPLE_RATE)
        assert len(clip.windows) == DEFAULT_MAX_WINDOWS and all(w.size == window for w in clip.windows), path.name
        for window in clip.windows:
            assert window.dtype == np.float32 and np.isfinite(window).all()
            assert 0.005 < float(np.sqrt(np.mean(window**2))) and float(np.abs(window).max()) <= 1.0
        assert cpu < 2.0, f"{path.name}: probe + audio_clip took {cpu:.2f} CPU-s"


def test_ogg_vorbis_tags_live_on_the_stream_and_are_read(music):
    oggs = [p for p in music if p.suffix == ".ogg"]
    if not oggs:
        pytest.skip("no .ogg in ../shared/data/music")
    for path in oggs:
        info = probe(path)
        assert info.title == path.stem and info.artist == "Maxstack" and info.year == 2012
        assert info.album.startswith("Endgame: Singularity")
        assert info.tags["license"].startswith("http")


def test_mp3_whole_decode_matches_its_duration():
    path = data_file("music", "asc", "machine_wars.mp3")
    info = probe(path)
    samples = decode_audio(path)
    assert samples.size / AUDIO_SAMPLE_RATE == pytest.approx(info.duration, abs=0.2)


def test_bigbuckbunny_h264_aac():
    path = data_file("video", "bigbuckbunny.mp4")
    info = probe(path)
    assert info.kind == "video" and (info.width, info.height) == (1280, 720)
    assert (info.video_codec, info.audio_codec) == ("h264", "aac")
    assert info.duration == pytest.approx(5.3, abs=0.1) and info.fps == pytest.approx(25.0)
    assert info.year is None  # its creation_time of 1970 is not a year of release

    vf = video_frames(path, info)
    assert len(vf.frames) == 8 and vf.frames[0].shape == (144, 256, 3)
    assert len(set(vf.timestamps)) == 8 and vf.timestamps[0] < 1.0 and vf.timestamps[-1] > 4.3
    assert len({f.tobytes() for f in vf.frames}) == 8

    soundtrack = decode_audio(path)
    assert soundtrack.size / AUDIO_SAMPLE_RATE == pytest.approx(5.3, abs=0.15)
    assert float(np.abs(soundtrack).max()) > 0.01


def test_webm_vp8_without_audio(tmp_path):
    path = data_file("video", "display-dual-monitors.webm")
    info = probe(path)
    assert info.kind == "video" and info.video_codec == "vp8" and not info.has_audio
    assert (info.width, info.height) == (1024, 768) and info.duration == pytest.approx(37.1, abs=0.2)
    with pytest.raises(NoAudioStream):
        decode_audio(path)
    vf = video_frames(path, info)
    assert len(vf.frames) == 8 and vf.frames[0].shape == (192, 256, 3)
    assert vf.timestamps[0] < 5.0 and vf.timestamps[-1] > 32.0
    assert vf.keyframe_rate == pytest.approx(10 / 37.07 * 60, rel=0.05)  # 10 keyframes after the first in 37 s
    poster = write_poster(path, tmp_path / "poster.jpg")
    assert poster.read_bytes()[:3] == b"\xff\xd8\xff"


def test_poster_of_bigbuckbunny_is_not_black(tmp_path):
    path = data_file("video", "bigbuckbunny.mp4")
    poster = write_poster(path, tmp_path / "bbb.png", max_side=320)
    import av

    with av.open(str(poster)) as container:
        rgb = next(container.decode(video=0)).to_ndarray(format="rgb24")
    assert rgb.shape == (180, 320, 3) and rgb.mean() > 40
