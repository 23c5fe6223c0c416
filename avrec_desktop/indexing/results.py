"""Writing one file's analysis to the store: all of it in one transaction, or nothing."""

from __future__ import annotations

import sqlite3
import time

from avrec_desktop.indexing.analyse import Outcome
from avrec_desktop.store import Store

INFO_FIELDS = ("kind", "duration", "title", "artist", "album", "genre", "year", "track_no", "width",
               "height", "audio_codec", "video_codec")


def write_outcome(store: Store, outcome: Outcome) -> bool:
    """Store embeddings (or the failure), stamp the content key it ran on, finish the job.

    An item that went missing meanwhile stays missing (its vectors are kept for when it returns);
    an item deleted meanwhile (folder removed) is skipped. Returns False when nothing was written.
    """
    item = outcome.item
    fields: dict = {}
    if outcome.info is not None:
        fields = {name: getattr(outcome.info, name, None) for name in INFO_FIELDS}
        fields = {k: v for k, v in fields.items() if v is not None}
    if outcome.quick:  # a first-pass vector: the item answers "Play similar", the job stays queued
        fields["updated_at"] = time.time()
        try:
            return store.record_quick(item.id, fields, outcome.embeddings)
        except sqlite3.IntegrityError:
            return False
    status = "ready" if outcome.ok else "failed"
    fields.update(error=outcome.error, analysed_key=item.content_key, updated_at=time.time())
    try:
        with store.transaction():  # the vectors and the tags heard with them land together
            written = store.record_analysis(item.id, fields, status, outcome.embeddings if outcome.ok else [])
            if written and outcome.ok:
                store.put_tags(item.id, outcome.tags)
    except sqlite3.IntegrityError:
        return False
    cover = getattr(outcome.info, "cover", None)
    if written and cover is not None:
        store.set_cover(item.id, cover.file, cover.source, cover.note)
    return written


def requeue_stale(store: Store, signatures: dict[str, tuple[str, str]]) -> int:
    """Queue every ready item whose vector in a space came from another encoder or version."""
    count = 0
    for space, (name, version) in signatures.items():
        for media_id in store.stale_embeddings(space, name, version):
            store.enqueue(media_id)
            count += 1
    return count


# Spaces that can become active after a library was analysed, and the kinds of item each serves
# (analyse.Decoded.input_for). The base spaces (audio, visual, text) always have an encoder: installing
# CLIP changes the visual one's signature, so its videos show up as stale above. A new space has no
# vector to be stale: its items are found missing instead.
OPTIONAL_SPACES: dict[str, tuple[str, ...]] = {"clap": ("audio",)}
FILLED_KEY = "indexing.filled.{space}"  # setting: the signature the space's missing items were queued for


def requeue_missing(store: Store, signatures: dict[str, tuple[str, str]]) -> int:
    """Queue every ready item that has no vector in an optional space made active since it was analysed;
    the item is analysed again in full (every encoder runs), like a stale one.

    Once per active signature: an item whose vector could not be made then (a failed secondary space
    stores none) is not analysed again at every start. A space that is gone (model removed) forgets its
    signature, so items analysed without it are filled when it comes back."""
    count = 0
    for space, kinds in OPTIONAL_SPACES.items():
        key = FILLED_KEY.format(space=space)
        done = store.get_setting(key, "")
        if space not in signatures:
            if done:
                store.set_setting(key, "")
            continue
        stamp = "@".join(signatures[space])
        if done == stamp:
            continue
        for media_id in store.missing_embeddings(space, kinds):
            store.enqueue(media_id)
            count += 1
        store.set_setting(key, stamp)
    return count
