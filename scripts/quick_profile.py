"""Where the quick first pass spends its time, per track and before the first one (issue #11 target 4).

    python scripts/quick_profile.py DIR [N]

Times, in one process as the worker runs it: the imports and encoder load before the first track, then for
each of N tracks in DIR: probe, window decode, sonic, MusiCNN patch (front end + net) and the fusion, as wall
time and as this thread's CPU time (torch runs on 1 thread here; the CPU column holds on a busy machine).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    folder, n = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10
    t0 = time.perf_counter()
    marks = {}
    from avrec_desktop.encoders.device import configure_threads

    configure_threads(None)  # as the worker: all cores but one (1 torch thread on 2 cores)
    from avrec_desktop import media
    from avrec_desktop.indexing.quick import QuickSettings
    marks["import media+quick"] = time.perf_counter() - t0
    from avrec_desktop.encoders.registry import active_encoders
    encoders = active_encoders()
    marks["active_encoders()"] = time.perf_counter() - t0
    enc = encoders["audio"]
    import torch  # noqa: F401
    marks["import torch"] = time.perf_counter() - t0
    enc._load()
    marks["musicnn weights"] = time.perf_counter() - t0
    print({k: round(v, 2) for k, v in marks.items()})
    from avrec_desktop.encoders.sonic_musicnn import fuse, spread_patches
    settings = QuickSettings()
    files = sorted(folder.glob("*.wav"))[:n]
    rows, cpu_rows = [], []
    for path in files:
        t = [time.perf_counter()]
        c = [time.thread_time()]
        info = media.probe(str(path)); t.append(time.perf_counter()); c.append(time.thread_time())
        clip = media.audio_clip(str(path), info, window_seconds=settings.window_seconds, max_windows=1,
                                whole_below=settings.window_seconds); t.append(time.perf_counter()); c.append(time.thread_time())
        sonic = enc.sonic.encode([clip]); t.append(time.perf_counter()); c.append(time.thread_time())
        groups = [spread_patches(clip.windows, clip.sample_rate, 1)]; t.append(time.perf_counter()); c.append(time.thread_time())
        learned = enc._run(groups, with_tags=False)[0]; t.append(time.perf_counter()); c.append(time.thread_time())
        fuse(sonic, learned); t.append(time.perf_counter()); c.append(time.thread_time())
        rows.append([b - a for a, b in zip(t, t[1:])])
        cpu_rows.append([b - a for a, b in zip(c, c[1:])])
    names = ["probe", "decode", "sonic", "patch-frontend", "msd-net", "fuse"]
    import numpy as np
    arr, cpu = np.array(rows), np.array(cpu_rows)
    print("per track (median wall s, median CPU s of this thread: the load-independent one, first wall):")
    for i, name in enumerate(names):
        print(f"  {name:15s} {np.median(arr[1:, i]) if len(arr) > 1 else arr[0, i]:.4f}  "
              f"cpu {np.median(cpu[1:, i]) if len(cpu) > 1 else cpu[0, i]:.4f}  first {arr[0, i]:.3f}")
    print(f"  total median {np.median(arr[1:].sum(axis=1)):.4f}  cpu {np.median(cpu[1:].sum(axis=1)):.4f}")


if __name__ == "__main__":
    main()
