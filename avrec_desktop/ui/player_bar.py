"""The transport bar: previous, play/pause, next, seek with time, volume and mute, now playing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QWidget

from avrec_desktop.ui.library_model import format_duration


class PlayerBar(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        player = controller.player
        style = self.style()
        self.prev_button = self._button(QStyle.StandardPixmap.SP_MediaSkipBackward, "Previous (Ctrl+Left)",
                                        player.previous)
        self.play_button = self._button(QStyle.StandardPixmap.SP_MediaPlay, "Play/pause (Space)", player.toggle)
        self.next_button = self._button(QStyle.StandardPixmap.SP_MediaSkipForward, "Next (Ctrl+Right)",
                                        controller.next_pressed)
        self.title = QLabel("Nothing playing", self)
        self.title.setMinimumWidth(220)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.elapsed = QLabel("0:00", self)
        self.seek = QSlider(Qt.Orientation.Horizontal, self)
        self.seek.setRange(0, 0)
        self.seek.setAccessibleName("Seek")
        self.total = QLabel("0:00", self)
        self.mute_button = self._button(QStyle.StandardPixmap.SP_MediaVolume, "Mute (M)", self._toggle_mute)
        self.mute_button.setCheckable(True)
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setFixedWidth(100)
        self.volume.setAccessibleName("Volume")
        self.volume.valueChanged.connect(lambda v: player.set_volume(v / 100))
        player.set_volume(0.8)
        self.seek.sliderReleased.connect(lambda: player.seek(self.seek.value()))
        player.position_changed.connect(self._position)
        player.state_changed.connect(self._state)
        player.started.connect(lambda item: self.title.setText(item.title))
        from avrec_desktop.ui.covers import CoverLabel

        self.cover = CoverLabel(controller.covers, 40, self)  # the playing item's cover art (ui/covers.py)
        player.started.connect(lambda item: self.cover.show_media(item.media_id))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        for w in (self.prev_button, self.play_button, self.next_button, self.cover, self.title, self.elapsed, self.seek,
                  self.total, self.mute_button, self.volume):
            layout.addWidget(w, 1 if w is self.seek else 0)
        self._style = style

    def _button(self, pixmap, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(self.style().standardIcon(pixmap))
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def _toggle_mute(self) -> None:
        muted = self.mute_button.isChecked()
        self.controller.player.set_muted(muted)
        icon = QStyle.StandardPixmap.SP_MediaVolumeMuted if muted else QStyle.StandardPixmap.SP_MediaVolume
        self.mute_button.setIcon(self.style().standardIcon(icon))

    def _position(self, seconds: float, duration: float) -> None:
        if not self.seek.isSliderDown():
            self.seek.setRange(0, int(duration))
            self.seek.setValue(int(seconds))
        self.elapsed.setText(format_duration(seconds) or "0:00")
        self.total.setText(format_duration(duration) or "0:00")

    def _state(self, playing: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
