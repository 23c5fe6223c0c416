"""media/: round trips through every generated format — tags, durations, samples, frames, posters."""

from __future__ import annotations

import time

import numpy as np
import pytest

import mediagen as mg
from avrec_desktop.media.clips import AudioClip, VideoFrames
from avrec_desktop.errors import NoAudioStream, NoVideoStream, UnreadableMedia
from avrec_desktop.media import (
    AUDIO_SAMPLE_RATE,
    audio_clip,
    decode_audio,
    parse_track,
    parse_year,
    probe,
    video_frames,
    window_starts,
    write_poster,
)
from avrec_desktop.media.audio import DEFAULT_MAX_WINDOWS, DEFAULT_WINDOW_SECONDS
from avrec_desktop.media.video import KEYFRAME_SCAN_SECONDS

TAGS = {"title": "Nuit étoilée 🎵", "artist": "Ärtist", "album": "The Album", "genre": "Ambient",
        "date": "1999-02-03", "track": "3/12"}
SR = AUDIO_SAMPLE_RATE


def dominant_hz(x: np.ndarray, sr: int = SR) -> float:
    spectrum = np.abs(np.fft.rfft(x * np.hanning(x.size)))
    return float(np.argmax(spectrum) * sr / x.size)


def chirp_hz(t: float, seconds: float, freq: float = 440.0) -> float:
    """Instantaneous frequency of mediagen's chirp (freq/2 -> 4*freq, exponential) at time ``t``."""
    return freq / 2 * 8.0 ** (t / seconds)


