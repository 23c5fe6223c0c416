"""The player bar follows the playing item's tags when they change in the library (e.g. they arrive with
its analysis after it was played): a track played early shows its artist once the store has it."""

from test_ui_player_queue import LONG, add_music, enter_on, wait_playing, window  # noqa: F401
from test_ui_window import wait_ready


def test_player_bar_shows_tags_that_arrive_while_the_item_plays(window, qtbot, tmp_path):
    add_music(qtbot, window, tmp_path, ["Alpha", "Beta"])
    wait_ready(qtbot, window, 2)
    enter_on(qtbot, window, "Beta")
    wait_playing(qtbot, window, "Beta")
    bar = window.player_bar
    assert bar.artist.text() == "Band 1"
    store = window.controller.core.store
    mid = window.controller.player.current.media_id
    item = store.get_media(mid)
    store.retag_media([("Beta (live)", "Maxstack", item.album, item.genre, item.year, item.track_no,
                        store.scalar("SELECT path FROM media WHERE id = ?", (mid,)), mid)])
    window._library_changed()  # what the window does when the worker reports new results
    qtbot.waitUntil(lambda: bar.artist.text() == "Maxstack", timeout=LONG)
    assert bar.title.text() == "Beta (live)"
    assert window.controller.player.playing  # nothing was restarted
