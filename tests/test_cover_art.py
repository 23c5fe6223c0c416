"""Cover art: embedded pictures (ID3 APIC, FLAC PICTURE, Vorbis/Opus METADATA_BLOCK_PICTURE, MP4 covr) or
a folder picture become one cached 256 px thumbnail per picture, recorded per item; bad pictures are notes."""

import base64
import io
import struct
import zlib

import pytest

import mediagen
from avrec_desktop import paths
from avrec_desktop.core import AppCore
from avrec_desktop.library import covers
from avrec_desktop.media import cover_art

Image = pytest.importorskip("PIL.Image")
ImageStat = pytest.importorskip("PIL.ImageStat")
mutagen = pytest.importorskip("mutagen")
from mutagen.flac import FLAC, Picture  # noqa: E402
from mutagen.id3 import APIC, ID3  # noqa: E402
from mutagen.mp4 import MP4, MP4Cover  # noqa: E402

RED, BLUE, GREEN = (210, 30, 30), (30, 40, 200), (20, 170, 60)


def jpeg(width, height, rgb) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), rgb).save(out, format="JPEG", quality=95)
    return out.getvalue()


def png_claiming(width, height) -> bytes:
    """A small PNG whose header claims ``width`` x ``height`` (a 'decompression bomb' shape)."""
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) \
        + chunk(b"IEND", b"")


def flac_picture(data: bytes, kind: int = 3, mime: str = "image/jpeg") -> Picture:
    picture = Picture()
    picture.type, picture.mime, picture.data = kind, mime, data
    return picture


def assert_thumbnail(path, size, rgb):
    assert path is not None and path.exists(), path
    assert path.parent == paths.thumbnails_dir() / "covers"
    with Image.open(path) as image:
        assert image.format == "JPEG"
        assert image.size == size
        mean = ImageStat.Stat(image.convert("RGB")).mean
    assert all(abs(m - c) < 12 for m, c in zip(mean, rgb)), (mean, rgb)


def make(path, kind="audio"):
    result = covers.make_cover(path, kind)
    return (paths.thumbnails_dir() / result.file if result.file else None), result


def test_mp3_apic_front_cover_wins_over_back(tmp_path):
    song = mediagen.write_audio(tmp_path / "a.mp3", 0.5)
    tags = ID3()
    tags.add(APIC(encoding=3, mime="image/jpeg", type=4, desc="back", data=jpeg(64, 64, BLUE)))
    tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="front", data=jpeg(600, 300, RED)))
    tags.save(song)
    found, result = make(song)
    assert result.source == "embedded" and result.note is None
    assert_thumbnail(found, (256, 128), RED)


def test_mp3_cover_stream_written_by_ffmpeg(tmp_path):
    song = mediagen.write_audio(tmp_path / "a.mp3", 0.5, cover=mediagen.png_bytes(40, 20, GREEN))
    found, _ = make(song)
    assert_thumbnail(found, (40, 20), GREEN)  # small pictures are not blown up


def test_attached_picture_through_pyav_when_mutagen_is_missing(tmp_path, monkeypatch):
    song = mediagen.write_audio(tmp_path / "a.flac", 0.5, cover=mediagen.png_bytes(32, 32, BLUE))
    monkeypatch.setattr(cover_art, "_mutagen_pictures", lambda path: None)
    found, _ = make(song)
    assert_thumbnail(found, (32, 32), BLUE)


def test_flac_picture_block(tmp_path):
    song = mediagen.write_audio(tmp_path / "a.flac", 0.5)
    audio = FLAC(song)
    audio.add_picture(flac_picture(jpeg(300, 600, GREEN)))
    audio.save()
    found, _ = make(song)
    assert_thumbnail(found, (128, 256), GREEN)


def test_ogg_metadata_block_picture(tmp_path):
    song = mediagen.write_audio(tmp_path / "a.ogg", 0.5, tags={"title": "Ogg"})
    audio = mutagen.File(song)
    audio["metadata_block_picture"] = [base64.b64encode(flac_picture(jpeg(512, 512, BLUE)).write()).decode()]
    audio.save()
    found, _ = make(song)
    assert_thumbnail(found, (256, 256), BLUE)


def test_mp4_covr(tmp_path):
    song = mediagen.write_audio(tmp_path / "a.m4a", 0.5)
    audio = MP4(song)
    audio["covr"] = [MP4Cover(jpeg(256, 256, RED), imageformat=MP4Cover.FORMAT_JPEG)]
    audio.save()
    found, _ = make(song)
    assert_thumbnail(found, (256, 256), RED)


