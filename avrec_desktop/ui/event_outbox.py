"""Plays, skips and likes written on a thread of their own, in the order they happened.

Every event used to be written on the core's thread, where the Up next that follows a play waited behind it.
A commit there can wait for the disk: a play's start took 478 ms in the window bench (the first write into the
write-ahead log while the kernel wrote back a 500 MB copy), and the refill of Up next that the user was
looking at came after it. Now the controller hands each event here:

- it is written by a runner of its own (one thread, first in first out, its own SQLite connection through
  ``AppCore.write_event``), with the time it happened, not the time its write got its turn;
- once written, the core's thread learns it (``AppCore.learn_events``), as before;
- an ask that depends on what was learned (Up next, For you, Why this?, a station's next page) first waits,
  on the core's thread, until every event that **teaches** something, handed in before the ask, is
  written (``after``). A start teaches nothing until its end, so a play's own start never holds up the Up next
  it asked for; the previous item's end (a skip) still comes first, so Up next reacts to it at once.
  ``after(fn, every=True)`` waits for starts as well (the history list shows them).

A failed write is said in the status bar, as before ("could not record the play: …"), and never blocks an ask:
its turn counts as done either way. Tests pass the synchronous runner: everything then happens at once, in order.
"""

from __future__ import annotations

import threading
import time

from avrec_desktop.ui.i18n import qtr
from avrec_desktop.ui.tasks import URGENT

TEACHES_NOTHING_YET = frozenset({"start"})  # its outcome comes with its end
PATIENCE_S = 30.0  # an ask waits at most this long for the writes before it (a stuck disk: answer anyway)


class EventOutbox:
    def __init__(self, controller, runner):
        self.controller = controller
        self.runner = runner
        self._turns = threading.Condition()
        self._handed = 0  # events handed in (GUI thread)
        self._written = 0  # the last of them whose write has ended (the events' thread)
        self._teaching = 0  # the last handed-in event that teaches the taste model something
        self._ended: set[int] = set()  # turns ended out of order (never with one thread: kept safe anyway)

    def put(self, media_id: int, type: str, **fields) -> None:
        """Write one event (``AppCore.write_event``'s arguments) after those handed in before it."""
        self._handed += 1
        turn = self._handed
        if type not in TEACHES_NOTHING_YET:
            self._teaching = turn
        fields.setdefault("ts", time.time())
        core = self.controller.core

        def write():
            try:
                return core.write_event(media_id, type, **fields)
            finally:
                self._end_turn(turn)

        def done(_event_id, error):
            if error is not None:
                self.controller.error.emit(qtr("Controller", "{what}: {error}").format(
                    what=qtr("Controller", "could not record the play"), error=error))
                return
            self.controller._call(core.learn_events, what=qtr("Controller", "could not record the play"))
        self.runner.run(write, on_done=done, priority=URGENT)

    def _end_turn(self, turn: int) -> None:
        with self._turns:
            self._ended.add(turn)
            while self._written + 1 in self._ended:
                self._written += 1
                self._ended.discard(self._written)
            self._turns.notify_all()

    def after(self, fn, *, every: bool = False):
        """``fn`` wrapped to run once the events it depends on are written: those that teach something
        (``every``: all of them) handed in before this call. Call it on the GUI thread, where events are
        handed in; the wrapped function waits on whichever thread runs it."""
        upto = self._handed if every else self._teaching

        def waited(*args, **kwargs):
            self.wait_written(upto)
            return fn(*args, **kwargs)
        return waited

    def wait_written(self, turn: int, timeout: float = PATIENCE_S) -> bool:
        """Block until the write of ``turn`` and of every turn before it has ended; False on timeout."""
        with self._turns:
            return self._turns.wait_for(lambda: self._written >= turn, timeout)

    def wait(self, msecs: int = 15000) -> bool:
        """Let the writes handed in finish (the window closing)."""
        return self.runner.wait(msecs)
