"""The cover and tag records live in store/item_records.py (made only where a row is read) and are still
importable under their old names from store/covers.py and store/tags.py, as the very same classes."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from avrec_desktop.store import Store


def test_old_names_are_the_classes_the_store_returns(tmp_path):
    from avrec_desktop.store import item_records
    from avrec_desktop.store.covers import CoverRow
    from avrec_desktop.store.tags import ItemTags

    assert CoverRow is item_records.CoverRow and ItemTags is item_records.ItemTags
    store = Store(tmp_path / "lib.sqlite3")
    try:
        folder = store.add_folder(str(tmp_path / "m"), "mixed")
        media_id = store.insert_media(folder_id=folder.id, path=str(tmp_path / "m" / "a.flac"), kind="audio",
                                      title="A", status="ready")
        assert store.set_cover(media_id, "ab.jpg", "embedded")
        assert store.cover_of(media_id) == CoverRow(media_id, "ab.jpg", "embedded", None)
        assert store.covers_of([media_id]) == {media_id: CoverRow(media_id, "ab.jpg", "embedded", None)}
        store.put_tags(media_id, ItemTags("enc", "1", np.array([0.25, 0.75], np.float32), ("calm",)))
        got = store.tags_of(media_id)
        assert type(got) is ItemTags and got.words == ("calm",) and got.probs.tolist() == [0.25, 0.75]
    finally:
        store.close()


def test_unknown_names_still_raise():
    import avrec_desktop.store.covers as covers
    import avrec_desktop.store.tags as tags

    with pytest.raises(AttributeError):
        covers.NoSuchThing  # noqa: B018
    with pytest.raises(AttributeError):
        tags.NoSuchThing  # noqa: B018


def test_opening_the_store_makes_neither_record(tmp_path):
    probe = ("import sys\nfrom avrec_desktop.store import Store\n"
             f"s = Store({str(tmp_path / 'x.sqlite3')!r}); s.close()\n"
             "made = [m for m in ('covers', 'tags') if {'CoverRow', 'ItemTags'} & set(vars(sys.modules["
             "'avrec_desktop.store.' + m]))]\n"
             "print('avrec_desktop.store.item_records' in sys.modules, made)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "False []"
