"""The player inside the window: facts go to the core, the core's rules judge them."""

import pytest

import mediagen
from avrec_desktop.ui.tasks import SyncTaskRunner
from test_ui_window import FAKE, wait_ready, window  # noqa: F401  (fixture)


@pytest.fixture
def real_window(qtbot, qapp):
    """The window with the real encoders (the fake ones cannot tell tones apart, so similar is empty)."""
    from avrec_desktop.ui.app import build

    w = build(qapp, runner=SyncTaskRunner(), start_background=False)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.controller.player.close()
    w.controller.core.close()


def test_player_reports_facts_and_the_core_judges_them(window, qtbot, tmp_path):
    music = tmp_path / "music"
    music.mkdir()
    mediagen.write_audio(music / "long.wav", 12.0, tags={"title": "Long"})
    mediagen.write_audio(music / "short.wav", 1.5, tags={"title": "Short"})
    window.controller.add_folder(str(music), "music")
    wait_ready(qtbot, window, 2)
    store = window.controller.core.store
    long_id = store.media_by_path(str(music / "long.wav")).id
    short_id = store.media_by_path(str(music / "short.wav")).id
    player = window.controller.player
    window.controller.play(long_id)
    qtbot.waitUntil(lambda: player.position >= 5.2, timeout=20000)
    window.controller.next_pressed()  # the user skips after 5 s (Up next moves on)
    window.controller.play(short_id)

    def short_ended():
        return any(e["type"] == "end" and e["reason"] == "finished" for e in store.events_of(short_id))
    qtbot.waitUntil(short_ended, timeout=20000)  # played to its end; the queue then carries on
    from avrec_desktop.recommend.outcomes import OutcomeRules, outcomes_from_events

    outcomes = outcomes_from_events(store.events_after(0), OutcomeRules())
    labels = {}
    for o in outcomes:
        labels.setdefault(o.media_id, []).append(o.label)
    assert labels[long_id] == ["early-skip"]
    assert labels[short_id][-1] == "finished"  # (Up next may have started it once already: a grace)
    long_end = [e for e in store.events_of(long_id) if e["type"] == "end"][0]
    assert long_end["position"] >= 5.0 and long_end["reason"] == "next"


def test_closing_mid_track_is_not_a_skip(window, qtbot, tmp_path):
    music = tmp_path / "music"
    music.mkdir()
    mediagen.write_audio(music / "a.wav", 10.0)
    window.controller.add_folder(str(music), "music")
    wait_ready(qtbot, window, 1)
    media_id = window.controller.core.store.all_media()[0].id
    window.controller.play(media_id)
    qtbot.waitUntil(lambda: window.controller.player.position > 1.0, timeout=20000)
    window.controller.player.close()
    end = [e for e in window.controller.core.store.events_after(0) if e["type"] == "end"][-1]
    assert end["reason"] == "app-closed"


def test_play_similar_fills_up_next_with_reasons_and_starts_playing(real_window, qtbot, tmp_path):
    window = real_window
    music = tmp_path / "music"
    music.mkdir()
    for i, (kind, freq) in enumerate([("tone", 220), ("tone", 260), ("beats", 300), ("chirp", 440),
                                      ("noise", 0), ("tone", 330)]):
        mediagen.write_audio(music / f"s{i}.wav", 3.0, kind=kind, freq=freq or 300,
                             tags={"title": f"Song {i}", "artist": f"Band {i}"})
    window.controller.add_folder(str(music), "music")
    wait_ready(qtbot, window, 6)
    window.show_page("Music")
    qtbot.waitUntil(lambda: window.music.model.rowCount() == 6, timeout=10000)
    seed = window.music.model.media_id_at(0)
    from avrec_desktop.ui.library_view import item_menu

    menu = item_menu(window, window.controller, seed, None)
    action = next(a for a in menu.actions() if a.text() == "Play similar")
    action.trigger()
    assert window.controller.player.current.media_id == seed
    assert window.controller.player.current.source == "similar"
    queue = window.controller.queue
    qtbot.waitUntil(lambda: len(queue) >= 3, timeout=20000)
    assert seed not in queue.media_ids()
    from avrec_desktop.ui.up_next import ReasonRole

    reasons = [queue.index(r).data(ReasonRole) for r in range(len(queue))]
    assert all(reasons), reasons  # every suggestion says why
    # the panel draws the reason under the title
    view = window.up_next.list
    view.resize(300, 400)
    rect = view.visualRect(queue.index(0))
    assert rect.height() >= 2 * view.fontMetrics().height()
    # removing an automatic suggestion is fed back to the core
    removed = queue.entries[0].media.id
    queue.remove(0)
    types = [e["type"] for e in window.controller.core.store.events_of(removed)]
    assert "removed" in types
