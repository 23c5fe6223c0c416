"""Items' nearest neighbours, kept beside the index between processes while the vectors stay the same.

Up next searches around each of the user's favourites (``NextUp.candidate_ids``): 8 exact searches over a
space's whole matrix each time ``avrec next`` runs (~9 ms at 10k × 384), with the same answers as long as
the space's rows are the same, which they are while the store's vectors token (schema v15) is. The answers
(ids only, per item and ``k``) are kept in ``<space>.neighbours.json`` beside the vector cache, under that
token and the space's encoder, version and database; a different token or ``FORMAT`` starts an empty set.

Only for an index whose searches are exact over rows read under a known token (``rows_token``: the CLI's
indexes; not the window's, whose rows are refreshed and graphs installed); a search whose rows changed
while it ran is not kept. The file is a cache like the others: unreadable or unwritable means searching.
Bump ``FORMAT`` when the exact search's answer for the same rows changes (its ranking or tie-breaking).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import numpy as np

from avrec_desktop.index.persist import replace_file

FORMAT = 1
MAX_ITEMS = 64  # entries kept per file (the newest asked); favourites change slowly


def neighbours(ix, items: list[tuple[int, np.ndarray]], k: int) -> list[np.ndarray]:
    """The ids ``ix.search_many`` gives for each ``(media id, its vector in ix)``, best first."""
    token = ix.rows_token()
    if token is None or not items:
        return [ids for ids, _sims in ix.search_many([v for _, v in items], k)]
    path = Path(ix.directory) / f"{ix.space}.neighbours.json"
    key = {"format": FORMAT, "token": token, "space": ix.space, "encoder": ix.encoder, "version": ix.version,
           "database": ix.database}
    known = _load(path, key)
    asked = [f"{int(i)}@{int(k)}" for i, _ in items]  # an entry per item and k (Up next's k moves with adventure)
    missing = [(name, v) for name, (_, v) in zip(asked, items) if name not in known]
    if not missing:
        return [np.asarray(known[name], dtype=np.int64) for name in asked]
    answers = ix.search_many([v for _, v in missing], k)
    found = {name: ids for (name, _), (ids, _sims) in zip(missing, answers)}
    out = [found[name] if name in found else np.asarray(known[name], dtype=np.int64) for name in asked]
    if ix.rows_token() == token:  # the rows did not change while searching: the answers are theirs
        fresh = set(asked)
        older = [(i, ids) for i, ids in known.items() if i not in fresh]
        room = max(0, MAX_ITEMS - len(asked))
        kept = dict(older[len(older) - room:] if room else [])
        for i in asked:
            kept[i] = found[i].tolist() if i in found else known[i]
        _save(path, key, kept)
    return out


def _load(path: Path, key: dict) -> dict[str, list[int]]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or any(data.get(name) != value for name, value in key.items()):
        return {}
    items = data.get("items")
    if not isinstance(items, dict):
        return {}
    return {str(i): ids for i, ids in items.items()
            if isinstance(ids, list) and all(isinstance(x, int) for x in ids)}


def _save(path: Path, key: dict, items: dict[str, list[int]]) -> None:
    """Atomically, or not at all (an unwritable folder only means searching next time)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, json.dumps(dict(key, items=items)).encode())
