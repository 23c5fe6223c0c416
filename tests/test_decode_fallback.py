"""Audio FFmpeg rejects is read by libsndfile (media/sndfile_fallback.py): probed, analysed, similar.

The real case is ../shared/data/quirks/savino-ocean.ogg, a valid Ogg Vorbis FFmpeg refuses ("Invalid data found
when processing input"); without ../shared/data an Akai MPC 2000 sample (``.mpc``, written by libsndfile, which
FFmpeg has no demuxer for) goes the same way, and a FLAC with PyAV's open made to fail shows that the fallback
gives the samples FFmpeg would (same mixdown, same resampler).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import av
import numpy as np
import pytest
import soundfile

import mediagen as mg
from avrec_desktop.errors import NoAudioStream, UnreadableMedia
from avrec_desktop.media import audio_clip, decode_audio, opening, probe
from conftest import SHARED_DATA

QUIRK = SHARED_DATA / "quirks" / "savino-ocean.ogg"
SR = 22050


def _quirk():
    if not QUIRK.is_file():
        pytest.skip("../shared/data is not present")
    return QUIRK


def _ffmpeg_rejects(path) -> bool:
    try:
        with av.open(str(path)) as container:
            next(container.decode(audio=0))
    except (av.error.FFmpegError, StopIteration, IndexError):
        return True
    return False


def write_mpc2k(path, seconds: float = 4.0, freq: float = 330.0):
    """A mono 44.1 kHz Akai MPC 2000 sample: libsndfile reads and writes it, FFmpeg has no demuxer for it."""
    t = np.arange(int(44100 * seconds)) / 44100
    x = 0.4 * np.sin(2 * np.pi * freq * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 2 * t))
    soundfile.write(str(path), x.astype(np.float32), 44100, format="MPC2K")
    return path


def reason(func, path) -> str:
    with pytest.raises(UnreadableMedia) as caught:
        func(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) not in message and len(message) < 300, message
    return message


def test_the_quirk_ogg_is_probed_and_decoded_by_libsndfile():
    path = _quirk()
    assert _ffmpeg_rejects(path)  # the premise
    info = probe(path)
    assert info.decoder == "libsndfile" and info.kind == "audio" and info.has_audio
    assert info.duration == pytest.approx(60.49, abs=0.05)
    assert (info.sample_rate, info.channels, info.audio_codec, info.container) == (44100, 2, "vorbis", "ogg")
    assert (info.title, info.artist, info.album, info.year, info.track_no) == (
        "Ocean", "Will Savino", "HyperRogue", 2018, 22)
    five = decode_audio(path, sr=16000, start=10.0, seconds=5.0)
    assert five.dtype == np.float32 and five.size == 80000 and 0.05 < float(np.abs(five).max()) <= 1.0
    clip = audio_clip(path, info, whole_below=30.0)  # longer than whole_below: windows, reached by seeking
    assert len(clip.windows) == 3 and all(w.size == 20 * SR for w in clip.windows)


def test_a_format_ffmpeg_has_no_demuxer_for_is_read(tmp_path):
    path = write_mpc2k(tmp_path / "sample.mpc", 3.0)
    assert _ffmpeg_rejects(path)
    info = probe(path)
    assert info.decoder == "libsndfile" and info.duration == pytest.approx(3.0, abs=0.01)
    assert decode_audio(path).size == pytest.approx(3 * SR, abs=2)


def test_the_fallback_gives_what_ffmpeg_gives(tmp_path, monkeypatch):
    """The same stereo 44.1 kHz FLAC read by FFmpeg, then with PyAV's open failing: the same samples at 22.05
    kHz (channels averaged, libswresample), the same windows, the same tags."""
    path = mg.write_audio(tmp_path / "tone.flac", 10.0, kind="chirp", sr=44100, channels=2,
                          tags={"title": "Chirp", "artist": "Band", "date": "1999", "track": "3"})
    ref_info = probe(path)
    ref = decode_audio(path)
    ref_part = decode_audio(path, start=2.5, seconds=3.0)
    ref_clip = audio_clip(path, ref_info, window_seconds=2.0, max_windows=3, whole_below=4.0)

    def rejected(*args, **kwargs):
        raise av.error.InvalidDataError(1094995529, "Invalid data found when processing input", str(path))

    monkeypatch.setattr(opening.av, "open", rejected)
    info = probe(path)
    assert info.decoder == "libsndfile" and ref_info.decoder == "ffmpeg"
    assert info.duration == pytest.approx(ref_info.duration, abs=0.01)
    assert (info.title, info.artist, info.year, info.track_no, info.sample_rate, info.channels) == (
        "Chirp", "Band", 1999, 3, 44100, 2)
    got = decode_audio(path)
    assert got.size == ref.size and np.abs(got - ref).max() < 1e-4
    part = decode_audio(path, start=2.5, seconds=3.0)
    assert part.size == ref_part.size and np.abs(part - ref_part).max() < 1e-3
    clip = audio_clip(path, info, window_seconds=2.0, max_windows=3, whole_below=4.0)
    assert [w.size for w in clip.windows] == [w.size for w in ref_clip.windows]
    for a, b in zip(clip.windows, ref_clip.windows):
        assert np.abs(a - b).max() < 1e-3


def test_a_file_both_reject_names_both_in_one_line(tmp_path, monkeypatch):
    flac = mg.random_bytes(tmp_path / "noise.flac", 50_000, seed=2)
    wav = mg.random_bytes(tmp_path / "noise.wav", 50_000, seed=4)
    for func in (probe, decode_audio, audio_clip):
        assert reason(func, flac) == (
            "truncated or corrupt: FFmpeg: no audio could be decoded; libsndfile: format not recognised")
        assert reason(func, wav) == ("FFmpeg: not a media file, or damaged beyond reading (unrecognised data); "
                                     "libsndfile: format not recognised")
    # a valid file both refuse: libsndfile's own words come through
    path = mg.write_audio(tmp_path / "fine.ogg", 2.0)
    monkeypatch.setattr(opening.av, "open", lambda *a, **k: (_ for _ in ()).throw(
        av.error.InvalidDataError(1094995529, "Invalid data found when processing input", str(path))))

    def refused(*args, **kwargs):
        raise soundfile.LibsndfileError(1, prefix="Error opening: ")

    monkeypatch.setattr(soundfile, "SoundFile", refused)
    assert reason(probe, path) == ("FFmpeg: not a media file, or damaged beyond reading (unrecognised data); "
                                   "libsndfile: format not recognised")


def test_what_the_file_is_never_reaches_libsndfile(tmp_path, monkeypatch):
    """Empty, missing, a PNG renamed, a cut-off MP3 FFmpeg read the start of, an MP4 without its index, a video
    without sound: the reasons stay FFmpeg's own and libsndfile is not even opened."""
    cut = mg.truncate(mg.write_audio(tmp_path / "cut.mp3", 10.0, kind="chirp"), 0.03)
    mp4 = mg.truncate(mg.write_video(tmp_path / "rec.mp4", 2.0, with_audio=True), 0.6)
    silent = mg.write_video(tmp_path / "silent.mp4", 1.0)
    opened = []
    monkeypatch.setattr(soundfile, "SoundFile", lambda *a, **k: opened.append(a) or (_ for _ in ()).throw(
        AssertionError("libsndfile was asked")))
    assert reason(probe, mg.zero_byte(tmp_path / "empty.ogg")) == "file is empty (0 bytes)"
    assert reason(decode_audio, tmp_path / "gone.flac") == "file not found"
    assert reason(audio_clip, mg.write_png(tmp_path / "cover.ogg")) == "not a media file (looks like a PNG image)"
    assert reason(decode_audio, cut).startswith("truncated or corrupt: only ")
    assert reason(probe, mp4) == "truncated or corrupt: the MP4 index is missing (was it cut off while written?)"
    with pytest.raises(NoAudioStream):
        decode_audio(silent)
    assert opened == []


