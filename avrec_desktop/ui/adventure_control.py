"""Up next's "Familiar ⟷ Adventurous" control: a five-step slider (recommend/adventure.py's STEPS; the
middle is today's Up next) in the panel's header.

A move sets ``controller.adventure`` (kept with the player state, play_queue.py) at once; after
DEBOUNCE_MS without another move, Up next's automatic entries are asked again at the new setting
(``controller.refill_queue(replace=True)``: on the task thread, the user's entries stay). The state the
last run kept puts the slider back without asking again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from avrec_desktop.recommend.adventure import DEFAULT, STEPS
from avrec_desktop.ui.i18n import number, qtr

DEBOUNCE_MS = 300


def tip() -> str:
    """The slider's tooltip (and accessible description)."""
    return qtr("Adventure", "How far Up next strays from what is playing.\n"
                            "Familiar: close to what's playing. Middle: as usual, with your taste.\n"
                            "Adventurous: more of what you have not played and less like the playing item.\n"
                            "Arrow keys or Page Up/Down move it; Up next follows a moment later.")


OWN_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
            Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End)


class _OwnKeys(QObject):
    """The slider keeps its keys while it has the focus (Left/Right seek elsewhere in the window)."""

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in OWN_KEYS \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            event.accept()
            return True
        return False


def step_of(adventure: float) -> int:
    return min(range(len(STEPS)), key=lambda i: abs(STEPS[i] - adventure))


class AdventureControl(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        label = QLabel(qtr("Adventure", "Familiar ⟷ Adventurous"), self)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, len(STEPS) - 1)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.slider.setValue(step_of(getattr(controller, "adventure", DEFAULT)))
        self.slider.setAccessibleName(qtr("Adventure", "Familiar to adventurous"))
        self.slider.setAccessibleDescription(tip())
        self.slider.setToolTip(tip())
        self._keys = _OwnKeys(self.slider)
        self.slider.installEventFilter(self._keys)
        label.setToolTip(tip())
        label.setBuddy(self.slider)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.slider, 1)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._refill)
        self.slider.valueChanged.connect(self._moved)
        controller.playback.restored.connect(self._restored)

    @property
    def value(self) -> float:
        return STEPS[self.slider.value()]

    def _moved(self, step: int) -> None:
        self.controller.adventure = STEPS[step]
        self.slider.setAccessibleDescription(qtr("Adventure", "{value} of 1. {tip}").format(
            value=number(STEPS[step], 2), tip=tip()))
        self.controller.playback.save_soon()
        self._timer.start()

    def _refill(self) -> None:
        self.controller.refill_queue(replace=True)  # nothing playing: nothing to ask (it returns)

    def _restored(self, state) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(step_of(state.adventure))
        self.slider.blockSignals(False)
