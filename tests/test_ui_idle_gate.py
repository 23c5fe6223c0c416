"""Vector graphs load only while the user is idle (hnswlib's load holds the GIL ~0.3 s at 100k items):
the window closes the core's gate on every key, click or wheel, and while it is asking the core for
things, and opens it after IDLE_MS of quiet."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from avrec_desktop.ui import idle_gate


@pytest.fixture
def window(qtbot, qapp):
    from test_ui_empty_tables import shown_window

    yield from shown_window(qtbot, qapp, n=3, kind="audio")


def test_the_gate_opens_after_quiet_and_closes_at_input_and_at_requests(window, qtbot):
    gate = window.controller.core.graph_loads
    started = time.monotonic()
    qtbot.waitUntil(gate.is_set, timeout=10000)
    assert time.monotonic() - started >= idle_gate.IDLE_MS / 1000 * 0.8  # not at once: after quiet
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Down)  # as the window system delivers a key
    assert not gate.is_set()  # at the key itself, before any timer
    qtbot.waitUntil(gate.is_set, timeout=10000)
    viewport = window.music.table.viewport()
    at = viewport.mapTo(window, viewport.rect().center())
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    assert not gate.is_set()
    qtbot.waitUntil(gate.is_set, timeout=10000)
    window.controller.load_history()  # a request to the core (as every action makes)
    qtbot.wait(idle_gate.CHECK_MS * 2)
    assert not gate.is_set()
    qtbot.waitUntil(gate.is_set, timeout=10000)


def test_a_closed_window_stops_watching_every_event(window, qtbot):
    gate = window.controller.idle_gate
    seen = []
    real = gate.eventFilter
    gate.eventFilter = lambda obj, event: seen.append(1) or real(obj, event)
    window.controller.shutdown()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Down)
    assert not seen and not gate._timer.isActive()


def test_events_of_other_objects_make_no_python_call(window, qtbot):
    """The gate watches the windows, not the application: an application-wide filter was a Python call for
    every event of every object, and its first odd object made PySide create ~140 Qt enum types at once
    (~37 ms in the window's first frame)."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    gate = window.controller.idle_gate
    seen = []
    real = gate.eventFilter
    gate.eventFilter = lambda obj, event: seen.append(obj) or real(obj, event)
    other = QObject()
    QCoreApplication.sendEvent(other, QEvent(QEvent.Type.User))
    QCoreApplication.sendEvent(window.music.table.viewport(), QEvent(QEvent.Type.User))
    assert not seen
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Down)  # the window's own input is still seen
    assert seen


def test_a_request_still_out_keeps_the_gate_shut(window, qtbot, monkeypatch):
    """A search waiting for its meaning matches (the query encoder's first encoding takes seconds) is not
    idle: a graph load then would hold up its answer. A request that never answers is taken as stuck
    after STUCK_S, however busy the rest of the window is meanwhile."""
    gate = window.controller.core.graph_loads
    controller = window.controller
    qtbot.waitUntil(gate.is_set, timeout=10000)
    token = controller.asking()
    qtbot.wait(idle_gate.CHECK_MS * 2)
    assert not gate.is_set()
    qtbot.wait(int(idle_gate.IDLE_MS * 1.5))
    assert not gate.is_set()  # still out, however long (up to STUCK_S)
    controller.answered(token)
    started = time.monotonic()
    qtbot.waitUntil(gate.is_set, timeout=10000)
    assert time.monotonic() - started >= idle_gate.IDLE_MS / 1000 * 0.8  # quiet counted from the answer
    monkeypatch.setattr(idle_gate, "STUCK_S", 2.0)
    controller.asking()  # never answered (a hung encoder)
    for _ in range(3):  # other requests come and go (the player saving its place)
        controller.answered(controller.asking())
        qtbot.wait(500)
    assert not gate.is_set()
    qtbot.waitUntil(gate.is_set, timeout=10000)  # the stuck one no longer counts
