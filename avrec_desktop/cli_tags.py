"""``avrec tags ITEM``: what the learned music model hears in a track — its top tags and auto-tags.

Reads the stored tag probabilities (store/tags.py) with the tag names of ``encoders.musicnn_tags``; no
model runs (no torch): the worker computed them with the track's audio vector.
"""

from __future__ import annotations

from avrec_desktop.cli_output import emit_json
from avrec_desktop.store.records import printable_path

TOP = 10


def tags_json(store, media_id: int, k: int = TOP) -> dict | None:
    """The item's top ``k`` tags (merged MSD + MTT, best first), auto-tags and who made them; None if none."""
    from avrec_desktop.encoders.musicnn_tags import top_tags

    tags = store.tags_of(media_id)
    if tags is None:
        return None
    return {"encoder": tags.encoder, "version": tags.version, "auto_tags": list(tags.words),
            "top": [{"tag": t, "probability": round(p, 4)} for t, p in top_tags(tags.probs, k)]}


def cmd_tags(args) -> int:
    from avrec_desktop.core import AppCore

    core = AppCore(index_graph="off")
    try:
        item = core.resolve_item(args.item)
        found = tags_json(core.store, item.id, args.k)
    finally:
        core.close()
    if args.json:
        emit_json({"id": item.id, "path": item.path, "tags": found})
        return 0
    print(f"{item.display_title}  [{printable_path(item.path)}]")
    if found is None:
        print("  no tags yet (the learned model has not analysed it: see `avrec status`)")
        return 0
    print("  auto-tags: " + (", ".join(found["auto_tags"]) or "none above the threshold"))
    for row in found["top"]:
        print(f"  {row['probability']:.2f}  {row['tag']}")
    return 0
