"""Journeys and stations in the window (issue #10): the item menu's "Journey to…" / "Journey here from the playing
item" / "Start a station from this", the Library menu's "Station from words…" and "Stop station", and the
header line over Up next ("Journey: A → B (10 steps)", "Station: calm piano", with ✕ to stop).

A journey (core.journey) or a station page (core.station_page) is asked on the task thread; its items
replace the automatic part of Up next (the user's pinned entries stay), each with its reason. Entries carry
their source ("journey" / "station"), so the player records their plays with it and a station learns from
them (recommend/station_learning.py). While a station is on, the controller's refill asks this module
(``Steering.refill``): Up next running low, Next, a hand-picked item or the slider bring the station's next
page, never the normal Up next, until "Stop station" or ✕. A journey ends when its last entry has left Up
next or when Up next is asked again from scratch (a hand-picked item). Errors are one status-bar line.
"""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from avrec_desktop.ui.i18n import number, qtr
from avrec_desktop.ui.text_prompt import ask_text

JOURNEY_STEPS = 10
STATION_PAGE = 10
SOURCES = ("journey", "station")


class Steering(QObject):
    changed = Signal(str)  # the header line, "" when Up next is its usual self

    def __init__(self, controller):
        # owned by the controller when it is a QObject (the window's); held by ``controller.steering`` anyway
        super().__init__(controller if isinstance(controller, QObject) else None)
        self.controller = controller
        self.station = None
        self.mode = None  # None / "journey" / "station"
        self.header = ""
        self._asking = False  # one station page asked at a time
        self._encoders = None  # a words station's query vectors (the window's encoder process), once made
        queue = controller.queue
        for sig in (queue.rowsRemoved, queue.modelReset):
            sig.connect(self._journey_left)

    # -- journeys ---------------------------------------------------------------------------------
    def journey(self, start_id: int, end_id: int, n: int = JOURNEY_STEPS) -> None:
        c = self.controller

        def done(journey):
            self._set(None, "")
            playing = c.player.current.media_id if c.player.current else None
            steps = [SimpleNamespace(media=s.media, reasons=[s.reason], seed_id=None)
                     for s in journey.steps if s.media.id != playing]
            c.queue.clear_suggestions()
            _append(c.queue, steps, "journey")
            self._set("journey", journey_header(journey.start.display_title, journey.end.display_title,
                                                len(journey.steps)))
            if c.player.current is None:
                c.playback.advance(auto=False)
        self._run(lambda: c.core.journey(int(start_id), int(end_id), n=n), done, qtr("Steering", "no journey"))

    def journey_from_playing(self, media_id: int) -> None:
        """From what plays now to ``media_id``: Up next walks on from the playing item, never back to it."""
        current = self.controller.player.current
        if current is None:
            self.controller.error.emit(qtr("Steering", "no journey: nothing is playing"))
            return
        self.journey(current.media_id, media_id)

    def _journey_left(self, *_args) -> None:
        if self.mode == "journey" and not any(e.source == "journey" for e in self.controller.queue.entries):
            self._set(None, "")

    # -- stations ---------------------------------------------------------------------------------
    def station_from_seeds(self, ids) -> None:
        self._start(lambda S: S(seeds=tuple(int(i) for i in ids)))

    def station_from_words(self, words: str) -> None:
        self._start(lambda S: S(words=words))

    def _start(self, make) -> None:
        from avrec_desktop.errors import AvrecError
        from avrec_desktop.recommend.station import Station

        try:
            station = make(Station)
        except AvrecError as exc:
            self.controller.error.emit(failed_text(qtr("Steering", "no station"), exc))
            return
        self._encoders = None
        self._asking = False
        self._page(station, replace=True, first=True)

    def _page(self, station, *, replace: bool, first: bool = False) -> None:
        c = self.controller
        if station.words and self._encoders is None and c.side_runner() is not c.runner:
            def encoded(vectors, error):  # the words' vectors from the window's encoder process (no torch here)
                self._encoders = (None, None) if error is not None else (vectors.get("text"), vectors.get("visual"),
                                                                       vectors.get("clap"))
                self._page(station, replace=replace, first=first)
            c.side_runner().run(c.query_encoder().encode, station.words, on_done=encoded)
            return
        encoders = self._encoders
        session = c.player.session
        self._asking = True

        def done(page):
            self._asking = False
            if first:
                self.station = station
                name = station.words.strip() if station.words else station.name.removeprefix("station ")
                self._set("station", qtr("Steering", "Station: {name}").format(name=name))
            elif self.station is not station:
                return
            if replace:
                c.queue.clear_suggestions()
            playing = c.player.current.media_id if c.player.current else None
            _append(c.queue, [s for s in page if s.media.id != playing], "station")
            if first and c.player.current is None:
                c.playback.advance(auto=False)

        def failed():
            self._asking = False

        self._run(lambda: c.core.station_page(station, k=STATION_PAGE, encoders=encoders, session=session), done,
                  qtr("Steering", "no station") if first else qtr("Steering", "the station could not go on"), failed)

    # -- the controller's refill ------------------------------------------------------------------
    def refill(self, replace: bool) -> bool:
        """Called by ``AppController.refill_queue``; True when the steering answered it."""
        if self.station is not None:
            if not self._asking or replace:
                self._page(self.station, replace=replace)
            return True
        if replace and self.mode == "journey":
            self._set(None, "")  # Up next asked from scratch: the journey gives way
        return False

    def stop(self) -> None:
        """Back to the usual Up next."""
        was = self.mode
        self.station = None
        self._set(None, "")
        if was is not None:
            self.controller.queue.clear_suggestions()
            self.controller.refill_queue(replace=True)

    # -- helpers ----------------------------------------------------------------------------------
    def _set(self, mode, header: str) -> None:
        self.mode = mode
        if mode != "station":
            self.station = None
        if header != self.header:
            self.header = header
            self.changed.emit(header)

    def _run(self, fn, on_done, what: str, on_error=None) -> None:
        def done(result, error):
            if error is not None:
                if on_error is not None:
                    on_error()
                self.controller.error.emit(failed_text(what, error))  # one status-bar line
                return
            on_done(result)
        self.controller.runner.run(fn, on_done=done)


