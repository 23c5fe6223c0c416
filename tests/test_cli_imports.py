"""Query commands answer without importing the encoders' heavy stacks.

Each command runs as a real ``avrec`` process over a small analysed library (vectors stamped with the real
encoders' signatures, so nothing is re-encoded or injected); a wrapper writes the names in ``sys.modules``
at exit, and the test fails when one of them is a heavy package (scipy, librosa, torch, ...). Those load
only where an encoder runs: in the analysis worker, or when ``search`` encodes the query by meaning.
Commands that only read or write SQLite (``status``, ``event``) must not even import numpy, and no query
process imports threadpoolctl (its BLAS runs on one thread from the start: recommend/blas.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from avrec_desktop.cli import _named_command, build_parser
from avrec_desktop.encoders.registry import encoder_signatures
from avrec_desktop.recommend.blas import BLAS_THREAD_VARS
from avrec_desktop.store import Store
from avrec_desktop.store.records import Embedding
from tags_testlib import tag_items

HEAVY = ("scipy", "librosa", "torch", "open_clip", "transformers", "sklearn", "numba", "av")

# Runs `python -m avrec_desktop ARGS` and writes every imported module (packages and submodules: numpy.ma
# is checked by name) to $MODULES_OUT at exit.
WRAPPER = (
    "import atexit, json, os, runpy, sys\n"
    "def _dump():\n"
    "    with open(os.environ['MODULES_OUT'], 'w') as f:\n"
    "        json.dump(sorted(sys.modules), f)\n"
    "atexit.register(_dump)\n"
    "runpy.run_module('avrec_desktop', run_name='__main__', alter_sys=True)\n"
)

DIMS = {"audio": 16, "text": 24, "visual": 12}


@pytest.fixture
def library(tmp_path):
    db = tmp_path / "library.sqlite3"
    signatures = encoder_signatures()
    rng = np.random.default_rng(3)
    store = Store(db)
    try:
        folder = store.add_folder(str(tmp_path / "media"), "mixed")
        for i in range(30):
            kind = "video" if i % 4 == 0 else "audio"
            media_id = store.insert_media(folder_id=folder.id, path=str(tmp_path / "media" / f"{i:02d}.mp4"),
                                          kind=kind, title=f"Song {i}", artist=f"Band {i % 5}",
                                          status="ready", duration=180.0)
            store.put_embeddings(media_id, [
                Embedding(space, *signatures[space], rng.standard_normal(dim).astype(np.float32))
                for space, dim in DIMS.items() if space != "visual" or kind == "video"])
        store.add_event(2, "start", session="cli")
        tag_items(store, [2, 3, 4], ["ambient", "slow"])  # learned tags, as the worker stores them
    finally:
        store.close()
    return db


def run_avrec(db, tmp_path, *args) -> tuple[subprocess.CompletedProcess, set[str]]:
    out_file = tmp_path / "modules.json"
    env = {**os.environ, "AVREC_DB": str(db), "MODULES_OUT": str(out_file)}
    env.pop("AVREC_ENCODERS_FACTORY", None)
    for var in BLAS_THREAD_VARS:  # a thread count set by the user keeps threadpoolctl in use
        env.pop(var, None)
    proc = subprocess.run([sys.executable, "-c", WRAPPER, *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=120)
    modules = set(json.loads(out_file.read_text())) if out_file.exists() else set()
    return proc, modules


QUERIES = [
    ("similar", "1", "-k", "5"),
    ("similar", "5", "--modality", "audio", "--json"),
    ("next", "--after", "3", "-k", "5"),
    ("next", "--json"),
    ("search", "--letters", "Song", "1"),
    ("status",),
    ("status", "--json"),
    ("why", "7", "--after", "3"),
    ("why", "2", "--after", "3", "--json"),
    ("event", "4", "like"),
    ("event", "6", "skip"),
    ("for-you", "-k", "3"),
    ("tags", "1", "--json"),
]
SQLITE_ONLY = {"status", "event"}  # these answer from the database alone: numpy is not imported at all


@pytest.mark.parametrize("args", QUERIES, ids=[" ".join(a) for a in QUERIES])
def test_query_commands_import_no_heavy_module(library, tmp_path, args):
    proc, modules = run_avrec(library, tmp_path, *args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    assert modules, "the wrapper wrote no module list"
    assert "sqlite3" in modules and "avrec_desktop" in modules  # the list is the real one
    heavy = sorted(modules.intersection(HEAVY))
    assert not heavy, f"`avrec {' '.join(args)}` imported {heavy}: these belong where an encoder runs"
    assert "threadpoolctl" not in modules, "a query process runs BLAS on one thread: no need to limit it"
    assert "numpy.ma" not in modules, "numpy.ma (np.unique's import) costs ~11 ms of a 0.3 s budget"
    assert "hnswlib" not in modules, "a query process searches exactly: no graph is built or loaded"
    # numpy.random's import (12–18 ms) for a handful of draws: a ranking uses recommend/seeded_random.py
    assert "numpy.random" not in modules, "a ranking's draws come from SeededRandom, not numpy.random"
    assert "_hashlib" not in modules, "OpenSSL (~4 ms) to hash a few bytes: avrec_desktop/digests.py"
    # every AVREC_*_DIR is set here (conftest), so no folder needs platformdirs' default (~5 ms with its
    # tempfile/random imports), and no query starts the analysis worker
    assert "platformdirs" not in modules, "the folders' variables are set: platformdirs is not needed"
    assert "avrec_desktop.indexing.worker" not in modules, "a query never starts the analysis worker"
    if args[0] in SQLITE_ONLY:
        assert "numpy" not in modules, f"`avrec {' '.join(args)}` reads SQLite only: numpy costs it ~0.15 s"
        # opening the store makes no cover or tag record class (~1 ms each: store/item_records.py)
        assert "avrec_desktop.store.item_records" not in modules
    else:
        assert "numpy" in modules  # the vector search itself needs it


def test_similar_and_why_json_carry_each_items_top_tags(library, tmp_path):
    proc, modules = run_avrec(library, tmp_path, "similar", "2", "-k", "29", "--json")
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    seed_tags = found["seed"]["tags"]
    assert [t["tag"] for t in seed_tags[:2]] == ["ambient", "slow"] and len(seed_tags) == 5
    assert seed_tags[0]["probability"] == pytest.approx(0.8, abs=1e-4)
    by_id = {r["id"]: r["tags"] for r in found["results"]}
    assert [t["tag"] for t in by_id[3][:2]] == ["ambient", "slow"]
    assert by_id[6] == []  # not tagged by the learned model: nothing made up
    proc, modules = run_avrec(library, tmp_path, "why", "3", "--after", "6", "--json")
    assert proc.returncode == 0, proc.stderr
    why = json.loads(proc.stdout)
    assert why["item"]["id"] == 3 and why["item"]["tags"][0] == {"tag": "ambient", "probability": 0.8}
    assert why["after"]["id"] == 6 and why["after"]["tags"] == []
    assert all({"kind", "text", "data"} <= set(r) for r in why["reasons"])
    assert "torch" not in modules


def test_event_is_learned_by_the_next_query(library, tmp_path):
    before = json.loads(run_avrec(library, tmp_path, "taste", "show")[0].stdout)
    proc, _ = run_avrec(library, tmp_path, "event", "4", "like")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "Song 3 — Band 3: like (+2)"  # ids count from 1
    after = json.loads(run_avrec(library, tmp_path, "taste", "show")[0].stdout)
    assert after["outcomes"] == before["outcomes"] + 1
    assert after["last_event_id"] > before["last_event_id"]


def test_one_command_parser_parses_as_the_whole_one():
    for argv in (["similar", "1", "-k", "5", "--json"], ["--db", "x.sqlite3", "-v", "status", "--json"],
                 ["event", "4", "skip", "--position", "3"], ["next", "--after", "3"], ["folders", "add", "/m"],
                 ["--db=y", "search", "--letters", "a", "b"], ["taste", "show"]):
        name = _named_command(argv)
        assert name == next(a for a in argv if not a.startswith("-") and a != "x.sqlite3")
        one = build_parser(only=name)
        assert one.avrec_only.found
        assert vars(one.parse_args(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [[], ["-h"], ["--version"], ["--verb", "status"], ["--db"], ["x", "status"]])
def test_no_command_to_name_uses_the_whole_parser(argv):
    name = _named_command(argv)
    assert name is None or not build_parser(only=name).avrec_only.found


def test_letters_search_finds_by_title_without_the_text_model(library, tmp_path):
    proc, modules = run_avrec(library, tmp_path, "search", "--letters", "Song 12", "--json")
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert found["words"][0]["title"] == "Song 12" and found["words"][0]["matched"] == "title"
    assert all(r["similarities"] == {} for r in found["words"])  # no query vector was made
    assert found["meaning"] == []
    assert "torch" not in modules and "transformers" not in modules


DOCLESS_ELSEWHERE: set[str] = set()  # every dataclass `avrec next` makes has a docstring
DOC_WRAPPER = (
    "import atexit, dataclasses, json, os, runpy\n"
    "made, missing = dataclasses._process_class, []\n"
    "def process(cls, *args, **kwargs):\n"
    "    if not cls.__dict__.get('__doc__'):\n"
    "        missing.append(f'{cls.__module__}.{cls.__qualname__}')\n"
    "    return made(cls, *args, **kwargs)\n"
    "dataclasses._process_class = process\n"
    "atexit.register(lambda: open(os.environ['MODULES_OUT'], 'w').write(json.dumps(missing)))\n"
    "runpy.run_module('avrec_desktop', run_name='__main__', alter_sys=True)\n"
)


def test_the_dataclasses_a_query_makes_have_docstrings(library, tmp_path):
    """A dataclass without a docstring gets one made from ``inspect.signature`` as its class is created
    (~0.2 ms each, ~20 of them on the way to ``avrec next``'s answer)."""
    out_file = tmp_path / "docless.json"
    env = {**os.environ, "AVREC_DB": str(library), "MODULES_OUT": str(out_file)}
    env.pop("AVREC_ENCODERS_FACTORY", None)
    proc = subprocess.run([sys.executable, "-c", DOC_WRAPPER, "next", "--after", "3", "-k", "5"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    docless = set(json.loads(out_file.read_text()))
    assert docless <= DOCLESS_ELSEWHERE, sorted(docless - DOCLESS_ELSEWHERE)
    assert proc.stdout.strip()
