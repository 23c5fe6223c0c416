"""Plays and feedback are written off the core's thread, in order (ui/event_outbox.py).

The refill of Up next that follows a play never waits for that play's start to be written (a commit can wait
for a busy disk), but it does wait for the previous item's end, so a skip changes the Up next it asks for.
Driven through the real controller with real runner threads; the writes are held by gates, so nothing
depends on how fast this machine is."""

from __future__ import annotations

import threading
import types

import pytest

from avrec_desktop.core import AppCore
from avrec_desktop.ui.bridge import CoreBridge
from avrec_desktop.ui.controller import AppController
from avrec_desktop.ui.tasks import TaskRunner
from test_suggest_only_playable import FAKE, fill

LONG = 30000


@pytest.fixture
def setup(qapp, qtbot, tmp_path):
    core = AppCore(tmp_path / "lib.sqlite3", encoders_factory=FAKE, checkpoints="background")
    ids = fill(core, tmp_path)
    bridge = CoreBridge(qapp)
    bridge.attach(core)
    controller = AppController(core, TaskRunner(qapp), bridge, parent=qapp)
    player = controller.player  # the real one; the tests set what it plays (no file is opened)
    gates: dict[str, threading.Event] = {}
    write = core.write_event

    def gated_write(media_id, type, **fields):
        gate = gates.get(type)
        if gate is not None:
            assert gate.wait(LONG / 1000)
        return write(media_id, type, **fields)
    core.write_event = gated_write
    asks = []  # for each Up next asked: the event types already written when its ranking ran
    ranker = core.recommender()
    next_ = ranker.next

    def watched_next(**kwargs):
        asks.append([e["type"] for e in core._thread_store().events_after(0, limit=100)])
        return next_(**kwargs)
    ranker.next = watched_next
    yield types.SimpleNamespace(core=core, controller=controller, player=player, ids=ids, gates=gates, asks=asks)
    for gate in gates.values():
        gate.set()
    player.current = None
    controller.events.wait(LONG)
    controller.runner.wait(LONG)
    core.close()


def playing(media_id):
    return types.SimpleNamespace(media_id=media_id)


def test_up_next_does_not_wait_for_the_plays_own_start(setup, qtbot):
    s = setup
    first = s.ids["home0"]
    s.gates["start"] = threading.Event()  # the disk is busy: the start's write does not finish
    s.player.current = playing(first)
    s.controller.report(first, "start", session="test-session", source="similar")
    s.controller.refill_queue(replace=True)
    qtbot.waitUntil(lambda: len(s.controller.queue) > 0, timeout=LONG)
    assert s.asks == [[]]  # ranked before the start was written
    assert first not in s.controller.queue.media_ids()
    s.gates["start"].set()
    qtbot.waitUntil(lambda: [e["type"] for e in s.core.store.events_after(0, limit=10)] == ["start"], timeout=LONG)


def test_up_next_waits_for_the_previous_items_end(setup, qtbot):
    s = setup
    first, second = s.ids["home0"], s.ids["home4"]
    s.player.current = playing(first)
    s.controller.report(first, "start", session="test-session", source="library")
    s.gates["end"] = threading.Event()
    s.controller.report(first, "end", reason="next", position=3.0, duration=100.0, session="test-session",
                        source="library")  # skipped after 3 s
    s.player.current = playing(second)
    s.controller.report(second, "start", session="test-session", source="similar")
    s.controller.refill_queue(replace=True)
    qtbot.wait(300)  # the core's thread is free meanwhile; the ask waits for the end's write
    assert s.asks == []
    s.gates["end"].set()
    qtbot.waitUntil(lambda: len(s.asks) == 1 and len(s.controller.queue) > 0, timeout=LONG)
    assert s.asks[0][:2] == ["start", "end"]  # the skip was written, so the ranking learned it
    qtbot.waitUntil(lambda: len(s.core.store.events_after(0, limit=10)) == 3, timeout=LONG)
    assert [e["type"] for e in s.core.store.events_after(0, limit=10)] == ["start", "end", "start"]  # in order


def test_events_keep_their_order_and_their_own_time(setup, qtbot):
    s = setup
    a = s.ids["home0"]
    s.gates["start"] = threading.Event()
    s.controller.report(a, "start", session="test-session", ts=1000.0)
    s.controller.report(a, "like")
    s.controller.report(a, "end", reason="finished", position=100.0, duration=100.0, session="test-session")
    s.gates["start"].set()
    qtbot.waitUntil(lambda: len(s.core.store.events_after(0, limit=10)) == 3, timeout=LONG)
    events = s.core.store.events_after(0, limit=10)
    assert [e["type"] for e in events] == ["start", "like", "end"]
    assert events[0]["ts"] == 1000.0 and events[1]["ts"] >= events[0]["ts"]
    qtbot.waitUntil(lambda: s.core.recommender().taste.last_event_id == events[-1]["id"], timeout=LONG)  # learned


def test_a_failed_write_is_said_and_holds_nothing_up(setup, qtbot):
    s = setup
    said = []
    s.controller.error.connect(said.append)
    s.controller.report(999999, "start", session="test-session")  # no such item: the store refuses it
    s.player.current = playing(s.ids["home0"])
    s.controller.report(s.ids["home0"], "like")
    s.controller.refill_queue()
    qtbot.waitUntil(lambda: bool(said) and len(s.controller.queue) > 0, timeout=LONG)
    assert "could not record the play" in said[0]
    assert [e["type"] for e in s.core.store.events_after(0, limit=10)] == ["like"]
