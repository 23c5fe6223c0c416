"""Playlists (issue #10): save, M3U8 and XSPF round trips (non-ASCII names, spaces, a file outside the library,
relative paths inside a library folder), import reporting the entries that are not in the library,
exporting twice gives the same bytes, and a playlist is still there after the store is opened again."""

import os

import pytest

from avrec_desktop.errors import BadArgument, NotFound
from avrec_desktop.playlists import m3u, xspf
from avrec_desktop.playlists.service import PlaylistService
from avrec_desktop.store import Store

NAMES = ("Björk - Jóga.flac", "two words.mp3", "日本語の歌.ogg", "#1 hit.flac")


@pytest.fixture
def lib(tmp_path):
    music = tmp_path / "Music"
    (music / "Albums").mkdir(parents=True)
    store = Store(tmp_path / "library.sqlite3")
    folder = store.add_folder(str(music), "music")
    ids = []
    for i, name in enumerate(NAMES):
        path = music / "Albums" / name
        path.write_bytes(b"x")
        ids.append(store.insert_media(folder_id=folder.id, path=str(path), kind="audio", status="ready",
                                      title=f"Song {i} é", artist="Ärtist" if i != 2 else "歌手", duration=200 + i))
    yield store, music, ids
    store.close()


def test_save_show_rename_delete(lib):
    store, _music, ids = lib
    service = PlaylistService(store)
    info = service.save("Evening", [ids[2], ids[0]])
    assert (info.name, info.kind, info.entries, info.not_in_library) == ("Evening", "manual", 2, 0)
    _info, entries = service.show("evening")  # names are found whatever their case
    assert [e.media_id for e in entries] == [ids[2], ids[0]]
    with pytest.raises(BadArgument, match="already exists"):
        service.save("EVENING", [ids[1]])
    service.add("Evening", [ids[1]])
    assert [e.media_id for e in service.show("Evening")[1]] == [ids[2], ids[0], ids[1]]
    service.rename("Evening", "Late")
    with pytest.raises(NotFound):
        service.show("Evening")
    service.delete("Late")
    assert service.list() == []
    with pytest.raises(NotFound, match="no item with id 999"):
        service.save("Bad", [999])


@pytest.mark.parametrize("fmt", ["m3u8", "xspf"])
def test_round_trip_inside_library_writes_relative_paths(lib, fmt):
    store, music, ids = lib
    service = PlaylistService(store)
    service.save("Mix", ids)
    (music / "Lists").mkdir()
    target = music / "Lists" / f"mix.{fmt}"
    report = service.export("Mix", str(target))
    assert report.written == len(ids) and report.not_in_library == []
    data = target.read_bytes()
    data.decode("utf-8")  # valid UTF-8
    assert str(music).encode() not in data  # every path relative to the playlist's folder
    if fmt == "m3u8":
        assert data.startswith(b"#EXTM3U\n#PLAYLIST:Mix\n#EXTINF:200,\xc3\x84rtist - Song 0 \xc3\xa9\n../Albums/Bj")
        assert "\n./../Albums/#1 hit.flac\n".encode() not in data  # "../" already keeps it from being a comment
        assert "\n../Albums/#1 hit.flac\n".encode() in data
    else:
        assert b"<location>../Albums/two%20words.mp3</location>" in data
        assert b"<creator>\xc3\x84rtist</creator>" in data and b"<duration>200000</duration>" in data
    imported = service.import_file(str(target), name="Back")
    assert imported.not_in_library == [] and imported.by_path == len(ids)
    assert [e.media_id for e in service.show("Back")[1]] == ids


