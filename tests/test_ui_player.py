"""The player inside the window: facts go to the core, the core's rules judge them."""

import pytest

import mediagen
from test_ui_window import FAKE, wait_ready, window  # noqa: F401  (fixture)


def test_player_reports_facts_and_the_core_judges_them(window, qtbot, tmp_path):
    music = tmp_path / "music"
    music.mkdir()
    mediagen.write_audio(music / "long.wav", 12.0, tags={"title": "Long"})
    mediagen.write_audio(music / "short.wav", 1.5, tags={"title": "Short"})
    window.controller.add_folder(str(music), "music")
    wait_ready(qtbot, window, 2)
    store = window.controller.store
    long_id = store.media_by_path(str(music / "long.wav")).id
    short_id = store.media_by_path(str(music / "short.wav")).id
    player = window.controller.player
    window.controller.play(long_id)
    qtbot.waitUntil(lambda: player.position >= 5.2, timeout=20000)
    window.controller.next_pressed()  # the user skips after 5 s
    window.controller.play(short_id)
    qtbot.waitUntil(lambda: player.current is None, timeout=20000)  # played to its end
    from avrec_desktop.recommend.outcomes import OutcomeRules, outcomes_from_events

    outcomes = outcomes_from_events(store.events_after(0), OutcomeRules())
    by_item = {o.media_id: o.label for o in outcomes}
    assert by_item[long_id] == "early-skip"
    assert by_item[short_id] == "finished"
    ends = [e for e in store.events_after(0) if e["type"] == "end"]
    assert ends[0]["position"] >= 5.0 and ends[0]["reason"] == "next"


def test_closing_mid_track_is_not_a_skip(window, qtbot, tmp_path):
    music = tmp_path / "music"
    music.mkdir()
    mediagen.write_audio(music / "a.wav", 10.0)
    window.controller.add_folder(str(music), "music")
    wait_ready(qtbot, window, 1)
    media_id = window.controller.store.all_media()[0].id
    window.controller.play(media_id)
    qtbot.waitUntil(lambda: window.controller.player.position > 1.0, timeout=20000)
    window.controller.player.close()
    end = [e for e in window.controller.store.events_after(0) if e["type"] == "end"][-1]
    assert end["reason"] == "app-closed"
