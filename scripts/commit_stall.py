"""How long one small commit can wait when SQLite's checkpoint syncs a database with unwritten pages.

    python scripts/commit_stall.py [--mb 500] [--seconds 40] [--out FILE]

Makes a library database of ``--mb`` MB (an avrec schema plus filler rows), synced to disk. Then, once per
mode, copies it without syncing (as a restore, a copy or the migration backup leaves it: the copy's pages
still in the page cache, written back by the kernel ~30 s later) and commits one small row every 10 ms for
``--seconds``, timing each commit:

- ``inline``: SQLite's automatic checkpoints (what the CLI and the worker use): the commit that takes the
  log past 1000 pages checkpoints and fsyncs the database file;
- ``background``: the window's way (store/checkpoints.py): ``Store(autocheckpoint=False)`` plus
  ``BackgroundCheckpoints`` on its own thread, every 5 s.

Prints JSON: per mode the commits, their median, p99 and longest time, and how many took over 100 ms.
A figure for this machine's disk at that minute, not a test: run both modes in the same call.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from avrec_desktop.store import Store  # noqa: E402
from avrec_desktop.store.checkpoints import BackgroundCheckpoints  # noqa: E402


def make_library(path: Path, mb: int) -> None:
    with Store(path) as store:
        store.conn.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB)")
        chunk = os.urandom(1 << 20)
        with store.transaction() as conn:
            for i in range(mb):
                conn.execute("INSERT INTO filler (data) VALUES (?)", (chunk[i % 7:] + chunk[:i % 7],))
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commits(path: Path, mode: str, seconds: float) -> dict:
    store = Store(path, autocheckpoint=mode == "inline")
    background = BackgroundCheckpoints(path) if mode == "background" else None
    times: list[float] = []
    try:
        t0 = time.monotonic()
        while time.monotonic() - t0 < seconds:
            t = time.perf_counter()
            store.set_setting(f"commit-stall-{len(times)}", "x" * 3000)  # a new row each, as every event is
            times.append((time.perf_counter() - t) * 1000)
            time.sleep(0.01)
    finally:
        if background is not None:
            background.close()
        store.close()
    ordered = sorted(times)
    return {"commits": len(times), "median_ms": round(statistics.median(times), 2),
            "p99_ms": round(ordered[int(0.99 * (len(ordered) - 1))], 1), "max_ms": round(ordered[-1], 1),
            "over_100_ms": sum(t > 100 for t in times),
            "background_checkpoints": background.done if background is not None else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--out")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="avrec-commit-stall-", dir=os.environ.get("TMPDIR")) as tmp:
        golden = Path(tmp) / "golden.sqlite3"
        make_library(golden, args.mb)
        result = {"database_mb": args.mb, "seconds": args.seconds, "modes": {}}
        for mode in ("inline", "background"):
            copy = Path(tmp) / f"{mode}.sqlite3"
            shutil.copyfile(golden, copy)  # not synced: the kernel writes it back later
            result["modes"][mode] = commits(copy, mode, args.seconds)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{copy}{suffix}").unlink(missing_ok=True)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
