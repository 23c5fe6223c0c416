"""Which kind of similarity matters: facet weights learned from how seeded suggestions were received."""

from __future__ import annotations

import numpy as np
import pytest

from avrec_desktop.recommend.facet_learning import FacetLearner
from avrec_desktop.recommend.facets import FacetVectors
from index_testlib import LibraryBuilder
from taste_testlib import SONIC_ACTIVE, T0, group_block, open_indexes, play, recommender, sonic_vector


def test_the_facet_that_predicts_likes_gains_weight():
    rng = np.random.default_rng(0)
    learner = FacetLearner()
    for _ in range(300):
        rhythm = rng.uniform(-0.5, 1.0)
        sims = {"timbre": rng.uniform(-0.5, 1.0), "rhythm": rhythm, "harmony": rng.uniform(-0.5, 1.0)}
        liked = rhythm + rng.normal(0, 0.2) > 0.25
        learner.update(sims, 1.0 if liked else -1.0)
    m = learner.multipliers(["timbre", "rhythm", "harmony"])
    assert m["rhythm"] > 1.5
    assert m["timbre"] < 1.0 and m["harmony"] < 1.0
    assert learner.predict({"rhythm": 0.9}) > 0.7 > 0.3 > learner.predict({"rhythm": -0.4})


def test_without_pairs_every_facet_keeps_the_default_weight():
    learner = FacetLearner()
    assert learner.multipliers(["timbre", "text"]) == {"timbre": 1.0, "text": 1.0}
    learner.update({}, 1.0)
    learner.update({"timbre": 0.5}, 0.0)  # neutral outcomes teach nothing
    assert learner.pairs == 0


def test_sonic_audio_splits_into_feature_group_facets(store, tmp_path):
    b = LibraryBuilder(store, tmp_path)
    rng = np.random.default_rng(1)
    a = b.add(vectors={"audio": sonic_vector(rng)}, active=SONIC_ACTIVE)
    c = b.add(vectors={"audio": sonic_vector(rng)}, active=SONIC_ACTIVE)
    facets = FacetVectors(open_indexes(store, tmp_path, SONIC_ACTIVE))
    assert facets.names == ["timbre", "spectral", "harmony", "rhythm", "dynamics"]
    w = facets.default_weights("audio")
    assert sum(w.values()) == pytest.approx(0.7)  # the audio share of the default fusion
    pair = facets.pair(a, c)
    m = facets.gather([a, c])
    fused = facets.fused(m.take(np.array([0])), m.take(np.array([1])), facets.row_weights(["audio"]))[0, 0]
    assert fused == pytest.approx(np.mean(list(pair.values())), abs=1e-5)


def test_text_turned_off_is_no_facet(store, tmp_path):
    b = LibraryBuilder(store, tmp_path)
    b.cluster(3, spaces=("audio", "text"))
    ix = open_indexes(store, tmp_path)
    assert "text" in FacetVectors(ix).names
    assert FacetVectors(ix, {"audio"}).names == ["audio"]


def test_suggestions_followed_up_on_rhythm_teach_rhythm(store, tmp_path):
    """Finished suggestions share the seed's rhythm, skipped ones its timbre: rhythm wins, through
    ``record`` with a seed, and the relevance ranking follows."""
    b = LibraryBuilder(store, tmp_path)
    rng = np.random.default_rng(2)

    def add(blocks):
        return b.add(vectors={"audio": sonic_vector(rng, blocks)}, active=SONIC_ACTIVE)

    pairs = []
    for _ in range(30):
        blocks = {g: group_block(rng, g) for g in ("timbre", "rhythm")}
        seed = add(blocks)
        same_rhythm = add({"rhythm": blocks["rhythm"] + 0.3 * group_block(rng, "rhythm")})
        same_timbre = add({"timbre": blocks["timbre"] + 0.3 * group_block(rng, "timbre")})
        pairs.append((seed, same_rhythm, same_timbre))
    probe = {g: group_block(rng, g) for g in ("timbre", "rhythm")}
    probe_seed = add(probe)
    probe_rhythm = add({"rhythm": probe["rhythm"] + 0.3 * group_block(rng, "rhythm")})
    probe_timbre = add({"timbre": probe["timbre"] + 0.3 * group_block(rng, "timbre")})

    rec = recommender(store, tmp_path, SONIC_ACTIVE)

    def relevance(item):
        out = {s.media.id: s for s in rec.next(current_id=probe_seed, k=200, now=t, explore=0)}
        return out[item].parts["similarity"]

    t = T0
    before = {"rhythm": relevance(probe_rhythm), "timbre": relevance(probe_timbre)}
    for seed, liked, skipped in pairs:
        t = play(rec, liked, finished=True, ts=t, seed=seed)
        t = play(rec, skipped, finished=False, ts=t, seed=seed)
    m = rec.taste.facet_multipliers(rec.facets.names)
    assert m["rhythm"] > 1.2 > 1.0 > m["timbre"]
    assert m["rhythm"] == max(m.values())
    after = {"rhythm": relevance(probe_rhythm), "timbre": relevance(probe_timbre)}
    assert after["rhythm"] - after["timbre"] > before["rhythm"] - before["timbre"] + 0.1
    reasons = [r for s in rec.next(current_id=probe_seed, k=3, now=t, explore=0) for r in s.reasons
               if r.kind == "seed"]
    assert any(r.data["facet"] == "rhythm" and "(rhythm)" in r.text for r in reasons)


def test_gather_reads_every_row_in_one_look_up_and_as_vector_would(store, tmp_path, monkeypatch):
    """A query gathers ~300 candidates: one look-up per space, not a Python call per id (~3 ms)."""
    from avrec_desktop.index.space_index import SpaceIndex

    b = LibraryBuilder(store, tmp_path)
    audio_only = b.cluster(4, spaces=("audio",))
    both = b.cluster(5, spaces=("audio", "text"))
    facets = FacetVectors(open_indexes(store, tmp_path))
    ids = [both[2], 10_000, audio_only[0], both[2], -1, both[-1], audio_only[-1] + 1]
    expected = {}
    for space, ix in facets.indexes.items():
        vectors = [ix.vector(i) for i in ids]
        expected[space] = (np.array([v is not None for v in vectors]),
                           np.stack([np.zeros(ix.dim, np.float32) if v is None else v for v in vectors]))
    monkeypatch.setattr(SpaceIndex, "vector", lambda self, media_id: pytest.fail("one id at a time"))
    m = facets.gather(ids)
    for name in facets.names:
        space = next(f.space for f in facets.facets if f.name == name)
        have, rows = expected[space]
        assert m.present[name].tolist() == have.tolist()
        norms = np.linalg.norm(rows, axis=1)
        unit = np.where(have[:, None], rows / np.maximum(norms, 1e-30)[:, None], 0.0).astype(np.float32)
        assert np.array_equal(m.rows[name], unit)
    empty = facets.gather([])
    assert all(r.shape[0] == 0 for r in empty.rows.values())
