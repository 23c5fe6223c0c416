"""``avrec bench``: run the benchmarks, write one JSON file, print a short summary.

Kinds: ``analysis`` (audio path CPU per track on real music; worker throughput on real music and
generated video), ``next`` (Up next p50/p95 at the largest size with a synthetic play history),
``ui`` (the window's heartbeat while files are analysed), ``first-file`` (fresh install: empty numba cache, worker start to first analysed
file), ``query`` (``similar`` p50/p95 end to end and recall@10 at 10k and 100k synthetic items),
``encoders`` (sonic per track and cold start, tiny-CLIP and MiniLM throughput; not part of ``all``),
``gpu`` (MusiCNN, CLIP and MiniLM on the CPU and on CUDA when present, speed-ups; not part of ``all``),
``index`` (first answer with an empty index cache, exact and graph search p50/p95, identity).
``journey`` (smoothness of journeys between random pairs of an analysed library against the same items
shuffled, ``bench/journey_bench.py``; not part of ``all``).
``cli`` (query commands as whole processes on the smallest size, median of ``--runs`` against
``python -c pass`` in the same rounds; ``bench/cli_bench.py``).
``workers`` (files/min with 1 and 2 analysers, ``bench/workers_bench.py``) and ``first-minute`` (how soon
an added folder answers "Play similar", ``bench/first_minute.py``): generated tracks, minutes each,
not part of ``all``; ``--files`` and ``--seconds`` size them.
Every benchmark lives in this package except the window's stall bench, which needs Qt and so lives in
``ui/stall_bench.py`` (this package only starts it in a subprocess).
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
import time
from pathlib import Path


def default_music_dir() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.parent / "shared" / "data" / "music"
        if candidate.is_dir():
            return candidate
    return Path.cwd().parent / "shared" / "data" / "music"


def run(what: str, *, out: str, sizes: list[int], queries: int, music: str | None, runs: int = 10,
        files: int | None = None, track_seconds: float = 180.0, journey: dict | None = None) -> dict:
    music_dir = Path(music) if music else default_music_dir()
    results: dict = {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": {
        "cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}}
    with tempfile.TemporaryDirectory(prefix="avrec-bench-") as tmp:
        work = Path(tmp)
        os.environ.setdefault("AVREC_CACHE_DIR", str(work / "cache"))
        if what in ("first-file", "all"):
            from avrec_desktop.bench.analysis import first_file_bench

            results["first_file"] = first_file_bench(music_dir, work)
        if what in ("analysis", "all"):
            from avrec_desktop.bench.analysis import audio_path_bench, worker_throughput_bench

            results["audio_path"] = audio_path_bench(music_dir)
            from avrec_desktop.bench.audio_bliss import run_audio_bliss_bench  # bliss via AVREC_BLISS_PYTHON

            results["audio_vs_bliss"] = run_audio_bliss_bench(music_dir, work)
            results["worker_throughput"] = worker_throughput_bench(music_dir, work)
        if what in ("query", "all"):
            from avrec_desktop.bench.query import run_query_bench

            from avrec_desktop.encoders.sonic import SonicEncoder

            results["query"] = run_query_bench(sizes=tuple(sizes), queries=queries,
                                               dims={"audio": SonicEncoder.dim})
        if what in ("index", "all"):
            from avrec_desktop.bench.index_bench import run_index_bench

            results["index"] = run_index_bench(sizes=tuple(sizes), queries=min(queries, 200))
        if what in ("cli", "all"):
            from avrec_desktop.bench.cli_bench import run_cli_bench

            results["cli"] = run_cli_bench(items=min(sizes), runs=runs, workdir=work / "cli")
        if what == "workers":  # not in "all": minutes of full analysis (bench/workers_bench.py)
            from avrec_desktop.bench.workers_bench import run_workers_bench

            results["workers"] = run_workers_bench(files=files or 16, seconds=track_seconds)
        if what == "first-minute":  # not in "all": generates and analyses --files tracks (first_minute.py)
            from avrec_desktop.bench.first_minute import run_first_minute_bench

            results["first_minute"] = run_first_minute_bench(files=files or 200, seconds=track_seconds)
        if what == "journey":  # not in "all": it measures an analysed library (bench/journey_bench.py)
            from avrec_desktop.bench.journey_bench import run_journey_bench

            results["journey"] = run_journey_bench(**(journey or {}))
        if what == "encoders":  # not in "all": it loads torch and a tiny CLIP, minutes on two cores
            from avrec_desktop.bench.encoders import encoder_bench

            results["encoders"] = encoder_bench(music_dir)
        if what == "gpu":  # not in "all": the torch encoders on CPU and on CUDA when present (gpu_bench.py)
            from avrec_desktop.bench.gpu_bench import run_gpu_bench

            results["gpu"] = run_gpu_bench()
        if what in ("ui", "all"):
            results["ui_stall"] = _ui_stall_bench()
        if what in ("map", "all"):
            results["map"] = _qt_bench("avrec_desktop.ui.map_bench", "--points", str(max(sizes)), "--json")
        if what in ("window", "all"):
            from avrec_desktop.bench.window_library import run_window_bench

            results["window"] = run_window_bench(items=max(sizes), workdir=work / "window", repeats=min(runs, 20))
        if what in ("next", "all"):
            from avrec_desktop.bench.next_bench import run_next_bench

            results["next"] = run_next_bench(items=max(sizes), queries=min(queries, 200))
    Path(out).write_text(json.dumps(results, indent=2, default=str))
    return results


def _ui_stall_bench(files: int = 200) -> dict:
    """The window's heartbeat bench, in its own offscreen process (the core never loads Qt)."""
    return _qt_bench("avrec_desktop.ui.stall_bench", "--files", str(files))


