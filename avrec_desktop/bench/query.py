"""Query benchmark: ``similar`` end to end (SQLite included) and index quality on synthetic libraries.

For each size N it builds a temporary store of N items through bulk inserts — 30 % videos — with
clustered vectors that imitate a real library: every item = genre centre + artist offset + its own
noise in a 32-d latent space projected to the space's size (scales 1 : 0.8 : 1, so two tracks of one
artist have cosine ≈ 0.6, one genre ≈ 0.4, unrelated ≈ 0); artists with log-normal track counts
(median 8, up to 400: at 100k about 17 artists have 200+ tracks, which exercises the artist cap and
the widening); and 1 % re-encoded copies of other items (near-identical vectors, same tags) for the
duplicate rule. Spaces: audio and text for every item, visual for videos only.

Dimensions (default audio 123, text 384, visual 512): the sonic descriptor's 123 features (``avrec bench``
passes ``SonicEncoder.dim``), MiniLM's 384 and CLIP ViT-B-32's 512. Visual at 512-d for 30 % of the
items keeps the 100k build to a few minutes on two cores (100k × 512 alone measured 58 s).

Measured: graph build time per space (from SQLite), load time from the disk cache, recall@10 (and
@100, the candidate depth ``similar`` uses) of the graph against exact numpy search, ``similar``
latency p50/p95/max over random seeds after a warm-up, ``search`` latency with a stub query encoder
(encoding the query is not included), and an incremental refresh after 100 new items.

Run: ``python -m avrec_desktop.bench.query --sizes 10000 100000 --out result.json``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from avrec_desktop.index import LibraryIndexes
from avrec_desktop.index.space_index import EXACT_MAX, HNSW_EF_SEARCH
from avrec_desktop.recommend.search import search
from avrec_desktop.recommend.similar import similar
from avrec_desktop.store import Store

DIMS = {"audio": 123, "text": 384, "visual": 512}
ACTIVE = {"audio": ("bench-audio", "1"), "text": ("bench-text", "1"), "visual": ("bench-visual", "1")}
VIDEO_FRACTION = 0.3
DUPLICATE_FRACTION = 0.01
GENRES = 24
MAX_TRACKS_PER_ARTIST = 400
LATENT = 32  # directions the synthetic vectors really vary in
AMBIENT = 0.05  # per-dimension noise outside them
EF_TRIED = (64, 128, 256)


def run_query_bench(sizes=(10_000, 100_000), dims: dict | None = None, k: int = 10, queries: int = 200,
                    seed: int = 0, workdir: str | Path | None = None, num_threads: int = 2,
                    exact_max: int = EXACT_MAX) -> dict:
    """Run the benchmark for every size; returns a JSON-serialisable dict of the measurements."""
    dims = {**DIMS, **(dims or {})}
    with tempfile.TemporaryDirectory(prefix="avrec-bench-") as tmp:
        root = Path(workdir) if workdir is not None else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        results = [_one_size(root, n, dims, k, queries, seed, num_threads, exact_max) for n in sizes]
    return {"dims": dims, "k": k, "queries": queries, "seed": seed, "num_threads": num_threads,
            "exact_max": exact_max, "ef_search": HNSW_EF_SEARCH, "cpu_count": os.cpu_count(),
            "sizes": results}


def _one_size(root: Path, n: int, dims: dict, k: int, queries: int, seed: int, num_threads: int,
              exact_max: int) -> dict:
    rng = np.random.default_rng(seed)
    db = root / f"bench-{n}.sqlite3"
    for stale in root.glob(f"bench-{n}.sqlite3*"):
        stale.unlink()
    index_dir = root / f"indexes-{n}"
    if index_dir.exists():
        for f in index_dir.iterdir():
            f.unlink()
    out: dict = {"items": n}
    store = Store(db)
    try:
        t0 = time.perf_counter()
        library = _fill(store, rng, n, dims)
        out["fill_store_s"] = round(time.perf_counter() - t0, 2)

        t0 = time.perf_counter()
        indexes = LibraryIndexes.open(store, ACTIVE, directory=index_dir, num_threads=num_threads,
                                      exact_max=exact_max)
        out["open_build_s"] = round(time.perf_counter() - t0, 2)
        out["spaces"] = {s: {"items": len(ix), "dim": ix.dim, "graph": ix.uses_graph,
                             "build_source": ix.report.source, "build_s": round(ix.report.seconds, 2)}
                         for s, ix in indexes.items()}
        t0 = time.perf_counter()
        indexes = LibraryIndexes.open(store, ACTIVE, directory=index_dir, num_threads=num_threads,
                                      exact_max=exact_max)
        out["open_from_disk_s"] = round(time.perf_counter() - t0, 2)
        for s, ix in indexes.items():
            out["spaces"][s].update(load_source=ix.report.source, load_s=round(ix.report.seconds, 2),
                                    matrix_mb=round(ix.count * ix.dim * 4 / 2**20, 1))
            out["spaces"][s].update(_recall(ix, rng, min(queries, 200)))

        seeds = rng.choice(library["ids"], size=queries + 20, replace=False)
        for media_id in seeds[:20]:  # warm-up: page cache, numpy and hnswlib code paths
            similar(store, indexes, int(media_id), k=k)
        times, counts, seen_artist_cap = [], [], 0
        for media_id in seeds[20:]:
            t = time.perf_counter()
            res = similar(store, indexes, int(media_id), k=k)
            times.append((time.perf_counter() - t) * 1000)
            counts.append(len(res))
            artists = [r.media.artist for r in res]
            seen_artist_cap = max(seen_artist_cap, max(artists.count(a) for a in set(artists)))
        out["similar_ms"] = _percentiles(times)
        out["similar_min_results"] = min(counts)
        out["similar_max_per_artist"] = seen_artist_cap
        out["search_ms"] = _search_latency(store, indexes, rng, library, dims, queries)
        out["refresh_100_new"] = _refresh(store, indexes, rng, dims, library)
    finally:
        store.close()
    return out


def _fill(store: Store, rng, n: int, dims: dict) -> dict:
    """N ready items with clustered vectors, inserted in one transaction with executemany."""
    counts = np.clip(np.rint(rng.lognormal(np.log(8), 1.2, n)), 1, MAX_TRACKS_PER_ARTIST).astype(int)
    n_artists = int(np.searchsorted(np.cumsum(counts), n)) + 1
    artist = rng.permutation(np.repeat(np.arange(n_artists), counts[:n_artists])[:n])
    genre_of_artist = rng.integers(0, GENRES, n_artists)
    kinds = np.where(rng.random(n) < VIDEO_FRACTION, "video", "audio")
    durations = rng.uniform(90, 420, n).round(1)
    dup_of = np.full(n, -1)
    dups = rng.choice(np.arange(1, n), size=int(n * DUPLICATE_FRACTION), replace=False)
    dup_of[dups] = rng.integers(0, dups)  # a copy of some earlier item
    now = time.time()
    with store.transaction() as conn:
        folder = conn.execute("INSERT INTO folders(path, kind, online, added_at) VALUES (?, 'mixed', 1, ?)",
                              (os.fsencode("/bench/library"), now)).lastrowid
        rows = []
        for i in range(n):
            src = dup_of[i] if dup_of[i] >= 0 else i
            kind = kinds[src]
            ext = "mp4" if kind == "video" else "flac"
            rows.append((i + 1, folder, os.fsencode(f"/bench/library/{i:07d}.{ext}"),
                         f"ck{i}", kind, float(durations[src] + (0.5 if src != i else 0)),
                         f"Track {src}", f"Artist {artist[src]}", f"Album {artist[src]}-{src % 5}",
                         "ready", now, now))
        conn.executemany("INSERT INTO media(id, folder_id, path, content_key, kind, duration, title, artist, "
                         "album, status, added_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        kinds = np.array([kinds[dup_of[i]] if dup_of[i] >= 0 else kinds[i] for i in range(n)])
        for space, dim in dims.items():
            members = np.flatnonzero(kinds == "video") if space == "visual" else np.arange(n)
            matrix = _clustered(rng, members, artist, genre_of_artist, dim, dup_of)
            encoder, version = ACTIVE[space]
            conn.executemany(
                "INSERT INTO embeddings(media_id, space, encoder, version, dim, vector, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((int(i) + 1, space, encoder, version, dim, matrix[j].tobytes(), now)
                 for j, i in enumerate(members)))
    return {"ids": np.arange(1, n + 1), "artist": artist, "n_artists": n_artists}


def _clustered(rng, members, artist, genre_of_artist, dim, dup_of) -> np.ndarray:
    """genre + artist + item offsets in a LATENT-d space, projected to ``dim`` with a little ambient noise.

    Learned embeddings occupy far fewer directions than their size; isotropic noise in all ``dim``
    directions would be a much harder (and less realistic) case for any graph index.
    """
    genre_c = rng.standard_normal((GENRES, LATENT)).astype(np.float32)
    artist_c = 0.8 * rng.standard_normal((len(genre_of_artist), LATENT)).astype(np.float32)
    projection = rng.standard_normal((LATENT, dim)).astype(np.float32) / np.sqrt(LATENT)
    full = np.empty((len(artist), dim), dtype=np.float32)
    for start in range(0, len(artist), 20_000):
        a = artist[start:start + 20_000]
        own = rng.standard_normal((len(a), LATENT)).astype(np.float32)
        ambient = AMBIENT * rng.standard_normal((len(a), dim)).astype(np.float32)
        full[start:start + len(a)] = (genre_c[genre_of_artist[a]] + artist_c[a] + own) @ projection + ambient
    copies = np.flatnonzero(dup_of >= 0)
    full[copies] = full[dup_of[copies]] + 0.01 * rng.standard_normal((len(copies), dim)).astype(np.float32)
    m = full[members]
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def _recall(ix, rng, n_queries: int) -> dict:
    """Recall of the graph against exact search, seeds being items (as in ``similar``), self excluded."""
    if not ix.uses_graph:
        return {"recall_at_10": 1.0, "recall_at_100": 1.0, "note": "exact search"}
    picks = rng.choice(ix.ids(), size=min(n_queries, ix.count), replace=False)
    default_ef = ix.ef_search
    out: dict = {}
    for ef in EF_TRIED:
        ix.set_ef(ef)
        r10, r100, graph_ms, exact_ms = [], [], [], []
        for media_id in picks:
            q = ix.vector(int(media_id))
            for depth, acc in ((10, r10), (100, r100)):
                t = time.perf_counter()
                got = ix.search(q, depth + 1)[0]
                g = time.perf_counter()
                want = ix.exact_search(q, depth + 1)[0]
                e = time.perf_counter()
                got, want = got[got != media_id][:depth], want[want != media_id][:depth]
                acc.append(len(set(got.tolist()) & set(want.tolist())) / depth)
                if depth == 10:
                    graph_ms.append((g - t) * 1000)
                    exact_ms.append((e - g) * 1000)
        row = {"recall_at_10": round(float(np.mean(r10)), 4), "recall_at_100": round(float(np.mean(r100)), 4),
               "min_recall_at_10": round(float(np.min(r10)), 2),
               "graph_top10_ms_p50": round(float(np.median(graph_ms)), 3),
               "exact_top10_ms_p50": round(float(np.median(exact_ms)), 3)}
        if ef == default_ef:
            out.update(row)
        out[f"ef{ef}"] = row
    ix.set_ef(default_ef)
    return out


def _search_latency(store, indexes, rng, library, dims, queries: int) -> dict:
    class StubTextEncoder:  # the real MiniLM costs ~1.4 ms per query on top of this
        name, version = ACTIVE["text"]

        def encode(self, batch):
            v = rng.standard_normal((len(batch), dims["text"])).astype(np.float32)
            return v / np.linalg.norm(v, axis=1, keepdims=True)

    enc = StubTextEncoder()
    words = [f"Track {int(i) - 1}" for i in rng.choice(library["ids"], size=queries)]
    words += [f"Artist {a}" for a in rng.choice(library["n_artists"], size=queries // 4)]
    for q in words[:10]:
        search(store, indexes, q, text_encoder=enc)
    times = []
    for q in words:
        t = time.perf_counter()
        search(store, indexes, q, text_encoder=enc)
        times.append((time.perf_counter() - t) * 1000)
    return _percentiles(times)


def _refresh(store, indexes, rng, dims, library) -> dict:
    n = len(library["ids"])
    now = time.time()
    new_ids = list(range(n + 1, n + 101))
    with store.transaction() as conn:
        for media_id in new_ids:
            conn.execute("INSERT INTO media(id, folder_id, path, kind, duration, title, artist, status, "
                         "added_at, updated_at) VALUES (?, 1, ?, 'audio', 200, ?, 'New', 'ready', ?, ?)",
                         (media_id, os.fsencode(f"/bench/new/{media_id}.flac"), f"New {media_id}", now, now))
            for space in ("audio", "text"):
                v = rng.standard_normal(dims[space]).astype(np.float32)
                conn.execute("INSERT INTO embeddings(media_id, space, encoder, version, dim, vector, "
                             "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (media_id, space, *ACTIVE[space], dims[space],
                              (v / np.linalg.norm(v)).tobytes(), now))
    t0 = time.perf_counter()
    reports = indexes.refresh(store)
    refresh_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    indexes.save()
    return {"refresh_s": round(refresh_s, 3), "save_s": round(time.perf_counter() - t0, 3),
            "rebuilt": any(r.rebuilt for r in reports.values()),
            "added": {s: r.added for s, r in reports.items()}}


def _percentiles(ms: list[float]) -> dict:
    a = np.asarray(ms)
    return {"p50": round(float(np.percentile(a, 50)), 2), "p95": round(float(np.percentile(a, 95)), 2),
            "max": round(float(a.max()), 2), "n": len(a)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workdir")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    result = run_query_bench(sizes=tuple(args.sizes), queries=args.queries, num_threads=args.threads,
                             workdir=args.workdir)
    write_result(result, args.out)
    return 0


def write_result(result: dict, out: str | None) -> None:
    """Print a benchmark's JSON and, when asked, keep it in a file."""
    text = json.dumps(result, indent=1)
    if out:
        Path(out).write_text(text + "\n")
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
