"""`avrec playlist` (issue #10): save items, export M3U8, import it back with an entry not in the library
reported, list and show with --json."""

import json
import os

from avrec_desktop import cli
from avrec_desktop.store import Store
from avrec_desktop import paths


def test_playlist_save_export_import_show(tmp_path, capsys):
    music = tmp_path / "Music"
    music.mkdir()
    store = Store(paths.database_path())
    folder = store.add_folder(str(music), "music")
    ids = [store.insert_media(folder_id=folder.id, path=str(music / f"ü {i}.flac"), kind="audio", status="ready",
                              title=f"T{i}", artist="A", duration=100) for i in range(3)]
    store.close()
    assert cli.main(["playlist", "save", "Mine", "--ids", str(ids[2]), str(ids[0])]) == 0
    out = tmp_path / "mine.m3u8"
    assert cli.main(["playlist", "export", "Mine", str(out)]) == 0
    assert "Wrote 2 entries" in capsys.readouterr().out
    out.write_bytes(out.read_bytes() + b"#EXTINF:5,X - Gone\n/nowhere/gone.mp3\n")
    assert cli.main(["playlist", "import", str(out), "--name", "Back"]) == 0
    text = capsys.readouterr().out
    assert "1 of 3 is not in your library" in text and "not in library: X - Gone" in text
    assert cli.main(["playlist", "show", "back", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in shown["items"]] == [ids[2], ids[0], None]
    assert shown["items"][2]["path"] == os.path.normpath("/nowhere/gone.mp3")
    assert cli.main(["playlist", "list", "--json"]) == 0
    assert [p["name"] for p in json.loads(capsys.readouterr().out)] == ["Back", "Mine"]
    assert cli.main(["playlist", "show", "Nope"]) == 1
