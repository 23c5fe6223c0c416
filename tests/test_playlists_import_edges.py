"""Playlist import edges found trying the window on a real library: a file that lists no tracks is refused
(it made an empty playlist said to be "all in your library"), and an empty playlist counts 0 entries not in
the library (it counted 1)."""

import pytest

from avrec_desktop.errors import BadArgument
from avrec_desktop.playlists.service import PlaylistService
from avrec_desktop.store import Store
from avrec_desktop.store import playlists as table


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "library.sqlite3")
    yield s
    s.close()


@pytest.mark.parametrize("name, text", [("empty.m3u8", ""), ("header only.m3u8", "#EXTM3U\n#PLAYLIST:Nothing\n"),
                                        ("empty.xspf", '<?xml version="1.0"?><playlist xmlns="http://xspf.org/'
                                                       'ns/0/" version="1"><trackList/></playlist>')])
def test_a_file_with_no_tracks_is_refused(store, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    service = PlaylistService(store)
    with pytest.raises(BadArgument, match="lists no tracks: nothing imported"):
        service.import_file(str(path))
    assert service.list() == []


def test_an_empty_playlist_has_none_not_in_library(store):
    table.create_playlist(store, "Nothing yet", "manual", [], None)
    (info,) = PlaylistService(store).list()
    assert (info.entries, info.not_in_library) == (0, 0)
