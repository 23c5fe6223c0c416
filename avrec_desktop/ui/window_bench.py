"""How the window feels on a large library: GUI-thread work and time to the first result per user action.

Run by ``avrec bench window`` in an offscreen subprocess (the core never loads Qt) on the library of
``bench/window_library.py`` (100k generated items by default; ``AVREC_DB`` names it). The bench drives
the real window (real task thread and core) the way a user would: it opens the app, scrolls the music
table, sorts by every column both ways, types searches a key at a time, right-clicks a row → Play
similar, refills Up next and opens For you. Nothing is played: the player only records the start.

Two figures per action, each repeated:
- ``gui_ms``: the longest stretch the GUI thread was busy during the action — the action's own call
  (the click, the key) and every ``processEvents()`` round until the result settled (the answer's
  slots, model resets, repaints). A round may hold several events, so this is an upper bound on
  the longest single slot; while it runs the window cannot answer input.
  ``call_ms`` is the action's own call alone (for ``open``: constructing and showing the window, before
  its first frame, when there is nothing on screen to answer yet) and ``rounds_ms`` the longest event
  round after it.
- ``first_ms``: from the action (the last key for a search) to its first result in the view model —
  the visible rows of the table with their cells, the Up next entries, the For you shelves.

Targets (issue #11): ``gui_ms`` p95 ≤ 50, ``first_ms`` ≤ 300. Peak RSS of the window process
(VmHWM) ≤ 1 GB; the analysis worker's peak RSS (≤ 700 MB with the learned audio model loaded) is
read at the end, while it analyses a few generated tracks added then.

    QT_QPA_PLATFORM=offscreen AVREC_DB=lib.sqlite3 python -m avrec_desktop.ui.window_bench   # prints JSON
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import time

from PySide6.QtCore import QCoreApplication, Qt

TARGET_GUI_MS = 50
TARGET_FIRST_MS = 300
SETTLE_MS = 250  # after the first result, keep pumping this long: later pages and repaints count too
SEARCHES = ["love", "blue river", "jazz", "the golden", "midnight", "anna", "electric dance", "xyzzy",
            "summer night", "silver"]
KEY_GAP_MS = 90  # a quick typist
MORE_S = 3.0  # the longest a later part of an answer is waited for


class Action:
    """The GUI thread's busy stretches and the first-result time of each repetition of one action."""

    def __init__(self, name: str):
        self.name = name
        self.gui_ms: list[float] = []
        self.call_ms: list[float] = []  # the action's own call (for open: the window's construction)
        self.rounds_ms: list[float] = []  # the longest event round after it (answers, repaints)
        self.first_ms: list[float] = []
        self.waits_ms: list[float] = []  # the longest the GUI thread took to wake from its 1 ms sleep, past it
        self.timeouts = 0
        self.longest_round: list[dict] = []  # per repetition: the longest round, and the window parts it made
        self.began: float | None = None  # when its first repetition began (perf_counter)

    def run(self, do, done, timeout_s: float = 60.0, start: float | None = None, settled=None,
            parts=None) -> None:
        """``do()`` the action on the GUI thread, then pump events until ``done()``; ``start``: when the
        user acted (for a search: the last key), else the moment ``do`` is called. After the first
        result the GUI thread is watched SETTLE_MS more, and until ``settled()`` (a later part of the
        answer: a search's meaning matches) for up to MORE_S. ``parts()``: the window parts made so far
        (ui/window_parts.py), to name what the longest round made."""
        _user_input()
        t = time.perf_counter()
        if self.began is None:
            self.began = t
        do()
        busy = [(time.perf_counter() - t) * 1000]
        t0 = start if start is not None else t
        first = None
        made_before = set(parts()) if parts else set()
        longest = {"ms": 0.0, "made": []}
        waited = 0.0  # (the GIL held by another thread, or no free core: a user's input would wait as long)
        while True:
            now = time.perf_counter()
            if first is None and done():
                first = (now - t0) * 1000
            if first is not None and (now - t0) * 1000 > first + SETTLE_MS and (
                    settled is None or settled() or (now - t0) * 1000 > first + MORE_S * 1000):
                break
            if now - t0 > timeout_s:
                self.timeouts += 1
                break
            t = time.perf_counter()
            QCoreApplication.processEvents()
            busy.append((time.perf_counter() - t) * 1000)
            if parts:
                made_now = set(parts())
                if busy[-1] > longest["ms"]:
                    longest = {"ms": round(busy[-1], 1), "made": sorted(made_now - made_before)}
                made_before = made_now
            pause = time.perf_counter()
            time.sleep(0.001)
            waited = max(waited, (time.perf_counter() - pause) * 1000 - 1.0)
        self.gui_ms.append(max(busy))
        self.waits_ms.append(waited)
        self.call_ms.append(busy[0])
        self.rounds_ms.append(max(busy[1:], default=0.0))
        if first is not None:
            self.first_ms.append(first)
        if parts:
            self.longest_round.append(longest)

    def report(self) -> dict:
        out = {"repeats": len(self.gui_ms), "gui_ms": _pct(self.gui_ms), "call_ms": _pct(self.call_ms),
               "rounds_ms": _pct(self.rounds_ms), "first_ms": _pct(self.first_ms),
               "waits_ms": _pct(self.waits_ms),
               "first_ms_each": [round(x) for x in self.first_ms]}
        if self.timeouts:
            out["timeouts"] = self.timeouts
        if self.longest_round:
            out["longest_round"] = self.longest_round
        out["within_target"] = bool(self.gui_ms and not self.timeouts and out["gui_ms"]["p95"] <= TARGET_GUI_MS
                                    and (not self.first_ms or out["first_ms"]["p95"] <= TARGET_FIRST_MS))
        return out


