"""A query process ends without the interpreter's teardown (``cli_exit.py``), and loses nothing by it.

Each test runs ``avrec`` as a real process, as a user or a script does. A wrapper around
``python -m avrec_desktop`` adds what a normal exit would take care of: a non-daemon thread still writing
a file, an ``atexit`` function that prints, and an object whose finaliser prints at the teardown. A query
must complete the first two and skip the third; any other command exits the normal way.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from avrec_desktop.encoders.registry import encoder_signatures
from avrec_desktop.index.space_index import SpaceIndex
from avrec_desktop.store import Store
from avrec_desktop.store.records import Embedding

WRAPPER = """\
import atexit, gc, json, os, runpy, sys, threading, time

def late_write():
    time.sleep(1.0)  # still running when the command's answer is out
    with open(os.environ['LATE_FILE'], 'w') as f:
        f.write('written')

threading.Thread(target=late_write, daemon=False).start()

def at_exit():
    print('atexit ran', json.dumps({'gc_enabled': gc.isenabled()}))

atexit.register(at_exit)

class Teardown:
    def __del__(self):
        print('teardown ran', flush=True)

keeper = Teardown()
runpy.run_module('avrec_desktop', run_name='__main__', alter_sys=True)
"""


# A thread pool left open (its worker threads are non-daemon and wait for work): a normal exit tells it to
# stop before joining threads; an exit that only joined them would wait for ever.
POOL_LEFT_OPEN = """\
import concurrent.futures, runpy
pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
pool.submit(sum, [1, 2]).result()
runpy.run_module('avrec_desktop', run_name='__main__', alter_sys=True)
"""


def run_wrapped(tmp_path, db, *args, wrapper=WRAPPER):
    late = tmp_path / "late.txt"
    env = {**os.environ, "AVREC_DB": str(db), "LATE_FILE": str(late)}
    proc = subprocess.run([sys.executable, "-c", wrapper, *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=60)
    return proc, late


def small_library(db, tmp_path, n: int, dim: int = 16):
    sig = encoder_signatures()["audio"]
    rng = np.random.default_rng(5)
    store = Store(db)
    try:
        folder = store.add_folder(str(tmp_path / "media"), "music")
        for i in range(n):
            media_id = store.insert_media(folder_id=folder.id, path=str(tmp_path / "media" / f"{i:04d}.flac"),
                                          kind="audio", title=f"Song {i}", artist=f"Band {i % 7}",
                                          status="ready", duration=200.0)
            store.put_embeddings(media_id, [Embedding("audio", *sig, rng.standard_normal(dim).astype(np.float32))])
    finally:
        store.close()


def test_a_query_completes_threads_and_exit_functions_then_skips_the_teardown(tmp_path):
    db = tmp_path / "library.sqlite3"
    small_library(db, tmp_path, 12)
    proc, late = run_wrapped(tmp_path, db, "similar", "1", "-k", "3")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("like Song 0"), proc.stdout
    assert late.read_text() == "written", "the process ended before its non-daemon thread finished"
    assert lines[-1] == 'atexit ran {"gc_enabled": false}', proc.stdout  # after the answer, collector off
    assert "teardown ran" not in proc.stdout


def test_a_failing_query_keeps_its_exit_status_and_its_one_line(tmp_path):
    db = tmp_path / "library.sqlite3"
    small_library(db, tmp_path, 3)
    proc, late = run_wrapped(tmp_path, db, "similar", "999999")
    assert proc.returncode == 1
    assert proc.stderr.strip() == "avrec: no item with id 999999"
    assert late.read_text() == "written"
    assert "atexit ran" in proc.stdout and "teardown ran" not in proc.stdout


def test_a_thread_pool_left_open_does_not_keep_a_query_waiting(tmp_path):
    db = tmp_path / "library.sqlite3"
    small_library(db, tmp_path, 3)
    proc, _ = run_wrapped(tmp_path, db, "status", wrapper=POOL_LEFT_OPEN)  # a hang ends in TimeoutExpired
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("library: 3 items"), proc.stdout


def test_other_commands_exit_the_normal_way(tmp_path):
    db = tmp_path / "library.sqlite3"
    small_library(db, tmp_path, 3)
    proc, late = run_wrapped(tmp_path, db, "folders", "list")
    assert proc.returncode == 0, proc.stderr
    assert late.read_text() == "written"
    assert 'atexit ran {"gc_enabled": true}' in proc.stdout
    assert proc.stdout.splitlines()[-1] == "teardown ran"  # the wrapper's finaliser: a normal teardown


def test_the_first_query_over_a_large_space_leaves_its_vector_cache_complete(tmp_path):
    """The cache of a space of 1,000+ items is written by a non-daemon thread while the query answers
    (index/space_vectors.py); the next process must find it whole."""
    db = tmp_path / "library.sqlite3"
    small_library(db, tmp_path, 1_100)
    env = {**os.environ, "AVREC_DB": str(db)}
    first = subprocess.run([sys.executable, "-m", "avrec_desktop", "similar", "1", "-k", "5", "--json"],
                           env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert len(json.loads(first.stdout)["results"]) == 5
    (meta,) = Path(os.environ["AVREC_CACHE_DIR"]).rglob("audio.vectors.json")
    store = Store(db)
    try:
        sig = encoder_signatures()["audio"]
        again = SpaceIndex.open(store, "audio", *sig, directory=meta.parent, graph="off")
        assert again.report.vectors == "cache"
        assert len(again) == 1_100
    finally:
        store.close()
