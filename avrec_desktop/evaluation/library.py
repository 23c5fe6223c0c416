"""The labelled library an evaluation runs on: ``DEST/<label>/<files>``, analysed once, copied per run.

Analysing 118 tracks takes about half a minute, so the analysed database is kept in a cache folder
(``paths.cache_dir()/eval`` unless told otherwise) under a key made of the folder's path, every
file's relative path, size and modification time, and the active encoders' names and versions: the
same folder with the same encoders is analysed once; a changed file or a new encoder version makes a
new entry. Analysis
goes through the real application core and worker (``AppCore``), as a user's library would.

An entry counts as analysed only when no item is left pending: a worker that died part-way (it happens
when the process cannot spawn its worker, for one) raises ``AnalysisIncomplete`` and caches nothing, and
an entry made before this rule with items still pending is analysed again.

Each simulated run then works on its own copy of that database (``EvalLibrary.copy_to``), so the
play events of one run can never reach another.

Labels are read from the first folder under ``DEST`` of each item's path. They are kept here, beside
the database, and handed only to the simulated listener and the metrics; the recommender under test
never sees them (it reads only the store and the vector indexes).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from avrec_desktop import paths
from avrec_desktop.errors import AvrecError, FolderError

CACHE_FORMAT = 1  # bump when what the cache holds changes meaning


class AnalysisIncomplete(AvrecError):
    """The analysis ended with items still pending (its worker stopped): nothing was cached."""


@dataclass(frozen=True)
class EvalLibrary:
    """An analysed labelled library: a database to copy and the hidden label of each ready item."""

    db_path: Path
    labels: dict[int, str]  # media id → label (ready items that have an audio vector)
    source: str = ""  # the folder it was made from (for the report)
    failed: int = 0  # files the analysis could not read
    extra: dict = field(default_factory=dict)

    @property
    def label_names(self) -> list[str]:
        return sorted(set(self.labels.values()))

    def items_of(self, label: str) -> list[int]:
        return sorted(i for i, lab in self.labels.items() if lab == label)

    def label_sizes(self) -> dict[str, int]:
        return {lab: len(self.items_of(lab)) for lab in self.label_names}

    def copy_to(self, path: Path) -> Path:
        """A consistent copy of the database at ``path`` (SQLite backup: safe with WAL files)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        src = sqlite3.connect(str(self.db_path))
        dst = sqlite3.connect(str(path))
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        return path


def folder_key(dest: Path, signatures: dict[str, tuple[str, str]], encoders_factory: str | None = None) -> str:
    """What the analysis depends on: the folder (the database stores absolute paths), every file's
    relative path, size and mtime, and the encoders."""
    digest = hashlib.sha256()
    digest.update(json.dumps({"format": CACHE_FORMAT, "folder": str(dest),
                              "encoders": sorted(signatures.items()), "factory": encoders_factory}).encode())
    for path in sorted(p for p in dest.rglob("*") if p.is_file()):
        st = path.stat()
        digest.update(f"{path.relative_to(dest).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def label_folders(dest: Path) -> list[str]:
    dest = Path(dest)
    if not dest.is_dir():
        raise FolderError(f"{dest} is not a folder")
    labels = sorted(p.name for p in dest.iterdir() if p.is_dir() and not p.name.startswith("."))
    if len(labels) < 2:
        raise FolderError(f"{dest} should hold one folder per label (DEST/<label>/<files>); "
                          f"found {len(labels)}")
    return labels


def labels_from_store(store, dest: Path) -> dict[int, str]:
    """media id → label for every ready item with an audio vector, from its path under ``dest``."""
    root = os.path.realpath(dest)
    with_audio = store.ids_with_space("audio")
    labels = {}
    for item in store.all_media(status="ready"):
        rel = os.path.relpath(os.path.realpath(item.path), root)
        parts = Path(rel).parts
        if len(parts) >= 2 and parts[0] != ".." and item.id in with_audio:
            labels[item.id] = parts[0]
    return labels


def prepare_library(dest: str | Path, *, cache_dir: str | Path | None = None,
                    encoders_factory: str | None = None, worker_threads: int | None = None,
                    progress=None) -> EvalLibrary:
    """The analysed database of ``dest``, from the cache or analysed now (and cached).

    ``progress(message)`` is told what is happening (the analysis is the slow part). Raises
    ``FolderError`` when ``dest`` is not a labelled folder or nothing in it could be analysed.
    """
    from avrec_desktop.encoders.registry import encoder_signatures

    dest = Path(dest).expanduser().resolve()
    label_folders(dest)
    signatures = encoder_signatures()
    key = folder_key(dest, signatures, encoders_factory)
    root = Path(cache_dir) if cache_dir else paths.cache_dir() / "eval"
    entry = root / key
    db_path = entry / "library.sqlite3"
    if (entry / "done.json").exists() and pending_items(db_path):
        if progress:
            progress(f"the cached analysis in {entry} has items still pending; analysing again")
        shutil.rmtree(entry, ignore_errors=True)
    if not (entry / "done.json").exists():
        if progress:
            progress(f"analysing {dest} (once; cached in {entry})")
        _analyse_into(dest, entry, encoders_factory=encoders_factory, worker_threads=worker_threads)
    elif progress:
        progress(f"using the analysed library cached in {entry}")
    from avrec_desktop.store import Store

    store = Store(db_path)
    try:
        labels = labels_from_store(store, dest)
        failed = int(store.status_counts().get("failed", 0))
    finally:
        store.close()
    if len(set(labels.values())) < 2:
        raise FolderError(f"fewer than two labels of {dest} could be analysed; see `avrec failures`")
    return EvalLibrary(db_path=db_path, labels=labels, source=str(dest), failed=failed,
                       extra={"cache_key": key})


def _analyse_into(dest: Path, entry: Path, *, encoders_factory: str | None,
                  worker_threads: int | None) -> None:
    """Analyse ``dest`` with the real core into a scratch folder, then move it into place whole."""
    from avrec_desktop.core import AppCore

    entry.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".analysing-", dir=entry.parent))
    try:
        db_path = scratch / "library.sqlite3"
        core = AppCore(db_path, encoders_factory=encoders_factory, worker_threads=worker_threads)
        try:
            core.add_folder(str(dest), "music")
            core.start_indexing(exit_when_idle=True).wait_idle()
            core.stop_indexing()
        finally:
            core.close()
        _checkpoint(db_path)
        left = pending_items(db_path)
        if left:
            raise AnalysisIncomplete(f"the analysis of {dest} stopped with {left} items still pending "
                                     "(see the log for why its worker ended); nothing was cached")
        (scratch / "done.json").write_text(json.dumps({"source": str(dest)}))
        if entry.exists():  # another process finished first
            shutil.rmtree(scratch, ignore_errors=True)
            return
        os.replace(scratch, entry)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def pending_items(db_path: Path) -> int:
    """How many items of the database at ``db_path`` still wait for their analysis."""
    from avrec_desktop.store import Store

    store = Store(db_path)
    try:
        return int(store.status_counts().get("pending", 0))
    finally:
        store.close()


def _checkpoint(db_path: Path) -> None:
    """Fold the WAL into the main file so the cached database is one self-contained file."""
    conn = sqlite3.connect(str(db_path))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()