def _qt_bench(module: str, *args: str) -> dict:
    """Run a window-side bench (ui/, needs Qt) in its own offscreen process; its last JSON line."""
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    out = subprocess.run([sys.executable, "-m", module, *args],
                         capture_output=True, text=True, env=env, timeout=600)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        return {"error": (out.stderr or "no result")[-500:]}
    return json.loads(lines[-1])


def summary(results: dict) -> list[str]:
    lines = []
    if results.get("cli"):
        from avrec_desktop.bench.cli_bench import summary_lines

        lines += summary_lines(results["cli"])
    ff = results.get("first_file")
    if ff and "seconds_from_worker_start" in ff:
        lines.append(f"first file of a fresh install: {ff['seconds_from_worker_start']} s after the worker "
                     f"started (target ≤ {ff['target_s']} s)")
    ap = results.get("audio_path")
    if ap and "tracks" in ap:
        lines.append(f"audio analysis: median {ap['cpu_s_per_track_median']} CPU-s per track, "
                     f"3–4 min tracks max {ap['cpu_s_per_3to4min_track_max']} CPU-s (target ≤ 1.5), "
                     f"real-time factor {ap['real_time_factor']}×")
    for label, row in (results.get("worker_throughput") or {}).items():
        if "files_per_min" in row:
            lines.append(f"worker on {label}: {row['files']} files, {row['files_per_min']} files/min, "
                         f"real-time factor {row['real_time_factor']}× ({row['failed']} failed)")
    query = results.get("query") or {}
    for row in query.get("sizes") or []:
        sim = row.get("similar_ms", {})
        recall = ", ".join(f"{space} {info['recall_at_10']:.4f}" + ("" if info.get("graph") else " (exact)")
                           for space, info in row.get("spaces", {}).items())
        lines.append(f"{row['items']} items: similar p50 {sim.get('p50')} ms, p95 {sim.get('p95')} ms "
                     f"end to end (target ≤ 15); recall@10 {recall} (target ≥ 0.95)")
    enc = results.get("encoders") or {}
    if "sonic_per_track" in enc:
        lines.append(f"encoders: {json.dumps(enc['sonic_per_track'], default=str)[:200]}")
    ui = results.get("ui_stall") or {}
    if "max_gap_ms" in ui:
        lines.append(f"window heartbeat while {ui['files']} files were analysed with scrolling and searching: "
                     f"p99 gap {ui['p99_gap_ms']} ms, max {ui['max_gap_ms']} ms, "
                     f"{ui.get('stalls_over_100_ms', '?')} gaps over 100 ms, under "
                     f"{(ui.get('background_load') or {}).get('cpu_burning_processes', '?')} CPU-burning "
                     f"process(es) on {(ui.get('background_load') or {}).get('cpus', '?')} CPUs; "
                     f"{ui.get('gui_thread_core_calls', '?')} core calls on the GUI thread")
    for name in ("pan", "zoom"):
        row = (results.get("map") or {}).get(name)
        if row:
            lines.append(f"library map, {results['map']['points']:,} points: {name} frames p50 {row['p50_ms']} ms, "
                         f"p95 {row['p95_ms']} ms ({row['new_images']} new images)")
    if results.get("window"):
        from avrec_desktop.bench.window_library import summary_lines as window_lines

        lines.extend(window_lines(results["window"]))
    for key, module in (("workers", "workers_bench"), ("first_minute", "first_minute"),
                        ("audio_vs_bliss", "audio_bliss"), ("journey", "journey_bench"), ("gpu", "gpu_bench")):
        if results.get(key):
            import importlib

            lines.extend(importlib.import_module(f"avrec_desktop.bench.{module}").summary_lines(results[key]))
    if results.get("index"):
        from avrec_desktop.bench.index_bench import summary_lines

        lines.extend(summary_lines(results["index"]))
    nxt = results.get("next") or {}
    if "next_ms" in nxt:
        ms = nxt["next_ms"]
        lines.append(f"next at {nxt.get('items', '?')} items: p50 {ms.get('p50')} ms, p95 {ms.get('p95')} ms "
                     f"(target ≤ 50); for-you {nxt.get('for_you_ms')} ms")
    return lines
