"""The application core: the few entry points both faces (CLI and desktop window) use.

It holds no Qt. Things that happen in the background (indexing progress, files appearing) are reported
through plain callbacks registered with ``subscribe``; the desktop app's bridge turns them into Qt
signals on the GUI thread.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from avrec_desktop import paths
from avrec_desktop.core_library import LibraryFolders
from avrec_desktop.errors import NotFound
from avrec_desktop.store import MediaItem, Store
from avrec_desktop.store.thread_stores import ThreadStores

if TYPE_CHECKING:  # imported where used: a one-shot query (`avrec similar`) neither scans, watches nor indexes
    from avrec_desktop.indexing.service import IndexingService
    from avrec_desktop.indexing.worker import WorkerConfig
    from avrec_desktop.library.watcher import FolderWatcher

log = logging.getLogger(__name__)

CoreListener = Callable[[str, dict], None]
REFRESH_EVERY = 1.0  # seconds between index refreshes while the worker is writing
# indexing.worker.ENCODERS_ENV (tests: "module:function" of an encoder set), named here so that a query
# process does not import the worker module for it
ENCODERS_ENV = "AVREC_ENCODERS_FACTORY"


class AppCore(LibraryFolders):
    def __init__(self, db_path: str | Path | None = None, *, encoders_factory: str | None = None,
                 worker_threads: int | None = None, batch_size: int = 8, index_graph: str = "background",
                 checkpoints: str = "inline"):
        # "background": graphs are loaded/built off the query path (the window); "off": exact search
        # only, for short-lived processes (the CLI); see index/space_index.py
        self.index_graph = index_graph
        # Set: a background thread may load or save a vector graph now (hnswlib holds the GIL for the
        # whole call, ~0.3 s at 100k). Open unless the window closes it; it opens it while the user is
        # idle (ui/idle_gate.py). A plain Event, not a method: the window sets it without a core call.
        self.graph_loads = threading.Event()
        self.graph_loads.set()
        self.db_path = Path(db_path) if db_path else paths.database_path()
        # "background": the WAL's checkpoints (each with an fsync of the database) run on a thread of their
        # own, never inside a commit of this process (the window: store/checkpoints.py); "inline": SQLite's own
        if checkpoints not in ("inline", "background"):
            raise ValueError(f"checkpoints must be 'inline' or 'background', not {checkpoints!r}")
        inline = checkpoints == "inline"
        self.store = Store(self.db_path, autocheckpoint=inline)
        self._checkpoints = None
        if not inline:
            from avrec_desktop.store.checkpoints import BackgroundCheckpoints

            self._checkpoints = BackgroundCheckpoints(self.db_path)
        encoders_factory = encoders_factory or os.environ.get(ENCODERS_ENV) or None  # tests inject
        self.encoders_factory = encoders_factory
        self._worker_args = {"db_path": str(self.db_path), "encoders_factory": encoders_factory,
                             "threads": worker_threads, "batch_size": batch_size}
        self._worker_config: WorkerConfig | None = None
        self.indexing: IndexingService | None = None
        self.watcher: FolderWatcher | None = None
        self._listeners: list[CoreListener] = []
        self._thread_stores = ThreadStores(self.db_path, autocheckpoint=inline)  # one per thread, closed in close()
        self._engine = None

    @property
    def worker_config(self) -> WorkerConfig:
        """The analysis worker's settings (made on first use: a query never starts the worker)."""
        if self._worker_config is None:
            from avrec_desktop.indexing.worker import WorkerConfig

            self._worker_config = WorkerConfig(**self._worker_args)
        return self._worker_config

    # -- events ---------------------------------------------------------------------------------
    def subscribe(self, listener: CoreListener) -> None:
        self._listeners.append(listener)

    def _emit(self, topic: str, payload: dict) -> None:
        for listener in list(self._listeners):
            try:
                listener(topic, payload)
            except Exception:
                log.exception("core listener failed")

    def _thread_store(self) -> Store:
        """A connection for the calling background thread (SQLite connections are per thread)."""
        return self._thread_stores.get()

    def reader_store(self) -> Store:
        """The calling background thread's own connection, for reads beside the main one (the window's
        library cells and word search run on a thread of their own); closed in close()."""
        return self._thread_stores.get()

    # -- indexing -------------------------------------------------------------------------------
    def start_indexing(self, *, exit_when_idle: bool = False) -> IndexingService:
        if self.indexing is None or not self.indexing.running:
            threads = self.store.get_setting("worker_threads")
            overrides = {"exit_when_idle": exit_when_idle,
                         "use_gpu": self.store.get_setting("use_gpu", "1") == "1"}
            if threads and threads.isdigit() and int(threads) > 0:
                overrides["threads"] = int(threads)
            from avrec_desktop.indexing.service import IndexingService
            from avrec_desktop.indexing.worker import WorkerConfig

            config = WorkerConfig(**{**self.worker_config.__dict__, **overrides})
            self.indexing = IndexingService(config)
            self.indexing.subscribe(lambda message, progress: self._emit("indexing", {
                "message": message, "progress": progress}))
            self.indexing.start()
        return self.indexing

    def stop_indexing(self) -> None:
        if self.indexing is not None:
            self.indexing.stop()

    def retry_failures(self, media_ids: list[int] | None = None) -> list[int]:
        """Queue failed files (all, or these ids) for another analysis; the running worker picks them
        up. Returns the ids queued."""
        ids = self.store.retry_failed(media_ids)
        if ids:
            self._emit("library-changed", {"retried": ids})
        return ids

    # -- items ----------------------------------------------------------------------------------
    def resolve_item(self, ref: str | int) -> MediaItem:
        """An item by id, or by path (relative paths are resolved against the working folder)."""
        text = str(ref)
        if text.isdigit() and not os.path.exists(text):
            return self.store.get_media(int(text))
        item = self.store.media_by_path(os.path.abspath(os.path.expanduser(text)))
        if item is None:
            raise NotFound(f"{text} is not in the library (add its folder with `avrec folders add`)")
        return item

    # -- matching -------------------------------------------------------------------------------
    def indexes(self):
        """The vector indexes of the active encoders, opened once and refreshed before each query.

        Never waits for a graph: until a missing, stale or other-encoder graph is ready (built in a
        background thread, progress as ``index-build`` events) queries are answered by exact search
        over the (memory-mapped) vectors; a refresh after new analyses is incremental.
        """
        from avrec_desktop.index.library_indexes import LibraryIndexes

        active = self._active_signatures()
        # data_version changes only when another connection (the worker) commits: refreshing is
        # skipped while nothing was written, and done at most once a second while analysis runs.
        version = self.store.scalar("PRAGMA data_version")
        now = time.monotonic()
        if self._engine is None or self._engine.active != active:
            if self._engine is not None:
                self._engine.close()
            gate = {"load_gate": self.graph_loads} if self.index_graph == "background" else {}
            self._engine = LibraryIndexes.open(self.store, active, graph=self.index_graph,
                                               on_progress=lambda p: self._emit("index-build", p), **gate)
            self._index_checked = (version, now)
        elif version != self._index_checked[0] and now - self._index_checked[1] >= REFRESH_EVERY:
            self._engine.refresh(self.store)
            self._index_checked = (version, now)
        return self._engine

    def _active_signatures(self) -> dict[str, tuple[str, str]]:
        """(name, version) per space of the encoders the worker uses (an injected set in tests)."""
        if self.encoders_factory:
            return {space: (e.name, e.version) for space, e in self._encoders().items()}
        from avrec_desktop.encoders.registry import encoder_signatures

        return encoder_signatures()

    def _encoders(self) -> dict:
        from avrec_desktop.indexing.worker import load_encoders

        if getattr(self, "_encoder_set", None) is None:
            self._encoder_set = load_encoders(self.encoders_factory)
        return self._encoder_set

    def similar(self, ref: str | int, *, k: int = 10, modality: str = "all", any_kind: bool = False):
        from avrec_desktop.recommend.similar import similar

        item = self.resolve_item(ref)
        indexes = self.indexes()
        return similar(self.store, indexes, item.id, k=k, modality=modality, any_kind=any_kind,
                       active=indexes.active)

    def journey(self, a: str | int, b: str | int, *, n: int = 10):
        """A ``Journey`` of ``n`` items from ``a`` to ``b`` (recommend/journey.py)."""
        from avrec_desktop.recommend.journey import plan_journey

        return plan_journey(self.store, self.indexes(), self.resolve_item(a).id, self.resolve_item(b).id, n=n)

    def station_page(self, station, *, k: int = 10, encoders: tuple | None = None, session: str | None = None):
        """A ``Station``'s next ``k`` suggestions (recommend/station.py); ``encoders`` as for ``search``."""
        from avrec_desktop.recommend.station import station_page

        if encoders is None and station.words:
            encoders = (*self._query_encoders(), getattr(self, "_clap_text", None))  # CLAP's text tower, if any
        encoders = encoders or (None, None)
        return station_page(self.store, self.indexes(), self.recommender(), station, k=k, encoders=encoders,
                            session=session)

    def top_tags(self, ids, k: int = 5) -> dict[int, list[tuple[str, float]]]:
        """Each item's ``k`` most probable learned tags (name, probability), best first, from the store
        alone (no model runs); items the learned model has not tagged are left out."""
        from avrec_desktop.encoders.musicnn_tags import top_tags

        return {i: top_tags(t.probs, k) for i, t in self.store.tags_of_many([int(i) for i in ids]).items()}

    def similar_panel(self, ref: str | int, *, k: int = 20):
        """The window's Similar panel: ``avrec similar``'s rules (its top-10 artist cap at every depth),
        each result with per-modality ``bars`` (0..1)."""
        from avrec_desktop.recommend.similar import similar_panel

        item = self.resolve_item(ref)
        indexes = self.indexes()
        return similar_panel(self.store, indexes, item.id, k=k, active=indexes.active)

    def search(self, text: str, *, k: int = 20, kind: str | None = None, meaning: bool = True,
               encoders: tuple | None = None):
        """A ``SearchAnswer``: ``words`` (the filter) and ``meaning`` (above a threshold, separately);
        ``meaning=False``: words only, no text model loaded. ``encoders``: (text, CLIP text or None[,
        CLAP text or None]) to use instead of loading them here (the window's are in a process of their own)."""
        from avrec_desktop.recommend.search import search

        if encoders is not None:
            text_encoder, clip_text, *rest = encoders
            clap_text = rest[0] if rest else None
        elif meaning:
            text_encoder, clip_text = self._query_encoders()
            clap_text = getattr(self, "_clap_text", None)
        else:
            text_encoder = clip_text = clap_text = None
        return search(self.store, self.indexes(), text, k=k, kind=kind, text_encoder=text_encoder,
                      clip_text_encoder=clip_text, clap_text_encoder=clap_text)

    def prepare_query_encoders(self) -> None:
        """Load what a search by meaning needs (the window does it on a thread that holds no database)."""
        self._query_encoders()

    def _query_encoders(self):
        """The text encoder for queries and, when CLIP weights are installed, CLIP's text tower."""
        if getattr(self, "_text_encoders", None) is None:
            if self.encoders_factory:
                encoders = self._encoders()
            else:  # only what encodes a query: the audio encoder's DSP stack (scipy) is never imported
                from avrec_desktop.encoders.registry import query_encoders

                encoders = query_encoders()
            visual = encoders["visual"]
            clip_text = _ClipText(visual) if hasattr(visual, "encode_text") else None
            clap = encoders.get("clap")  # the optional CLAP model's text tower (free-text audio search)
            self._clap_text = None
            if clap is not None and hasattr(clap, "encode_text"):
                from avrec_desktop.encoders.clap import ClapText

                self._clap_text = ClapText(clap)
            self._text_encoders = (encoders["text"], clip_text)
        return self._text_encoders

    # -- learning -------------------------------------------------------------------------------
    def recommender(self):
        """The taste-aware recommender over the current indexes (created once, indexes refreshed)."""
        from avrec_desktop.recommend.recommender import Recommender

        indexes = self.indexes()
        # its facets are the spaces that held vectors when it was made: made again once another space
        # has some (a first launch asks before the first file is analysed; it would never suggest)
        filled = [space for space in indexes if len(indexes[space])]
        old = getattr(self, "_recommender", None)
        if old is None or old.indexes is not indexes or sorted(old.facets.spaces) != sorted(filled):
            self._recommender = Recommender(self.store, indexes)
        return self._recommender

    def warm_up(self) -> None:
        """Open the recommender and ask it once for what follows the last item started (or, in a library
        never played, for taste alone), the answer thrown away: the first real ask after the window opened
        was 2–3× slower than the ones after it (188 against ~57 ms at 100k: the vectors' pages read in,
        the modules a query imports, the ranking's first candidate rows)."""
        recommender = self.recommender()
        recommender.next(current_id=self.store.last_started(), k=10)

    def apply_settings(self, *, worker_threads: int | None = None, use_gpu: bool | None = None,
                       outcome_rules: dict | None = None) -> None:
        """Write settings (the window's Settings dialog) and make them count now: the next play is
        judged by the new outcome thresholds; worker settings apply when analysis next starts."""
        from avrec_desktop.recommend.outcomes import OutcomeRules

        if worker_threads is not None:
            self.store.set_setting("worker_threads", str(int(worker_threads)))
        if use_gpu is not None:
            self.store.set_setting("use_gpu", "1" if use_gpu else "0")
        if outcome_rules:
            OutcomeRules.load(self.store).with_values(**outcome_rules).save(self.store)
        if getattr(self, "_recommender", None) is not None:
            self._recommender.set_rules(OutcomeRules.load(self.store))

    def record_event(self, ref: str | int, type: str, **fields):
        """Record a playback fact or feedback; the taste model learns from it at once."""
        item = self.resolve_item(ref)
        outcomes = self.recommender().record(item.id, type, **fields)
        self._emit("event", {"media_id": item.id, "type": type, "outcomes": outcomes})
        return outcomes

    def forget(self, *, history: bool = False) -> int:
        """Reset what the taste model learned; with ``history`` also delete every play event first.
        Returns the number of events deleted."""
        deleted = 0
        if history:
            deleted = self.store.delete_all_events()
        self.recommender().reset_taste()
        return deleted

    @property
    def playlists(self):
        """Saved playlists, M3U8/XSPF export and import (playlists/service.py), over the main connection."""
        from avrec_desktop.playlists.service import PlaylistService

        return PlaylistService(self.store)

    def cover_file(self, media_id: int, *, make: bool = True) -> Path | None:
        """The cover thumbnail (a JPEG under the cache folder) of an item, or None: the window's covers,
        MPRIS ``mpris:artUrl``. Safe from any thread; ``make`` may read the file's tags (off the GUI thread)."""
        from avrec_desktop.library.covers import cover_file

        return cover_file(self._thread_store(), int(media_id), make=make)

    def last_played(self, session: str | None = None) -> MediaItem | None:
        media_id = self.store.last_started(session)
        return self.store.get_media(media_id) if media_id else None

    def status(self) -> dict:
        counts = self.store.status_counts()
        jobs = self.store.job_counts()
        return {
            "database": str(self.db_path),
            "items": sum(counts.values()),
            "by_status": counts,
            "by_kind": self.store.kind_counts(),
            "queue": jobs,
            "folders": [{"id": f.id, "path": f.path, "kind": f.kind, "online": f.online}
                        for f in self.store.folders()],
            "embeddings": {f"{space}:{encoder}@{version}": n
                           for (space, encoder, version), n in self.store.embedding_counts().items()},
        }

    def close(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        if self.indexing is not None:
            self.indexing.stop()
        if self._engine is not None:
            self._engine.close()
        self._thread_stores.close_all()
        if self._checkpoints is not None:
            self._checkpoints.close()
        self.store.close()


class _ClipText:
    """CLIP's text tower behind the ``encode([str])`` shape the search expects."""

    def __init__(self, clip):
        self.clip = clip

    def encode(self, texts):
        return self.clip.encode_text(list(texts))
