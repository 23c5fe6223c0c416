"""The window's Similar panel uses ``avrec similar``'s rules: one dominating artist gets no more than the
top-10 artist cap in its first rows (a plain top 20 would allow 4), and each row has 0..1 bars per modality."""

from __future__ import annotations

from collections import Counter

from avrec_desktop.index import LibraryIndexes
from avrec_desktop.recommend.diversity import artist_cap
from avrec_desktop.recommend.similar import similar, similar_panel
from index_testlib import ACTIVE, LibraryBuilder


def test_one_dominating_artist_fills_no_more_than_the_cap_of_the_panels_top_rows(store, tmp_path):
    b = LibraryBuilder(store, tmp_path, seed=3)
    base = {s: b.random(s) for s in ("audio", "text")}
    seed, *same = [b.add(artist="Dominant", title=f"D {i}", vectors={s: b.near(base[s], 0.1) for s in base})
                   for i in range(25)]
    others = [b.add(artist=f"Other {i}", title=f"O {i}", vectors={s: b.near(base[s], 0.6) for s in base})
              for i in range(8)]
    for a in range(4):
        b.cluster(5, artist=f"far {a}", noise=0.5)
    indexes = LibraryIndexes.open(store, ACTIVE, directory=tmp_path / "idx")

    plain = similar(store, indexes, seed, k=20)  # what the panel showed: a top 20 allows 4 of one artist
    assert [r.media.artist for r in plain[:4]] == ["Dominant"] * 4

    panel = similar_panel(store, indexes, seed, k=20)
    assert len(panel) == 20 and seed not in [r.media.id for r in panel]
    for depth in (4, 10):
        top = Counter(r.media.artist for r in panel[:depth])
        assert top["Dominant"] <= artist_cap(10) == 2, (depth, top)
    assert {r.media.id for r in panel[:4]} & set(others)
    assert [r.media.id for r in panel] == [r.media.id for r in similar(store, indexes, seed, k=20, cap_k=10)]
    for r in panel:
        assert set(r.bars) == {"audio", "text"} and all(0.0 <= v <= 1.0 for v in r.bars.values())
        assert all(r.bars[s] == max(0.0, min(1.0, r.similarities[s])) for s in r.bars)
