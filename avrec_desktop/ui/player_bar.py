"""The transport bar: previous, play/pause, stop, next; what is playing; seek with time; shuffle, repeat,
mute and volume. One accent colour (the palette's highlight) marks what is on and the played part.

Keys (anywhere in the window): Space play/pause, S stop, Ctrl+Left/Right previous/next, Ctrl+S shuffle,
Ctrl+R repeat (off → all → one), M mute. The seek bar jumps where it is clicked and its time label
follows the handle while it is dragged.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QSlider, QStyle, QStyleOptionSlider, QToolButton,
                               QVBoxLayout, QWidget)

from avrec_desktop.ui.i18n import duration, qtr

COVER_SIDE = 40  # px: the playing item's cover
MARGIN_V = 6  # px above and below the bar's contents
BUTTON_H = 33  # px: a button's height under STYLE (its min-height 30 px and the style's frame)
STYLE = """
PlayerBar { border-top: 1px solid palette(mid); }
PlayerBar QToolButton { min-width: 30px; min-height: 30px; border-radius: 4px; font-size: 13pt; }
PlayerBar QToolButton:checked { color: palette(highlight); background: palette(alternate-base); }
PlayerBar QLabel#time { color: palette(placeholder-text); }
PlayerBar QLabel#artist { color: palette(placeholder-text); }
PlayerBar QSlider::groove:horizontal { height: 4px; border-radius: 2px; background: palette(mid); }
PlayerBar QSlider::sub-page:horizontal { height: 4px; border-radius: 2px; background: palette(highlight); }
PlayerBar QSlider::handle:horizontal { width: 12px; height: 12px; margin: -4px 0; border-radius: 6px;
                                       background: palette(highlight); }
"""


def repeat_text(mode: str) -> tuple[str, str]:
    """The repeat button's sign and its name for ``mode`` ("off", "all" or "one")."""
    if mode == "one":
        return "↻1", qtr("PlayerBar", "Repeat: one")
    return "↻", qtr("PlayerBar", "Repeat: all") if mode == "all" else qtr("PlayerBar", "Repeat: off")


BAR_SIZE_KEY = "window/player_bar"  # the bar's least width and its height at the last start (window_parts.py)


def bar_size(settings, widget) -> tuple[int, int]:
    """The least width and the height the bar will have: as it had the last time, else (0 and) the height
    its layout will give it (the cover, or the title and artist on two lines, plus the margins). Its place
    keeps this size until it is made, so nothing moves when it comes."""
    from PySide6.QtGui import QFont, QFontMetrics

    try:
        width, height = (int(v) for v in str(settings.value(BAR_SIZE_KEY, "")).split(","))
        if 0 <= width <= 4000 and 20 <= height <= 200:  # (a damaged file is not believed)
            return width, height
    except (TypeError, ValueError):
        pass
    bold = QFont(widget.font())
    bold.setBold(True)
    lines = QFontMetrics(bold).height() + widget.fontMetrics().height() + 1
    return 0, max(COVER_SIDE, lines, BUTTON_H) + 2 * MARGIN_V


def kept_size(bar) -> str:
    """What ``bar_size`` reads at the next start."""
    return f"{bar.minimumSizeHint().width()},{bar.sizeHint().height()}"


def clock(seconds: float | None) -> str:
    """A position or length on the bar: 0:00 while unknown."""
    return duration(max(0.0, seconds or 0.0))


class SeekSlider(QSlider):
    """A slider that jumps to where its groove is pressed and drags from there (not a page step)."""

    def __init__(self, *args):
        super().__init__(*args)
        self._grabbed = False

    def _handle_rect(self):
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        return self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                           QStyle.SubControl.SC_SliderHandle, self)

    def _move_to(self, event) -> None:
        half = self._handle_rect().width() // 2
        span = max(1, self.width() - 2 * half)
        x = int(event.position().x()) - half
        self.setSliderPosition(QStyle.sliderValueFromPosition(self.minimum(), self.maximum(), x, span))

    def mousePressEvent(self, event) -> None:
        if (event.button() == Qt.MouseButton.LeftButton and self.maximum() > self.minimum()
                and not self._handle_rect().contains(event.position().toPoint())):
            self._grabbed = True
            self.setSliderDown(True)
            self._move_to(event)  # sliderMoved: the time label follows
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._grabbed:
            self._move_to(event)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._grabbed:
            self._grabbed = False
            self._move_to(event)
            self.setSliderDown(False)  # sliderReleased: the player seeks there
            event.accept()
            return
        super().mouseReleaseEvent(event)


