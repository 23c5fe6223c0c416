"""How long the GUI thread stops: a heartbeat timer while files are analysed and the user scrolls, sorts
and searches, under a named background load. A benchmark figure (``avrec bench ui``), not a test: how
long a thread waits depends on the machine and what else runs on it. What the design guarantees (no
core call and no SQL on the GUI thread) is a test (tests/test_ui_gui_thread.py); the bench reports the
same guard's count, and for each stall over ``--trace-ms`` the stacks of every thread at that moment
(taken by faulthandler's watchdog, which needs no GIL: it shows who held the interpreter). Gaps over
50 ms are also split, from the kernel's accounting (ui/stall_probe.py), into the GUI thread running,
waiting for a CPU, and blocked (GIL, lock or sleep), with the threads of ours that ran meanwhile.

    QT_QPA_PLATFORM=offscreen python -m avrec_desktop.ui.stall_bench --files 200 --load 1   # prints JSON
"""

from __future__ import annotations

import faulthandler
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

WORDS = ["track", "artist 3", "track 1", "nothing like this", ""]
LONG_GAP_MS = 50  # gaps this long are split into running / waiting for a CPU / blocked
BURN = "import time\nwhile True:\n    sum(i * i for i in range(10000))\n"


def _pump(ms: int) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        QCoreApplication.processEvents()
        time.sleep(0.002)


def start_load(burners: int) -> list[subprocess.Popen]:
    """``burners`` processes that each keep one core busy (pure Python, no I/O)."""
    return [subprocess.Popen([sys.executable, "-c", BURN], stdin=subprocess.DEVNULL) for _ in range(burners)]


def stop_load(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        p.kill()
        p.wait()


class _Counts:
    """The bench's own view of the analysis, polled on a thread of its own (never the GUI thread)."""

    def __init__(self, db_path):
        self.ready = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, args=(db_path,), daemon=True)
        self._thread.start()

    def _poll(self, db_path) -> None:
        from avrec_desktop.store import Store

        with Store(db_path) as store:
            while not self._stop.wait(0.2):
                self.ready = store.status_counts().get("ready", 0)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


WAITING = ("threading.py", "selectors.py", "queue.py", "connection.py", "inotify_c.py", "delayed_queue.py")


def _stall_sites(trace_file: Path, top: int = 5) -> list[dict]:
    """The innermost avrec frames of every thread that was not waiting in each dump, most frequent first.
    (The watchdog dumps from a thread of its own, so no thread is marked current: a thread whose
    innermost frame is a wait is taken to be waiting.)"""
    if not trace_file.exists():
        return []
    sites: dict[str, int] = {}
    for dump in trace_file.read_text(errors="replace").split("Timeout (")[1:]:
        for block in dump.split("\n\n"):
            frames = [ln.strip() for ln in block.splitlines() if ln.strip().startswith("File ")]
            if not frames or any(w in frames[0] for w in WAITING):
                continue
            ours = [f for f in frames if "avrec_desktop" in f] or frames[:1]
            key = " <- ".join(ours[:3])
            sites[key] = sites.get(key, 0) + 1
    return [{"site": k, "stalls": n} for k, n in sorted(sites.items(), key=lambda kv: -kv[1])[:top]]


def measure_stall(app, workdir: Path, files: int = 200, timeout: float = 240.0, trace_ms: int = 100,
                  guarded: bool = True) -> dict:
    """Build the real window (real task thread, real worker and encoders), add ``files`` generated tracks,
    and scroll/sort/search until they are analysed, timing every heartbeat of a 10 ms timer."""
    from avrec_desktop.bench.synthetic_media import write_bench_tone
    from avrec_desktop.ui.app import build
    from avrec_desktop.ui.stall_probe import ThreadClock
    from avrec_desktop.ui.thread_guard import GuiThreadGuard

    music = workdir / "music"
    music.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        write_bench_tone(music / f"track {i:03d}.wav", 0.3, freq=100 + 7 * i,
                         tags={"title": f"Track {i}", "artist": f"Artist {i % 17}"})
    guard = GuiThreadGuard()
    window = build(app, start_background=False)
    if guarded:
        guard.install()
    window.show()
    counts = _Counts(window.controller.core.db_path)
    trace_file = workdir / "stalls.txt"
    trace = trace_file.open("w")
    gaps: list[float] = []
    last = [time.perf_counter()]
    clock = ThreadClock()

    def beat():
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now
        clock.beat(gaps[-1], LONG_GAP_MS)
        if trace_ms:
            faulthandler.dump_traceback_later(trace_ms / 1000, file=trace)  # re-armed: fires only on a stall
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(beat)
    last[0] = time.perf_counter()
    timer.start()
    t0 = time.perf_counter()
    window.controller.add_folder(str(music), "music")
    window.show_page("Music")
    step = 0
    while counts.ready < files and time.perf_counter() - t0 < timeout:
        table = window.music.table
        (table.scrollToBottom if step % 2 else table.scrollToTop)()
        if step % 7 == 3:
            table.sortByColumn(step % 3, table.horizontalHeader().sortIndicatorOrder())
        window.music.search_box.setText(WORDS[step % len(WORDS)])
        _pump(120)
        step += 1
    _pump(500)
    timer.stop()
    faulthandler.cancel_dump_traceback_later()
    trace.close()
    clock.close()
    seconds = time.perf_counter() - t0
    counts.stop()
    ready = counts.ready
    window.controller.shutdown()
    guard.uninstall()
    window.deleteLater()
    ordered = sorted(gaps)
    return {"files": files, "analysed": ready, "seconds": round(seconds, 2), "beats": len(gaps),
            "user_actions": step, "p50_gap_ms": round(ordered[len(ordered) // 2], 1),
            "p99_gap_ms": round(ordered[int(0.99 * (len(ordered) - 1))], 1),
            "max_gap_ms": round(ordered[-1], 1), "timer_interval_ms": 10,
            "stalls_over_100_ms": sum(g > 100 for g in gaps),
            "stall_sites": _stall_sites(trace_file),
            "gaps_over_50_ms": clock.report(),
            "gui_thread_core_calls": len(guard.violations) if guarded else None,
            "gui_thread_call_sites": guard.sites()}


def main(argv: list[str] | None = None) -> int:
    import argparse

    from PySide6.QtWidgets import QApplication

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--load", type=int, default=1,
                        help="CPU-burning background processes while measuring (default 1: one busy core)")
    parser.add_argument("--trace-ms", type=int, default=100,
                        help="dump every thread's stack on a longer gap (0: no dumps)")
    parser.add_argument("--no-guard", action="store_true", help="do not count core calls on the GUI thread")
    parser.add_argument("--keep-trace", metavar="FILE", help="keep those stack dumps in FILE")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="avrec-stall-") as tmp:
        for var in ("AVREC_DATA_DIR", "AVREC_CACHE_DIR", "AVREC_CONFIG_DIR"):
            os.environ[var] = str(Path(tmp) / var.lower())
        app = QApplication(sys.argv[:1])
        load = start_load(args.load)
        try:
            result = measure_stall(app, Path(tmp), args.files, trace_ms=args.trace_ms,
                                   guarded=not args.no_guard)
            if args.keep_trace:
                shutil.copyfile(Path(tmp) / "stalls.txt", args.keep_trace)
        finally:
            stop_load(load)
    result["background_load"] = {"cpu_burning_processes": args.load, "cpus": os.cpu_count(),
                                  "what": "python busy loop per process"}
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
