"""A track's top learned tags in the window: the Why this? popover's "Sounds like" line and the Similar
panel's header (the seed's) and row tooltips (each row's), from data the controller hands over."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QObject, Qt, Signal  # noqa: E402

from avrec_desktop.recommend.similar import SimilarResult  # noqa: E402
from avrec_desktop.store.records import MediaItem  # noqa: E402
from avrec_desktop.ui.why_popover import tags_line  # noqa: E402


class _Controller(QObject):
    similar_ready = Signal(object, list)
    similar_tags = Signal(int, object)

    def play(self, media_id, item=None):
        pass


def _item(media_id: int, title: str):
    fields = {f: None for f in MediaItem.__dataclass_fields__}
    fields.update(id=media_id, title=title, artist="A", kind="audio", path=f"/m/{title}.mp3", status="ready")
    return MediaItem(**fields)


TAGS = [("ambient", 0.62), ("electronic", 0.41), ("slow", 0.33), ("drums", 0.2), ("piano", 0.12), ("rock", 0.05)]


def test_tags_line_is_calm_words_with_the_probabilities_kept_for_the_tooltip():
    assert tags_line(TAGS) == ("ambient · electronic · slow · drums",
                               "ambient 62 %, electronic 41 %, slow 33 %, drums 20 %")
    assert tags_line([("rock", 0.05)]) == ("", "")  # noise is not a description
    assert tags_line(None) == ("", "") and tags_line([]) == ("", "")


def test_why_popover_says_what_the_track_sounds_like_only_when_it_has_tags(qtbot):
    from avrec_desktop.recommend.reasons import Reason
    from avrec_desktop.ui.why_popover import WhyPopover

    pop = WhyPopover(_item(1, "Nebula"), [Reason("tags", "both ambient and slow", {})], {}, None, tags=TAGS)
    qtbot.addWidget(pop)
    assert pop.tags_label.text() == "ambient · electronic · slow · drums"
    assert "ambient 62 %" in pop.tags_label.toolTip()
    bare = WhyPopover(_item(2, "Plain"), [], {}, None)
    qtbot.addWidget(bare)
    assert bare.tags_label is None


def test_similar_panel_shows_the_seeds_tags_and_each_rows_in_its_tooltip(qtbot):
    from avrec_desktop.ui.similar_panel import SimilarPanel

    controller = _Controller()
    panel = SimilarPanel(controller)
    qtbot.addWidget(panel)
    panel.show()
    seed = _item(1, "Seed")
    results = [SimilarResult(_item(2, "Close"), 0.8, {"audio": 0.9}, "audio"),
               SimilarResult(_item(3, "Untagged"), 0.5, {"audio": 0.5}, "audio")]
    controller.similar_ready.emit(seed, results)
    assert panel.tags.isHidden()
    controller.similar_tags.emit(7, {7: TAGS})  # an answer for another seed (an older click) is ignored
    assert panel.tags.isHidden()
    controller.similar_tags.emit(1, {1: TAGS, 2: [("piano", 0.5), ("slow", 0.3)]})
    assert not panel.tags.isHidden() and panel.tags.text() == "Sounds like ambient · electronic · slow · drums"
    assert panel.list.item(0).toolTip() == "Sound 90 %\nSounds like piano · slow"
    assert panel.list.item(1).toolTip() == "Sound 50 %"  # no tags: nothing made up
    controller.similar_ready.emit(_item(4, "Other"), [])
    assert panel.tags.isHidden()  # a new seed: its tags come with its own answer
