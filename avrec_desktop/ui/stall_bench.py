"""How long the GUI thread ever stops: a heartbeat timer while files are analysed and the user scrolls
and searches. Used by the test suite (which asserts no stall over 100 ms) and by ``avrec bench ui``.

    QT_QPA_PLATFORM=offscreen python -m avrec_desktop.ui.stall_bench --files 200   # prints JSON
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

WORDS = ["track", "artist 3", "track 1", "nothing like this", ""]


def _pump(ms: int) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        QCoreApplication.processEvents()
        time.sleep(0.002)


def measure_stall(app, workdir: Path, files: int = 200, timeout: float = 240.0) -> dict:
    """Build the real window (real task thread, real worker and encoders), add ``files`` generated tracks,
    and scroll/search until they are analysed, timing every heartbeat of a 10 ms timer."""
    from avrec_desktop.bench.synthetic_media import write_bench_tone
    from avrec_desktop.ui.app import build

    music = workdir / "music"
    music.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        write_bench_tone(music / f"track {i:03d}.wav", 0.3, freq=100 + 7 * i,
                         tags={"title": f"Track {i}", "artist": f"Artist {i % 17}"})
    window = build(app, start_background=False)
    window.show()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat():
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(beat)
    last[0] = time.perf_counter()
    timer.start()
    t0 = time.perf_counter()
    window.controller.add_folder(str(music), "music")
    window.show_page("Music")
    store = window.controller.store
    step = 0
    while store.status_counts()["ready"] < files and time.perf_counter() - t0 < timeout:
        table = window.music.table
        (table.scrollToBottom if step % 2 else table.scrollToTop)()
        window.music.search_box.setText(WORDS[step % len(WORDS)])
        _pump(120)
        step += 1
    _pump(500)
    timer.stop()
    ready = store.status_counts()["ready"]
    seconds = time.perf_counter() - t0
    window.controller.shutdown()
    window.deleteLater()
    ordered = sorted(gaps)
    return {"files": files, "analysed": ready, "seconds": round(seconds, 2), "beats": len(gaps),
            "user_actions": step, "p50_gap_ms": round(ordered[len(ordered) // 2], 1),
            "p99_gap_ms": round(ordered[int(0.99 * (len(ordered) - 1))], 1),
            "max_gap_ms": round(ordered[-1], 1), "timer_interval_ms": 10}


def main(argv: list[str] | None = None) -> int:
    import argparse
    import os

    from PySide6.QtWidgets import QApplication

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="avrec-stall-") as tmp:
        for var in ("AVREC_DATA_DIR", "AVREC_CACHE_DIR", "AVREC_CONFIG_DIR"):
            os.environ[var] = str(Path(tmp) / var.lower())
        app = QApplication(sys.argv[:1])
        result = measure_stall(app, Path(tmp), args.files)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
