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
