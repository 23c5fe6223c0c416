"""The window's first answer to a search (ids only) is exactly the word matches of the full search."""

from __future__ import annotations

from avrec_desktop.recommend.search import search, word_match_ids
from index_testlib import LibraryBuilder


def test_word_match_ids_are_the_full_searchs_word_matches_in_order(store, tmp_path):
    b = LibraryBuilder(store, tmp_path)
    titles = ["Blue River", "Blue", "blue river blues", "River of Blue", "Red River", "Blueprint", "blue"]
    for i, title in enumerate(titles):
        b.add(title=title, artist="Ann Blue" if i % 2 else "Bo", name=f"river_{i}")
    b.add(kind="video", title="Blue film")
    b.add(title="Blue pending", status="pending")
    for query, kind in (("blue", None), ("blue", "audio"), ("blue river", "audio"), ("riv", None),
                        ("ann", "audio"), ("zzz", None), ("", None)):
        full = [r.media.id for r in search(store, {}, query, k=500, kind=kind, text_encoder=None)]
        assert word_match_ids(store, query, k=500, kind=kind) == full, query
    assert word_match_ids(store, "blue", k=2) == [r.media.id for r in search(
        store, {}, "blue", k=2, text_encoder=None)]
