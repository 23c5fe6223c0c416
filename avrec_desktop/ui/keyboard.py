"""Full keyboard use of the window: Tab walks sidebar → search → table → Up next → player controls and
round again (no item view keeps Tab for moving between its cells), the focused part wears a visible
frame in the accent colour, and Shift+F10 or the Menu key opens the item menu of the current row, at
that row, in every list that has one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from shiboken6 import isValid

from avrec_desktop.ui import focus_ring


class ItemMenuKeys(QObject):
    """On an item view whose menu is a CustomContextMenu: Shift+F10 and the Menu key (and a keyboard
    context-menu event) ask for the menu at the current row, as a right-click there would."""

    def eventFilter(self, view, event) -> bool:
        keyboard = False
        if event.type() == QEvent.Type.KeyPress:
            key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            keyboard = key == Qt.Key.Key_Menu or (key == Qt.Key.Key_F10
                                                  and mods == Qt.KeyboardModifier.ShiftModifier)
        elif event.type() == QEvent.Type.ContextMenu and event.reason() == event.Reason.Keyboard:
            keyboard = True
        if not keyboard:
            return False
        open_at_current_row(view)
        return True


def open_at_current_row(view) -> bool:
    """Emit the view's customContextMenuRequested at its current row (the first row when none is current);
    False when the view is empty."""
    index = view.currentIndex()
    if not index.isValid():
        model = view.model()
        if model is None or model.rowCount() == 0:
            return False
        index = model.index(0, 0)
        view.setCurrentIndex(index)
    view.scrollTo(index)
    rect = view.visualRect(index)
    first = view.visualRect(index.siblingAtColumn(0)) if index.column() else rect
    pos = QPoint(max(first.left(), 0) + min(24, max(rect.width() // 2, 1)), rect.center().y())
    view.customContextMenuRequested.emit(pos)
    return True


def item_views(window) -> list:
    from PySide6.QtWidgets import QAbstractItemView

    return window.findChildren(QAbstractItemView)


def install(window) -> None:
    """Give the main window its Tab order, focus frames and menu keys (call once its parts exist)."""
    for _piece in pieces(window):
        pass


def pieces(window):
    """``install`` in pieces, yielding between them (ui/window_parts.py makes one per event-loop turn: each
    walks many widgets, wrapping them in Python): the menu keys, the focus frames, then the Tab order a page
    at a time."""
    from PySide6.QtWidgets import QWidget

    keys = ItemMenuKeys(window)
    window._item_menu_keys = keys
    for view in item_views(window):
        view.setTabKeyNavigation(False)  # Tab leaves the table; arrows still move between rows and cells
        if view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu:
            view.installEventFilter(keys)
    yield
    focus_ring.install(window)  # the focused part's frame in the accent colour (no window style sheet)
    yield
    chain = [window.sidebar]
    for page in (window.music, window.videos):
        chain += [page.search_box, page.table] + [w for w in (getattr(page, "grid", None),) if w is not None]
    # findChildren(QWidget), not QObject: wrapping every layout, animation and model in Python took
    # ~150 ms of the window's construction (widgets alone: a few ms), and only widgets take focus
    pages = (window.for_you, window.history, getattr(window, "map", None), getattr(window, "playlists", None),
             window.folders)  # the sidebar's order
    for page in (p for p in pages if p is not None):
        chain += [w for w in page.findChildren(QWidget) if _focusable(w)]
        yield  # a page a turn
    up_next = window.up_next
    chain += list(getattr(up_next, "buttons", [])) + [up_next.adventure.slider, up_next.list, window.similar.list]
    bar = window.player_bar
    chain += [w for w in bar.findChildren(QWidget) if _focusable(w)]
    seen = []
    for w in chain:  # (gathered over several turns: a widget may have gone since, a For you shelf)
        if isValid(w) and w not in seen and w.window() is window:  # not a combo box's popup list
            seen.append(w)
    for first, second in zip(seen, seen[1:]):
        window.setTabOrder(first, second)


def _focusable(w) -> bool:
    from PySide6.QtWidgets import QWidget

    return isinstance(w, QWidget) and bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)
