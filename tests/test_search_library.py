"""``search``: typing filters by words (FTS5: prefixes, accents and case folded, every tag value); a few
results "by meaning" come separately, above a threshold; kinds and statuses respected."""

from __future__ import annotations

import numpy as np
import pytest

from avrec_desktop.errors import IndexError_
from avrec_desktop.index import LibraryIndexes
from avrec_desktop.recommend.search import search
from index_testlib import ACTIVE, DIMS, HashingTextEncoder, LibraryBuilder

ENCODER = HashingTextEncoder()

SONGS = [
    ("Blue Monday", "New Order", "Power, Corruption & Lies", "synth dance"),
    ("Blue Monday 88", "New Order", "Substance", "synth dance remix"),
    ("Monday Morning", "Fleetwood Mac", "Fleetwood Mac", "soft rock"),
    ("Crazy in Love", "Beyoncé", "Dangerously in Love", "rnb pop"),
    ("So What", "Miles Davis", "Kind of Blue", "jazz trumpet modal"),
    ("Take Five", "Dave Brubeck", "Time Out", "jazz piano saxophone"),
    ("Teardrop", "Massive Attack", "Mezzanine", "trip hop"),
]


@pytest.fixture
def lib(store, tmp_path):
    b = LibraryBuilder(store, tmp_path)
    ids = {}
    for title, artist, album, genre in SONGS:
        text = ENCODER.encode([f"{title} {artist} {album} {genre}"])[0]
        ids[title] = b.add(title=title, artist=artist, album=album, name=title.lower().replace(" ", "_"),
                           vectors={"text": text, "audio": b.random("audio")})
    ids["holiday"] = b.add(kind="video", name="holiday_in_rome_2019",
                           vectors={"text": ENCODER.encode(["holiday in rome 2019"])[0],
                                    "visual": b.random("visual")})
    ids["pending"] = b.add(title="Pending Song", artist="Nobody", status="pending")
    ids["missing"] = b.add(title="Blue Monday", artist="New Order", status="missing",
                           vectors={"text": ENCODER.encode(["Blue Monday New Order"])[0]})
    b.ids = ids
    return b


LOW = 0.2  # the hashing stand-in's cosines are lower than MiniLM's: one shared word of seven is ~0.38


def run(store, tmp_path, query, **kw):
    indexes = LibraryIndexes.open(store, ACTIVE, directory=tmp_path / "idx")
    kw.setdefault("meaning_min", LOW)
    return search(store, indexes, query, text_encoder=ENCODER, **kw)


def test_typing_a_title_finds_it_first(lib, store, tmp_path):
    out = run(store, tmp_path, "blue monday")
    assert [r.media.id for r in out.words] == [lib.ids["Blue Monday"], lib.ids["Blue Monday 88"]]
    assert out[0].matched == "title"
    assert lib.ids["missing"] not in [r.media.id for r in out]
    assert "text" in out[0].similarities


def test_artist_album_and_file_name_match_with_case_and_accents_ignored(lib, store, tmp_path):
    assert run(store, tmp_path, "BEYONCÉ")[0].media.id == lib.ids["Crazy in Love"]
    top = run(store, tmp_path, "fleetwood")[0]
    assert top.media.id == lib.ids["Monday Morning"] and top.matched == "artist"
    top = run(store, tmp_path, "Holiday in Rome")[0]
    assert top.media.id == lib.ids["holiday"] and top.matched == "filename"
    top = run(store, tmp_path, "mezzanine")[0]
    assert top.media.id == lib.ids["Teardrop"] and top.matched == "album"


def test_meaning_finds_items_without_a_letter_match(lib, store, tmp_path):
    out = run(store, tmp_path, "saxophone")
    assert out.words == [] and out.meaning[0].media.id == lib.ids["Take Five"]
    assert out.meaning[0].matched is None and out.meaning[0].similarities["text"] > LOW
    assert all(r.score >= LOW for r in out.meaning)
    assert run(store, tmp_path, "saxophone", meaning_min=0.9).meaning == []  # only above the threshold


def test_kind_filter_and_pending_items(lib, store, tmp_path):
    assert [r.media.id for r in run(store, tmp_path, "holiday rome", kind="audio")
            if r.matched] == []
    assert run(store, tmp_path, "holiday rome", kind="video")[0].media.id == lib.ids["holiday"]
    top = run(store, tmp_path, "pending song")[0]
    assert top.media.id == lib.ids["pending"] and top.similarities == {}


