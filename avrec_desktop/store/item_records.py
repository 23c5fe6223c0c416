"""Records of the store that most commands never make: an item's cover row and its tags.

Here, not beside their mixins (store/covers.py, store/tags.py), so that opening the store does not create
their dataclasses (~1 ms each as a query starts: dataclasses compiles every generated method); those modules
import them where a row is made and still export them under their old names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class CoverRow:
    """One item's cover thumbnail as the store holds it."""
    media_id: int
    file: str | None  # relative to the thumbnails folder; None: no cover
    source: str | None  # "embedded", "folder", "poster"
    note: str | None  # why a picture found was not used


@dataclass(frozen=True)
class ItemTags:
    """What an analysis says an item sounds like: probabilities, auto-tag words, who made them."""

    encoder: str
    version: str
    probs: "np.ndarray"  # float32 (n_tags,)
    words: tuple[str, ...]
