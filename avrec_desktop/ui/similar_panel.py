"""The Show similar panel: the core's ``similar_panel`` answer (the same rules as ``avrec similar``), each
row the item's title and artist over one small bar per modality (Sound / Words / Picture, 0..1 from
``SimilarResult.bars``) instead of raw scores. Under the title, quietly, what the learned music model hears
in the seed (its top tags); each row's tooltip adds the row's own."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate, QVBoxLayout, QWidget

from avrec_desktop.ui.i18n import percent, qtr
from avrec_desktop.ui.side_panels import list_item_menu
from avrec_desktop.ui.up_next import ItemRole
from avrec_desktop.ui.why_popover import modality_name, ordered_bars, tags_line

BarsRole = Qt.ItemDataRole.UserRole + 40  # {space: 0..1}, in MODALITY order


def bars_text(bars: dict[str, float]) -> str:
    """What the bars say, for screen readers and tooltips: 'Sound 82 %, Words 40 %'."""
    return ", ".join(f"{modality_name(s)} {percent(v)}" for s, v in ordered_bars(bars))


class BarsDelegate(QStyledItemDelegate):
    """Title line, then a row of labelled bars in the palette's highlight colour."""

    LABEL_W, BAR_W, BAR_H, GAP = 46, 44, 5, 10

    def sizeHint(self, option, index) -> QSize:
        return QSize(option.rect.width(), 2 * option.fontMetrics.height() + 14)

    def paint(self, painter, option, index) -> None:
        self.initStyleOption(option, index)
        text, option.text = option.text, ""
        style = option.widget.style() if option.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect = option.rect.adjusted(8, 4, -8, -4)
        line = option.fontMetrics.height()
        painter.save()
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), line), Qt.AlignmentFlag.AlignLeft,
                         option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width()))
        quiet = option.palette.color(option.palette.ColorRole.PlaceholderText)
        accent = option.palette.color(option.palette.ColorRole.Highlight)
        track = option.palette.color(option.palette.ColorRole.Mid)
        x, y = rect.left(), rect.top() + line + 4
        for space, value in ordered_bars(index.data(BarsRole) or {}):
            if x + self.LABEL_W + self.BAR_W > rect.right():
                break
            painter.setPen(quiet)
            painter.drawText(QRect(x, y, self.LABEL_W, line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             modality_name(space))
            bar_y = y + (line - self.BAR_H) // 2
            painter.fillRect(QRect(x + self.LABEL_W, bar_y, self.BAR_W, self.BAR_H), track)
            painter.fillRect(QRect(x + self.LABEL_W, bar_y, round(self.BAR_W * value), self.BAR_H), accent)
            x += self.LABEL_W + self.BAR_W + self.GAP
        painter.restore()


class SimilarPanel(QWidget):
    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.title = QLabel(qtr("SimilarPanel", "Right-click an item and choose “Show similar”."), self)
        self.title.setWordWrap(True)
        self.tags = QLabel(self)
        self.tags.setObjectName("quiet")
        self.tags.setStyleSheet("color: palette(placeholder-text);")
        self.tags.setWordWrap(True)
        self.tags.hide()
        self._seed_id = None
        self.list = QListWidget(self)
        self.list.setAccessibleName(qtr("SimilarPanel", "Similar items"))
        self.list.setItemDelegate(BarsDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.itemActivated.connect(lambda item: controller.play(item.data(Qt.ItemDataRole.UserRole),
                                                                     item=item.data(ItemRole)))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(
            lambda pos: list_item_menu(self, self.list, controller, pos, suggestion=False))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.tags)
        layout.addWidget(self.list)
        controller.similar_ready.connect(self.show_results)
        if hasattr(controller, "similar_tags"):
            controller.similar_tags.connect(self.show_tags)

    def show_results(self, seed, results: list) -> None:
        self.title.setText("<b>{}</b>".format(qtr("SimilarPanel", "Like {title}").format(title=seed.display_title)))
        self._seed_id = seed.id
        self.tags.hide()
        self.list.clear()
        for r in results:
            bars = dict(getattr(r, "bars", None) or {})
            line = r.media.display_title
            if r.media.display_artist:
                line = qtr("SimilarPanel", "{title} — {artist}").format(title=line, artist=r.media.display_artist)
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, r.media.id)
            item.setData(ItemRole, r.media)
            item.setData(BarsRole, bars)
            item.setToolTip(bars_text(bars))
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, bars_text(bars))
            self.list.addItem(item)

    def show_tags(self, seed_id: int, tags: dict) -> None:
        """The seed's top tags under the title; each row's own in its tooltip (the list already shown)."""
        if seed_id != self._seed_id:
            return
        words, detail = tags_line(tags.get(seed_id))
        self.tags.setText(qtr("SimilarPanel", "Sounds like {tags}").format(tags=words) if words else "")
        self.tags.setToolTip(qtr("SimilarPanel", "What the learned music model hears: {tags}").format(tags=detail)
                             if words else "")
        self.tags.setVisible(bool(words))
        for row in range(self.list.count()):
            item = self.list.item(row)
            words, _ = tags_line(tags.get(item.data(Qt.ItemDataRole.UserRole)))
            if words:
                text = bars_text(item.data(BarsRole) or {}) + "\n" + qtr("SimilarPanel", "Sounds like {tags}").format(
                    tags=words)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, text.replace("\n", "; "))
