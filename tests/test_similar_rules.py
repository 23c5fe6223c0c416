"""``similar``: seed excluded, only ready items of the seed's kind, duplicates collapsed, artists capped."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from avrec_desktop.errors import IndexError_, NotAnalysed, NotFound
from avrec_desktop.index import LibraryIndexes
from avrec_desktop.recommend.similar import similar
from index_testlib import ACTIVE, LibraryBuilder


@pytest.fixture
def b(store, tmp_path):
    return LibraryBuilder(store, tmp_path)


def open_indexes(store, tmp_path, **kw):
    return LibraryIndexes.open(store, ACTIVE, directory=tmp_path / "idx", **kw)


def background(b, artists=8, per=6):
    for a in range(artists):
        b.cluster(per, artist=f"bg {a}", noise=0.5)


def ids_of(results):
    return [r.media.id for r in results]


def test_excludes_seed_and_returns_fused_per_modality_scores(b, store, tmp_path):
    background(b)
    base = {s: b.random(s) for s in ("audio", "text")}
    seed, *close = [b.add(artist=f"a{i}", vectors={s: b.near(base[s], 0.2) for s in base}) for i in range(6)]
    out = similar(store, open_indexes(store, tmp_path), seed, k=5)
    assert seed not in ids_of(out)
    assert set(ids_of(out)) == set(close)
    assert [r.score for r in out] == sorted((r.score for r in out), reverse=True)
    for r in out:
        assert set(r.similarities) == {"audio", "text"}
        weights = {"audio": 0.7, "text": 0.3}
        assert r.score == pytest.approx(sum(w * r.similarities[s] for s, w in weights.items()), abs=1e-5)
        assert r.main_modality == max(r.similarities, key=lambda s: weights[s] * r.similarities[s])


def test_video_weights_renormalised_over_shared_modalities(b, store, tmp_path):
    spaces = ("visual", "audio", "text")
    base = {s: b.random(s) for s in spaces}
    seed = b.add(kind="video", vectors={s: b.near(base[s], 0.2) for s in spaces})
    video = b.add(kind="video", vectors={s: b.near(base[s], 0.4) for s in spaces})
    song = b.add(kind="audio", vectors={s: b.near(base[s], 0.4) for s in ("audio", "text")})
    out = {r.media.id: r for r in similar(store, open_indexes(store, tmp_path), seed, any_kind=True)}
    v, a = out[video], out[song]
    assert v.score == pytest.approx(0.5 * v.similarities["visual"] + 0.25 * v.similarities["audio"]
                                    + 0.25 * v.similarities["text"], abs=1e-5)
    assert set(a.similarities) == {"audio", "text"}
    assert a.score == pytest.approx((a.similarities["audio"] + a.similarities["text"]) / 2, abs=1e-5)


def test_never_missing_pending_or_failed_items(b, store, tmp_path):
    base = {s: b.random(s) for s in ("audio", "text")}
    seed, gone, pending, failed, fine = [b.add(vectors={s: b.near(base[s], 0.1) for s in base})
                                         for _ in range(5)]
    background(b, 3, 4)
    indexes = open_indexes(store, tmp_path)  # opened while all were ready: the index itself is stale
    store.update_media(gone, status="missing")
    store.update_media(pending, status="pending")
    store.update_media(failed, status="failed", error="boom")
    got = ids_of(similar(store, indexes, seed, k=10))
    assert fine in got and not {gone, pending, failed} & set(got)


def test_same_kind_by_default_any_kind_on_request(b, store, tmp_path):
    base = {s: b.random(s) for s in ("audio", "text")}
    seed = b.add(vectors={s: b.near(base[s], 0.1) for s in base})
    videos = [b.add(kind="video", vectors={s: b.near(base[s], 0.1) for s in base}) for _ in range(4)]
    songs = [b.add(vectors={s: b.near(base[s], 0.6) for s in base}) for _ in range(4)]
    indexes = open_indexes(store, tmp_path)
    assert set(ids_of(similar(store, indexes, seed, k=4))) == set(songs)
    assert set(videos) <= set(ids_of(similar(store, indexes, seed, k=4, any_kind=True)))


def test_search_widens_when_the_other_kind_fills_the_neighbourhood(b, store, tmp_path):
    base = {s: b.random(s) for s in ("audio", "text")}
    seed = b.add(vectors={s: b.near(base[s], 0.1) for s in base})
    for _ in range(300):
        b.add(kind="video", vectors={s: b.near(base[s], 0.1) for s in base})
    far_songs = [b.add(vectors={s: b.random(s) for s in base}) for _ in range(3)]
    for indexes in (open_indexes(store, tmp_path), open_indexes(store, tmp_path, exact_max=1, num_threads=1)):
        assert set(ids_of(similar(store, indexes, seed, k=10))) == set(far_songs)


def test_duplicates_collapse_and_the_seeds_own_copies_never_appear(b, store, tmp_path):
    background(b, 4, 5)
    base = {s: b.random(s) for s in ("audio", "text")}
    near = lambda noise=0.25: {s: b.near(base[s], noise) for s in base}  # noqa: E731
    seed = b.add(content_key="K-seed", title="Intro", artist="X", duration=100, vectors=near(0.05))
    seed_copy = b.add(content_key="K-seed", title="Other", artist="Y", duration=100, vectors=near())
    seed_retag = b.add(title="intro (Remastered)", artist="x", duration=101.5, vectors=near())
    twin_vec = near(0.3)
    twin_a = b.add(content_key="K-twin", title="T1", artist="A", duration=200, vectors=twin_vec)
    twin_b = b.add(content_key="K-twin", title="T1 copy", artist="B", duration=200, vectors=near())
    same_audio = b.add(title="T2", artist="C", duration=201,
                       vectors={"audio": twin_vec["audio"], "text": b.random("text")})
    live_take = b.add(title="Intro", artist="X", duration=160, vectors=near())
    out = ids_of(similar(store, open_indexes(store, tmp_path), seed, k=10))
    assert seed_copy not in out and seed_retag not in out
    assert len({twin_a, twin_b, same_audio} & set(out)) == 1
    assert live_take in out


def test_at_most_two_per_artist_unless_nothing_else(b, store, tmp_path):
    base = {s: b.random(s) for s in ("audio", "text")}
    seed = b.add(artist="Solo", vectors={s: b.near(base[s], 0.1) for s in base})
    mine = [b.add(artist="Solo feat. Guest" if i % 2 else "solo",
                  vectors={s: b.near(base[s], 0.15) for s in base}) for i in range(12)]
    others = [b.cluster(4, artist=f"other {a}", noise=0.5) for a in range(5)]
    indexes = open_indexes(store, tmp_path)
    out = similar(store, indexes, seed, k=10)
    assert len(out) == 10 and len(set(ids_of(out)) & set(mine)) == 2
    assert max(Counter(r.media.artist.lower().split(" feat")[0] for r in out).values()) == 2
    for group in others:  # leave only the seed's artist plus two others
        for media_id in group:
            store.update_media(media_id, status="missing")
    keep = [b.add(artist="lone", vectors={s: b.random(s) for s in base})]
    indexes.refresh(store)
    out = similar(store, indexes, seed, k=10)
    assert len(out) == 10 and len(set(ids_of(out)) & set(mine)) == 9 and keep[0] in ids_of(out)
    assert ids_of(out)[:2] == [i for i in ids_of(out) if i in mine][:2]


def test_single_modality_ranks_by_that_space_only(b, store, tmp_path):
    audio_base, text_base = b.random("audio"), b.random("text")
    seed = b.add(vectors={"audio": audio_base, "text": text_base})
    sounds_alike = b.add(vectors={"audio": b.near(audio_base, 0.1), "text": b.random("text")})
    named_alike = b.add(vectors={"audio": b.random("audio"), "text": b.near(text_base, 0.1)})
    background(b, 3, 3)
    indexes = open_indexes(store, tmp_path)
    assert ids_of(similar(store, indexes, seed, k=1, modality="audio")) == [sounds_alike]
    assert ids_of(similar(store, indexes, seed, k=1, modality="text")) == [named_alike]
    r = similar(store, indexes, seed, k=1, modality="audio")[0]
    assert set(r.similarities) == {"audio"} and r.score == pytest.approx(r.similarities["audio"])


def test_errors_unknown_unanalysed_wrong_modality_and_wrong_encoder(b, store, tmp_path):
    background(b, 2, 3)
    bare = b.add(title="Fresh")
    song = b.add(vectors={"audio": b.random("audio")})
    indexes = open_indexes(store, tmp_path)
    with pytest.raises(NotFound):
        similar(store, indexes, 999_999)
    with pytest.raises(NotAnalysed, match="not been analysed"):
        similar(store, indexes, bare)
    with pytest.raises(NotAnalysed, match="no visual"):
        similar(store, indexes, song, modality="visual")
    with pytest.raises(ValueError):
        similar(store, indexes, song, modality="smell")
    with pytest.raises(IndexError_):
        similar(store, indexes, song, active={"audio": ("sonic", "2")})


def test_seed_outside_the_index_uses_its_stored_vectors(b, store, tmp_path):
    base = {s: b.random(s) for s in ("audio", "text")}
    friends = [b.add(vectors={s: b.near(base[s], 0.1) for s in base}) for _ in range(3)]
    background(b, 3, 3)
    indexes = open_indexes(store, tmp_path)
    late = b.add(vectors={s: b.near(base[s], 0.1) for s in base})  # analysed after the index was opened
    assert set(ids_of(similar(store, indexes, late, k=3))) == set(friends)
    assert np.isfinite([r.score for r in similar(store, indexes, late, k=3)]).all()
