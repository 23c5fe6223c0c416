"""``avrec bench workers``: files per minute of the analysis worker with 1 and with 2 analysers.

Generated tracks (``bench/bench_tracks.py``: chords, a beat, noise; WAV, ``--seconds`` long, 180 by
default), the real encoder set, no GUI. Each round analyses the same folder into a fresh database once
with one analyser (the worker alone, in-process) and once with a pool of two (indexing/pool.py), in
turn, so a machine that gets busier during the run slows both alike; the quick first pass is off (this
measures the full analysis). Per configuration: the median over rounds of files/min from worker start
to the queue drained (each configuration in a fresh process: imports, model loads and the analysers'
start-up included) and of the steady rate (first to last file done).
The ratio is 2-analysers / 1-analyser files/min; the machine's load average before and after is in the
JSON, since on a shared 2-core machine a second analyser competes with whatever else runs.
"""

from __future__ import annotations

import os
import queue
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path


def _run_once(music: Path, workdir: Path, processes: int, factory: str | None) -> dict:
    """One configuration in a fresh process (imports and model loads counted, as for a real worker)."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    answer = ctx.Queue()
    child = ctx.Process(target=_measure_into, args=(answer, music, workdir, processes, factory))
    child.start()
    try:
        return answer.get(timeout=3600)
    finally:
        child.join(30)


def _measure_into(answer, music: Path, workdir: Path, processes: int, factory: str | None) -> None:
    answer.put(_measure(music, workdir, processes, factory))


def _measure(music: Path, workdir: Path, processes: int, factory: str | None) -> dict:
    from avrec_desktop.indexing.worker import WorkerConfig, worker_main
    from avrec_desktop.library import add_folder, scan_folder
    from avrec_desktop.store import Store

    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    store = Store(workdir / "bench.sqlite3")
    scan_folder(store, add_folder(store, str(music), "music"))
    files = len(store.all_media())
    config = WorkerConfig(db_path=str(store.path), exit_when_idle=True, processes=processes,
                          quick_pass=False, encoders_factory=factory, use_gpu=False)
    messages: queue.Queue = queue.Queue()
    start = time.monotonic()
    worker_main(config, threading.Event(), threading.Event(), messages)
    end = time.monotonic()
    done_times, failed = [], 0
    while not messages.empty():
        m = messages.get()
        if m["type"] == "file":
            done_times.append(m["time"])
            failed += 0 if m.get("ok") else 1
    ready = sum(1 for m in store.all_media() if m.status == "ready" and m.analysis_count == 1)
    store.close()
    steady = None
    if len(done_times) > 1:
        span = max(done_times) - min(done_times)
        steady = round((len(done_times) - 1) / span * 60, 1) if span > 0 else None
    return {"files": files, "analysed_once": ready, "failed": failed, "seconds": round(end - start, 2),
            "files_per_min": round(files / (end - start) * 60, 1), "steady_files_per_min": steady}


def run_workers_bench(*, files: int = 16, seconds: float = 180.0, rounds: int = 2,
                      factory: str | None = None, workdir: Path | None = None) -> dict:
    from avrec_desktop.bench.bench_tracks import write_tracks

    own = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="avrec-workers-")) if own else workdir
    try:
        music = write_tracks(workdir / "music", files, seconds)
        load_before = os.getloadavg()
        runs: dict[int, list[dict]] = {1: [], 2: []}
        for _ in range(rounds):
            for processes in (1, 2):
                runs[processes].append(_run_once(music, workdir / f"db{processes}", processes, factory))
        load_after = os.getloadavg()
    finally:
        if own:
            shutil.rmtree(workdir, ignore_errors=True)
    out: dict = {"files": files, "track_seconds": seconds, "rounds": rounds, "cpus": os.cpu_count(),
                 "load_average_before": [round(x, 2) for x in load_before],
                 "load_average_after": [round(x, 2) for x in load_after], "runs": runs}
    for processes, rows in runs.items():
        out[f"analysers_{processes}"] = {
            "files_per_min_median": statistics.median(r["files_per_min"] for r in rows),
            "steady_files_per_min_median": statistics.median(
                [r["steady_files_per_min"] for r in rows if r["steady_files_per_min"]] or [0]),
            "all_analysed_once": all(r["analysed_once"] == r["files"] for r in rows)}
    one, two = out["analysers_1"], out["analysers_2"]
    out["ratio"] = round(two["files_per_min_median"] / one["files_per_min_median"], 2) \
        if one["files_per_min_median"] else None
    out["steady_ratio"] = round(two["steady_files_per_min_median"] / one["steady_files_per_min_median"], 2) \
        if one["steady_files_per_min_median"] else None
    out["target_ratio"] = 1.7
    return out


def summary_lines(result: dict) -> list[str]:
    one, two = result["analysers_1"], result["analysers_2"]
    return [f"workers: {result['files']} generated {result['track_seconds']:.0f} s tracks, median of "
            f"{result['rounds']} rounds: 1 analyser {one['files_per_min_median']} files/min, 2 analysers "
            f"{two['files_per_min_median']} files/min, ratio {result['ratio']}× (steady "
            f"{result['steady_ratio']}×; target ≥ {result['target_ratio']}× on an idle machine); "
            f"{result['cpus']} CPUs, load average {result['load_average_before'][0]} → "
            f"{result['load_average_after'][0]}"]
