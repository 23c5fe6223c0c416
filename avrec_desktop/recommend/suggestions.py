"""What the recommender hands out: suggestions (an item, its score, its parts and reasons) and shelves."""

from __future__ import annotations

from dataclasses import dataclass, field

from avrec_desktop.recommend.phrases import Words
from avrec_desktop.recommend.reasons import Reason
from avrec_desktop.store import MediaItem


@dataclass(frozen=True)
class Suggestion:
    """One suggested item with its score, reasons and side."""
    media: MediaItem
    score: float
    reasons: list[Reason] = field(default_factory=list)
    parts: dict[str, float] = field(default_factory=dict)  # score components (see ``next_up``)
    seed_id: int | None = None  # the item it was suggested from
    side: str | None = None  # Up next: "familiar", "taste" or "adventurous" (recommend/adventure.py)


@dataclass(frozen=True)
class Shelf:
    """A titled row of suggestions (For you)."""
    title: str
    kind: str  # "because" | "tag" | "rediscover" | "new"
    items: list[Suggestion] = field(default_factory=list)
    words: Words | None = None  # the title as a phrase a window can translate (recommend/phrases.py)

    @classmethod
    def titled(cls, words: Words, kind: str, items: list[Suggestion]) -> "Shelf":
        """A shelf whose title is ``words`` in English."""
        return cls(str(words), kind, items, words)
