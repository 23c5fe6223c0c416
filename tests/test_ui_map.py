"""The Map page (issue #10): the library's points drawn from the stored map, a click selects the nearest
point (title and artist shown), a double-click or Enter plays it, a Shift+drag lasso queues exactly the
points inside, the arrows move the selection, and the map is refreshed off the GUI thread."""

import threading

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from avrec_desktop.store import Store
from avrec_desktop.ui.map_canvas import inside
from avrec_desktop.ui.tasks import TaskRunner

N = 180


class _Index:
    def __init__(self, ids, matrix):
        self.encoder, self.version = "e", "1"
        self._rows = (ids, np.ones(len(ids)), matrix)

    def rows(self):
        return self._rows


class _Core:
    """The core's few calls the page makes, recording the thread each ran on."""

    def __init__(self, store, ids, matrix):
        self.store = store
        self._ix = {"audio": _Index(ids, matrix)}
        self.threads = []

    def _active_signatures(self):
        return {"audio": ("e", "1")}

    def indexes(self):
        self.threads.append(threading.current_thread())
        return self._ix

    def resolve_item(self, ref):
        return self.store.get_media(int(ref))


class _Controller:
    def __init__(self, core, runner):
        from avrec_desktop.ui.up_next import UpNextQueue

        self.core, self.runner, self.played, self.errors = core, runner, [], []
        self.queue = UpNextQueue()

    def _call(self, fn, *args, on_done=None, what="", priority=0, **kwargs):
        def done(result, error):
            if error is not None:
                self.errors.append(f"{what}: {error}")
            elif on_done is not None:
                on_done(result)
        self.runner.run(fn, *args, on_done=done, **kwargs)

    def load_item(self, media_id, on_done):
        self._call(self.core.resolve_item, media_id, on_done=on_done)

    def play(self, media_id, **kw):
        self.played.append(media_id)


@pytest.fixture
def page(qtbot, tmp_path):
    from avrec_desktop.ui.map_page import MapPage

    store = Store(tmp_path / "db.sqlite3")
    folder = store.conn.execute("INSERT INTO folders(path, kind, added_at) VALUES (?, 'music', 0)",
                                (b"/m",)).lastrowid
    ids = np.array([store.insert_media(folder_id=folder, path=f"/m/a{i % 3}/t{i}.flac", kind="audio",
                                       status="ready", title=f"Tune {i}", artist=f"Band {i % 3}")
                    for i in range(N)], np.int64)
    rng = np.random.default_rng(0)  # three clusters, the way tests/test_library_map.py builds vectors
    m = (rng.standard_normal((3, 16))[np.arange(N) % 3] * 4 + rng.standard_normal((N, 16))).astype(np.float32)
    store.add_event(int(ids[1]), "like")
    store.add_event(int(ids[2]), "dislike")
    runner = TaskRunner()
    controller = _Controller(_Core(store, ids, m / np.linalg.norm(m, axis=1, keepdims=True)), runner)
    p = MapPage(controller)
    qtbot.addWidget(p)
    p.resize(900, 650)
    p.show()
    p.refresh()
    qtbot.waitUntil(lambda: p.canvas.data is not None, timeout=20000)
    yield p
    runner.wait()
    store.close()


def _mouse(widget, kind, pos, button=Qt.MouseButton.LeftButton, modifiers=Qt.KeyboardModifier.NoModifier):
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, QPointF(*pos), widget.mapToGlobal(QPointF(*pos)), button, buttons, modifiers)
    QApplication.sendEvent(widget, event)


def test_the_page_draws_the_librarys_points_off_the_gui_thread(page):
    core = page.controller.core
    assert core.threads and all(t is not threading.main_thread() for t in core.threads)
    assert len(page.canvas.data) == N and page.report.kinds["audio"]["action"] == "fitted"
    assert page.canvas.renders == 0 or page.canvas.image is not None
    page.canvas.repaint()
    image = page.canvas.image
    assert image is not None and page.canvas.renders >= 1
    background = page.canvas.palette().base().color().rgba()
    buf = page.canvas._buffer
    assert (buf != background).sum() >= N // 2  # the points are there, in their groups' colours
    assert "a0" in page.legend.text() or "no auto-tag" in page.legend.text()
    page.mode.setCurrentIndex(1)  # Colour by: Folder
    assert page.canvas.mode == "folder" and "a0 (60)" in page.legend.text()
    renders = page.canvas.renders
    page.canvas.repaint()
    assert page.canvas.renders == renders + 1  # a new colouring: a new image
    page.canvas.pan_by(30, 10)
    page.canvas.repaint()
    assert page.canvas.renders == renders + 1  # a short pan only moves the blit
    assert set(page.canvas._glyphs) == {"♥", "✕"}  # the marks were stamped into the image
    liked = page.canvas.data.liked
    assert liked.sum() == 1 and page.canvas.data.disliked.sum() == 1