_input_seen: list = []  # the window's idle gate, once it exists (ui/idle_gate.py)


def _user_input() -> None:
    """The bench acts through the widgets' own calls (setText, setValue, sortByColumn), which make no
    input event; a user's action comes with a key or a click, which the window's idle gate sees (vector
    graphs load only while the user is idle, and the load holds the GIL). So each action is marked as
    input, as a user's would be: the graphs load in the bench's idle stretches, as they would for a user."""
    for gate in _input_seen:
        gate.last_input = time.monotonic()


def reference_ms(runs: int = 5) -> float:
    """The machine's speed now: the median time of a fixed pure-Python loop (this machine's two shared
    cores ran the same loop anywhere from 17 to 30 ms a minute apart, 2026-12-03). Taken before the window
    opens and after the last action, so a figure can be read against the speed it was measured at."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        total = 0
        for i in range(200_000):
            total += i * i
        times.append((time.perf_counter() - t) * 1000)
    return round(sorted(times)[runs // 2], 1)


def _pct(values: list[float]) -> dict:
    if not values:
        return {}
    s = sorted(values)
    at = lambda q: s[min(len(s) - 1, int(round(q * (len(s) - 1))))]  # noqa: E731
    return {"p50": round(at(0.5), 1), "p95": round(at(0.95), 1), "max": round(s[-1], 1)}


def _pump(ms: float) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        QCoreApplication.processEvents()
        time.sleep(0.002)


def _made(window, part: str) -> bool:
    """Whether the window has made ``part`` (ui/window_parts.py; asking for it would make it now, outside
    the rounds measured). Older windows make their pages before the first frame."""
    later = getattr(window, "later", None)
    return later is None or part not in getattr(later, "pending", ())


def _visible_rows_loaded(view) -> bool:
    """The table shows the current answer: the model's last request answered, and every visible row's
    cells there."""
    model, table = view.model, view.table
    if not model.settled:
        return False
    if model.rowCount() == 0:
        return True
    top = max(0, table.rowAt(0))
    bottom = table.rowAt(table.viewport().height() - 1)
    bottom = model.rowCount() - 1 if bottom < 0 else bottom
    return all(model.item_at(r) is not None for r in range(top, bottom + 1))


def _quiet_player(controller) -> None:
    """The generated files do not exist: the player records the start and plays nothing."""
    player = controller.player

    def play(item, end_reason="next"):  # (the play queue passes why the previous item ended)
        player.current = item
        player.report(item.media_id, "start", session=player.session, source=item.source,
                      seed_id=item.seed_id, auto=item.auto, duration=item.duration)
        player.started.emit(item)
    player.play = play
    import avrec_desktop.ui as ui_package

    play_queue = getattr(ui_package, "play_queue", None)  # it skips a file that is not there: these are not
    if play_queue is not None and hasattr(play_queue, "os"):
        play_queue.os = _FilesThere()


class _FilesThere:
    """``os`` for the player's queue, where every file of the generated library exists."""

    def __init__(self):
        self.path = _PathsThere()

    def __getattr__(self, name):
        return getattr(os, name)