@pytest.mark.parametrize("ext", mg.AUDIO_EXTENSIONS)
def test_audio_round_trip_tags_duration_and_samples(tmp_path, ext):
    path = mg.write_audio(tmp_path / f"song{ext}", 3.0, kind="tone", freq=440.0, tags=TAGS)

    info = probe(path)
    assert info.kind == "audio" and info.has_audio and not info.has_video
    assert info.duration == pytest.approx(3.0, abs=0.1)
    assert (info.title, info.artist, info.album, info.genre) == ("Nuit étoilée 🎵", "Ärtist", "The Album", "Ambient")
    assert (info.year, info.track_no) == (1999, 3)
    assert info.audio_codec and info.video_codec is None and info.width is None

    samples = decode_audio(path)
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert samples.size / SR == pytest.approx(3.0, abs=0.1)
    assert np.abs(samples).max() <= 1.0
    assert dominant_hz(samples[SR // 2 : SR * 2]) == pytest.approx(440.0, abs=5.0)
    assert np.sqrt(np.mean(samples[SR // 2 : SR * 2] ** 2)) == pytest.approx(0.5 / np.sqrt(2), rel=0.15)


@pytest.mark.parametrize("ext", [".wav", ".mp3", ".ogg"])
def test_stereo_becomes_mono_at_the_fixed_rate(tmp_path, ext):
    path = mg.write_audio(tmp_path / f"stereo{ext}", 2.0, kind="tone", freq=1000.0, channels=2, sr=44100)
    assert probe(path).channels == 2
    samples = decode_audio(path)
    assert samples.ndim == 1 and samples.size / SR == pytest.approx(2.0, abs=0.1)
    assert dominant_hz(samples[SR // 4 : SR]) == pytest.approx(1000.0, abs=5.0)


def test_custom_rate(tmp_path):
    path = mg.write_audio(tmp_path / "a.flac", 2.0, kind="tone", freq=300.0)
    samples = decode_audio(path, sr=8000)
    assert samples.size == pytest.approx(16000, abs=100)
    assert dominant_hz(samples, 8000) == pytest.approx(300.0, abs=5.0)


@pytest.mark.parametrize("ext", [".flac", ".mp3"])
def test_decode_from_start_for_seconds_matches_the_whole_decode(tmp_path, ext):
    path = mg.write_audio(tmp_path / f"chirp{ext}", 8.0, kind="chirp")
    whole = decode_audio(path)
    part = decode_audio(path, start=5.0, seconds=1.5)
    assert part.size == pytest.approx(1.5 * SR, abs=10)
    reference = whole[5 * SR : 5 * SR + part.size]
    assert np.corrcoef(part, reference)[0, 1] > 0.95
    assert decode_audio(path, start=100.0).size == 0


def test_short_file_is_one_whole_window(tmp_path):
    path = mg.write_audio(tmp_path / "short.flac", 30.0, kind="beats")
    clip = audio_clip(path)
    assert isinstance(clip, AudioClip) and clip.sample_rate == SR
    assert len(clip.windows) == 1 and clip.windows[0].size == pytest.approx(30 * SR, abs=SR // 10)
    assert clip.duration == pytest.approx(30.0, abs=0.1)


def test_window_starts_cover_the_whole_duration():
    starts = window_starts(3600.0, 20.0, 6)
    assert starts == sorted(starts) and len(starts) == 6
    assert all(0.0 <= s <= 3580.0 for s in starts)
    assert starts[0] < 3600 / 6 and starts[-1] + 20 > 3600 * 5 / 6
    assert window_starts(25.0, 20.0, 3) == [0.0, 2.5, 5.0]  # clamped inside the file


def test_long_file_windows_are_spread_over_the_whole_duration(tmp_path):
    seconds = 400.0
    path = mg.write_audio(tmp_path / "sweep.flac", seconds, kind="chirp", sr=8000)
    clip = audio_clip(path, window_seconds=10.0, max_windows=6, whole_below=120.0)
    assert clip.duration == pytest.approx(seconds, abs=0.5)
    assert len(clip.windows) == 6 and all(w.size == 10 * SR for w in clip.windows)
    heard = [dominant_hz(w) for w in clip.windows]
    expected = [chirp_hz(s + 5.0, seconds) for s in window_starts(seconds, 10.0, 6)]
    for got, want in zip(heard, expected):
        assert got == pytest.approx(want, rel=0.08)
    assert heard[0] < 300 and heard[-1] > 1300  # start and end of the sweep are both represented


def test_info_duration_is_used_when_given(tmp_path):
    path = mg.write_audio(tmp_path / "a.wav", 20.0, kind="tone")
    info = probe(path)
    info.duration = 30.0  # the caller's duration wins over the container's (here: an over-estimate)
    clip = audio_clip(path, info, window_seconds=5.0, max_windows=3, whole_below=10.0)
    # windows centred at 5, 15 and 25 s: the last lies past the real end, comes out empty and is dropped
    assert len(clip.windows) == 2 and clip.duration == 30.0
    info.duration = 300.0  # every window past the end: nothing usable is an error, not an empty clip
    with pytest.raises(UnreadableMedia, match="truncated or corrupt"):
        audio_clip(path, info, window_seconds=5.0, max_windows=3, whole_below=10.0)


@pytest.fixture(scope="module")
def three_hours(tmp_path_factory):
    start = time.perf_counter()
    path = mg.write_long_silence(tmp_path_factory.mktemp("long") / "silence.flac")
    return path, time.perf_counter() - start


def test_three_hour_file_is_cheap_to_make_and_to_sample(three_hours):
    path, made_in = three_hours
    assert made_in < 10.0 and path.stat().st_size < 1_000_000
    info = probe(path)
    assert info.duration == pytest.approx(3 * 3600, abs=1.0)
    start = time.perf_counter()
    clip = audio_clip(path, info)
    elapsed = time.perf_counter() - start
    assert elapsed < 3.0, f"windows of a 3-hour file took {elapsed:.2f} s"
    assert len(clip.windows) == DEFAULT_MAX_WINDOWS
    assert all(w.size == int(DEFAULT_WINDOW_SECONDS * SR) for w in clip.windows)
    assert all(float(np.abs(w).max()) == 0.0 for w in clip.windows)
    assert clip.duration == pytest.approx(10800.0, abs=1.0)


def test_tag_parsing():
    assert [parse_year(v) for v in ("1999", "2012-12-15", "03/02/1987", "2012-12-15T00:00:00Z", "", None, "n/a")] == [
        1999, 2012, 1987, 2012, None, None, None]
    assert [parse_track(v) for v in ("3", "03/12", " 7 / 9", "0", "", None, "A1")] == [3, 3, 7, None, None, None, None]


# ---- video --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ext", mg.VIDEO_EXTENSIONS)
def test_video_probe_and_frames_follow_the_scenes(tmp_path, ext):
    path = mg.write_video(tmp_path / f"scenes{ext}", 4.0, pattern="scenes", fps=12, size=(160, 96),
                          tags={"title": "Scenes"})
    info = probe(path)
    assert info.kind == "video" and info.has_video and not info.has_audio
    assert (info.width, info.height) == (160, 96) and info.fps == pytest.approx(12.0)
    assert info.duration == pytest.approx(4.0, abs=0.1) and info.title == "Scenes"
    assert info.video_codec in ("h264", "mpeg4", "vp8", "vp9")

    vf = video_frames(path, info, count=8)
    assert isinstance(vf, VideoFrames) and len(vf.frames) == len(vf.timestamps) == 8
    assert vf.timestamps == sorted(vf.timestamps) and len(set(vf.timestamps)) == 8
    assert vf.timestamps[0] < 1.0 and vf.timestamps[-1] > 3.0
    for frame, t in zip(vf.frames, vf.timestamps):
        assert frame.dtype == np.uint8 and frame.shape == (96, 160, 3)
        # the frame shown at time t is the colour of scene int(t): timestamps and pixels agree
        mean = frame[:, 4:40].reshape(-1, 3).mean(axis=0)  # left side, ~86 % shade
        want = np.array(mg.scene_colour(int(t + 1e-6))) * 0.88
        assert np.abs(mean - want).max() < 25, (t, mean, want)
    assert 35.0 < vf.keyframe_rate < 70.0  # a cut every second, ~46/min over a 3.9 s scan
    assert vf.extra["width"] == 160 and vf.extra["fps"] == pytest.approx(12.0)


def test_video_with_a_single_keyframe_still_gives_distinct_frames_and_zero_cut_rate(tmp_path):
    path = mg.write_video(tmp_path / "gradient.mp4", 4.0, pattern="gradient")
    vf = video_frames(path)
    assert len(set(vf.timestamps)) == 8 and vf.keyframe_rate == 0.0
    assert not all(np.array_equal(vf.frames[0], f) for f in vf.frames[1:])


def test_long_video_frames_and_keyframe_scan_cover_the_whole_file_with_a_bound(tmp_path):
    seconds = 480.0
    path = mg.write_video(tmp_path / "long.mkv", seconds, pattern="gradient", fps=2, size=(64, 48), gop=20)
    vf = video_frames(path, count=8, max_side=32)
    assert len(vf.frames) == 8 and vf.frames[0].shape == (24, 32, 3)
    assert vf.timestamps[0] < seconds * 0.1 and vf.timestamps[-1] > seconds * 0.9
    gaps = np.diff(vf.timestamps)
    assert gaps.min() > seconds / 8 * 0.5  # evenly spread, not bunched
    assert vf.keyframe_rate == pytest.approx(6.0, rel=0.1)  # a keyframe every 10 s
    assert 100.0 < vf.extra["keyframe_scan_seconds"] <= KEYFRAME_SCAN_SECONDS + 5  # bounded: not all 480 s


def test_frames_are_scaled_to_max_side(tmp_path):
    path = mg.write_video(tmp_path / "wide.mp4", 1.0, size=(320, 180))
    vf = video_frames(path, count=2, max_side=64)
    assert vf.frames[0].shape == (36, 64, 3)
    assert video_frames(path, count=1, max_side=1000).frames[0].shape == (180, 320, 3)


@pytest.mark.parametrize("ext", mg.VIDEO_EXTENSIONS)
def test_soundtrack_of_a_video_decodes(tmp_path, ext):
    path = mg.write_video(tmp_path / f"talk{ext}", 3.0, pattern="bars", with_audio=True)
    info = probe(path)
    assert info.kind == "video" and info.has_audio and info.audio_codec
    samples = decode_audio(path)
    assert samples.size / SR == pytest.approx(3.0, abs=0.15)
    assert dominant_hz(samples[SR // 2 : 2 * SR]) == pytest.approx(440.0, abs=5.0)
    clip = audio_clip(path, info)
    assert len(clip.windows) == 1


def test_missing_stream_kinds_are_typed(tmp_path):
    silent_video = mg.write_video(tmp_path / "mute.mp4", 1.0)
    song = mg.write_audio(tmp_path / "song.mp3", 1.0)
    with pytest.raises(NoAudioStream, match="no audio stream"):
        decode_audio(silent_video)
    with pytest.raises(NoAudioStream):
        audio_clip(silent_video)
    with pytest.raises(NoVideoStream, match="no video stream"):
        video_frames(song)


# ---- cover art and posters ----------------------------------------------------------------------------------


@pytest.mark.parametrize("ext", [".mp3", ".flac"])
def test_cover_art_is_audio_not_video(tmp_path, ext):
    path = mg.write_audio(tmp_path / f"covered{ext}", 2.0, tags={"title": "Covered"}, cover=mg.png_bytes(16, 16))
    info = probe(path)
    assert info.kind == "audio" and info.has_cover and not info.has_video and info.video_codec is None
    assert info.title == "Covered" and "comment" not in info.tags  # picture type is not a tag of the song
    with pytest.raises(NoVideoStream):
        video_frames(path)
    poster = write_poster(path, tmp_path / "cover.png")
    frame = _read_image(poster)
    assert frame.shape == (16, 16, 3) and tuple(frame[8, 8]) == (200, 30, 30)


def _read_image(path) -> np.ndarray:
    import av

    with av.open(str(path)) as container:
        return next(container.decode(video=0)).to_ndarray(format="rgb24")


@pytest.mark.parametrize("suffix,magic", [(".jpg", b"\xff\xd8\xff"), (".png", b"\x89PNG")])
def test_poster_is_written_atomically_in_the_asked_format(tmp_path, suffix, magic):
    video = mg.write_video(tmp_path / "v.mp4", 3.0, pattern="bars", size=(640, 360))
    dest = tmp_path / "posters" / f"v{suffix}"
    assert write_poster(video, dest, max_side=200) == dest
    assert dest.read_bytes().startswith(magic)
    assert _read_image(dest).shape == (112, 200, 3)
    write_poster(video, dest, max_side=100)  # overwrite in place
    assert _read_image(dest).shape == (56, 100, 3)
    assert sorted(p.name for p in dest.parent.iterdir()) == [dest.name]  # no temporary files left


def test_poster_skips_black_opening(tmp_path):
    video = mg.write_video(tmp_path / "late.mp4", 10.0, pattern="black_start", fps=10, gop=10)
    frame = _read_image(write_poster(video, tmp_path / "late.png"))
    assert frame.mean() > 40


def test_poster_without_pillow_uses_pyav_encoders(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "PIL", None)  # "import PIL" now raises ImportError
    video = mg.write_video(tmp_path / "v.webm" if ".webm" in mg.VIDEO_EXTENSIONS else tmp_path / "v.mkv",
                           2.0, pattern="bars")
    jpg = write_poster(video, tmp_path / "p.jpg", max_side=80)
    png = write_poster(video, tmp_path / "p.png", max_side=80)
    assert jpg.read_bytes()[:3] == b"\xff\xd8\xff" and png.read_bytes()[:4] == b"\x89PNG"
    assert _read_image(jpg).shape == _read_image(png).shape == (48, 80, 3)


def test_poster_of_plain_audio_is_refused(tmp_path):
    with pytest.raises(NoVideoStream):
        write_poster(mg.write_audio(tmp_path / "a.wav", 1.0), tmp_path / "p.jpg")
    assert not (tmp_path / "p.jpg").exists()
