"""Encoder timings: sonic per track on one core, sonic cold start, tiny-CLIP and MiniLM throughput.

Why a module and not unit tests: timings depend on the machine and its load; tests assert behaviour (for
the cold start: that nothing is JIT-compiled), this prints numbers to compare runs.

    python -m avrec_desktop.bench.encoders MUSIC_DIR [--tracks N]

Run it with the other core idle if you can; every figure is CPU seconds of this process (``process_time``)
unless it says wall.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_COLD = """
import time
t0 = time.perf_counter()
import sys
from avrec_desktop.encoders.device import configure_threads
configure_threads(1)
from avrec_desktop.media.audio import audio_clip
from avrec_desktop.encoders.registry import active_encoders
encoder = active_encoders()["audio"]
t1 = time.perf_counter()
clip = audio_clip(sys.argv[1])
t2 = time.perf_counter()
encoder.encode([clip])
t3 = time.perf_counter()
import json
print(json.dumps({"imports_s": t1 - t0, "decode_s": t2 - t1, "encode_s": t3 - t2, "total_wall_s": t3 - t0,
                  "numba_imported": "numba" in sys.modules, "cpu_s": time.process_time()}))
"""


def sonic_cold_start(track: Path) -> dict:
    """A fresh interpreter with an empty numba cache: seconds until the first track is encoded."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache, "OMP_NUM_THREADS": "1"}
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", _COLD, str(track)], env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        if out.returncode:
            raise RuntimeError(out.stderr[-2000:])
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["process_wall_s"] = wall
        result["numba_cache_files"] = sum(1 for _ in Path(cache).rglob("*"))
        return result


def sonic_per_track(tracks: list[Path]) -> dict:
    """CPU seconds per track (decode, features) on one thread, after a warm-up track."""
    from avrec_desktop.encoders.device import configure_threads
    from avrec_desktop.encoders.sonic import SonicEncoder
    from avrec_desktop.media.audio import audio_clip

    configure_threads(1)
    encoder = SonicEncoder()
    encoder.encode([audio_clip(tracks[0])])
    rows = []
    for track in tracks:
        c0 = time.process_time()
        clip = audio_clip(track)
        c1 = time.process_time()
        encoder.encode([clip])
        c2 = time.process_time()
        seconds = sum(w.size for w in clip.windows) / clip.sample_rate
        rows.append({"track": track.name, "duration_s": clip.duration, "analysed_s": seconds,
                     "decode_cpu_s": c1 - c0, "sonic_cpu_s": c2 - c1})
    three_to_four = [r for r in rows if 180 <= r["duration_s"] <= 240]
    return {
        "tracks": rows,
        "mean_sonic_cpu_per_analysed_minute": sum(r["sonic_cpu_s"] for r in rows) / sum(r["analysed_s"] / 60 for r in rows),
        "3-4 min tracks: sonic_cpu_s": [round(r["sonic_cpu_s"], 3) for r in three_to_four],
        "3-4 min tracks: decode+sonic_cpu_s": [round(r["sonic_cpu_s"] + r["decode_cpu_s"], 3) for r in three_to_four],
    }


def clip_tiny_speed() -> dict:
    """Images/s of a tiny random open_clip model through ClipEncoder (mostly preprocessing cost)."""
    import numpy as np
    import torch

    from avrec_desktop.bench.gpu_bench import install_random_clip
    from avrec_desktop.encoders.clip import ClipEncoder
    from avrec_desktop.media.clips import VideoFrames

    with tempfile.TemporaryDirectory() as tmp:
        c0 = time.perf_counter()
        installed = install_random_clip(Path(tmp), "tiny")
        import_s = time.perf_counter() - c0
        enc = ClipEncoder(installed.folder, device="cpu")
        rng = np.random.default_rng(0)
        videos = [VideoFrames([rng.integers(0, 256, (360, 640, 3), dtype=np.uint8) for _ in range(8)], list(range(8)), 8.0)
                  for _ in range(8)]
        enc.encode(videos[:1])
        c0 = time.perf_counter()
        enc.encode(videos)
        wall = time.perf_counter() - c0
    return {"import_validate_s": import_s, "images": 64, "images_per_s_640x360": 64 / wall, "threads": torch.get_num_threads()}


def minilm_speed(n: int = 1000) -> dict:
    from avrec_desktop.encoders.text_minilm import MiniLMEncoder

    enc = MiniLMEncoder(device="cpu")
    c0 = time.perf_counter()
    enc.encode(["warm up"])
    load = time.perf_counter() - c0
    titles = [f"Track {i}. The Band {i % 37}. Night Drive {i % 11}. synthwave" for i in range(n)]
    c0 = time.perf_counter()
    enc.encode(titles)
    return {"load_s": load, "texts": n, "seconds": time.perf_counter() - c0}


def encoder_bench(music_dir: Path, tracks: int = 8) -> dict:
    """Every encoder figure (``avrec bench encoders``); ``FileNotFoundError`` when there is no audio."""
    from avrec_desktop.encoders.sonic_calibrate import collect

    found = [p for p, _ in collect([Path(music_dir)])][:tracks]
    if not found:
        raise FileNotFoundError(f"no audio files found in {music_dir}")
    return {
        "sonic_cold_start": sonic_cold_start(found[0]),
        "sonic_per_track": sonic_per_track(found),
        "clip_tiny": clip_tiny_speed(),
        "minilm": minilm_speed(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("music_dir", type=Path)
    parser.add_argument("--tracks", type=int, default=8)
    args = parser.parse_args(argv)
    try:
        report = encoder_bench(args.music_dir, tracks=args.tracks)
    except FileNotFoundError as exc:
        parser.error(str(exc))
    sys.stdout.write(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