@pytest.mark.parametrize("fmt", ["m3u8", "xspf"])
def test_outside_the_library_absolute_paths_and_unmatched_entries_kept(lib, tmp_path, fmt):
    store, music, ids = lib
    service = PlaylistService(store)
    service.save("Mix", ids[:2])
    out = tmp_path / "Desktop"
    out.mkdir()
    target = out / f"mix.{fmt}"
    service.export("Mix", str(target))
    data = target.read_bytes()
    expected = (str(music / "Albums" / NAMES[0]).encode() if fmt == "m3u8"
                else b"file://" + str(music / "Albums").encode() + b"/Bj%C3%B6rk%20-%20J%C3%B3ga.flac")
    assert expected in data  # absolute: the playlist is not in a library folder
    # a file outside the library joins the list by hand; the import keeps it and says so
    stray = tmp_path / "elsewhere" / "ünknown song.mp3"
    if fmt == "m3u8":
        data += f"#EXTINF:61,Nobody - Lost Song\n{stray}\n".encode()
    else:
        data = data.replace(b"</trackList>", (
            f"  <track><location>file://{stray.parent}/%C3%BCnknown%20song.mp3</location>"
            "<title>Lost Song</title><creator>Nobody</creator><duration>61000</duration></track>\n"
            "  </trackList>").encode())
    target.write_bytes(data)
    report = service.import_file(str(target))
    assert report.playlist.name == "Mix (2)"  # the file's own name, made free
    assert report.total == 3 and len(report.not_in_library) == 1
    assert report.message().endswith("1 of 3 is not in your library (kept in the playlist): Nobody - Lost Song")
    entries = service.show(report.playlist.name)[1]
    assert [e.media_id for e in entries] == [ids[0], ids[1], None]
    assert entries[2].path == str(stray) and entries[2].title == "Lost Song" and entries[2].duration == 61
    # exported again, the stray entry is written with its path and counted
    again = service.export(report.playlist.name, str(out / f"again.{fmt}"))
    assert again.written == 3 and len(again.not_in_library) == 1
    assert "not in your library" in again.message()
    # written inside the library folder: its files relative, the stray one (outside it) absolute
    inside = service.export(report.playlist.name, str(music / f"inside.{fmt}"))
    data = (music / f"inside.{fmt}").read_bytes()
    assert inside.written == 3 and str(music).encode() not in data
    assert (str(stray).encode() if fmt == "m3u8" else f"file://{stray.parent}/%C3%BCnknown".encode()) in data


def test_import_matches_by_artist_title_and_length_when_the_path_differs(lib, tmp_path):
    store, _music, ids = lib
    service = PlaylistService(store)
    other = tmp_path / "other.m3u8"
    other.write_text("#EXTM3U\n"
                     "#EXTINF:201,artist - SONG 1 E\n/old/disk/two words.mp3\n"  # accents and case differ
                     "#EXTINF:400,Ärtist - Song 0 é\n/old/disk/a.flac\n"  # same tags, another length
                     "#EXTINF:-1,Song 2 é\nC:\\Music\\x.ogg\n", encoding="utf-8")  # title only, unique
    report = service.import_file(str(other))
    assert (report.by_path, report.by_tags, len(report.not_in_library)) == (0, 2, 1)
    assert [e.media_id for e in service.show("other")[1]] == [ids[1], None, ids[2]]
    assert report.message().startswith("Imported “other”: 3 entries; 1 of 3 is not in your library")


def test_export_twice_gives_the_same_bytes(lib, tmp_path):
    store, music, ids = lib
    service = PlaylistService(store)
    service.save("Mix", ids)
    for fmt in ("m3u8", "xspf"):
        first, second = music / f"a.{fmt}", music / f"b.{fmt}"
        service.export("Mix", str(first))
        service.export("Mix", str(second))
        assert first.read_bytes() == second.read_bytes()
        service.import_file(str(first), name=f"copy {fmt}")  # export → import → export: same file again
        service.export(f"copy {fmt}", str(second))
        assert second.read_bytes().replace(b"copy " + fmt.encode(), b"Mix") == first.read_bytes()


