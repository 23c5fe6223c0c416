"""The vector index cache is optional: a cache folder that cannot be written never fails a query.

`avrec similar` on a library big enough for a saved graph (above ``EXACT_MAX``), with the cache's
``indexes`` folder replaced by a file, and with it on a read-only file system (a read-only tmpfs
mounted in a private mount namespace; skipped where that cannot be done).
"""

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from avrec_desktop.encoders.registry import encoder_signatures
from avrec_desktop.index.space_index import EXACT_MAX
from avrec_desktop.store import Embedding, Store

N = EXACT_MAX + 500
DIM = 8


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    """N ready songs with small audio vectors stamped with the active audio encoder."""
    db = tmp_path_factory.mktemp("big") / "big.sqlite3"
    encoder, version = encoder_signatures()["audio"]
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((N, DIM)).astype(np.float32)
    with Store(db) as store:
        folder = store.add_folder(str(db.parent / "lib"), "music")
        with store.transaction():
            for i in range(N):
                media_id = store.insert_media(folder_id=folder.id, path=f"{folder.path}/{i:06d}.mp3",
                                              kind="audio", status="ready", duration=100.0 + i % 300,
                                              title=f"Song {i}", artist=f"Artist {i % 997}")
                store.put_embeddings(media_id, [Embedding("audio", encoder, version, vectors[i])])
    return db


def similar(db, env, *prefix):
    out = subprocess.run([*prefix, sys.executable, "-m", "avrec_desktop", "--db", str(db), "similar", "1",
                          "-k", "5", "--json"], capture_output=True, text=True, timeout=300, env=env)
    return out


def check(out):
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert len(json.loads(out.stdout)["results"]) == 5
    notices = [line for line in out.stderr.splitlines() if "cannot be saved" in line]
    assert len(notices) == 1, out.stderr  # said once, not once per space or per query


def test_indexes_path_is_a_file(big_db, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "indexes").write_text("not a folder")
    check(similar(big_db, dict(os.environ, AVREC_CACHE_DIR=str(cache))))


def _mount_namespace_works() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("mount"):
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o ro tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


def test_read_only_cache_folder(big_db, tmp_path):
    if not _mount_namespace_works():
        pytest.skip("needs root, unshare and mount for a read-only file system")
    cache = tmp_path / "cache"
    (cache / "indexes").mkdir(parents=True)
    env = dict(os.environ, AVREC_CACHE_DIR=str(cache))
    # The read-only mount exists only inside the command's own mount namespace.
    script = 'mount -t tmpfs -o ro,size=1m tmpfs "$0" && exec "$@"'
    out = similar(big_db, env, "unshare", "-m", "sh", "-c", script, str(cache / "indexes"))
    check(out)
    assert "Read-only file system" in out.stderr
    assert not any((cache / "indexes").iterdir())  # nothing leaked outside the namespace
