"""Auto-tags in reasons and For you: the shared-tags words, the favourite tag, the tagged-items read."""

from __future__ import annotations

from avrec_desktop.recommend.reasons import shared_tags, tag_shelf_reason, tags_reason
from avrec_desktop.recommend.tag_shelf import favourite_tag
from avrec_desktop.store import Store
from tags_testlib import item_tags, tag_items


def test_shared_tags_names_only_what_both_carry_best_first_at_most_two():
    assert shared_tags(("ambient", "electronic", "slow"), ("slow", "ambient", "piano")) == ["ambient", "slow"]
    # the best for both together: slow (places 1 + 1) and piano (2 + 0) before ambient (0 + 3)
    assert shared_tags(("ambient", "slow", "piano"), ("piano", "slow", "jazz", "ambient")) == ["slow", "piano"]
    assert shared_tags(("ambient", "slow", "piano"), ("piano", "slow", "ambient")) == ["ambient", "slow"]  # ties: the seed's order
    assert shared_tags(("rock",), ("rock", "guitar")) == ["rock"]
    assert shared_tags(("rock",), ("jazz",)) == []
    assert shared_tags((), ("rock",)) == [] and shared_tags(("rock",), None) == [] and shared_tags(None, ()) == []
    reason = tags_reason(3, 9, ["ambient", "slow"])
    assert (reason.kind, reason.text) == ("tags", "both ambient and slow")
    assert reason.data == {"tags": ["ambient", "slow"], "seed_id": 3, "media_id": 9}
    assert tags_reason(3, 9, ["rock"]).text == "both rock"


def test_the_favourite_tag_is_the_one_most_favourites_carry_and_needs_three():
    words = {1: ("ambient", "slow"), 2: ("slow", "ambient"), 3: ("ambient", "piano"), 4: ("slow",)}
    assert favourite_tag(words) in ("ambient", "slow")
    assert favourite_tag({**words, 5: ("slow",)}) == "slow"  # 4 carry slow, 3 ambient
    assert favourite_tag(words) == "ambient"  # a tie: ambient stands first more often (mean place 0.33 vs 0.67)
    assert favourite_tag({1: ("rock",), 2: ("rock",)}) is None  # two are not a taste yet
    assert favourite_tag({}) is None
    card = tag_shelf_reason("ambient", "audio", {"finished": [1, 2], "liked": [3]})
    assert card.text == "ambient, as are 3 tracks of yours: 2 you finished, 1 you liked"
    assert tag_shelf_reason("piano", "audio", {"finished": [], "liked": [4]}).text == \
        "piano, as are 1 track of yours: 1 you liked"


def test_ready_ids_tagged_matches_whole_auto_tags_of_ready_items(tmp_path):
    with Store(tmp_path / "db.sqlite3") as store:
        folder = store.add_folder("/m", "music")
        ids = [store.insert_media(folder_id=folder.id, path=f"/m/{n}.ogg", kind="audio", status="ready")
               for n in range(5)]
        tag_items(store, ids[:2], ["ambient", "slow"])
        tag_items(store, ids[2:3], ["slow"])
        store.put_tags(ids[3], item_tags(["electronic"]))
        store.update_media(ids[1], status="missing")
        assert store.ready_ids_tagged("ambient") == [ids[0]]
        assert store.ready_ids_tagged("slow") == [ids[0], ids[2]]
        assert store.ready_ids_tagged("electro") == [] and store.ready_ids_tagged("") == []
        assert store.ready_ids_tagged("slow", limit=1) == [ids[0]]
