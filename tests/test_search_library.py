"""``search``: letters find titles first; meaning finds the rest; kinds and statuses respected."""

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


def run(store, tmp_path, query, **kw):
    indexes = LibraryIndexes.open(store, ACTIVE, directory=tmp_path / "idx")
    return search(store, indexes, query, text_encoder=ENCODER, **kw)


def test_typing_a_title_finds_it_first(lib, store, tmp_path):
    out = run(store, tmp_path, "blue monday")
    assert out[0].media.id == lib.ids["Blue Monday"] and out[0].matched == "title"
    assert out[1].media.id == lib.ids["Blue Monday 88"]
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
    assert out[0].media.id == lib.ids["Take Five"] and out[0].matched is None
    assert out[0].similarities["text"] > 0.2


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
                 clip_text_encoder=FakeClipText())
    assert out[0].media.id == video and out[0].similarities["visual"] == pytest.approx(1.0)
    without = search(store, indexes, "a sunset over the sea", text_encoder=ENCODER)
    assert video not in [r.media.id for r in without[:1]]


def test_empty_query_and_mismatched_encoder(lib, store, tmp_path):
    assert run(store, tmp_path, "   ") == []
    other = HashingTextEncoder()
    other.version = "2"
    indexes = LibraryIndexes.open(store, ACTIVE, directory=tmp_path / "idx")
    with pytest.raises(IndexError_):
        search(store, indexes, "blue", text_encoder=other)


def test_sql_wildcards_in_the_query_are_literal(lib, store, tmp_path):
    lib.add(title="100% Pure", artist="Test")
    out = run(store, tmp_path, "100%")
    assert out[0].media.title == "100% Pure"
