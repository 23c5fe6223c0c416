"""The Playlists page as used on a real library (found driving the window under Xvfb): Export…/Import…
open in the home folder, then where the last one went (not the process's working folder), a name with a
slash is no path; the "not in library" note stays in view without a horizontal scroll bar; the count
under the entries never moves the splitter. And an import of listening history shows on the History page
when it is the page shown."""

import os

from test_ui_playlists import items, playlists_page, window  # noqa: F401  (fixtures)


def test_export_and_import_open_at_home_then_the_folder_last_used(window, items, monkeypatch, tmp_path, qtbot):
    from PySide6.QtCore import QDir
    from PySide6.QtWidgets import QFileDialog

    window.controller.core.playlists.save("AC/DC best", items)
    page = playlists_page(window, qtbot)
    asked = []
    target = tmp_path / "exports" / "best.m3u8"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (asked.append(a[2]) or str(target), "M3U8 playlist (*.m3u8)")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (asked.append(a[2]) or "", "")))
    page.export()
    assert asked[0] == os.path.join(QDir.homePath(), "AC-DC best.m3u8")
    assert target.exists()
    page.import_file()  # cancelled: nothing read
    assert asked[1] == str(target.parent)


def test_not_in_library_note_stays_in_view_and_the_count_moves_nothing(window, items, tmp_path, qtbot):
    outside = tmp_path / "elsewhere.m3u8"
    outside.write_text("#EXTM3U\n#EXTINF:200,Zed - Gone song\n/nowhere/gone.mp3\n", encoding="utf-8")
    window.controller.core.playlists.save("Day", items)
    window.resize(1280, 800)
    page = playlists_page(window, qtbot)
    right = page.tree.parentWidget()
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 3)
    right.layout().activate()
    width = right.minimumSizeHint().width()
    window.controller.core.playlists.import_file(str(outside), name="A much longer playlist name here")
    page.refresh(select="A much longer playlist name here")
    qtbot.waitUntil(lambda: page.count.text() == "1 track, 1 not in library")
    right.layout().activate()
    assert right.minimumSizeHint().width() == width  # the splitter keeps its place
    header = page.tree.header()
    qtbot.waitUntil(lambda: header.sectionSize(3) > 0)
    assert header.sectionPosition(3) + header.sectionSize(3) <= page.tree.viewport().width()
    assert not page.tree.horizontalScrollBar().isVisible()


def test_importing_history_while_the_history_page_is_shown_shows_the_plays(window, items, monkeypatch, qtbot,
                                                                          tmp_path):
    import json

    from PySide6.QtWidgets import QFileDialog

    from avrec_desktop.ui.history_import_action import choose_and_import

    export = tmp_path / "Streaming_History_Audio_2025.json"
    export.write_text(json.dumps([
        {"ts": "2025-11-03T19:04:05Z", "ms_played": 180000, "master_metadata_track_name": "Morning",
         "master_metadata_album_artist_name": "Anna", "reason_end": "trackdone"},
        {"ts": "2025-11-03T19:08:05Z", "ms_played": 20000, "master_metadata_track_name": "Noon",
         "master_metadata_album_artist_name": "Bert", "reason_end": "fwdbtn", "skipped": True}]))
    playlists_page(window, qtbot)
    window.show_page("History")
    page = window.history
    qtbot.waitUntil(lambda: page.count.text() != "")
    assert page.tree.topLevelItemCount() == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(export)], "")))
    choose_and_import(window)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Matched"), timeout=20000)
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 2, timeout=5000)
    assert "added 2 (1 play, 1 skip)" in bar.currentMessage()  # one, not "1 plays, 1 skips"


def test_history_lists_imported_older_plays_below_newer_ones(window, items, qtbot, tmp_path):
    """An import writes its (older) plays after today's: the History page still goes newest first by time."""
    import time

    from avrec_desktop.history_import import import_files

    store = window.controller.core.store
    now = time.time()
    store.add_event(items[2], "end", ts=now - 60, reason="finished", position=180, duration=180)
    export = tmp_path / "scrobbles.csv"
    export.write_text("Anna,,Morning,03 Nov 2025 19:04\n", encoding="utf-8")
    import_files(store, [str(export)])
    rows = store.play_history(10)
    assert [r["ts"] for r in rows] == sorted((r["ts"] for r in rows), reverse=True)


def test_playlist_and_entry_rows_are_as_tall_as_the_library_table_rows(window, items, qtbot):
    window.controller.core.playlists.save("Day", items)
    page = playlists_page(window, qtbot)
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 3)
    assert page.tree.visualItemRect(page.tree.topLevelItem(0)).height() >= 26
    assert page.lists.visualItemRect(page.lists.item(0)).height() >= 26


def test_activating_an_entry_not_in_the_library_says_so_and_plays_nothing(window, items, monkeypatch, tmp_path,
                                                                         qtbot):
    outside = tmp_path / "elsewhere.m3u8"
    outside.write_text("#EXTM3U\n#EXTINF:200,Zed - Gone song\n/nowhere/gone.mp3\n"
                       f"#EXTINF:181,Bert - Noon\n{window.controller.core.store.get_media(items[1]).path}\n",
                       encoding="utf-8")
    window.controller.core.playlists.import_file(str(outside), name="Mixed")
    page = playlists_page(window, qtbot)
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 2)
    played = []
    monkeypatch.setattr(window.controller, "play", lambda media_id, **kw: played.append(media_id))
    page.tree.itemActivated.emit(page.tree.topLevelItem(0), 0)  # the greyed one
    assert played == []
    assert window.statusBar().currentMessage() == "“Gone song” is not in your library"
    page.tree.itemActivated.emit(page.tree.topLevelItem(1), 0)
    assert played == [items[1]]
