"""Quick vectors: the first-pass audio vector of a track, usable until its full analysis replaces it.

A quick vector is made by the active audio encoder on one short window from the middle of the track
(indexing/quick.py) and stored in the ``audio`` space under the encoder's name with the version
``<version>+quick``. The decision on mixing, written down once here:

- It is the same descriptor in the same space. ``sonic`` summarises frame features over whatever audio
  it is given (means, spreads, tempo, key profile); one 12 s window is a noisier estimate of the same
  numbers the full analysis takes over six 20 s windows, with the same layout, dimension and
  normalisation. So quick and full vectors of one encoder version are comparable by cosine, and the
  usable set of a space (what the indexes, the vector caches and "Play similar" read) is every vector of
  ``(space, encoder, version)`` *or* ``(space, encoder, version + QUICK_SUFFIX)``. A quick seed searches
  over quick + full vectors, and a full seed finds quick neighbours: a rougher neighbourhood for the
  first minutes, never a wrong-space one.
- It is never taken for a full vector: its version differs, so ``stale_embeddings`` reports it (the
  worker still owes the full analysis), a version change of the encoder leaves it out like any other
  old vector (``X+quick`` is not usable under version ``Y``), and the quick pass only runs for an
  encoder that declares the window comparable (``QUICK_ENCODERS`` in indexing/quick.py): a learned
  model whose window and track embeddings differ would need a space of its own.
- Replacing it rewrites the row (same ``(media_id, space)`` key) with a new ``created_at``: the index
  stamps (index/store_rows.py, a hash of every (id, vector time) pair) change, so the graph and the
  vector caches notice and refresh.
"""

from __future__ import annotations

# "+quick2": sonic + MusiCNN-MSD on one patch of the window (indexing/quick.py LEARNED_PATCHES); the old
# "+quick" (three patches of both nets) is no longer usable, so the two are never mixed. Bump on a change.
QUICK_SUFFIX = "+quick2"

# The usable vectors of one space, as SQL: its encoder and version or that version's quick vectors, of
# items that are ready. Numbered marks (?1 space, ?2 encoder, ?3 version), so ids bound after them follow.
USABLE_VECTORS = ("FROM embeddings e JOIN media m ON m.id = e.media_id "
                  f"WHERE e.space = ?1 AND e.encoder = ?2 AND e.version IN (?3, ?3 || '{QUICK_SUFFIX}') "
                  "AND m.status = 'ready'")


def quick_version(version: str) -> str:
    """The version a quick vector of ``version`` is stored under."""
    return f"{version}{QUICK_SUFFIX}"


def is_quick(version: str) -> bool:
    return version.endswith(QUICK_SUFFIX)


def usable_under(stored_version: str, active_version: str) -> bool:
    """Whether a vector stored with ``stored_version`` belongs to the space of ``active_version``."""
    return stored_version in (active_version, quick_version(active_version))
