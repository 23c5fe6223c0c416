"""``avrec bench first-minute``: how soon a newly added folder is useful for "Play similar".

A folder of ``--files`` generated 3-minute tracks (bench/bench_tracks.py; 200 by default, since 1,000
real-length tracks take long to even generate on a 2-core machine: pass ``--files 1000`` for the full
target) is added the way the app adds one (scan, then the worker with its default pool and the quick
first pass, indexing/quick.py), with the clock started at the add. Reported: the time the first track
answers ``similar`` with at least one result (checked by running the query, as the CLI does: exact
search), coverage over time — the fraction of scanned tracks with a usable audio vector (quick or full)
at 10, 30, 60 s … — the time every track is covered, checked by asking ``similar`` of every track then,
and how many full analyses were done by then. Targets: first answer ≤ 10 s, full coverage ≤ 60 s at
1,000 tracks. The JSON also says what the quick pass ran (``quick``: MusiCNN patches per window,
how its passes share the cores: ``AVREC_QUICK_OVERLAP=0`` gives the one-at-a-time baseline, ``split`` the
halves overlapped; indexing/quick.py ``OVERLAP_MODES``) and the worker's CPU time per quick vector between the
first answer and full coverage (``worker_cpu_ms_per_track``: what a track costs whatever else the machine
runs; the wall clock counts the other work too). Generating the tracks takes longer than the bench on a
busy 2-core machine: ``AVREC_BENCH_TRACKS=DIR`` keeps them in
DIR and reuses them, so two runs (before and after a change) read the same files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

TRACKS_ENV = "AVREC_BENCH_TRACKS"
CHECKPOINTS = (5, 10, 20, 30, 45, 60, 90, 120, 180, 240, 300)


def run_first_minute_bench(*, files: int = 200, seconds: float = 180.0, timeout: float = 600.0,
                           workdir: Path | None = None) -> dict:
    from avrec_desktop.bench.bench_tracks import write_tracks
    from avrec_desktop.core import AppCore
    from avrec_desktop.encoders.registry import encoder_signature

    own = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="avrec-first-minute-")) if own else workdir
    core = None
    try:
        kept = os.environ.get(TRACKS_ENV, "").strip()
        music = write_tracks(Path(kept) if kept else workdir / "music", files, seconds)
        load_before = os.getloadavg()
        core = AppCore(workdir / "bench.sqlite3", index_graph="off")
        start = time.monotonic()
        core.add_folder(str(music), "music")
        scanned_at = time.monotonic() - start
        ids = sorted(m.id for m in core.store.all_media())
        service = core.start_indexing()
        encoder, version = encoder_signature("audio")
        first_answer, covered_at, samples = None, None, []
        cpu_first = cpu_covered = (None, 0)
        while time.monotonic() - start < timeout:
            now = time.monotonic() - start
            if first_answer is None and _answers(core, ids[0]):
                first_answer = round(time.monotonic() - start, 2)
                cpu_first = (_cpu_seconds(service.pid), len(core.store.usable_stamps("audio", encoder, version)))
            usable = len(core.store.usable_stamps("audio", encoder, version))
            samples.append((round(now, 2), usable))
            if usable >= len(ids) and first_answer is not None:
                covered_at = round(now, 2)
                cpu_covered = (_cpu_seconds(service.pid), usable)
                break
            time.sleep(0.25 if first_answer is None else 1.0)
        answered = sum(1 for media_id in ids if _answers(core, media_id))
        full_done = sum(1 for m in core.store.all_media() if m.analysis_count > 0)
        service.stop()
        load_after = os.getloadavg()
        processes = _started_processes(service)
    finally:
        if core is not None:
            core.close()
        if own:
            shutil.rmtree(workdir, ignore_errors=True)
    coverage = {}
    for mark in CHECKPOINTS:
        seen = [n for t, n in samples if t <= mark]
        if mark <= samples[-1][0] or covered_at is not None:
            coverage[f"{mark}s"] = round((seen[-1] if seen else 0) / len(ids), 3)
    return {"files": files, "track_seconds": seconds, "cpus": os.cpu_count(), "worker_processes": processes,
            "scan_s": round(scanned_at, 2), "first_answer_s": first_answer, "all_covered_s": covered_at,
            "coverage": coverage, "quick": _quick_pass(),
            "worker_cpu_s_at_covered": cpu_covered[0], "worker_cpu_ms_per_track": _per_track(cpu_first, cpu_covered), "answered_similar_at_end": answered, "full_analyses_by_then": full_done,
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
            "targets": {"first_answer_s": 10, "all_covered_s": 60, "at_files": 1000}}


def _cpu_seconds(pid: int | None) -> float | None:
    """CPU seconds (user + system, all threads) the worker process has used so far; None off Linux."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 2)
    except (OSError, ValueError, IndexError, TypeError):
        return None


def _per_track(first: tuple, covered: tuple) -> float | None:
    """The worker's CPU per quick vector between the first answer and full coverage: the cost of a track
    whatever else the machine runs (the wall clock counts the other work too; the worker yields to it)."""
    (cpu_a, n_a), (cpu_b, n_b) = first, covered
    if cpu_a is None or cpu_b is None or n_b <= n_a:
        return None
    return round((cpu_b - cpu_a) * 1000 / (n_b - n_a), 1)


def _answers(core, media_id: int) -> bool:
    from avrec_desktop.errors import AvrecError

    try:
        return bool(core.similar(media_id, k=5))
    except AvrecError:
        return False


def _quick_pass() -> dict:
    from avrec_desktop.indexing import quick
    from avrec_desktop.indexing.quick import QuickSettings
    from avrec_desktop.store.quick import QUICK_SUFFIX

    settings = QuickSettings()
    return {"window_s": settings.window_seconds, "musicnn_patches": settings.learned_patches,
            "version_suffix": QUICK_SUFFIX, "overlap": quick.overlap_mode()}


def _started_processes(service) -> int | None:
    from avrec_desktop.indexing.pool import worker_processes

    return worker_processes(service.config.processes)


def summary_lines(result: dict) -> list[str]:
    cov = ", ".join(f"{k} {v:.0%}" for k, v in result["coverage"].items())
    return [f"first minute: {result['files']} generated {result['track_seconds']:.0f} s tracks, "
            f"{result['worker_processes']} analyser(s): first similar answer {result['first_answer_s']} s "
            f"(target ≤ 10), every track answers similar at {result['all_covered_s']} s (target ≤ 60 at "
            f"1,000 tracks; {result['answered_similar_at_end']}/{result['files']} checked); coverage {cov}; "
            f"{result['full_analyses_by_then']} full analyses by then; worker CPU "
            f"{result.get('worker_cpu_ms_per_track')} ms a track; load average "
            f"{result['load_average_before'][0]} → {result['load_average_after'][0]}"]