def test_a_text_header_is_offered_to_libsndfile_quietly(tmp_path):
    """NIST SPHERE (TIMIT's .wav files) starts with a text header the byte sniffing calls text: libsndfile
    reads it; a real text file keeps its one reason."""
    sphere = tmp_path / "sa1.wav"
    soundfile.write(str(sphere), np.zeros(16000, np.float32) + 0.1, 16000, format="NIST", subtype="PCM_16")
    assert opening.looks_like(sphere.read_bytes()[:64]) == "a text file"  # the premise
    assert probe(sphere).decoder == "libsndfile" and decode_audio(sphere, sr=16000).size == 16000
    lyrics = mg.write_text(tmp_path / "lyrics.flac")
    assert reason(probe, lyrics) == "not a media file (looks like a text file)"


def test_the_libsndfile_in_use_reads_vorbis_and_mp3():
    """The wheel's bundled libsndfile (1.1+: Opus, MP3), not an older system one."""
    from avrec_desktop.media import sndfile_fallback

    formats = soundfile.available_formats()
    assert {"OGG", "FLAC", "MPC2K"} <= set(formats) and "MP3" in formats, formats
    assert tuple(int(n) for n in soundfile.__libsndfile_version__.split(".")[:2]) >= (1, 1)
    assert sndfile_fallback.both_reasons("a", "b") == "FFmpeg: a; libsndfile: b"
    maps = Path("/proc/self/maps")
    if maps.exists():  # Linux: the wheel's copy is loaded (the system's may be too: PulseAudio links it)
        loaded = {line.split()[-1] for line in maps.read_text().splitlines() if "libsndfile" in line}
        assert any("_soundfile_data" in name for name in loaded), loaded


