"""Journeys and stations in the window (issue #10, ui/steering_actions.py), driven as a user does: the item
menu's "Journey to…" (two rows selected) and "Journey here from the playing item", the Library menu's "Station from
words…" and "Stop station", Up next's header line and ✕. A generated library: real (silent-ish) wav files
whose vectors are set by the test (a line of items from A to B, a group auto-tagged piano / quiet)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel

import mediagen
from avrec_desktop.recommend.journey import slerp
from avrec_desktop.store import Embedding
from tags_testlib import tag_items
from test_ui_player_queue import LONG, row_of, window  # noqa: F401

AUDIO = ("fake-audio", "1")  # the window's (fake) encoders: the indexes it opens are theirs
DIM = 8


def _unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


@pytest.fixture
def library(window, tmp_path):  # noqa: F811
    """{"A", "B", "calm": [ids], "lonely": id}: 14 items between A and B, 24 calm ones, one with no sound."""
    store = window.controller.core.store
    rng = np.random.default_rng(3)
    folder_path = tmp_path / "music"
    folder_path.mkdir()
    folder = store.add_folder(str(folder_path), "music")

    def add(title, artist, vectors):
        path = folder_path / f"{title}.wav"
        mediagen.write_audio(path, 20.0, freq=float(rng.uniform(200, 900)),
                             tags={"title": title, "artist": artist})
        media_id = store.insert_media(folder_id=folder.id, path=str(path), kind="audio", title=title,
                                      artist=artist, duration=20.0, status="ready")
        store.put_embeddings(media_id, [Embedding(space, *sig, vec) for space, (sig, vec) in vectors.items()])
        return media_id

    start, end = _unit(rng.standard_normal(DIM)), _unit(rng.standard_normal(DIM))
    out = {"A": add("A", "first", {"audio": (AUDIO, start)}), "B": add("B", "last", {"audio": (AUDIO, end)})}
    for n in range(14):
        v = slerp(start.astype(np.float64), end.astype(np.float64), (n + 0.5) / 14).astype(np.float32)
        add(f"between {n:02d}", f"artist {n}", {"audio": (AUDIO, _unit(v + 0.05 * rng.standard_normal(DIM)))})
    calm = _unit(rng.standard_normal(DIM))
    out["calm"] = [add(f"calm {n:02d}", f"pianist {n}", {"audio": (AUDIO, _unit(calm + 0.3 * rng.standard_normal(DIM)))})
                   for n in range(24)]
    tag_items(store, out["calm"], ["piano", "quiet"])
    out["lonely"] = add("lonely", "nobody", {"text": (("fake-text", "1"), _unit(rng.standard_normal(16)))})
    window.controller.folders_changed.emit()
    return out


def _select(qtbot, window, *titles):
    view = window.music
    window.show_page("Music")
    qtbot.waitUntil(lambda: all(row_of(view, t) is not None for t in titles), timeout=LONG)
    selection = view.table.selectionModel()
    selection.clearSelection()
    for t in titles:
        selection.select(view.model.index(row_of(view, t), 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    return view


def _item_action(window, media_id, text):
    from avrec_desktop.ui.library_view import item_menu

    menu = item_menu(window.music, window.controller, media_id, None)
    window._test_menu = menu  # kept alive while its action runs
    return next(a for a in menu.actions() if a.text() == text)


def _library_action(window, text):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Library")
    return next(a for a in menu.actions() if a.text() == text)


def test_journey_between_two_selected_rows_fills_up_next_with_its_steps(window, library, qtbot):  # noqa: F811
    controller = window.controller
    _select(qtbot, window, "A", "B")
    assert window.music.selected_media_ids() == [library["A"], library["B"]]
    _item_action(window, library["A"], "Journey to…").trigger()
    journey = controller.core.journey(library["A"], library["B"], n=10)
    assert len(journey.steps) == 10
    # nothing was playing: the journey starts at A, Up next holds the rest, in order, with their reasons
    qtbot.waitUntil(lambda: controller.player.current is not None, timeout=LONG)
    assert controller.player.current.media_id == library["A"] and controller.player.current.source == "journey"
    queue = controller.queue
    assert [e.media.id for e in queue.entries] == journey.ids[1:]
    assert [e.reasons[0].text for e in queue.entries] == journey.reasons[1:]
    assert queue.entries[0].reason_text.startswith('step 2/10: ')
    header = window.steering
    assert header.isVisible() and header.label.text() == "Journey: A → B (10 steps)"
    controller.next_pressed()  # Next plays the journey's second step; the journey goes on
    assert controller.player.current.media_id == journey.ids[1]
    assert [e.media.id for e in queue.entries][:8] == journey.ids[2:]
    assert header.label.text() == "Journey: A → B (10 steps)"


def test_journey_here_from_the_playing_item_and_errors_in_one_status_line(window, library, qtbot):  # noqa: F811
    controller = window.controller
    controller.play(library["B"])
    qtbot.waitUntil(lambda: controller.player.current is not None, timeout=LONG)
    _select(qtbot, window, "A")
    _item_action(window, library["A"], "Journey here from the playing item").trigger()
    journey = controller.core.journey(library["B"], library["A"], n=10)
    queue = controller.queue
    qtbot.waitUntil(lambda: window.steering.label.text() == "Journey: B → A (10 steps)", timeout=LONG)
    assert [e.media.id for e in queue.entries] == journey.ids[1:]  # B is playing: Up next walks on to A
    assert all(e.source == "journey" for e in queue.entries)
    # a journey to an item with no sound vector: no shared space, said in the status bar
    _item_action(window, library["lonely"], "Journey here from the playing item").trigger()
    message = window.statusBar().currentMessage()
    assert message.startswith("no journey: ") and "\n" not in message
    assert window.steering.label.text() == "Journey: B → A (10 steps)"  # the journey stays


def test_station_from_words_refills_from_its_pages_and_learns_from_plays(window, library, qtbot,  # noqa: F811
                                                                          monkeypatch):
    from avrec_desktop.core import AppCore
    from avrec_desktop.ui import steering_actions

    controller = window.controller
    pages = []
    original = AppCore.station_page

    def spy(self, station, **kwargs):
        page = original(self, station, **kwargs)
        pages.append([s.media.id for s in page])
        return page
    monkeypatch.setattr(AppCore, "station_page", spy)
    monkeypatch.setattr(steering_actions, "ask_text", lambda *a, **k: ("calm piano", True))
    _library_action(window, "Station from &words…").trigger()
    qtbot.waitUntil(lambda: controller.player.current is not None, timeout=LONG)
    assert window.steering.label.text() == "Station: calm piano" and window.steering.isVisible()
    calm = set(library["calm"])
    assert len(pages) == 1 and set(pages[0]) <= calm and len(pages[0]) == 10
    now = controller.player.current
    assert now.source == "station" and now.media_id == pages[0][0]
    queue = controller.queue
    assert [e.media.id for e in queue.entries] == pages[0][1:]
    assert all(e.source == "station" and e.reason_text.startswith('station "calm piano"') for e in queue.entries)
    for _ in range(8):  # Next, Next, ...: Up next runs low and asks the station's next page
        controller.next_pressed()
    assert len(pages) >= 2 and set(pages[1]) <= calm and not set(pages[1]) & set(pages[0])
    assert window.steering.label.text() == "Station: calm piano"  # Next never ends the station
    assert all(e.source == "station" for e in queue.entries) and len(queue) >= 3
    starts = [e for e in controller.core.store.events_after(0) if e["type"] == "start"]
    assert len(starts) >= 9 and all(e["source"] == "station" for e in starts)
    assert {e["media_id"] for e in starts} <= calm
    # ✕ in the header: back to the usual Up next
    window.steering.stop.click()
    assert not window.steering.isVisible() and controller.steering.station is None
    asked = len(pages)
    controller.next_pressed()
    assert len(pages) == asked
    assert all(e.source == "up-next" for e in queue.entries)


def test_a_station_from_a_selected_item_and_stop_station(window, library, qtbot):  # noqa: F811
    controller = window.controller
    first = library["calm"][0]
    _select(qtbot, window, "calm 00")
    _item_action(window, first, "Start a station from this").trigger()
    qtbot.waitUntil(lambda: controller.player.current is not None, timeout=LONG)
    assert window.steering.label.text() == 'Station: like "calm 00"'
    assert controller.player.current.source == "station" and first not in controller.queue.media_ids()
    assert all(e.source == "station" for e in controller.queue.entries)
    _library_action(window, "S&top station").trigger()
    assert not window.steering.isVisible() and controller.steering.mode is None