class _PathsThere:
    def isfile(self, _path) -> bool:
        return True

    def __getattr__(self, name):
        return getattr(os.path, name)


def measure_window(app, repeats: int = 10, seed: int = 0) -> dict:
    from avrec_desktop.ui.app import build
    from avrec_desktop.ui.library_view import item_menu
    from avrec_desktop.ui.thread_guard import GuiThreadGuard

    rng = random.Random(seed)
    actions: dict[str, Action] = {}

    def action(name: str) -> Action:
        return actions.setdefault(name, Action(name))

    box: dict = {}
    guard = GuiThreadGuard()
    guard.install().uninstall()  # its first install imports and wraps the store (~4 ms, the bench's own work);
    # the open installs it again between the window's construction and its show

    reference_before = reference_ms()
    t = time.perf_counter()
    fonts = _ahead("fonts_ahead")  # as the app does: the font database loads on a thread while the window
    media = _ahead("media_ahead")  # imports, and the media backend's libraries on another
    _import_window_modules()  # before any window exists (nothing to answer yet): reported on its own,
    _make_wrapper_types()  # with PySide's types made as app.main makes them
    imports_ms = round((time.perf_counter() - t) * 1000, 1)
    fonts_ready = fonts is not None and not fonts.is_alive()  # (if not, the window's first font look-up waits)
    media_ready = media is not None and not media.is_alive()

    def open_window():
        box["window"] = build(app, start_background=False, **_warm_up())
        guard.install()
        box["window"].show()
        box["window"].show_page("Music")
    def opened() -> bool:
        music = box["window"].music if _made(box["window"], "music") else None
        return music is not None and music.model.total > 0 and _visible_rows_loaded(music)
    action("open").run(open_window, opened, timeout_s=120,
                       parts=lambda: getattr(getattr(box.get("window"), "later", None), "made", ()))
    window = box["window"]
    gate = getattr(window.controller, "idle_gate", None)
    if gate is not None:
        _input_seen.append(gate)
    _quiet_player(window.controller)
    view, table = window.music, window.music.table
    items = view.model.total

    bar = table.verticalScrollBar()
    for i in range(3 * repeats):
        if i % 3 == 2:
            do = table.scrollToBottom  # reaching the end shows the next chunk of rows
        else:
            do = lambda: bar.setValue(rng.randint(0, bar.maximum()))  # noqa: E731 - a drag of the thumb
        action("scroll").run(do, lambda: _visible_rows_loaded(view))
    table.scrollToTop()

    columns = view.model.columnCount()
    for column in range(columns):
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            action("sort").run(lambda: table.sortByColumn(column, order), lambda: _visible_rows_loaded(view))
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    _pump(300)

    shown: list[str] = []
    view.status.connect(lambda text: shown.append(text))
    for word in (SEARCHES * (1 + repeats // len(SEARCHES)))[:repeats]:
        view.search_box.clear()
        _pump(400)
        for n in range(1, len(word)):  # the keys before the last, a quick typist's gaps apart
            _user_input()
            t = time.perf_counter()
            view.search_box.setText(word[:n])
            action("type a key").gui_ms.append((time.perf_counter() - t) * 1000)
            _pump(KEY_GAP_MS)
        shown.clear()
        last_key = time.perf_counter()
        action("search").run(lambda: view.search_box.setText(word),
                             lambda: bool(shown) and view.model.filtered and _visible_rows_loaded(view),
                             start=last_key, settled=lambda: len(shown) >= 2)  # the meaning matches too
    view.search_box.clear()
    _pump(600)

    queue = window.controller.queue
    for i in range(repeats):
        bar.setValue(rng.randint(0, bar.maximum()))
        _pump(300)
        row = max(0, table.rowAt(rng.randint(0, table.viewport().height() - 1)))
        index = view.model.index(row, 0)

        def right_click_play_similar():
            queue.clear_suggestions()
            menu = item_menu(view, window.controller, index.data(view_roles()[0]), index.data(view_roles()[1]))
            next(a for a in menu.actions() if a.text() == "Play similar").trigger()
            menu.deleteLater()
        box["seed"] = index.data(view_roles()[0])
        action("play similar").run(right_click_play_similar, lambda: len(queue) > 0
                                   and window.controller.player.current.media_id == box["seed"])

    for i in range(repeats):
        action("up next refill").run(lambda: (queue.clear_suggestions(), window.controller.refill_queue()),
                                     lambda: len(queue) > 0)

    for i in range(repeats):
        window.for_you.list.clear()
        action("for you").run(lambda: window.show_page("For you"), lambda: window.for_you.list.count() > 0)
        window.show_page("Music")
        _pump(200)

    guard.uninstall()
    reference_after = reference_ms()
    window_rss = _rss_kb()
    worker = _worker_rss(window)
    window.controller.shutdown()
    return {"items": items, "repeats": repeats, "target_gui_ms_p95": TARGET_GUI_MS,
            "target_first_ms": TARGET_FIRST_MS,
            "actions": {name: {**a.report(), **({} if a.began is None else
                                                  {"began_after_open_s": round(a.began - actions["open"].began, 1)})}
                        for name, a in actions.items()},
            "window_rss_mb": window_rss, "worker_rss_mb": worker, "imports_before_open_ms": imports_ms,
            "launch_to_first_frame_ms": round(imports_ms + actions["open"].call_ms[0], 1),  # imports + construction
            "fonts_ahead": _ahead_report("fonts_ahead", fonts, fonts_ready),
            "media_ahead": _ahead_report("media_ahead", media, media_ready),
            "reference_loop_ms": {"before": reference_before, "after": reference_after},
            "warm_up": getattr(getattr(window.controller, "warming", None), "timing", None),
            "worker_note": "the worker's peak while it analyses a folder of generated 60 s tracks added "
                           "at the end (its encoders loaded: sonic, the learned MusiCNN model, the text model)",
            "gui_thread_core_calls": len(guard.violations), "gui_thread_call_sites": guard.sites()}


def _make_wrapper_types() -> None:
    try:
        from avrec_desktop.ui import wrapper_types
    except ImportError:  # older code
        return
    wrapper_types.make_all()


def _import_window_modules() -> None:
    """What ``build`` imports (a user sees no window while they load; the ``open`` figure is the
    window's construction, show and first page after them)."""
    import importlib

    for name in ("avrec_desktop.core", "avrec_desktop.ui.bridge", "avrec_desktop.ui.controller",
                 "avrec_desktop.ui.main_window", "avrec_desktop.ui.play_queue", "avrec_desktop.ui.covers",
                 "avrec_desktop.ui.app", "avrec_desktop.ui.keyboard", "avrec_desktop.ui.feedback",
                 "avrec_desktop.ui.video_grid", "avrec_desktop.ui.video_panel",
                 "avrec_desktop.ui.fullscreen_controls", "PySide6.QtMultimediaWidgets"):
        try:
            importlib.import_module(name)
        except ImportError:  # an older or newer window without it
            pass


def _ahead(name: str):
    """Start one of the app's load-ahead threads (ui/fonts_ahead.py, ui/media_ahead.py) as ``app.main``
    does; None for older code, or where there is nothing to load."""
    import importlib

    try:
        return importlib.import_module(f"avrec_desktop.ui.{name}").start()
    except ImportError:
        return None


def _ahead_report(name: str, thread, ready_before_open: bool) -> dict | None:
    if thread is None:
        return None
    import importlib

    thread.join(5)
    took = importlib.import_module(f"avrec_desktop.ui.{name}").took_ms
    return {"thread_ms": None if took is None else round(took, 1), "done_before_open": ready_before_open}


def _warm_up() -> dict:
    """The app warms its indexes and taste model up after opening (older code had no such step)."""
    import inspect

    from avrec_desktop.ui.app import build

    return {"warm_up": True} if "warm_up" in inspect.signature(build).parameters else {}


def view_roles():
    from avrec_desktop.ui.library_model import MediaIdRole, PathRole

    return MediaIdRole, PathRole


def _rss_kb() -> dict:
    """This process's peak and current RSS in MB. The peak is the kernel's VmHWM of this program alone:
    ``ru_maxrss`` also counts the process it was started from (Linux keeps it across fork and exec), which
    made a window started by a bench that had just built a 100k library 'peak' at 951 MB for 435."""
    status = _status(os.getpid())
    peak = status.get("VmHWM")
    if peak is None:  # no /proc: the portable figure, an upper bound
        peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return {"peak": peak, "now": status.get("VmRSS")}


def _status(pid: int) -> dict:
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        pass
    return out


def _children(pid: int) -> list[int]:
    found = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                found += [int(c) for c in f.read().split()]
    except OSError:
        return found
    return found + [g for c in found for g in _children(c)]


def _worker_rss(window, wait_s: float = 120.0, fresh: int = 3) -> dict:
    """Add a folder of ``fresh`` generated 60 s tracks and start analysis (worker and watcher), so the
    worker loads its encoders — the learned audio model (MusiCNN) among them — and analyses them; read
    the peak RSS of every process the window started, until they are analysed or ``wait_s`` passed."""
    import tempfile
    from pathlib import Path

    from avrec_desktop.bench.bench_tracks import write_track
    from avrec_desktop.errors import AvrecError
    from avrec_desktop.store import Store

    core = window.controller.core
    folder = Path(tempfile.mkdtemp(prefix="avrec-window-bench-fresh-"))
    for i in range(fresh):
        write_track(folder / f"fresh-{i}.wav", 60.0, seed=900 + i)

    def start():
        core.add_folder(str(folder), "music")
        return core.start_indexing()
    window.controller.runner.run(start)  # on the task thread (the library's own folder is not there to watch)
    peaks: dict[int, float] = {}
    reader = Store(core.db_path)  # the bench's own connection (measuring, after the GUI-thread guard)
    analysed = 0
    t0 = time.perf_counter()
    end = t0 + wait_s
    while time.perf_counter() < end:
        _pump(500)
        for pid in _children(os.getpid()):
            hwm = _status(pid).get("VmHWM")
            if hwm is not None:
                peaks[pid] = max(peaks.get(pid, 0.0), hwm)
        try:
            ids = [f.id for f in reader.folders() if os.fsdecode(f.path) == str(folder)]
            counts = reader.folder_status_counts().get(ids[0], {}) if ids else {}
            analysed = counts.get("ready", 0) + counts.get("failed", 0)
        except AvrecError:
            analysed = 0
        if analysed >= fresh:
            _pump(1500)  # the worker's last writes and its peak after them
            break
    reader.close()
    import shutil

    shutil.rmtree(folder, ignore_errors=True)  # the generated tracks (the library keeps their rows)
    encoder = getattr(window.controller, "_query_process", None)  # search by meaning's text model
    encoder_peak = peaks.pop(encoder.pid, None) if encoder is not None and encoder.pid else None
    return {"processes": len(peaks), "peak": max(peaks.values()) if peaks else None,
            "query_encoder_peak": encoder_peak, "fresh_tracks": fresh, "fresh_analysed": analysed,
            "fresh_analysis_s": round(time.perf_counter() - t0, 1)}


def main(argv: list[str] | None = None) -> int:
    import argparse

    from PySide6.QtWidgets import QApplication

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args(argv)
    if not os.environ.get("AVREC_DB"):
        parser.error("AVREC_DB must name the generated library (avrec bench window makes one)")
    app = QApplication(sys.argv[:1])
    result = measure_window(app, repeats=args.repeats)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