def test_clip_text_encoder_searches_the_visual_space(lib, store, tmp_path):
    sunset = np.zeros(DIMS["visual"], np.float32)
    sunset[3] = 1.0
    video = lib.add(kind="video", name="clip0001", vectors={"visual": sunset,
                                                             "text": ENCODER.encode(["clip0001"])[0]})

    class FakeClipText:
        name, version, dim, space = "clip-test", "1", DIMS["visual"], "visual"

        def encode(self, batch):
            return np.stack([sunset if "sunset" in t else -sunset for t in batch])

    indexes = LibraryIndexes.open(store, ACTIVE, directory=tmp_path / "idx")
    out = search(store, indexes, "a sunset over the sea", text_encoder=ENCODER,
                 clip_text_encoder=FakeClipText(), meaning_min=LOW)
    assert out[0].media.id == video and out[0].similarities["visual"] == pytest.approx(1.0)
    without = search(store, indexes, "a sunset over the sea", text_encoder=ENCODER, meaning_min=LOW)
    assert video not in [r.media.id for r in without[:1]]


def test_empty_query_and_mismatched_encoder(lib, store, tmp_path):
    assert len(run(store, tmp_path, "   ")) == 0 and len(run(store, tmp_path, "%*")) == 0
    other = HashingTextEncoder()
    other.version = "2"
    indexes = LibraryIndexes.open(store, ACTIVE, directory=tmp_path / "idx")
    with pytest.raises(IndexError_):
        search(store, indexes, "blue", text_encoder=other)


def test_sql_wildcards_and_fts_syntax_in_the_query_are_words(lib, store, tmp_path):
    lib.add(title="100% Pure", artist="Test")
    assert [r.media.title for r in run(store, tmp_path, "100%").words] == ["100% Pure"]
    for query in ('"blue', "blue -monday", "blue:mon", "blue*", "(blue)", "(blue", "blue^"):
        assert lib.ids["Blue Monday"] in [r.media.id for r in run(store, tmp_path, query).words], query


def test_typing_the_start_of_a_word_filters_to_what_has_it(lib, store, tmp_path):
    awakening = lib.add(title="Awakening", artist="Nobody Famous", vectors={"text": ENCODER.encode(["x"])[0]})
    out = run(store, tmp_path, "awak", meaning_min=0.5)
    assert [r.media.id for r in out.words] == [awakening] and out.meaning == []
    assert [r.media.id for r in run(store, tmp_path, "AWAKE").words] == [awakening]
    assert [r.media.id for r in run(store, tmp_path, "beyon crazy").words] == [lib.ids["Crazy in Love"]]


def test_every_value_of_a_multi_value_tag_is_searchable_and_the_first_is_shown(lib, store, tmp_path):
    beast = lib.add(title="The Beast of Insanity;Beast of Insanity", artist="Ghøst;Ghost", name="03 track")
    assert store.get_media(beast).display_title == "The Beast of Insanity"
    assert store.get_media(beast).display_artist == "Ghøst"
    for query in ("beast insan", "ghost", "ghøst", "03 track"):
        assert [r.media.id for r in run(store, tmp_path, query).words] == [beast], query
    whole = run(store, tmp_path, "beast of insanity").words[0]  # equals the second value: first place
    assert whole.media.id == beast and whole.matched == "title"


def test_word_index_follows_tag_edits_moves_and_removals(lib, store, tmp_path):
    media_id = lib.add(title="Old Name", artist="Someone")
    store.update_media(media_id, title="Brand New", genre="Shoegaze")
    assert run(store, tmp_path, "old name").words == []
    assert [r.media.id for r in run(store, tmp_path, "brand").words] == [media_id]
    top = run(store, tmp_path, "shoegaze").words[0]
    assert top.media.id == media_id and top.matched == "genre"
    store.relocate_media({media_id: {"path": f"{lib.folder.path}/renamed_fileword.mp3"}})
    assert [r.media.id for r in run(store, tmp_path, "fileword").words] == [media_id]
    store.conn.execute("DELETE FROM media WHERE id = ?", (media_id,))
    assert run(store, tmp_path, "brand").words == []


def test_word_matches_and_meaning_never_overlap(lib, store, tmp_path):
    out = run(store, tmp_path, "monday", meaning_min=-1.0)
    words = {r.media.id for r in out.words}
    assert words and not words & {r.media.id for r in out.meaning}

