"""What the library map shows (ui/map_page.py draws it): each placed item's point, its colour groups (top
auto-tag, folder), and the marks — liked, disliked, skipped, recently played. Read in one go from the
store (store/map_points.py) on the caller's thread; the window asks on its task thread.

Colour groups: the ``MAX_GROUPS`` most common values get a colour each, the rest share "other". A folder
here is the first folder level under the library folder (``Music/<Artist>/…`` → ``<Artist>``), or the
library folder itself for files directly in it.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

MAX_GROUPS = 12
OTHER = "other"
UNTAGGED = "no auto-tag yet"
RECENT = 30


@dataclass
class Groups:
    codes: np.ndarray  # int16 per point; len(names) - 1 is "other" when present
    names: list[str]
    counts: list[int]


@dataclass
class MapData:
    ids: np.ndarray  # int64, sorted
    xy: np.ndarray  # (n, 2) float32
    video: np.ndarray  # bool
    groups: dict[str, Groups] = field(default_factory=dict)  # "tag", "folder"
    liked: np.ndarray | None = None  # bool
    disliked: np.ndarray | None = None
    skips: np.ndarray | None = None  # int32
    recent: list[int] = field(default_factory=list)  # media ids, newest first

    def __len__(self) -> int:
        return len(self.ids)

    def index_of(self, media_id: int | None) -> int:
        """The point of an item, or -1."""
        if media_id is None or not len(self.ids):
            return -1
        pos = int(np.searchsorted(self.ids, media_id))
        return pos if pos < len(self.ids) and self.ids[pos] == media_id else -1


def grouped(labels: list[str], limit: int = MAX_GROUPS) -> Groups:
    counts = Counter(labels)
    top = [name for name, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
    code_of = {name: i for i, name in enumerate(top)}
    rest = len(top)
    codes = np.fromiter((code_of.get(label, rest) for label in labels), dtype=np.int16, count=len(labels))
    names, sizes = list(top), [counts[n] for n in top]
    others = len(labels) - sum(sizes)
    if others:
        names.append(OTHER)
        sizes.append(others)
    return Groups(codes, names, sizes)


def folder_label(path: bytes, folder: bytes | None) -> str:
    if folder:
        root = folder.rstrip(b"/") + b"/"
        if path.startswith(root):
            rest = path[len(root):].split(b"/")
            return os.fsdecode(rest[0] if len(rest) > 1 else os.path.basename(folder.rstrip(b"/")))
    return os.fsdecode(os.path.basename(os.path.dirname(path)))


def load(store) -> MapData:
    points = store.map_points()
    ids = points["ids"]
    data = MapData(ids, np.stack([points["x"], points["y"]], axis=1).reshape(-1, 2), points["video"])
    labels = store.map_labels()
    by_id = {int(r[0]): r for r in labels}
    rows = [by_id.get(int(i)) for i in ids]
    data.groups["tag"] = grouped([(r[3] if r and r[3] else UNTAGGED) for r in rows])
    data.groups["folder"] = grouped([folder_label(bytes(r[1]), bytes(r[2]) if r[2] else None) if r else OTHER
                                     for r in rows])
    marks = store.feedback_marks()
    data.liked = np.isin(ids, [i for i, m in marks.items() if m == "like"])
    data.disliked = np.isin(ids, [i for i, m in marks.items() if m == "dislike"])
    skips = store.skip_counts()
    data.skips = np.zeros(len(ids), np.int32)
    if skips:
        skip_ids = np.fromiter(skips.keys(), np.int64)
        skip_n = np.fromiter(skips.values(), np.int32)
        at = np.searchsorted(ids, skip_ids)
        ok = (at < len(ids)) & (ids[np.minimum(at, max(len(ids) - 1, 0))] == skip_ids) if len(ids) else at < 0
        data.skips[at[ok]] = skip_n[ok]
    data.recent = store.recent_plays(RECENT)
    return data