def test_the_window_can_say_why_its_player_cannot_play_such_a_file(tmp_path):
    from avrec_desktop.media import sndfile_fallback

    why = sndfile_fallback.why_the_player_cannot(write_mpc2k(tmp_path / "sample.mpc", 1.0))
    assert why and "\n" not in why and "FFmpeg" in why and "libsndfile" in why
    assert sndfile_fallback.why_the_player_cannot(mg.write_audio(tmp_path / "fine.flac", 1.0)) is None
    assert sndfile_fallback.why_the_player_cannot(mg.random_bytes(tmp_path / "noise.ogg", 4096)) is None


# -- the real worker process with the real encoders --------------------------------------------------------


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    from avrec_desktop.core import AppCore

    base = tmp_path_factory.mktemp("fallback")
    music = base / "music"
    music.mkdir()
    write_mpc2k(music / "akai sample.mpc", 8.0)
    mg.write_audio(music / "plain.flac", 8.0, kind="beats", tags={"title": "Plain"})
    if QUIRK.is_file():
        shutil.copy(QUIRK, music / "savino-ocean.ogg")
    core = AppCore(base / "db.sqlite3")
    try:
        core.add_folder(str(music), "music")
        service = core.start_indexing(exit_when_idle=True)
        assert service.wait_idle(timeout=600)
        core.stop_indexing()
        items = {m.path.rsplit("/", 1)[-1]: m for m in core.store.all_media()}
        vectors = {name: set(core.store.embeddings_of(m.id)) for name, m in items.items()}
        similar = {name: core.similar(m.id) for name, m in items.items() if m.status == "ready"}
        yield {"items": items, "vectors": vectors, "similar": similar}
    finally:
        core.stop_indexing()
        core.close()


def _check_analysed(analysed, name: str, duration: float):
    item = analysed["items"][name]
    assert (item.status, item.error) == ("ready", None)
    assert {"audio", "text"} <= analysed["vectors"][name]
    assert item.duration == pytest.approx(duration, abs=0.1)
    assert analysed["similar"][name], name  # play similar answers from it


def test_the_worker_analyses_a_file_only_libsndfile_reads(analysed):
    _check_analysed(analysed, "akai sample.mpc", 8.0)


def test_the_worker_analyses_the_quirk_ogg(analysed):
    _quirk()
    _check_analysed(analysed, "savino-ocean.ogg", 60.49)
    assert analysed["items"]["savino-ocean.ogg"].title == "Ocean"
