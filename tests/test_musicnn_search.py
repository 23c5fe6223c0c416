"""With the shipped MusiCNN weights on real music (../shared/data, skipped when absent): the word search
finds a track by what the model hears, with no tag or file name saying so, and `avrec tags` shows it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from avrec_desktop.cli import main
from real_worker_testlib import analyse_all, scanned_music_library

MUSIC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "music"
# ambient electronic pieces (MusiCNN: "ambient" about 0.2-0.3), copied under neutral names
TRACKS = ("singularity/Awakening.ogg", "asc/frontiers.mp3")


@pytest.fixture
def library(tmp_path, monkeypatch):
    if not all((MUSIC / t).is_file() for t in TRACKS):
        pytest.skip("real music not in ../shared/data/music")
    root = tmp_path / "music"
    root.mkdir()
    for i, track in enumerate(TRACKS):
        shutil.copy(MUSIC / track, root / f"piece{i}{Path(track).suffix}")  # neutral names
    db = tmp_path / "db.sqlite3"
    store = scanned_music_library(root, db, monkeypatch)
    analyse_all(db)
    yield store
    store.close()


def test_search_finds_ambient_music_by_what_the_model_hears(library, capsys):
    items = library.all_media()
    assert {m.status for m in items} == {"ready"}
    for m in items:  # no tag text names it: only the auto-tags can
        said = (m.title, m.artist, m.album, m.genre, Path(m.path).name)
        assert "ambient" not in " ".join(str(v).lower() for v in said)
    assert main(["search", "ambient", "--letters", "--json"]) == 0
    words = json.loads(capsys.readouterr().out)["words"]
    assert words and {w["matched"] for w in words} == {"tags"}
    assert {w["id"] for w in words} <= {m.id for m in items}
    assert main(["tags", str(words[0]["id"]), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["tags"]
    assert "ambient" in shown["auto_tags"] and shown["encoder"] == "sonic-musicnn"
    assert len(shown["top"]) == 10 and shown["top"][0]["probability"] >= shown["top"][-1]["probability"]
