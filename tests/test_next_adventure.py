"""Familiar ⟷ adventurous (issue #10): one number moves Up next between closeness to what is playing,
taste and exploration. Over many refills on a generated library, catalogue coverage rises and the mean
similarity to the playing item falls with it; 0.5 is today's Up next; every suggestion says its side,
truthfully from the term that put it there; ``avrec next --adventure`` checks its range."""

from __future__ import annotations

import json

import numpy as np
import pytest

from avrec_desktop.errors import BadArgument
from avrec_desktop.recommend import adventure as A
from avrec_desktop.recommend.next_up import NextParams
from index_testlib import LibraryBuilder
from taste_testlib import T0, clusters, play, recommender

LEVELS = (0.0, 0.25, 0.5, 0.75, 1.0)


def library(store, tmp_path, seed=11):
    """12 clusters of 15 (180 items); the listener finished 4 items of each of clusters 0 and 1."""
    b = LibraryBuilder(store, tmp_path, seed=seed)
    groups = clusters(b, 12, 15, noise=0.3)
    rec = recommender(store, tmp_path)
    t = T0
    for c in (0, 1):
        for media_id in groups[c][:4]:
            t = play(rec, media_id, finished=True, ts=t)
    return rec, groups, t + 25 * 3600  # a day later: the plays' replay penalties have faded


def measure(rec, groups, now, adventure, *, seeds=tuple(range(10))):
    """(coverage, mean similarity): over 12 playing items (one per cluster) × 10 generator seeds of
    10-item refills, the share of the library suggested at least once, and the mean fused similarity of
    every suggestion to the item playing when it was suggested."""
    library_size = sum(len(g) for g in groups)
    seen, sims = set(), []
    for g in groups:
        for seed in seeds:
            out = rec.next(current_id=g[5], k=10, now=now, adventure=adventure,
                           rng=np.random.default_rng([seed, g[5]]))
            seen.update(s.media.id for s in out)
            sims += [s.parts["similarity"] for s in out]
    return len(seen) / library_size, float(np.mean(sims))


@pytest.mark.parametrize("library_seed", [11, 2])
def test_coverage_rises_and_similarity_falls_with_adventure(store, tmp_path, library_seed):
    rec, groups, now = library(store, tmp_path, seed=library_seed)
    numbers = [measure(rec, groups, now, a) for a in LEVELS]
    print("adventure coverage mean-similarity")
    for a, (coverage, sim) in zip(LEVELS, numbers):
        print(f"{a:.2f} {coverage:.3f} {sim:.3f}")
    coverage = [c for c, _ in numbers]
    similarity = [s for _, s in numbers]
    assert all(x < y for x, y in zip(coverage, coverage[1:])), numbers
    assert all(x > y for x, y in zip(similarity, similarity[1:])), numbers


def test_the_middle_is_todays_up_next_and_the_mapping_is_monotone():
    base = NextParams()
    assert base.with_adventure(A.DEFAULT) is base
    steps = [base.with_adventure(a) for a in np.linspace(0, 1, 21)]
    for name in A.ENDS:
        values = [getattr(p, name) for p in steps]
        assert values == sorted(values) or values == sorted(values, reverse=True), name
    low, high = steps[0], steps[-1]
    assert low.relevance_weight > base.relevance_weight > high.relevance_weight
    assert low.explore == 0 < base.explore < high.explore
    assert low.random_candidates < base.random_candidates < high.random_candidates
    assert low.fresh_weight < base.fresh_weight < high.fresh_weight
    assert low.taste_weight == base.taste_weight == high.taste_weight
    for bad in (-0.1, 1.01, float("nan"), "lots"):
        with pytest.raises(BadArgument, match="from 0"):
            base.with_adventure(bad)


def test_default_adventure_gives_the_same_list_as_before(store, tmp_path):
    rec, groups, now = library(store, tmp_path)
    for g in groups[:4]:
        plain = rec.next(current_id=g[5], k=10, now=now, rng=np.random.default_rng(3))
        middle = rec.next(current_id=g[5], k=10, now=now, adventure=0.5, rng=np.random.default_rng(3))
        assert [s.media.id for s in plain] == [s.media.id for s in middle]