class PlayerBar(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.setObjectName("PlayerBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.controller = controller
        self.playback = controller.playback
        player = controller.player
        icons = QStyle.StandardPixmap
        self.prev_button = self._button(qtr("PlayerBar", "Previous"), "Ctrl+Left", player.previous,
                                        icon=icons.SP_MediaSkipBackward)
        self.play_button = self._button(qtr("PlayerBar", "Play/pause"), "Space", player.toggle, icon=icons.SP_MediaPlay)
        self.stop_button = self._button(qtr("PlayerBar", "Stop"), "S", player.stop, icon=icons.SP_MediaStop)
        self.next_button = self._button(qtr("PlayerBar", "Next"), "Ctrl+Right", controller.next_pressed,
                                        icon=icons.SP_MediaSkipForward)
        self.title = QLabel(qtr("PlayerBar", "Nothing playing"), self)
        self.title.setMinimumWidth(120)  # the bar's minimum leaves room for Now playing on a 1024 px screen
        self.title.setMaximumWidth(360)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.artist = QLabel("", self)
        self.artist.setObjectName("artist")
        self.elapsed = QLabel(clock(0), self)
        self.seek = SeekSlider(Qt.Orientation.Horizontal, self)
        self.seek.setRange(0, 0)
        self.seek.setMinimumWidth(120)  # still a handle to drag when the window is as narrow as it goes
        self.seek.setAccessibleName(qtr("PlayerBar", "Seek"))
        self.seek.setToolTip(qtr("PlayerBar", "Click to jump, drag to seek (Left/Right: 10 s)"))
        self.total = QLabel(clock(0), self)
        for label in (self.elapsed, self.total):
            label.setObjectName("time")
            label.setMinimumWidth(self.fontMetrics().horizontalAdvance("00:00:00"))
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.shuffle_button = self._button(qtr("PlayerBar", "Shuffle"), "Ctrl+S", self._shuffle, text="⇄")
        self.shuffle_button.setCheckable(True)
        self.repeat_button = self._button(repeat_text("off")[1], "Ctrl+R", self._repeat, text="↻")
        self.repeat_button.setCheckable(True)
        self.mute_button = self._button(qtr("PlayerBar", "Mute"), "M", self._toggle_mute, icon=icons.SP_MediaVolume)
        self.mute_button.setCheckable(True)
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setRange(0, 100)
        self.volume.setValue(round(self.playback.volume * 100))
        self.volume.setFixedWidth(72)
        self.volume.setAccessibleName(qtr("PlayerBar", "Volume"))
        self.volume.setToolTip(qtr("PlayerBar", "Volume"))
        self.volume.valueChanged.connect(lambda v: self.playback.set_volume(v / 100))
        player.set_volume(self.playback.volume)
        self.seek.sliderMoved.connect(self._dragging)
        self.seek.sliderReleased.connect(lambda: player.seek(self.seek.value()))
        player.position_changed.connect(self._position)
        player.state_changed.connect(self._state)
        player.started.connect(self._started)
        from avrec_desktop.ui.covers import CoverLabel

        self.cover = CoverLabel(controller.covers, COVER_SIDE, self)  # the playing item's cover art (ui/covers.py)
        player.started.connect(lambda item: self.cover.show_media(item.media_id))
        self.playback.modes_changed.connect(self._modes)
        self.playback.restored.connect(self._restored)
        self._layout()
        self.setStyleSheet(STYLE)
        # its keys are the window's (main_window._shortcuts): they work before the bar is made
        self._caught_up(player)

    def _caught_up(self, player) -> None:
        """Show what the player and Up next's modes are now: the bar is made after the window's first frame,
        maybe after a file given on the command line started or the last session was restored."""
        self._modes()
        if self.playback.muted:
            self.mute_button.setChecked(True)
            self._mute_icon(True)
        current = player.current
        if current is not None:
            self._started(current)
            self.cover.show_media(current.media_id)
            self._state(player.playing)
            self._position(player.position, player.duration or 0.0)

    def _layout(self) -> None:
        now = QVBoxLayout()
        now.setSpacing(0)
        now.addWidget(self.title)
        now.addWidget(self.artist)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, MARGIN_V, 12, MARGIN_V)
        layout.setSpacing(6)
        for w in (self.prev_button, self.play_button, self.stop_button, self.next_button):
            layout.addWidget(w)
        layout.addSpacing(8)
        layout.addWidget(self.cover)
        layout.addLayout(now)
        layout.addSpacing(8)
        layout.addWidget(self.elapsed)
        layout.addWidget(self.seek, 1)
        layout.addWidget(self.total)
        layout.addSpacing(8)
        for w in (self.shuffle_button, self.repeat_button, self.mute_button, self.volume):
            layout.addWidget(w)

    def _button(self, name: str, keys: str, slot, *, icon=None, text: str = "") -> QToolButton:
        """A button named ``name`` (already translated), its shortcut ``keys`` in its tooltip."""
        button = QToolButton(self)
        if icon is not None:
            button.setIcon(self.style().standardIcon(icon))
        else:
            button.setText(text)
        button.setToolTip(f"{name} ({keys})")
        button.setAccessibleName(name)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(slot)
        return button

    # -- modes ------------------------------------------------------------------------------------
    def _shuffle(self) -> None:
        self.playback.set_shuffle(self.shuffle_button.isChecked())
        on = self.playback.shuffle
        self.playback.message.emit(qtr("PlayerBar", "Shuffle on") if on else qtr("PlayerBar", "Shuffle off"))

    def _repeat(self) -> None:
        mode = self.playback.cycle_repeat()
        self.playback.message.emit(repeat_text(mode)[1])

    def _modes(self) -> None:
        self.shuffle_button.setChecked(self.playback.shuffle)
        text, tip = repeat_text(self.playback.repeat)
        self.repeat_button.setChecked(self.playback.repeat != "off")
        self.repeat_button.setText(text)
        self.repeat_button.setToolTip(f"{tip} (Ctrl+R)")
        self.repeat_button.setAccessibleName(tip)

    def _restored(self, state) -> None:
        self.volume.blockSignals(True)
        self.volume.setValue(round(state.volume * 100))
        self.volume.blockSignals(False)
        self.mute_button.setChecked(state.muted)
        self._mute_icon(state.muted)

    def _toggle_mute(self) -> None:
        muted = self.mute_button.isChecked()
        self.playback.set_volume(self.volume.value() / 100, muted=muted)
        self._mute_icon(muted)

    def _mute_icon(self, muted: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaVolumeMuted if muted else QStyle.StandardPixmap.SP_MediaVolume
        self.mute_button.setIcon(self.style().standardIcon(icon))

    # -- what plays -------------------------------------------------------------------------------
    def _started(self, item) -> None:
        media = item.media
        self._show(item.title, getattr(media, "display_artist", None) or getattr(media, "artist", None))

    def show_details(self, media) -> None:
        """Newer tags of the playing item (read again after its analysis)."""
        current = self.controller.player.current
        if current is None or media is None or current.media_id != getattr(media, "id", None):
            return
        self._show(getattr(media, "display_title", None) or current.title, getattr(media, "display_artist", None))

    def _show(self, title: str, artist: str | None) -> None:
        self.title.setText(title)
        self.title.setToolTip(title)
        self.artist.setText(artist or "")

    def _dragging(self, value: int) -> None:
        self.elapsed.setText(clock(value))

    def _position(self, seconds: float, length: float) -> None:
        if self.seek.isSliderDown():
            return  # the label follows the handle until it is let go
        self.seek.setRange(0, int(length))
        self.seek.setValue(int(seconds))
        self.elapsed.setText(clock(seconds))
        self.total.setText(clock(length))

    def _state(self, playing: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
