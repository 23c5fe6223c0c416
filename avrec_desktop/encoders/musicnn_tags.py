"""MusiCNN's tag vocabulary and auto-tags, without torch: what a query needs to read stored tag probabilities.

Per item the store keeps 100 probabilities (``store/tags.py``): MusiCNN MSD's 50 tags then MTT's 50, in the
order of ``TAG_NAMES`` (read from the shipped ``weights/musicnn/tags.json``; the nets carry the same lists,
``tests/test_musicnn_tags.py`` checks they agree). Each probability is the mean over the track's patches.

Auto-tags are the words a person can search by: the two models' tags merged by name (lower-cased; a tag
both models know takes the higher probability), the negative ones ("no vocals", "no voice") said as
"instrumental" so a search for "vocal" never finds them, then the ``MAX_AUTO_TAGS`` most probable at or
above ``TAG_THRESHOLD``. Measured on the seven real tracks of ../shared/data (8 patches each): the top
tag's probability is 0.29-0.58, the 4th 0.19-0.46; 0.2 keeps 1-6 tags a track ("ambient, electronic,
drums, slow" for an ambient electronic piece) and no tag under one in five.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights" / "musicnn"
MODELS = ("MSD", "MTT")
TAG_THRESHOLD = 0.2
MAX_AUTO_TAGS = 6
SAID_AS = {"no vocals": "instrumental", "no vocal": "instrumental", "no voice": "instrumental"}


@functools.lru_cache(maxsize=1)
def model_tags() -> dict[str, tuple[str, ...]]:
    """Each model's 50 tag names, in its output order."""
    data = json.loads((WEIGHTS_DIR / "tags.json").read_text(encoding="utf-8"))
    return {name: tuple(data[name]) for name in MODELS}


def tag_names() -> list[tuple[str, str]]:
    """(model, tag) of each stored probability, in order: MSD's 50 then MTT's 50."""
    tags = model_tags()
    return [(model, tag) for model in MODELS for tag in tags[model]]


def merged(probs) -> dict[str, float]:
    """Tag word → probability, both models merged by lower-cased name (the higher wins)."""
    names = tag_names()
    if len(probs) != len(names):
        return {}
    out: dict[str, float] = {}
    for (_model, tag), p in zip(names, probs):
        word = tag.lower()
        word = SAID_AS.get(word, word)
        p = float(p)
        if p > out.get(word, -1.0):
            out[word] = p
    return out


def top_tags(probs, k: int = 10) -> list[tuple[str, float]]:
    """The ``k`` most probable merged tags, best first (ties by name)."""
    return sorted(merged(probs).items(), key=lambda kv: (-kv[1], kv[0]))[:k]


def auto_tags(probs, threshold: float = TAG_THRESHOLD, limit: int = MAX_AUTO_TAGS) -> list[str]:
    """The searchable tags of one item (see the module docstring), best first."""
    return [tag for tag, p in top_tags(probs, limit) if p >= threshold]
