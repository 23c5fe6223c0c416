"""A flat float32 copy of one space's unit vectors beside the index, opened memory-mapped.

Reading 100k vectors out of SQLite (one blob per row) and normalising them costs about a second per
space; opening this file costs a few milliseconds, and the pages come from the OS page cache as exact
search touches them. Like the graph it is a cache: optional (a folder that cannot be written only means
the next process reads SQLite again) and checked against the store's stamp before use.

Files per space: ``<space>.vectors.<token>.npy`` (the (n, dim) matrix), ``<space>.vectors.<token>.npz``
(ids, vector times) and ``<space>.vectors.json`` (what they are, which token is current, the CRC of the
npz). Data files are written under a fresh token and fsynced, then the json is replaced atomically, so a
reader always sees a complete set or the previous one; files of older tokens are removed after the
switch (a process that still maps one keeps its pages until it closes it).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from avrec_desktop.index.persist import (CacheUnusable, _check_file, _fsync_dir, _write_synced, read_meta,
                                         replace_file)

FORMAT = 1


@dataclass(frozen=True)
class CachedVectors:
    """A space's cached unit vectors, as ``load`` returns them."""
    ids: np.ndarray  # sorted int64
    times: np.ndarray  # float64
    matrix: np.ndarray  # (n, dim) float32 unit rows, read-only, memory-mapped
    meta: dict


def meta_path(directory: Path, space: str) -> Path:
    return directory / f"{space}.vectors.json"


def load(directory: Path, space: str, expect: dict) -> CachedVectors:
    """The cached vectors of ``space`` if whole and made for ``expect``; raises ``CacheUnusable``."""
    meta = read_meta(meta_path(directory, space), FORMAT, expect)
    token = str(meta.get("token", ""))
    if not token.isalnum():
        raise CacheUnusable("vectors meta without a valid token")
    matrix_file, ids_file = _data_files(directory, space, token)
    try:
        blob = _check_file(ids_file, meta.get("ids_bytes"), meta.get("ids_crc"))
        with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
            ids, times = npz["ids"].astype(np.int64), npz["times"].astype(np.float64)
        if matrix_file.stat().st_size != meta.get("matrix_bytes"):
            raise CacheUnusable("corrupt vector matrix (size)")
        matrix = np.load(matrix_file, mmap_mode="r", allow_pickle=False)
    except CacheUnusable:
        raise
    except Exception as exc:  # noqa: BLE001 - anything unreadable means: read SQLite instead
        raise CacheUnusable(f"unreadable vectors ({type(exc).__name__}: {exc})") from exc
    n, dim = len(ids), int(meta.get("dim", -1))
    if (matrix.dtype != np.float32 or matrix.shape != (n, dim) or len(times) != n
            or (n > 1 and np.any(np.diff(ids) <= 0))):
        raise CacheUnusable("vector files do not match their meta")
    return CachedVectors(ids, times, np.asarray(matrix), meta)


def save(directory: Path, space: str, ids: np.ndarray, times: np.ndarray, matrix: np.ndarray,
         meta: dict) -> dict:
    """Write a new complete set and make it current; raises OSError when the folder is unwritable."""
    directory.mkdir(parents=True, exist_ok=True)
    token = os.urandom(6).hex()
    matrix_file, ids_file = _data_files(directory, space, token)
    tmp_meta = directory / f".{space}.vectors.json.{os.getpid()}.{token}.tmp"
    try:
        with open(matrix_file, "wb") as fh:
            np.save(fh, np.ascontiguousarray(matrix, dtype=np.float32), allow_pickle=False)
            fh.flush()
            os.fsync(fh.fileno())
        buf = io.BytesIO()
        np.savez(buf, ids=np.asarray(ids, np.int64), times=np.asarray(times, np.float64))
        blob = buf.getvalue()
        _write_synced(ids_file, blob)
        _fsync_dir(directory)
        full = dict(meta, format=FORMAT, token=token, count=int(len(ids)),
                    dim=int(matrix.shape[1]) if matrix.ndim == 2 else 0,
                    matrix_bytes=matrix_file.stat().st_size, ids_bytes=len(blob), ids_crc=zlib.crc32(blob))
        _write_synced(tmp_meta, json.dumps(full, indent=1, sort_keys=True).encode())
        os.replace(tmp_meta, meta_path(directory, space))
        _fsync_dir(directory)
    except BaseException:
        for path in (matrix_file, ids_file, tmp_meta):
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    _remove_others(directory, space, token)
    return full


def set_meta(directory: Path, space: str, meta: dict, values: dict) -> None:
    """Replace the meta of the current set (``meta``, as ``load`` returned it) by one with ``values``
    added, atomically; nothing when the folder cannot be written (the cache is optional) or when another
    process has made another set current (checked just before: losing that race only sends the next
    process to SQLite, as any unusable cache does)."""
    path = meta_path(directory, space)
    try:
        current = json.loads(path.read_bytes())
        if not isinstance(current, dict) or current.get("token") != meta.get("token"):
            return
        replace_file(path, json.dumps(dict(current, **values), indent=1, sort_keys=True).encode())
    except (OSError, ValueError):
        pass


def _data_files(directory: Path, space: str, token: str) -> tuple[Path, Path]:
    return directory / f"{space}.vectors.{token}.npy", directory / f"{space}.vectors.{token}.npz"


def _remove_others(directory: Path, space: str, keep: str) -> None:
    for path in list(directory.glob(f"{space}.vectors.*.np[yz]")):
        if path.name.split(".")[-2] != keep:
            with contextlib.suppress(OSError):
                path.unlink()
