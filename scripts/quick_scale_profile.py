"""Why a quick pass costs more per track in a bigger library (issue #11 target 4): the worker's quick phase
run in this process on N tracks, every SQL statement timed.

    python scripts/quick_scale_profile.py DIR N [--profile OUT.prof] [--overlap 0|1|split] [--batch 8]

Links the first N WAVs of DIR into a fresh folder, adds and scans it into a fresh database, loads the
encoders, then runs the worker's quick rounds (indexing/worker.py ``_quick_round``) until every track has
its quick vector. Prints the wall time per track over the first and the last tenth, the time spent in
SQL (execute + fetch) per track, and the statements that took most, with their calls and time each.
"""

from __future__ import annotations

import argparse
import inspect
import collections
import os
import re
import shutil
import tempfile
import time
from pathlib import Path


class _TimedCursor:
    def __init__(self, cursor, key, stats):
        self._cursor, self._key, self._stats = cursor, key, stats

    def _timed(self, name, *args):
        t = time.perf_counter()
        try:
            return getattr(self._cursor, name)(*args)
        finally:
            self._stats[self._key][1] += time.perf_counter() - t

    def fetchall(self):
        return self._timed("fetchall")

    def fetchone(self):
        return self._timed("fetchone")

    def fetchmany(self, *args):
        return self._timed("fetchmany", *args)

    def __iter__(self):
        return iter(self.fetchall())

    def __getattr__(self, name):
        return getattr(self._cursor, name)


class TimedConnection:
    """A stand-in for ``Store.conn`` that times every statement (by its text, numbers folded)."""

    def __init__(self, conn):
        self._conn = conn
        self.stats: dict = collections.defaultdict(lambda: [0, 0.0])

    def execute(self, sql, params=()):
        key = re.sub(r"\?(, ?\?)+", "?…", " ".join(sql.split()))[:160]
        t = time.perf_counter()
        cursor = self._conn.execute(sql, params)
        entry = self.stats[key]
        entry[0] += 1
        entry[1] += time.perf_counter() - t
        return _TimedCursor(cursor, key, self.stats)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("n", type=int)
    parser.add_argument("--profile")
    parser.add_argument("--overlap", default="1")
    parser.add_argument("--batch", type=int, default=8)
    args = parser.parse_args()
    os.environ["AVREC_QUICK_OVERLAP"] = args.overlap
    from avrec_desktop.encoders.device import configure_threads

    configure_threads(None)  # as the worker does (indexing/worker.py ``_work``)
    from avrec_desktop.encoders.registry import active_encoders
    from avrec_desktop.indexing.quick import QuickSettings
    from avrec_desktop.indexing.worker import _quick_round
    from avrec_desktop.library import add_folder, scan_folder
    from avrec_desktop.store import Store

    work = Path(tempfile.mkdtemp(prefix="avrec-quick-scale-"))
    try:
        music = work / "music"
        music.mkdir()
        for path in sorted(Path(args.folder).glob("*.wav"))[:args.n]:
            os.link(path, music / path.name)
        store = Store(work / "lib.sqlite3")
        t = time.perf_counter()
        scan_folder(store, add_folder(store, str(music), "music"))
        print(f"scan {time.perf_counter() - t:.2f} s, {args.n} files")
        encoders = active_encoders()
        encoders["audio"]._load()
        timed = TimedConnection(store.conn)
        store.conn = timed
        messages = collections.Counter()
        done_at, cpu_at = [], []  # wall and CPU (all threads) clocks at each quick vector

        def send(kind, **payload):
            messages[kind] += 1
            if kind == "quick":
                done_at.append(time.perf_counter())
                cpu_at.append(time.process_time())

        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        start = time.perf_counter()
        tried: set[int] = set()
        batch = 1
        if "pipeline" in inspect.signature(_quick_round).parameters:
            from avrec_desktop.indexing import quick
            from avrec_desktop.indexing.quick import QuickPipeline

            pipeline = QuickPipeline(encoders, QuickSettings(), lambda it: str(work / f"{it.id}.jpg"),
                                     quick.overlap_mode())
            while _quick_round(store, send, pipeline, "profile", batch, tried):
                batch = args.batch
            pipeline.close()
        else:  # before the pipeline lasted across batches (an older checkout)
            while _quick_round(store, send, encoders, QuickSettings(), "profile", batch, tried, work):
                batch = args.batch
        wall = time.perf_counter() - start
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        n = len(done_at)
        tenth = max(1, n // 10)
        first = (done_at[tenth] - done_at[0]) / tenth
        last = (done_at[-1] - done_at[-1 - tenth]) / tenth
        cpu_first = (cpu_at[tenth] - cpu_at[0]) / tenth
        cpu_last = (cpu_at[-1] - cpu_at[-1 - tenth]) / tenth
        sql = sum(s[1] for s in timed.stats.values())
        print(f"{n} quick vectors in {wall:.2f} s: {wall / max(n, 1) * 1000:.1f} ms/track; first tenth "
              f"{first * 1000:.1f} ms/track, last tenth {last * 1000:.1f} ms/track; SQL {sql:.2f} s "
              f"({sql / max(n, 1) * 1000:.2f} ms/track, {sum(s[0] for s in timed.stats.values())} statements)")
        print(f"CPU (all threads): first tenth {cpu_first * 1000:.1f} ms/track, last tenth "
              f"{cpu_last * 1000:.1f} ms/track, all {(cpu_at[-1] - cpu_at[0]) / max(n - 1, 1) * 1000:.1f}")
        print(f"messages {dict(messages)}; load {os.getloadavg()[0]:.2f}")
        for key, (calls, spent) in sorted(timed.stats.items(), key=lambda kv: -kv[1][1])[:12]:
            print(f"  {spent:7.3f} s {calls:6d}x {spent / calls * 1e3:7.3f} ms  {key}")
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