def test_a_playlist_survives_reopening_the_store(lib, tmp_path):
    store, _music, ids = lib
    PlaylistService(store).save("Kept", ids[::-1], kind="journey", spec={"from": ids[-1], "to": ids[0]})
    reopened = Store(tmp_path / "library.sqlite3")
    try:
        info, entries = PlaylistService(reopened).show("Kept")
        assert info.kind == "journey" and info.spec == {"from": ids[-1], "to": ids[0]}
        assert [e.media_id for e in entries] == ids[::-1]
    finally:
        reopened.close()


def test_an_item_removed_from_the_library_stays_in_the_playlist(lib):
    store, _music, ids = lib
    service = PlaylistService(store)
    service.save("Mix", ids[:2])
    with store.transaction() as conn:
        conn.execute("DELETE FROM media WHERE id = ?", (ids[0],))
    info, entries = service.show("Mix")
    assert info.not_in_library == 1 and entries[0].media_id is None and entries[0].path.endswith(NAMES[0])
    assert entries[0].title == "Song 0 é"


def test_save_up_next_reads_the_windows_saved_queue(lib):
    from avrec_desktop.library import play_session
    from avrec_desktop.library.play_session import SavedEntry, SavedSession

    store, _music, ids = lib
    service = PlaylistService(store)
    with pytest.raises(BadArgument, match="Up next is empty"):
        service.save_up_next("Now")
    play_session.save(store, SavedSession(current=SavedEntry(ids[3]), queue=[SavedEntry(ids[1]), SavedEntry(ids[0])]))
    info = service.save_up_next("Now")
    assert info.kind == "up-next"
    assert [e.media_id for e in service.show("Now")[1]] == [ids[3], ids[1], ids[0]]


def test_legacy_m3u_in_cp1252_and_windows_paths(tmp_path):
    data = "#EXTM3U\r\n#EXTINF:10,Café - Crème\r\nsub\\Café.mp3\r\n".encode("cp1252")
    parsed = m3u.parse(data, str(tmp_path))
    assert parsed.encoding == "cp1252"
    track = parsed.tracks[0]
    assert (track.artist, track.title, track.duration) == ("Café", "Crème", 10)
    assert track.path == str(tmp_path / "sub" / "Café.mp3")
    assert os.fsencode(track.alt_path) == os.fsencode(str(tmp_path)) + b"/sub/Caf\xe9.mp3"  # the file's own bytes


def test_m3u_reads_attributes_bom_urls_and_file_uris(tmp_path):
    data = ("\ufeff#EXTM3U\n#EXTINF:-1 tvg-name=\"a, b\",Radio\nhttp://radio.example/stream\n"
            "file:///srv/m%C3%BCsic/a%20b.flac\n").encode("utf-8")
    tracks = m3u.parse(data, str(tmp_path)).tracks
    assert tracks[0].url == "http://radio.example/stream" and tracks[0].title == "Radio" and tracks[0].duration is None
    assert tracks[1].path == "/srv/müsic/a b.flac" and tracks[1].title is None


def test_non_utf8_file_name_survives_both_formats(tmp_path):
    odd = os.fsdecode(b"/srv/music/caf\xe9 song.mp3")
    entry = type("E", (), {"title": "Café", "artist": None, "duration": 3.0})()
    for fmt, module in (("m3u8", m3u), ("xspf", xspf)):
        data = m3u.render("x", [entry], [odd]) if fmt == "m3u8" else xspf.render("x", [entry], [odd])
        track = module.parse(data, str(tmp_path)).tracks[0]
        # M3U8: the name's own bytes make the file non-UTF-8, so it is read as CP1252 with the bytes second
        assert (track.path if fmt == "xspf" else track.alt_path) == odd
    assert b"file:///srv/music/caf%E9%20song.mp3" in xspf.render("x", [entry], [odd])


def test_xspf_that_is_not_xml_is_a_typed_error(tmp_path, lib):
    store, _music, _ids = lib
    bad = tmp_path / "bad.xspf"
    bad.write_text("<playlist><trackList><track>", encoding="utf-8")
    with pytest.raises(BadArgument, match="not a readable XSPF"):
        PlaylistService(store).import_file(str(bad))
