"""The generated library of ``avrec bench window``: ``bench.cli_bench``'s synthetic analysed library
(clustered vectors stamped with the real encoders' signatures, 30 % videos, a history of 1,500 plays)
with real-looking tags written over the stand-in ones: titles of two or three words, artists (names
and bands), albums, 24 genres, years and track numbers, and paths like
``/home/listener/Music/<Artist>/<Album>/07 <Title>.flac`` or ``/home/listener/Videos/<Title>.mp4``.
An item keeps its artist cluster, so "similar" still finds the same artist's tracks.

The vector index cache is built here too (as after a first open of the library), so the window opens
the way it does every day after that; the files themselves do not exist (nothing is played).
No Qt here: the window's half is ``ui/window_bench.py``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

GENRES = ["Rock", "Jazz", "Electronic", "Hip-Hop", "Classical", "Folk", "Blues", "Soul", "Reggae", "Metal",
          "Pop", "Ambient", "Country", "Funk", "Punk", "Latin", "House", "Techno", "Indie", "R&B",
          "Soundtrack", "World", "Gospel", "Disco"]
WORDS = ("love night blue river fire dream summer city light heart rain shadow gold ocean road morning "
         "star silver wild winter electric dance broken home paper sky velvet echo neon garden storm "
         "midnight glass honey ghost thunder sugar desert mirror highway moon kingdom crystal falling "
         "distant forever lonely secret golden burning quiet running hollow northern").split()
FIRST = ("Anna Marco Lena Tom Sara Jonas Mia Luca Nina Oscar Elif Ravi Yuki Omar Ines Felix Noor Hugo "
         "Clara Ivan").split()
LAST = ("Berg Costa Novak Reyes Lind Okafor Moreau Tanaka Kowalski Haddad Silva Brandt Quinn Duarte Sato "
        "Eriksen Varga Moss").split()
BAND = ("The {w} {W}s", "{W} {W}", "{W} of the {W}", "{W} Collective", "The {W} Orchestra", "{W}{w}")
TARGET_ROWS = 100_000


def _title(rng, n_words: int) -> str:
    return " ".join(str(w).capitalize() for w in rng.choice(WORDS, size=n_words))


def _artist(rng, a: int) -> str:
    if a % 3 == 0:
        return f"{FIRST[a % len(FIRST)]} {LAST[(a // len(FIRST)) % len(LAST)]}" + (f" {a // 360}" if a >= 360 else "")
    pattern = BAND[a % len(BAND)]
    w = rng.choice(WORDS, size=3)
    name = pattern.replace("{w}", str(w[0])).replace("{W}", str(w[1]).capitalize(), 1).replace(
        "{W}", str(w[2]).capitalize())
    return name


def make_window_library(root: Path, items: int = TARGET_ROWS) -> dict:
    """Write the library under ``root`` and its index cache where ``AVREC_CACHE_DIR`` says; returns facts."""
    from avrec_desktop.bench.cli_bench import make_library
    from avrec_desktop.store import Store

    t0 = time.perf_counter()
    db = make_library(root, items)
    rng = np.random.default_rng(1)
    with Store(db) as store:
        rows = sorted(store.all_media(), key=lambda m: m.id)
        artist_names: dict[str, str] = {}
        seen_paths: set[str] = set()
        updates = []
        for r in rows:
            a = int(r.artist.split()[-1]) if r.artist else 0
            artist = artist_names.setdefault(r.artist, _artist(rng, a))
            title = _title(rng, int(rng.integers(1, 4)))
            genre = GENRES[a % len(GENRES)]
            album = _title(rng, 2) if a % 4 else f"{_title(rng, 1)} (Live)"
            track = int(rng.integers(1, 15))
            if r.kind == "video":
                path = f"/home/listener/Videos/{artist}/{title} ({r.id}).mp4"
            else:
                path = f"/home/listener/Music/{artist}/{album}/{track:02d} {title}.flac"
            if path in seen_paths:
                path = path.replace(f"{track:02d} ", f"{track:02d} ({r.id}) ")
            seen_paths.add(path)
            updates.append((title, artist, album, genre, int(rng.integers(1965, 2025)), track,
                            os.fsencode(path), r.id))
        store.retag_media(updates)
        fill_s = time.perf_counter() - t0
        index_s = _build_index_cache(store)
    return {"db": str(db), "items": items, "fill_s": round(fill_s, 1), "index_cache_s": round(index_s, 1)}


def _build_index_cache(store) -> float:
    """The vector caches and graphs a window that opened this library before has on disk."""
    from avrec_desktop.encoders.registry import encoder_signatures
    from avrec_desktop.index.library_indexes import LibraryIndexes

    t0 = time.perf_counter()
    indexes = LibraryIndexes.open(store, encoder_signatures(), graph="inline")
    indexes.save()
    return time.perf_counter() - t0


CACHE_VERSION = 2  # (2: the audio space stamped as today's fused encoder, with its dimension) bump when the generated library changes: a cached copy of another version is remade


def library_cache_dir(items: int) -> Path | None:
    """Where the generated library of ``items`` items is kept between runs (``AVREC_BENCH_CACHE``: a folder,
    or ``off``; default under the temp folder): making 100k items takes minutes, the run itself less."""
    import tempfile

    where = os.environ.get("AVREC_BENCH_CACHE", "")
    if where.lower() == "off":
        return None
    return Path(where or Path(tempfile.gettempdir()) / "avrec-window-bench") / f"{items}-v{CACHE_VERSION}"


def prepare_library(root: Path, items: int, cache: Path | None) -> dict:
    """The library under ``root`` (env already pointing there): a fresh copy of the cached one when
    there is one (migrated to this schema first), else generated (and kept in ``cache``)."""
    import json
    import shutil
    import sqlite3

    from avrec_desktop.store import Store

    golden = cache / "library.sqlite3" if cache is not None else None
    if golden is not None and golden.exists() and (cache / "library.json").exists():
        Store(golden).close()  # a newer schema: migrate the kept copy once, outside the measured window
        library = json.loads((cache / "library.json").read_text())
        db = root / Path(library["db"]).name
        for stale in root.glob(db.name + "*"):
            stale.unlink()
        shutil.copyfile(golden, db)
        _written_out(db)
        with Store(db) as store:
            library["index_cache_s"] = round(_build_index_cache(store), 1)  # at once when still valid
        return {**library, "db": str(db), "cached": str(cache)}
    library = make_window_library(root, items)
    if golden is not None:
        cache.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(library["db"]) as src, sqlite3.connect(golden) as dst:
            src.backup(dst)  # before the window records plays into the library
        (cache / "library.json").write_text(json.dumps(library))
    return library


def _written_out(path: Path) -> None:
    """Wait until the copy is on disk: otherwise the kernel writes its ~500 MB back ~30 s later, in the
    middle of the measured window, and a commit of the window's (a play's start) waited behind it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def run_window_bench(items: int = TARGET_ROWS, workdir: Path | None = None, repeats: int = 10,
                     timeout_s: float = 1800) -> dict:
    """Generate (or reuse) the library, then drive the window over it in an offscreen subprocess
    (ui/window_bench.py)."""
    import json
    import subprocess
    import sys
    import tempfile

    cache = library_cache_dir(items)
    with tempfile.TemporaryDirectory(prefix="avrec-window-bench-") as tmp:
        # with a cache the library always sits at one path (the index cache is keyed by the database's path)
        root = cache / "work" if cache is not None else Path(workdir) if workdir is not None else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        for var, sub in (("AVREC_DATA_DIR", "data"), ("AVREC_CACHE_DIR", "cache"), ("AVREC_CONFIG_DIR", "config"),
                         ("AVREC_MODELS_DIR", "models")):
            (root / sub).mkdir(exist_ok=True)
            env[var] = str(root / sub)
        env.pop("AVREC_ENCODERS_FACTORY", None)
        saved = {var: os.environ.get(var) for var in ("AVREC_DATA_DIR", "AVREC_CACHE_DIR", "AVREC_CONFIG_DIR",
                                                       "AVREC_MODELS_DIR")}
        try:
            os.environ.update({var: env[var] for var in saved})  # the index cache is written for the child
            library = prepare_library(root, items, cache)
        finally:
            for var, value in saved.items():
                os.environ.pop(var) if value is None else os.environ.__setitem__(var, value)
        env["AVREC_DB"] = library["db"]
        proc = subprocess.run([sys.executable, "-m", "avrec_desktop.ui.window_bench", "--repeats", str(repeats)],
                              capture_output=True, text=True, env=env, timeout=timeout_s)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        if proc.returncode != 0 or not lines:
            return {"library": library, "error": (proc.stderr or "no result")[-1500:]}
        return {"library": library, **json.loads(lines[-1])}


