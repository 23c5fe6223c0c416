"""A 20k-item generated library in the real window: it opens with every row reachable, sorts by every
column both ways into exactly the store's order, and a search shows exactly the matching rows (letters
first, without waiting for the text model). Correctness only: the timings are ``avrec bench window``."""

import os
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt

from avrec_desktop.recommend.text_keys import fold
from avrec_desktop.ui.tasks import SyncTaskRunner

ROWS = 20_000
FAKE = "fake_encoders:make"
WAIT_MS = 60000


def _fill(store) -> list[dict]:
    """ROWS items with generated tags (ASCII: SQLite's NOCASE folds only ASCII), some plays and failures;
    every 151st title has the rare word "Zephyr" (what the search test looks for)."""
    from avrec_desktop.bench.window_library import GENRES, _artist, _title

    rng = np.random.default_rng(7)
    now = time.time()
    artists = [_artist(rng, a) for a in range(900)]
    titles = [_title(rng, n) for n in rng.integers(1, 4, 4000)]
    albums = [_title(rng, 2) for _ in range(1500)]
    rows = []
    for i in range(1, ROWS + 1):
        a = int(rng.integers(0, 900))
        title = titles[int(rng.integers(0, len(titles)))] if i % 97 else None  # a few untagged files
        if title and i % 151 == 1:
            title += " Zephyr"
        rows.append({"id": i, "path": f"/home/listener/Music/{artists[a]}/{i:05d} file.flac",
                     "kind": "video" if i % 10 == 0 else "audio",
                     "status": "failed" if i % 501 == 0 else ("pending" if i % 333 == 0 else "ready"),
                     "title": title, "artist": artists[a], "album": albums[int(rng.integers(0, len(albums)))],
                     "genre": GENRES[a % len(GENRES)] if i % 13 else None,
                     "duration": float(rng.integers(60, 600)) if i % 17 else None, "plays": 0, "last_played": None})
    plays = [(int(m), now - 1000 * j, "start") for j, m in enumerate(rng.integers(1, ROWS + 1, 3000))]
    with store.transaction() as conn:
        conn.execute("INSERT INTO folders(id, path, kind, online, added_at) VALUES (1, ?, 'music', 1, ?)",
                     (os.fsencode("/home/listener/Music"), now))  # a library with no folder shows the welcome
        conn.executemany(
            "INSERT INTO media(id, path, kind, status, title, artist, album, genre, duration, added_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r["id"], os.fsencode(r["path"]), r["kind"], r["status"], r["title"], r["artist"], r["album"],
              r["genre"], r["duration"], now, now) for r in rows])
        conn.executemany("INSERT INTO events(media_id, ts, type) VALUES (?, ?, ?)", plays)
    for m, ts, _t in plays:
        row = rows[m - 1]
        row["plays"] += 1
        row["last_played"] = max(ts, row["last_played"] or ts)
    return rows


def _expected(rows, key: str, descending: bool) -> list[int]:
    """The store's order (NULLs first ascending, then numbers or natural text keys; ties by id ascending
    both ways), computed here."""
    from avrec_desktop.store.sort_keys import tag_key, title_key

    def value(r):
        if key == "title":  # natural sort keys (store.sort_keys): an untagged title sorts by its file name
            return (1, title_key(r["title"], os.fsencode(r["path"])))
        if key in ("artist", "album", "genre"):
            v = tag_key(r[key])
            return (0, 0) if v is None else (1, v)
        v = r[key]
        return (0, 0) if v is None else (1, v.lower() if isinstance(v, str) else v)
    audio = sorted((r for r in rows if r["kind"] == "audio"), key=lambda r: r["id"])
    return [r["id"] for r in sorted(audio, key=value, reverse=descending)]


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """One generated database for the module (the tests only read it)."""
    from avrec_desktop.store import Store

    path = tmp_path_factory.mktemp("lib20k") / "library.sqlite3"
    with Store(path) as store:
        rows = _fill(store)
    return path, rows


@pytest.fixture
def window(qtbot, qapp, library, monkeypatch):
    from avrec_desktop.ui.app import build

    path, rows = library
    monkeypatch.setenv("AVREC_DB", str(path))
    w = build(qapp, runner=SyncTaskRunner(), encoders_factory=FAKE, start_background=False)
    qtbot.addWidget(w)
    w.show()
    w.show_page("Music")
    w.rows = rows
    yield w
    w.controller.player.close()
    w.controller.core.close()


def _all_ids(model) -> list[int]:
    return [model.media_id_at(r) for r in range(model.total)]


def test_a_20k_library_opens_with_every_row_reachable(window, qtbot):
    model = window.music.model
    audio = [r for r in window.rows if r["kind"] == "audio"]
    qtbot.waitUntil(lambda: model.total == len(audio), timeout=WAIT_MS)
    assert _all_ids(model) == _expected(window.rows, "title", False)
    table = window.music.table
    table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == len(audio), timeout=WAIT_MS)  # the scrollbar reaches the end
    last = next(r for r in window.rows if r["id"] == model.media_id_at(len(audio) - 1))
    assert model.index(len(audio) - 1, 1).data() == last["artist"]


@pytest.mark.parametrize("descending", [False, True])
def test_sorting_by_every_column_gives_the_store_order(window, qtbot, descending):
    from avrec_desktop.ui.library_model import COLUMNS

    model, table = window.music.model, window.music.table
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    by_id = {r["id"]: r for r in window.rows}
    for column, (key, _header) in enumerate(COLUMNS):
        table.sortByColumn(column, order)
        want = _expected(window.rows, key, descending)
        qtbot.waitUntil(lambda: model.settled and _all_ids(model) == want, timeout=WAIT_MS)
        for row in (0, 1234, len(want) - 1):  # and the cells on those rows are that item's
            item = by_id[want[row]]
            assert model.index(row, 1).data() == item["artist"], (key, row)
            assert model.index(row, 0).data(Qt.ItemDataRole.UserRole + 1) == item["id"]


def test_a_search_shows_exactly_the_matching_rows_and_clearing_it_restores_the_library(window, qtbot):
    model, view = window.music.model, window.music
    audio = {r["id"]: r for r in window.rows if r["kind"] == "audio" and r["status"] != "failed"}
    word = "zephyr"
    fields = ("title", "artist", "album")
    want = {i for i, r in audio.items()
            if any(word in fold(r[f] or "") for f in fields) or word in fold(os.path.basename(r["path"]))}
    assert 50 < len(want) < 500  # all of them fit in one answer
    emitted = []
    window.controller.search_ready.connect(lambda text, ids: emitted.append(ids))
    view.search_box.setText(word)
    qtbot.waitUntil(lambda: model.filtered and model.settled and set(_all_ids(model)) == want, timeout=WAIT_MS)
    assert set(emitted[0]) == want  # the first answer is by letters: no text model in the way
    for row in range(model.rowCount()):  # every shown row has the word in one of its fields
        texts = [model.index(row, c).data() or "" for c in range(3)]
        item = audio[model.media_id_at(row)]
        assert any(word in fold(t) for t in texts) or word in fold(item["path"])
    view.search_box.clear()
    qtbot.waitUntil(lambda: not model.filtered and model.total == len([r for r in window.rows
                                                                      if r["kind"] == "audio"]), timeout=WAIT_MS)
