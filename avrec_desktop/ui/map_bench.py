"""Paint time of the library map's frames (ui/map_canvas.py) at a large library, offscreen:

    QT_QPA_PLATFORM=offscreen python -m avrec_desktop.ui.map_bench [--points 100000] [--frames 200] [--json]
    avrec bench map --sizes 100000 --out map.json     # the same, in its own process, written as JSON

Pan frames (a 6-px drag step: the cached image is only blitted further, and redrawn when it passes its
margin) and zoom frames (a wheel step: a new image each time) are timed as ``repaint()`` calls, each a
whole paintEvent with the marks (1 % liked, 1 % disliked, 30 recent plays). Prints p50/p95/max in ms."""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np


def synthetic(n: int, seed: int = 0):
    from avrec_desktop.index.map_data import Groups, MapData

    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((12, 2)) * 0.5
    codes = rng.integers(0, 13, n).astype(np.int16)
    xy = (centres[np.minimum(codes, 11)] + rng.standard_normal((n, 2)) * 0.15).astype(np.float32)
    names = [f"group {i}" for i in range(12)] + ["other"]
    counts = np.bincount(codes, minlength=13).tolist()
    data = MapData(np.arange(1, n + 1, dtype=np.int64), xy, np.zeros(n, bool))
    data.groups = {"tag": Groups(codes, names, counts), "folder": Groups(codes, names, counts)}
    data.liked, data.disliked = rng.random(n) < 0.01, rng.random(n) < 0.01
    data.skips = np.zeros(n, np.int32)
    data.recent = [int(i) for i in rng.choice(n, 30, replace=False) + 1]
    return data


def percentiles(ms: list[float]) -> str:
    a = np.array(ms)
    return f"p50 {np.percentile(a, 50):.1f} ms, p95 {np.percentile(a, 95):.1f} ms, max {a.max():.1f} ms"


def main(argv=None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--points", type=int, default=100_000)
    args.add_argument("--frames", type=int, default=200)
    args.add_argument("--size", default="1280x800")
    args.add_argument("--json", action="store_true", help="print one JSON line (for avrec bench map)")
    a = args.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from avrec_desktop.ui.map_canvas import MapCanvas

    app = QApplication.instance() or QApplication(sys.argv[:1])
    w, h = (int(v) for v in a.size.split("x"))
    canvas = MapCanvas()
    canvas.resize(w, h)
    canvas.show()
    app.processEvents()
    canvas.set_data(synthetic(a.points))
    canvas.playing_id = 5
    canvas.repaint()  # the first image
    results = {}
    for name, step in (("pan", lambda i: canvas.pan_by(6 if (i // 40) % 2 == 0 else -6, 2)),
                       ("zoom", lambda i: canvas.zoom_by(1.1 if (i // 20) % 2 == 0 else 1 / 1.1))):
        times, renders = [], canvas.renders
        for i in range(a.frames):
            step(i)
            t0 = time.perf_counter()
            canvas.repaint()
            times.append((time.perf_counter() - t0) * 1000)
        results[name] = (times, canvas.renders - renders)
    if a.json:
        import json

        a_ms = {name: np.array(times) for name, (times, _) in results.items()}
        print(json.dumps({"points": a.points, "size": a.size, "frames": a.frames, "platform": app.platformName(),
                          **{name: {"p50_ms": round(float(np.percentile(v, 50)), 2),
                                    "p95_ms": round(float(np.percentile(v, 95)), 2),
                                    "max_ms": round(float(v.max()), 2), "new_images": results[name][1]}
                             for name, v in a_ms.items()}}))
        return 0
    print(f"library map, {a.points:,} points, {w}x{h}, {a.frames} frames each (QT_QPA_PLATFORM="
          f"{app.platformName()})")
    for name, (times, renders) in results.items():
        print(f"  {name:4s}: {percentiles(times)}; {renders} new images")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