def test_click_selects_the_nearest_point_and_double_click_or_enter_plays_it(page, qtbot):
    canvas = page.canvas
    data = canvas.data
    xy = canvas.to_screen(data.xy)
    target = 7
    _mouse(canvas, QEvent.Type.MouseButtonPress, xy[target] + 1)
    _mouse(canvas, QEvent.Type.MouseButtonRelease, xy[target] + 1)
    picked = canvas.nearest(*(xy[target] + 1))
    assert canvas.selection == picked >= 0
    media_id = int(data.ids[picked])
    qtbot.waitUntil(lambda: getattr(page, "tooltip", "").startswith(f"Tune {picked}"), timeout=10000)
    assert page.tooltip == f"Tune {picked} — Band {picked % 3}"
    QTest.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.rect().topLeft() + QPointF(*xy[picked]).toPoint())
    assert page.controller.played == [media_id]
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    moved = canvas.selection
    if moved != picked:  # a point to the right exists: the selection went right, not left
        assert canvas.to_screen(data.xy[[moved]])[0, 0] > xy[picked, 0]
    QTest.keyClick(canvas, Qt.Key.Key_Return)
    assert page.controller.played[-1] == int(data.ids[canvas.selection])
    shown = []
    from PySide6.QtGui import QContextMenuEvent

    pos = QPointF(*canvas.to_screen(data.xy[[picked]])[0]).toPoint()
    QApplication.sendEvent(canvas, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, canvas.mapToGlobal(pos)))
    from test_ui_window import grab_menu

    qtbot.waitUntil(lambda: grab_menu(shown), timeout=5000)
    assert "Play" in shown[0] and "Queue next" in shown[0] and canvas.selection == picked
    far = canvas.nearest(-500, -500)
    assert far == -1  # nowhere near a point: nothing picked


def test_a_shift_lasso_queues_exactly_the_points_inside(page, qtbot):
    canvas = page.canvas
    xy = canvas.to_screen(canvas.data.xy)
    cx, cy = xy[0]
    corners = [(cx - 60, cy - 45), (cx + 60, cy - 45), (cx + 60, cy + 45), (cx - 60, cy + 45)]
    shift = Qt.KeyboardModifier.ShiftModifier
    _mouse(canvas, QEvent.Type.MouseButtonPress, corners[0], modifiers=shift)
    for a, b in zip(corners, corners[1:] + corners[:1]):
        for t in np.linspace(0, 1, 6)[1:]:
            _mouse(canvas, QEvent.Type.MouseMove, (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t),
                   button=Qt.MouseButton.NoButton, modifiers=shift)
    _mouse(canvas, QEvent.Type.MouseButtonRelease, corners[0], modifiers=shift)
    box = (xy[:, 0] > cx - 60) & (xy[:, 0] < cx + 60) & (xy[:, 1] > cy - 45) & (xy[:, 1] < cy + 45)
    expected = {int(i) for i in canvas.data.ids[box]}
    assert 0 < len(expected) < N
    qtbot.waitUntil(lambda: len(page.controller.queue.entries) == len(expected), timeout=10000)
    assert {e.media.id for e in page.controller.queue.entries} == expected
    queued = [e.media.id for e in page.controller.queue.entries]  # nearest the lasso's start plays first
    start = np.array(corners[0])
    dist = {int(i): float(((p - start) ** 2).sum()) for i, p in zip(canvas.data.ids, xy)}
    assert [dist[i] for i in queued] == sorted(dist[i] for i in queued)
    assert page.controller.played == []


def test_inside_is_the_even_odd_rule():
    square = np.array([[0, 0], [10, 0], [10, 10], [0, 10]], float)
    points = np.array([[5, 5], [11, 5], [-1, -1], [9.9, 0.1], [5, 10.5]])
    assert inside(points, square).tolist() == [True, False, False, True, False]


def test_the_window_has_a_map_page(qtbot, qapp):
    from avrec_desktop.ui.app import build
    from avrec_desktop.ui.tasks import SyncTaskRunner

    w = build(qapp, runner=SyncTaskRunner(), encoders_factory="fake_encoders:make", start_background=False)
    qtbot.addWidget(w)
    try:
        w._has_folders = True
        w.show_page("Map")
        assert w.sidebar.currentItem().text() == "Map" and w.stack.currentWidget() is w.map
        qtbot.waitUntil(lambda: w.map.canvas.data is not None, timeout=20000)
        assert len(w.map.canvas.data) == 0
    finally:
        w.controller.player.close()
        w.controller.core.close()