def test_folder_picture_any_case_and_album_tracks_share_one_thumbnail(tmp_path):
    album = tmp_path / "album"
    album.mkdir()
    (album / "Folder.JPG").write_bytes(jpeg(400, 400, GREEN))
    tracks = [mediagen.write_audio(album / f"t{i}.flac", 0.3, freq=300 + 50 * i) for i in range(3)]
    found = [make(t) for t in tracks]
    assert {r.source for _, r in found} == {"folder"}
    assert len({p for p, _ in found}) == 1
    assert_thumbnail(found[0][0], (256, 256), GREEN)
    assert len(list((paths.thumbnails_dir() / "covers").glob("*.jpg"))) == 1


def test_embedded_cover_beats_folder_picture(tmp_path):
    (tmp_path / "cover.png").write_bytes(mediagen.png_bytes(16, 16, GREEN))
    song = mediagen.write_audio(tmp_path / "a.flac", 0.3)
    audio = FLAC(song)
    audio.add_picture(flac_picture(jpeg(64, 64, RED)))
    audio.save()
    found, result = make(song)
    assert result.source == "embedded"
    assert_thumbnail(found, (64, 64), RED)


@pytest.mark.parametrize("data, words", [(b"\xff\xd8\xff\xe0 not really a jpeg" * 20, "unreadable"),
                                         (png_claiming(30000, 30000), "too large")])
def test_corrupt_or_huge_picture_is_a_note_and_the_folder_picture_still_counts(tmp_path, data, words):
    song = mediagen.write_audio(tmp_path / "a.mp3", 0.3)
    tags = ID3()
    tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="", data=data))
    tags.save(song)
    found, result = make(song)
    assert found is None and result.file is None
    assert words in result.note and "\n" not in result.note
    (tmp_path / "front.jpeg").write_bytes(jpeg(50, 50, BLUE))
    cover_art._folder_picture_in.cache_clear()
    found, result = make(song)
    assert result.source == "folder" and words in result.note
    assert_thumbnail(found, (50, 50), BLUE)


def test_no_picture_at_all(tmp_path):
    song = mediagen.write_audio(tmp_path / "a.wav", 0.3)
    found, result = make(song)
    assert found is None and result == covers.CoverResult(None)


def test_analysis_records_covers_and_a_video_uses_its_poster(tmp_path):
    music = tmp_path / "music"
    music.mkdir()
    song = mediagen.write_audio(music / "a.flac", 1.0, tags={"title": "A"})
    audio = FLAC(song)
    audio.add_picture(flac_picture(jpeg(300, 300, RED)))
    audio.save()
    mediagen.write_audio(music / "b.wav", 1.0, tags={"title": "B"})
    mediagen.write_video(music / "v.mp4", 2.0)
    core = AppCore(tmp_path / "db.sqlite3", encoders_factory="fake_encoders:make")
    core.add_folder(str(music), "mixed")
    service = core.start_indexing(exit_when_idle=True)
    assert service.wait_idle(timeout=180)
    core.stop_indexing()
    by_name = {item.name: item for item in core.store.all_media()}
    rows = core.store.covers_of(item.id for item in by_name.values())
    assert rows[by_name["a.flac"].id].source == "embedded"
    assert rows[by_name["b.wav"].id].file is None  # looked at during the analysis: no picture
    assert rows[by_name["v.mp4"].id].source == "poster"
    assert_thumbnail(core.cover_file(by_name["a.flac"].id, make=False), (256, 256), RED)
    assert core.cover_file(by_name["v.mp4"].id) == paths.thumbnails_dir() / f"{by_name['v.mp4'].id}.jpg"
    assert core.cover_file(by_name["b.wav"].id) is None
    core.close()


def test_cover_file_makes_a_missing_cover_on_demand(tmp_path):
    music = tmp_path / "music"
    music.mkdir()
    (music / "cover.jpg").write_bytes(jpeg(100, 100, BLUE))
    mediagen.write_audio(music / "a.wav", 0.5)
    core = AppCore(tmp_path / "db.sqlite3")
    core.add_folder(str(music), "music")  # scanned, not analysed: no cover recorded yet
    item = core.store.all_media()[0]
    assert core.store.cover_of(item.id) is None
    assert core.cover_file(item.id, make=False) is None
    found = core.cover_file(item.id)
    assert_thumbnail(found, (100, 100), BLUE)
    found.unlink()  # the cache was cleared: made again
    assert_thumbnail(core.cover_file(item.id), (100, 100), BLUE)
    core.close()
