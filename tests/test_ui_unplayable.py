"""A file that is there but cannot be played (empty, or not audio under an audio name) does not stop the
evening: the player says why in one status-bar line, the play ends with reason "error" (neutral, not a skip),
the item is marked failed and leaves Up next, and the next entry plays. Driven as a user hits it: the
track before ends by itself, and the Next button. Waits poll conditions with generous limits."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from test_ui_player_queue import LONG, add_music, ends, enter_on, playing_title, wait_playing, window  # noqa: F401
from test_ui_window import wait_ready


def _watched(window):
    """The window's store and controller, and a list that collects every status-bar message from now on."""
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    return window.controller.core.store, window.controller, messages


def test_unplayable_files_in_up_next_are_marked_and_playback_goes_on(window, qtbot, tmp_path):
    folder = add_music(qtbot, window, tmp_path, ["One", "Two", "Three", "Four"], seconds=2.0)
    wait_ready(qtbot, window, 4)
    store, controller, messages = _watched(window)
    ids = {m.title: m.id for m in store.all_media()}
    enter_on(qtbot, window, "One")
    wait_playing(qtbot, window, "One", after=0.0)
    controller.queue.clear_suggestions()
    for title in ("Four", "Three", "Two"):  # Up next: Two, Three, Four
        controller.queue_next(ids[title])
    (folder / "01 Two.wav").write_bytes(b"")  # emptied while queued
    (folder / "02 Three.wav").write_text("this is not audio at all\n" * 400)  # mislabelled
    # One ends by itself; Two and Three cannot be played; Four plays
    wait_playing(qtbot, window, "Four", after=0.2)
    assert ends(store, ids["One"]) == ["finished"]
    for title in ("Two", "Three"):
        assert ends(store, ids[title]) == ["error"], store.events_of(ids[title])  # neutral, not "next"
        item = store.get_media(ids[title])
        assert item.status == "failed" and item.error, (item.status, item.error)  # the library shows it failed
        assert ids[title] not in controller.queue.media_ids()
        told = [m for m in messages if f"“{title}” could not be played" in m]
        assert told and "\n" not in told[0] and "marked failed" in told[0], messages
    outcomes = {e["reason"] for t in ("Two", "Three") for e in store.events_of(ids[t]) if e["type"] == "end"}
    assert "next" not in outcomes  # the core never sees a skip

    # pressing Next onto an unplayable entry goes on past it too
    controller.queue.clear_suggestions()
    controller.queue_next(ids["One"])
    controller.queue_next(ids["Two"])  # Up next: Two (still empty), One
    assert [e.media.id for e in controller.queue.entries[:2]] == [ids["Two"], ids["One"]]
    QTest.mouseClick(window.player_bar.next_button, Qt.MouseButton.LeftButton)
    wait_playing(qtbot, window, "One", after=0.2)
    assert ends(store, ids["Four"]) == ["next"]
    assert ends(store, ids["Two"]) == ["error", "error"]
    assert playing_title(window) == "One"


def test_a_file_only_libsndfile_reads_is_skipped_but_stays_analysed(window, qtbot, tmp_path):
    """Analysed through the libsndfile fallback, but the window's player (FFmpeg) cannot open it: the status
    line says so, the play ends "error", and the item is not called damaged or marked failed."""
    import mediagen
    from test_decode_fallback import write_mpc2k

    folder = tmp_path / "music"
    folder.mkdir()
    for i, title in enumerate(("One", "Three")):
        mediagen.write_audio(folder / f"{i:02d} {title}.wav", 2.0, freq=220 + 60 * i,
                             tags={"title": title, "artist": f"Band {i}"})
    write_mpc2k(folder / "akai sample.mpc", 3.0)
    window.controller.add_folder(str(folder), "music")
    wait_ready(qtbot, window, 3)
    store, controller, messages = _watched(window)
    ids = {m.title: m.id for m in store.all_media()}
    sample = next(m for m in store.all_media() if m.path.endswith(".mpc"))
    assert sample.status == "ready"
    enter_on(qtbot, window, "One")
    wait_playing(qtbot, window, "One", after=0.0)
    controller.queue.clear_suggestions()
    controller.queue_next(ids["Three"])
    controller.queue_next(sample.id)  # Up next: the sample, Three
    wait_playing(qtbot, window, "Three", after=0.2)
    assert ends(store, sample.id) == ["error"]
    assert store.get_media(sample.id).status == "ready"  # still analysed, still similar to things
    told = [m for m in messages if "cannot be played here" in m]
    assert told and "\n" not in told[0] and "libsndfile" in told[0] and "marked failed" not in told[0], messages
