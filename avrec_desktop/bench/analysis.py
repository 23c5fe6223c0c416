"""Analysis benchmarks: per-track CPU cost of the audio path, video throughput, whole-worker throughput,
and how soon a fresh install analyses its first file.

Every number is measured in this run; ratios against a baseline in the same run are printed beside the
absolute figures because the machine is shared and noisy.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from avrec_desktop.library.media_files import AUDIO_EXTENSIONS


def _music_files(music_dir: Path) -> list[Path]:
    return sorted(p for p in music_dir.rglob("*") if p.suffix.lower() in AUDIO_EXTENSIONS and p.is_file())


def audio_path_bench(music_dir: Path) -> dict:
    """CPU seconds per track for probe + decode + sonic encoder, one thread, after warm-up."""
    from avrec_desktop import media
    from avrec_desktop.encoders.device import configure_threads
    from avrec_desktop.encoders.registry import active_encoders

    configure_threads(1)
    files = _music_files(music_dir)
    if not files:
        return {"skipped": f"no music under {music_dir}"}
    sonic = active_encoders()["audio"]
    first = files[0]
    sonic.encode([media.audio_clip(str(first), media.probe(str(first)))])  # warm-up
    rows = []
    for path in files:
        c0, w0 = time.process_time(), time.perf_counter()
        info = media.probe(str(path))
        clip = media.audio_clip(str(path), info)
        c1 = time.process_time()
        sonic.encode([clip])
        c2, w2 = time.process_time(), time.perf_counter()
        rows.append({"file": path.name, "duration_s": round(info.duration or 0, 1),
                     "decode_cpu_s": round(c1 - c0, 3), "encode_cpu_s": round(c2 - c1, 3),
                     "total_cpu_s": round(c2 - c0, 3), "wall_s": round(w2 - w0, 3)})
    long_tracks = [r for r in rows if 180 <= r["duration_s"] <= 240]
    total_audio = sum(r["duration_s"] for r in rows)
    total_wall = sum(r["wall_s"] for r in rows)
    return {
        "encoder": f"{sonic.name}@{sonic.version}",
        "tracks": rows,
        "cpu_s_per_track_median": round(statistics.median(r["total_cpu_s"] for r in rows), 3),
        "cpu_s_per_3to4min_track_max": max((r["total_cpu_s"] for r in long_tracks), default=None),
        "cpu_s_per_3to4min_track_median": (round(statistics.median(r["total_cpu_s"] for r in long_tracks), 3)
                                           if long_tracks else None),
        "real_time_factor": round(total_audio / total_wall, 1) if total_wall else None,
        "target_cpu_s_per_track": 1.5,
    }


def _make_videos(folder: Path, count: int, seconds: float) -> list[Path]:
    from avrec_desktop.bench.synthetic_media import write_bench_video

    folder.mkdir(parents=True, exist_ok=True)
    return [write_bench_video(folder / f"video{i:02d}.mp4", seconds, seed=i) for i in range(count)]


def worker_throughput_bench(music_dir: Path, workdir: Path, videos: int = 6,
                            video_seconds: float = 30.0) -> dict:
    """Whole-pipeline throughput: the real worker process over real music and generated videos."""
    from avrec_desktop.core import AppCore

    results = {}
    music = _music_files(music_dir)
    video_dir = workdir / "videos"
    _make_videos(video_dir, videos, video_seconds)
    for label, folder, kind in (("music", music_dir, "music"), ("video", video_dir, "video")):
        if label == "music" and not music:
            results[label] = {"skipped": "no music"}
            continue
        db = workdir / f"{label}.sqlite3"
        core = AppCore(db)
        core.add_folder(str(folder), kind)
        n = sum(core.store.job_counts().values())
        service = core.start_indexing(exit_when_idle=True)
        t0 = time.perf_counter()
        first_at = None
        while not service.wait_idle(timeout=0.05):
            if first_at is None and service.progress.done + service.progress.failed:
                first_at = time.perf_counter() - t0
        wall = time.perf_counter() - t0
        core.stop_indexing()
        seconds = core.store.ready_seconds()
        counts = core.store.status_counts()
        core.close()
        results[label] = {
            "files": n, "ready": counts["ready"], "failed": counts["failed"],
            "wall_s_including_worker_start": round(wall, 2),
            "files_per_min": round(60 * n / wall, 1) if wall else None,
            "media_seconds": round(seconds, 1),
            "real_time_factor": round(seconds / wall, 1) if wall else None,
        }
    return results


def first_file_bench(music_dir: Path, workdir: Path) -> dict:
    """Seconds from starting the worker of a fresh install (empty numba cache) to its first analysed file."""
    from avrec_desktop.core import AppCore

    music = _music_files(music_dir)
    if not music:
        return {"skipped": "no music"}
    folder = workdir / "first"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(music[0], folder / music[0].name)
    old_cache = os.environ.get("NUMBA_CACHE_DIR")
    os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="avrec-empty-numba-")
    try:
        core = AppCore(workdir / "first.sqlite3")
        core.add_folder(str(folder), "music")
        t0 = time.perf_counter()
        service = core.start_indexing(exit_when_idle=True)
        service.wait_idle(timeout=300)
        seconds = time.perf_counter() - t0
        ok = core.store.status_counts()["ready"] == 1
        core.close()
    finally:
        if old_cache is None:
            os.environ.pop("NUMBA_CACHE_DIR", None)
        else:
            os.environ["NUMBA_CACHE_DIR"] = old_cache
    return {"file": music[0].name, "seconds_from_worker_start": round(seconds, 2), "analysed": ok,
            "target_s": 10.0, "numba_cache": "empty"}