def journey_header(start: str, end: str, steps: int) -> str:
    """Up next's header line for a journey: "Journey: A → B (10 steps)"."""
    text = (qtr("Steering", "Journey: {start} → {end} (1 step)") if steps == 1
            else qtr("Steering", "Journey: {start} → {end} ({n} steps)"))
    return text.format(start=start, end=end, n=number(steps))


def failed_text(what: str, error) -> str:
    """A status-bar line: what could not be done, then the core's own words."""
    return qtr("Steering", "{what}: {error}").format(what=what, error=error)


def _append(queue, suggestions, source: str) -> None:
    """Up next's automatic entries, with their source (the player records a play with it)."""
    known = queue.media_ids()
    queue.extend_suggestions(suggestions, seed_id=None)
    for entry in queue.entries:
        if entry.media.id not in known and entry.source == "up-next":
            entry.source = source


def steering_of(controller) -> Steering:
    """The controller's Steering, made on first use."""
    if getattr(controller, "steering", None) is None:
        controller.steering = Steering(controller)
    return controller.steering


def add_item_actions(menu, parent, controller, media_id: int) -> None:
    """The item menu's journey and station entries; ``parent.selected_media_ids()`` (the library table)
    gives the selected rows, the first of them the journey's start."""
    selected = list(parent.selected_media_ids()) if hasattr(parent, "selected_media_ids") else []
    if media_id not in selected:
        selected = [media_id]
    steering = steering_of(controller)
    if len(selected) == 2:
        menu.addAction(qtr("Steering", "Journey to…"), lambda: steering.journey(selected[0], selected[1]))
    else:
        action = menu.addAction(qtr("Steering", "Journey here from the playing item"),
                                lambda: steering.journey_from_playing(media_id))
        current = getattr(getattr(controller, "player", None), "current", None)
        action.setEnabled(current is not None and current.media_id != media_id)
    text = (qtr("Steering", "Start a station from this") if len(selected) == 1
            else qtr("Steering", "Start a station from these {n}").format(n=number(len(selected))))
    menu.addAction(text, lambda: steering.station_from_seeds(selected))


def station_from_words(parent, controller) -> None:
    """The Library menu's "Station from words…": ask for the words, start the station."""
    words, ok = ask_text(parent, qtr("Steering", "Station from words"),
                         qtr("Steering", "What should it play? (e.g. calm piano)"))
    if ok and words.strip():
        steering_of(controller).station_from_words(words.strip())


def add_library_actions(menu, parent, controller) -> None:
    menu.addAction(qtr("Steering", "Station from &words…"), lambda: station_from_words(parent, controller))
    menu.addAction(qtr("Steering", "S&top station"), lambda: steering_of(controller).stop())


def install_header(panel, controller) -> "SteeringHeader":
    """Put the header line into Up next's panel (ui/side_panels.py), under the slider."""
    header = SteeringHeader(controller, panel)
    layout = panel.layout()
    layout.insertWidget(layout.indexOf(panel.adventure) + 1, header)
    return header


class SteeringHeader(QWidget):
    """Up next's header line while a journey or station steers it, with ✕ to go back to the usual Up next."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        steering = steering_of(controller)
        self.label = QLabel(self)
        self.label.setAccessibleName(qtr("Steering", "Up next is steered by"))
        self.stop = QToolButton(self)
        self.stop.setText("✕")
        self.stop.setAutoRaise(True)
        self.stop.setToolTip(qtr("Steering", "Back to the usual Up next"))
        self.stop.setAccessibleName(qtr("Steering", "Stop the journey or station"))
        self.stop.clicked.connect(steering.stop)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.stop)
        steering.changed.connect(self._show)
        self._show(steering.header)

    def _show(self, text: str) -> None:
        self.label.setText(text)
        self.setVisible(bool(text))
