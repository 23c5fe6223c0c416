"""A check of the window's one promise about threads: the GUI thread never enters the core or SQLite.

``GuiThreadGuard`` wraps every public method of the core's classes (``AppCore``, ``Recommender``,
``LibraryIndexes``) and puts a trace callback on every SQLite connection a ``Store`` opens while it is
installed (and on the stores given to ``watch``). A core call or an SQL statement on the GUI thread is
recorded with the stack that made it; the test suite asserts there are none while it drives the real
window, and ``avrec bench ui`` reports the count beside its stall figures.

    guard = GuiThreadGuard().install()
    ...drive the window...
    guard.uninstall(); assert not guard.violations, guard.report()

It is a checking tool: the window itself never installs it.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import threading
import traceback

STACK_LIMIT = 14
WIRING = {"subscribe"}  # registering a listener at start-up does no work


def _core_classes() -> list[type]:
    from avrec_desktop.core import AppCore
    from avrec_desktop.index.library_indexes import LibraryIndexes
    from avrec_desktop.recommend.recommender import Recommender

    return [AppCore, Recommender, LibraryIndexes]


class GuiThreadGuard:
    def __init__(self, classes: list[type] | None = None):
        self.gui_thread = threading.main_thread()
        self.classes = classes if classes is not None else _core_classes()
        self.violations: list[tuple[str, str]] = []  # (what, stack)
        self._saved: list[tuple[type, str, object]] = []
        self._local = threading.local()
        self._lock = threading.Lock()

    # -- checks -----------------------------------------------------------------------------------
    def _on_gui_thread(self) -> bool:
        return threading.current_thread() is self.gui_thread and not getattr(self._local, "allowed", 0)

    def _record(self, what: str) -> None:
        stack = "".join(traceback.format_stack(limit=STACK_LIMIT)[:-2])
        with self._lock:
            self.violations.append((what, stack))

    def _on_sql(self, statement: str) -> None:
        if self._on_gui_thread():
            self._record(f"SQL: {statement.strip()[:120]}")

    @contextlib.contextmanager
    def allowed(self):
        """Calls the checking code itself makes on the GUI thread (test probes) are not counted."""
        self._local.allowed = getattr(self._local, "allowed", 0) + 1
        try:
            yield
        finally:
            self._local.allowed -= 1

    def watch(self, store) -> None:
        """Trace a Store that was opened before the guard was installed."""
        store.conn.set_trace_callback(self._on_sql)

    # -- install ----------------------------------------------------------------------------------
    def install(self) -> "GuiThreadGuard":
        from avrec_desktop.store.database import Store

        for cls in self.classes:
            for name, member in list(vars(cls).items()):
                if name.startswith("_") or name in WIRING or not inspect.isfunction(member):
                    continue
                self._saved.append((cls, name, member))
                setattr(cls, name, self._wrap(f"{cls.__name__}.{name}", member))
        original_init = Store.__init__
        guard = self

        @functools.wraps(original_init)
        def traced_init(store, *args, **kwargs):
            original_init(store, *args, **kwargs)
            store.conn.set_trace_callback(guard._on_sql)
        self._saved.append((Store, "__init__", original_init))
        Store.__init__ = traced_init
        return self

    def _wrap(self, what: str, fn):
        guard = self

        @functools.wraps(fn)
        def checked(*args, **kwargs):
            if guard._on_gui_thread():
                guard._record(f"core call: {what}")
            return fn(*args, **kwargs)
        return checked

    def uninstall(self) -> None:
        for cls, name, member in reversed(self._saved):
            setattr(cls, name, member)
        self._saved.clear()

    def __enter__(self) -> "GuiThreadGuard":
        return self.install()

    def __exit__(self, *exc) -> None:
        self.uninstall()

    # -- report -----------------------------------------------------------------------------------
    def sites(self) -> dict[str, int]:
        """How many times each kind of call was made on the GUI thread."""
        counts: dict[str, int] = {}
        for what, _stack in self.violations:
            key = what if what.startswith("core") else what.split("(")[0][:60]
            counts[key] = counts.get(key, 0) + 1
        return counts

    def report(self, first: int = 5) -> str:
        lines = [f"{len(self.violations)} core calls or SQL statements ran on the GUI thread:"]
        lines += [f"  {n:5d}  {what}" for what, n in sorted(self.sites().items(), key=lambda kv: -kv[1])]
        seen: set[str] = set()
        for what, stack in self.violations:
            if what in seen or len(seen) >= first:
                continue
            seen.add(what)
            lines += [f"--- {what}", stack]
        return "\n".join(lines)
