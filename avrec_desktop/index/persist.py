"""Saving and loading one space's hnswlib index as a crash-safe cache on disk.

Three files per space, in the index folder:

- ``<space>.hnsw``   — hnswlib's own file (it keeps deletion marks);
- ``<space>.ids.npz`` — the live ids, their vector times and the labels marked deleted;
- ``<space>.meta.json`` — what the pair is (space, encoder, version, dim, hnswlib parameters, format)
  with the size and CRC-32 of both files and the stamp of the rows they hold.

Each file is written to a temporary name in the same folder, fsynced and moved into place with
``os.replace``; the meta file goes last. A crash at any point leaves either the old complete set, or
new data files next to an old meta whose sizes/CRCs do not match — which ``load`` reports as unusable,
so the caller rebuilds. Nothing is handed to hnswlib until the CRC of its file matches (a random-bytes
file could otherwise make it allocate absurd amounts of memory).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # imported where a graph is loaded: a query process that searches exactly never loads it
    import hnswlib

FORMAT = 1
_STALE_TMP_S = 600
_UNSAVEABLE: set[str] = set()  # cache folders already said to be unwritable in this process
log = logging.getLogger(__name__)


class CacheUnusable(Exception):
    """The cached index cannot be used; ``str(exc)`` says why (missing, corrupt, other encoder...)."""


@dataclass
class CachedIndex:
    """A saved graph read back, with the rows it was built from."""
    hnsw: hnswlib.Index
    ids: np.ndarray  # live labels, sorted
    times: np.ndarray  # vector times aligned with ids
    deleted: np.ndarray  # labels marked deleted in the hnswlib file
    meta: dict


def file_names(directory: Path, space: str) -> tuple[Path, Path, Path]:
    return (directory / f"{space}.hnsw", directory / f"{space}.ids.npz", directory / f"{space}.meta.json")


def save(directory: Path, space: str, hnsw: hnswlib.Index, ids: np.ndarray, times: np.ndarray,
         deleted: np.ndarray, meta: dict) -> dict:
    """Write the three files atomically; returns the meta that was written."""
    directory.mkdir(parents=True, exist_ok=True)
    _sweep_temps(directory, space)
    index_path, ids_path, meta_path = file_names(directory, space)
    tmp_index, tmp_ids, tmp_meta = (_tmp(directory, p) for p in (index_path, ids_path, meta_path))
    try:
        hnsw.save_index(str(tmp_index))
        index_bytes, index_crc = _fsync_and_crc(tmp_index)
        buf = io.BytesIO()
        np.savez(buf, ids=np.asarray(ids, np.int64), times=np.asarray(times, np.float64),
                 deleted=np.asarray(deleted, np.int64))
        _write_synced(tmp_ids, buf.getvalue())
        ids_bytes, ids_crc = len(buf.getvalue()), zlib.crc32(buf.getvalue())
        os.replace(tmp_index, index_path)
        os.replace(tmp_ids, ids_path)
        _fsync_dir(directory)
        full = dict(meta, format=FORMAT, index_bytes=index_bytes, index_crc=index_crc,
                    ids_bytes=ids_bytes, ids_crc=ids_crc, elements=int(hnsw.element_count),
                    saved_at=time.time())
        _write_synced(tmp_meta, json.dumps(full, indent=1, sort_keys=True).encode())
        os.replace(tmp_meta, meta_path)
        _fsync_dir(directory)
        return full
    finally:
        for tmp in (tmp_index, tmp_ids, tmp_meta):
            with contextlib.suppress(OSError):
                tmp.unlink()


def load(directory: Path, space: str, expect: dict) -> CachedIndex:
    """Load a space's cache, checking it against ``expect`` (meta keys that must match exactly).

    Raises ``CacheUnusable`` with a readable reason for anything short of a whole, matching set.
    """
    index_path, ids_path, meta_path = file_names(directory, space)
    if not meta_path.exists() or not index_path.exists() or not ids_path.exists():
        raise CacheUnusable("missing")
    meta = read_meta(meta_path, FORMAT, expect)
    _check_file(index_path, meta.get("index_bytes"), meta.get("index_crc"))
    ids_blob = _check_file(ids_path, meta.get("ids_bytes"), meta.get("ids_crc"))
    import hnswlib

    try:
        with np.load(io.BytesIO(ids_blob), allow_pickle=False) as npz:
            ids, times, deleted = npz["ids"], npz["times"], npz["deleted"]
        hnsw = hnswlib.Index(space="cosine", dim=int(meta["dim"]))
        hnsw.load_index(str(index_path), max_elements=0)
    except Exception as exc:  # noqa: BLE001 - any failure to read a cache means: rebuild it
        raise CacheUnusable(f"unreadable ({type(exc).__name__}: {exc})") from exc
    labels = np.sort(np.asarray(hnsw.get_ids_list(), dtype=np.int64))
    expected_labels = np.sort(np.concatenate([ids, deleted]).astype(np.int64))
    if (hnsw.element_count != meta.get("elements") or hnsw.dim != meta["dim"]
            or len(ids) != len(times) or not np.array_equal(labels, expected_labels)
            or (len(ids) > 1 and np.any(np.diff(ids) <= 0))):
        raise CacheUnusable("index contents do not match its meta file")
    return CachedIndex(hnsw=hnsw, ids=ids.astype(np.int64), times=times.astype(np.float64),
                       deleted=deleted.astype(np.int64), meta=meta)


def read_meta(path: Path, fmt: int, expect: dict) -> dict:
    """A cache's JSON meta file, checked for its format and for what it was made for (``expect``);
    raises ``CacheUnusable`` ("missing" when the file is not there)."""
    try:
        meta = json.loads(path.read_bytes())
        if not isinstance(meta, dict):
            raise ValueError("not an object")
    except FileNotFoundError:
        raise CacheUnusable("missing") from None
    except (OSError, ValueError) as exc:
        raise CacheUnusable(f"unreadable {path.name} ({exc})") from exc
    if meta.get("format") != fmt:
        raise CacheUnusable(f"{path.name}: format {meta.get('format')!r}, expected {fmt}")
    for key, value in expect.items():
        if meta.get(key) != value:
            raise CacheUnusable(f"{path.name}: made for {key}={meta.get(key)!r}, now {value!r}")
    return meta


def say_unwritable(directory: Path, exc: OSError) -> str:
    """Log once per folder and process that the cache cannot be written; returns the reason."""
    reason = f"{exc.strerror or exc}"
    if str(directory) not in _UNSAVEABLE:
        _UNSAVEABLE.add(str(directory))
        log.warning("the vector index cache cannot be saved in %s (%s): searching with an index "
                    "built in memory, rebuilt at each start", directory, reason)
    return reason


# -- helpers ----------------------------------------------------------------------------------
def _check_file(path: Path, size, crc) -> bytes:
    try:
        actual = path.stat().st_size
        if actual != size:
            raise CacheUnusable(f"corrupt {path.name} (size {actual}, expected {size})")
        data = path.read_bytes()
    except OSError as exc:
        raise CacheUnusable(f"unreadable {path.name} ({exc})") from exc
    if zlib.crc32(data) != crc:
        raise CacheUnusable(f"corrupt {path.name} (checksum mismatch)")
    return data


def _tmp(directory: Path, final: Path) -> Path:
    return directory / f".{final.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and ``os.replace`` (never half a
    file); on failure the temporary file is removed and the error raised."""
    tmp = _tmp(path.parent, path)
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_and_crc(path: Path) -> tuple[int, int]:
    crc, size = 0, 0
    with open(path, "rb+") as fh:
        while chunk := fh.read(1 << 22):
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
        os.fsync(fh.fileno())
    return size, crc


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sweep_temps(directory: Path, space: str) -> None:
    """Remove temporary files a crashed writer left behind (only old ones: another may be writing)."""
    now = time.time()
    for path in directory.glob(f".{space}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > _STALE_TMP_S:
                path.unlink()