def test_each_suggestion_says_its_side_from_the_term_that_selected_it(store, tmp_path):
    rec, groups, now = library(store, tmp_path)
    counts = {}
    for a in (0.0, 1.0):
        sides = []
        for g in groups:
            for s in rec.next(current_id=g[5], k=10, now=now, adventure=a, rng=np.random.default_rng(g[5])):
                side_reasons = [r for r in s.reasons if r.kind == "side"]
                assert len(side_reasons) == 1 and side_reasons[0].data["side"] == s.side
                assert side_reasons[0].text == A.SIDE_TEXT[s.side]
                if s.parts["explore"]:
                    assert s.side == "adventurous"
                sides.append(s.side)
        counts[a] = {side: sides.count(side) for side in A.SIDE_TEXT}
    # familiar: closeness selects most of the list and nothing is explored; adventurous: the other way
    assert counts[0.0]["familiar"] > counts[1.0]["familiar"]
    assert counts[0.0]["adventurous"] < counts[1.0]["adventurous"]
    assert counts[1.0]["taste"] + counts[1.0]["adventurous"] > counts[0.0]["taste"] + counts[0.0]["adventurous"]


def test_the_side_is_the_part_that_lifts_a_pick_above_the_median_candidate():
    from types import SimpleNamespace

    from avrec_desktop.recommend.selection import Picked

    parts = {"relevance": np.array([0.9, 0.2, 0.2, 0.2]), "taste": np.array([0.1, 0.1, 1.5, 0.1]),
             "fresh": np.array([0.1, 0.1, 0.1, 0.1])}
    table = SimpleNamespace(parts=parts, ids=np.arange(4))
    picks = [Picked(0), Picked(2), Picked(3, explored=True)]
    assert A.sides(table, picks, seed=object()) == {0: "familiar", 2: "taste", 3: "adventurous"}
    # nothing playing: closeness cannot have selected anything
    assert A.sides(table, [Picked(0)], seed=None)[0] != "familiar"


def test_cli_next_takes_an_adventure_and_says_the_side(store, tmp_path, capsys, monkeypatch):
    from avrec_desktop.cli import main
    from avrec_desktop.encoders.registry import encoder_signatures

    active = {space: encoder_signatures()[space] for space in ("audio",)}
    b = LibraryBuilder(store, tmp_path, seed=3)
    bases = [b.random("audio") for _ in range(3)]
    items = [b.add(artist=f"artist {i}", vectors={"audio": b.near(bases[i % 3], 0.3)}, active=active)
             for i in range(24)]
    monkeypatch.setenv("AVREC_DB", str(tmp_path / "library.sqlite3"))
    seed = str(items[0])
    assert main(["next", "--after", seed, "--adventure", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["suggestions"] and all(s["side"] in A.SIDE_TEXT for s in out["suggestions"])
    assert all(any(r["kind"] == "side" for r in s["reasons"]) for s in out["suggestions"])
    assert main(["next", "--after", seed, "--adventure", "0.25"]) == 0
    text = capsys.readouterr().out
    assert any(side in text for side in A.SIDE_TEXT.values())
    assert main(["next", "--after", seed, "--adventure", "1.5"]) != 0
    err = capsys.readouterr().err.strip()
    assert "adventure must be from 0 (familiar) to 1 (adventurous)" in err and len(err.splitlines()) == 1


def test_the_median_candidate_is_np_median_to_the_bit():
    rng = np.random.default_rng(3)
    for n in (1, 2, 3, 4, 7, 10, 251, 400):
        for dtype in (np.float32, np.float64):
            values = rng.normal(size=n).astype(dtype)
            assert A.median(values) == float(np.median(values))
            values[rng.integers(n)] = np.nan
            assert np.isnan(A.median(values))
    assert A.median(np.array([1.0, 1.0, 2.0, 2.0])) == 1.5


def test_sides_do_not_import_numpy_ma():
    """``np.median`` imports numpy.ma on first use: ~11 ms of every ``avrec next`` with picks."""
    import subprocess
    import sys

    code = ("import sys, numpy as np\n"
            "from types import SimpleNamespace\n"
            "from avrec_desktop.recommend import adventure as A\n"
            "from avrec_desktop.recommend.selection import Picked\n"
            "parts = {'relevance': np.array([0.9, 0.2, 0.3]), 'taste': np.array([0.1, 1.5, 0.1])}\n"
            "table = SimpleNamespace(parts=parts, ids=np.arange(3))\n"
            "assert A.sides(table, [Picked(0), Picked(1)], seed=object()) == {0: 'familiar', 1: 'taste'}\n"
            "print('numpy.ma' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"
