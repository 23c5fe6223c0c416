"""Up next benchmark: ``Recommender.next`` latency on a synthetic library with a listening history.

The library is ``bench.query``'s synthetic one (clustered vectors per genre and artist, 30 % videos,
1 % duplicates; audio 123-d, text 384-d, visual 512-d; hnswlib graphs above 20k items). On top of it a
synthetic history of ``plays`` plays (a start and an end event each, plus a like every 25 plays and a
dislike every 60), in sessions of 30 over the 60 days before ``now``: the listener favours 40 artists
(finishes 85 % of their tracks, 30 % of the rest; the rest are early skips), each suggestion seeded by
the item before it, so the taste model has a few thousand outcomes and facet pairs to work with.

Measured: building the taste model from the whole log (``rebuild_s``, what an upgrade costs; the first
``Recommender`` of a process, imports included, is ``open_recommender_s``), one
``record`` (store write + online update), ``next`` p50/p95/max over ``queries`` playing items (half from
the favourite artists, half anywhere, after 20 warm-up calls), and ``for_you``.

Run: ``python -m avrec_desktop.bench.next_bench --items 100000 --workdir /tmp/next-bench``
(the workdir keeps the database and index files, so a second run skips the minutes of building).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from avrec_desktop.bench.query import ACTIVE, DIMS, _fill, _percentiles, write_result
from avrec_desktop.index import LibraryIndexes
from avrec_desktop.recommend.recommender import Recommender
from avrec_desktop.store import Store

DAY = 86400.0
NOW = 1_750_000_000.0
FAVOURITE_ARTISTS = 40
SESSION_PLAYS = 30


def run_next_bench(items: int = 100_000, plays: int = 1500, queries: int = 200, seed: int = 0,
                   workdir: str | Path | None = None, num_threads: int = 2) -> dict:
    with tempfile.TemporaryDirectory(prefix="avrec-next-bench-") as tmp:
        root = Path(workdir) if workdir is not None else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        return _run(root, items, plays, queries, seed, num_threads)


def _run(root: Path, n: int, plays: int, queries: int, seed: int, num_threads: int) -> dict:
    rng = np.random.default_rng(seed)
    db = root / f"next-bench-{n}.sqlite3"
    out: dict = {"items": n, "plays": plays, "queries": queries, "cpu_count": os.cpu_count()}
    fresh = not db.exists()
    store = Store(db)
    try:
        if fresh or store.scalar("SELECT COUNT(*) FROM media") != n:
            store.close()
            for stale in root.glob(f"next-bench-{n}.sqlite3*"):
                stale.unlink()
            store = Store(db)
            t0 = time.perf_counter()
            _fill(store, np.random.default_rng(seed), n, dict(DIMS))
            out["fill_store_s"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        indexes = LibraryIndexes.open(store, ACTIVE, directory=root / f"indexes-{n}", num_threads=num_threads)
        indexes.save()
        out["open_indexes_s"] = round(time.perf_counter() - t0, 2)

        with store.transaction() as conn:
            conn.execute("DELETE FROM events")
            conn.execute("DELETE FROM taste_state")
            conn.execute("DELETE FROM settings WHERE key LIKE 'taste%'")
        favourites = _history(store, rng, plays)
        out["events"] = store.last_event_id()

        t0 = time.perf_counter()
        rec = Recommender(store, indexes)  # first use: imports, then the model built from the log
        out["open_recommender_s"] = round(time.perf_counter() - t0, 2)
        t0 = time.perf_counter()
        rec.rebuild_taste()
        out["rebuild_s"] = round(time.perf_counter() - t0, 2)
        out["outcomes"] = rec.taste.outcomes
        out["remembered_items"] = len(rec.taste.items)

        session = "bench-now"
        now = NOW + 60.0
        ids = indexes["audio"].ids()
        fav_items = [int(r["id"]) for r in store.query(
            "SELECT id FROM media WHERE status = 'ready' AND artist IN (%s) LIMIT 5000"
            % ",".join("?" for _ in favourites), tuple(favourites))]
        picks = [int(rng.choice(fav_items)) if j % 2 == 0 else int(rng.choice(ids))
                 for j in range(queries + 20)]
        t0 = time.perf_counter()
        rec.record(picks[0], "start", ts=now, session=session, duration=200.0)
        rec.record(picks[0], "end", ts=now + 200.0, reason="finished", position=200.0, duration=200.0,
                   session=session)
        out["record_ms"] = round((time.perf_counter() - t0) * 1000 / 2, 2)
        now += 201.0
        times, sizes = [], []
        for j, current in enumerate(picks):
            t0 = time.perf_counter()
            result = rec.next(current_id=current, session=session, k=10, now=now,
                              rng=np.random.default_rng([seed, j]))
            ms = (time.perf_counter() - t0) * 1000
            if j >= 20:
                times.append(ms)
                sizes.append(len(result))
        out["next_ms"] = _percentiles(times)
        out["next_min_results"] = min(sizes)
        t0 = time.perf_counter()
        shelves = rec.for_you(now=now)
        out["for_you_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        out["for_you_shelves"] = [f"{s.title} ({len(s.items)})" for s in shelves]
    finally:
        store.close()
    return out


def _history(store, rng, plays: int) -> list[str]:
    """Write ``plays`` synthetic plays (start + end, some likes and dislikes); returns the favourite artists."""
    rows = store.query("SELECT id, artist, duration FROM media WHERE status = 'ready' AND kind = 'audio'")
    artists = sorted({r["artist"] for r in rows})
    favourites = [artists[i] for i in rng.choice(len(artists), size=min(FAVOURITE_ARTISTS, len(artists)),
                                                 replace=False)]
    fav_set = set(favourites)
    liked_rows = [r for r in rows if r["artist"] in fav_set]
    events = []
    sessions = max(1, -(-plays // SESSION_PLAYS))
    span = 60 * DAY / sessions
    t = NOW - 60 * DAY
    previous = None
    for j in range(plays):
        if j % SESSION_PLAYS == 0:  # sessions spread over the 60 days, the last one ending before NOW
            t = NOW - 60 * DAY + (j // SESSION_PLAYS + rng.uniform(0.0, 0.8)) * span
            previous = None
        pool = liked_rows if rng.random() < 0.6 else rows
        r = pool[int(rng.integers(len(pool)))]
        session = f"bench-{j // SESSION_PLAYS}"
        duration = float(r["duration"] or 200.0)
        finished = rng.random() < (0.85 if r["artist"] in fav_set else 0.3)
        position = duration if finished else float(rng.uniform(5, 25))
        common = (r["id"], session, previous, duration)
        events.append((*common, t, "start", None, None, 1))
        events.append((*common, t + position, "end", "finished" if finished else "skipped", position, 1))
        if j % 25 == 0 and finished:
            events.append((*common, t + position + 1, "like", None, None, 0))
        if j % 60 == 0 and not finished:
            events.append((*common, t + position + 1, "dislike", None, None, 0))
        previous = r["id"]
        t += position + 1.0
    with store.transaction() as conn:
        conn.executemany("INSERT INTO events(media_id, session, seed_id, duration, ts, type, reason, position, "
                         "auto) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
    return favourites


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--plays", type=int, default=1500)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workdir")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    result = run_next_bench(items=args.items, plays=args.plays, queries=args.queries,
                            num_threads=args.threads, workdir=args.workdir)
    write_result(result, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