def summary_lines(result: dict) -> list[str]:
    if "error" in result:
        return [f"window bench failed: {result['error'][-300:]}"]
    lines = [f"window at {result.get('items')} items (generated library, synthetic vectors): GUI-thread work "
             f"p95 target ≤ {result.get('target_gui_ms_p95')} ms, first result ≤ {result.get('target_first_ms')} ms"]
    for name, row in (result.get("actions") or {}).items():
        gui, first = row.get("gui_ms") or {}, row.get("first_ms") or {}
        first_text = f"; first result p50 {first['p50']} / p95 {first['p95']} ms" if first else ""
        if name == "open" and row.get("call_ms"):
            longest = (row.get("longest_round") or [{}])[-1]
            made = f", making {', '.join(longest['made'])}" if longest.get("made") else ""
            first_text += (f" (construction {row['call_ms'].get('max')} ms, then rounds p95 "
                           f"{(row.get('rounds_ms') or {}).get('p95')} ms{made})")
        waits = row.get("waits_ms") or {}
        if waits:
            first_text += f"; waits to wake p95 {waits.get('p95')} ms"
        mark = " ok" if row.get("within_target") else " OVER TARGET"
        lines.append(f"  {name} ×{row['repeats']}: GUI thread p50 {gui.get('p50')} / p95 {gui.get('p95')} / max "
                     f"{gui.get('max')} ms{first_text}{mark}")
    rss, worker = result.get("window_rss_mb") or {}, result.get("worker_rss_mb") or {}
    encoder = f", search-by-meaning text model {worker['query_encoder_peak']} MB (its own process)" \
        if worker.get("query_encoder_peak") else ""
    lines.append(f"  peak RSS: window {rss.get('peak')} MB (target ≤ 1024), worker {worker.get('peak')} MB "
                 f"(target ≤ 700, analysing {worker.get('fresh_analysed')} of {worker.get('fresh_tracks')} "
                 f"generated tracks in {worker.get('fresh_analysis_s')} s){encoder}; "
                 f"{result.get('gui_thread_core_calls')} core calls on the GUI thread")
    reference = result.get("reference_loop_ms")
    if reference:
        lines.append(f"  the machine's speed: a fixed Python loop took {reference.get('before')} ms before the "
                     f"window opened, {reference.get('after')} ms after the last action (lower is faster)")
    if result.get("launch_to_first_frame_ms") is not None:
        lines.append(f"  launch to first frame: {result['launch_to_first_frame_ms']} ms (the window's imports "
                     f"{result.get('imports_before_open_ms')} ms, then its construction)")
    return lines
