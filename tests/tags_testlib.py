"""Auto-tags written straight through the store, with probabilities that agree with the words.

``item_tags(["ambient", "slow"])`` gives an ``ItemTags`` whose 100 probabilities (MSD then MTT, the
tagger's order) put each named tag well above the auto-tag threshold (the first highest) and every other
tag far below it, and whose words are what ``auto_tags`` makes of them: what the worker would store.
"""

from __future__ import annotations

import numpy as np

from avrec_desktop.encoders.musicnn_tags import SAID_AS, TAG_THRESHOLD, auto_tags, tag_names
from avrec_desktop.store.tags import ItemTags

LOW = 0.03


def item_tags(words, encoder: str = "sonic-musicnn", version: str = "1") -> ItemTags:
    probs = np.full(len(tag_names()), LOW, dtype=np.float32)
    wanted = {w: 0.8 - 0.1 * i for i, w in enumerate(words)}
    for n, (_model, tag) in enumerate(tag_names()):
        word = SAID_AS.get(tag.lower(), tag.lower())
        if word in wanted:
            probs[n] = wanted[word]
    made = tuple(auto_tags(probs))
    assert set(made) == set(words) and min(wanted.values(), default=1.0) >= TAG_THRESHOLD, (words, made)
    return ItemTags(encoder, version, probs, made)


def tag_items(store, ids, words) -> None:
    for media_id in ids:
        store.put_tags(int(media_id), item_tags(words))
