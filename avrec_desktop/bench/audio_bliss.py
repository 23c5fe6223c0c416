"""The whole audio path per track (decode + sonic + MusiCNN MSD and MTT), side by side with bliss-audio.

Part of ``avrec bench analysis``. Tracks: the real music under ``--music`` and ``GENERATED`` generated
4-minute tracks (bench/bench_tracks.py). Ours runs in this process the way the worker runs it (one thread,
inference mode, the active ``audio`` encoder after one warm-up track): probe + decode, the ``sonic``
descriptor, MusiCNN's patches (resample + log-mel) and the two nets, each in CPU seconds
(``time.process_time``: every thread of the process). bliss-audio (its own decode + analysis of the whole
track) runs in a subprocess of a separate Python that has it installed, never a project dependency:
``--bliss-python PATH`` or ``AVREC_BLISS_PYTHON`` (e.g. ``python3 -m venv /tmp/blissenv &&
/tmp/blissenv/bin/pip install bliss-audio==0.1.11``: 0.2.0 dies with "Illegal instruction" on CPUs without
AVX-512). Without one the result says "bliss not run". Both sides measure the same files after a warm-up,
pinned to one CPU where the system allows; the ratio ours/bliss is of medians over the same tracks.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
from pathlib import Path

BLISS_ENV = "AVREC_BLISS_PYTHON"
GENERATED = 3
GENERATED_SECONDS = 240.0
BLISS_TIMEOUT_S = 900  # a bounded wait: a stuck bliss run ends the comparison, not the bench

# Runs in the bliss Python: one warm-up song, then each file's CPU seconds, one JSON line at the end.
_BLISS_SCRIPT = r"""
import json, os, sys, time
try:
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
except (AttributeError, OSError):
    pass
import bliss_audio
files = sys.argv[1:]
bliss_audio.Song(files[0])
rows = []
for path in files:
    c0 = time.process_time()
    try:
        bliss_audio.Song(path)
        rows.append({"file": path, "cpu_s": round(time.process_time() - c0, 3)})
    except Exception as exc:
        rows.append({"file": path, "error": str(exc)[:200]})
print(json.dumps(rows))
"""


def _pin_one_cpu() -> None:
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except (AttributeError, OSError):
        pass


def ours(files: list[Path]) -> list[dict]:
    """Per file: decode, sonic, MusiCNN patches and nets, total CPU seconds (the worker's audio path)."""
    from avrec_desktop import media
    from avrec_desktop.encoders.device import configure_threads
    from avrec_desktop.encoders.registry import active_encoders

    configure_threads(1)
    import torch

    encoder = active_encoders()["audio"]
    fused = hasattr(encoder, "_run")
    if fused:
        from avrec_desktop.encoders.sonic_musicnn import spread_patches
    rows = []
    with torch.inference_mode():
        for i, path in enumerate([files[0], *files]):  # the first run is the warm-up (weights, caches)
            c0 = time.process_time()
            info = media.probe(str(path))
            clip = media.audio_clip(str(path), info)
            c1 = time.process_time()
            sonic = encoder.sonic if fused else encoder
            sonic.encode([clip])
            c2 = time.process_time()
            if fused:
                patches = spread_patches(clip.windows, clip.sample_rate, encoder.patches_per_track)
                c3 = time.process_time()
                encoder._run([patches])
            else:
                c3 = time.process_time()
            c4 = time.process_time()
            if i:
                rows.append({"file": path.name, "duration_s": round(info.duration or 0, 1),
                             "decode_cpu_s": round(c1 - c0, 3), "sonic_cpu_s": round(c2 - c1, 3),
                             "musicnn_patches_cpu_s": round(c3 - c2, 3), "musicnn_nets_cpu_s": round(c4 - c3, 3),
                             "total_cpu_s": round(c4 - c0, 3)})
    return rows


def bliss(files: list[Path], python: str) -> dict:
    try:
        out = subprocess.run([python, "-c", _BLISS_SCRIPT, *map(str, files)], capture_output=True, text=True,
                             timeout=BLISS_TIMEOUT_S, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"error": f"bliss not run: {exc}"}
    lines = [line for line in out.stdout.splitlines() if line.startswith("[")]
    if out.returncode != 0 or not lines:
        return {"error": f"bliss failed (exit {out.returncode}): {(out.stderr or 'no output').strip()[-300:]}"}
    return {"tracks": [{**row, "file": Path(row["file"]).name} for row in json.loads(lines[-1])]}


def _median(rows: list[dict], key: str) -> float | None:
    values = [r[key] for r in rows if key in r]
    return round(statistics.median(values), 3) if values else None


def run_audio_bliss_bench(music_dir: Path, workdir: Path, bliss_python: str | None = None,
                          generated: int = GENERATED) -> dict:
    from avrec_desktop.bench.analysis import _music_files
    from avrec_desktop.bench.bench_tracks import write_tracks

    real = _music_files(music_dir)
    gen = sorted(write_tracks(workdir / "generated-4min", generated, GENERATED_SECONDS).glob("*.wav"))
    files = real + gen
    _pin_one_cpu()
    mine = ours(files)
    result: dict = {"tracks": len(files), "real_tracks": len(real), "generated_4min_tracks": len(gen),
                    "ours": {"rows": mine}}
    groups = {"real": {p.name for p in real}, "generated_4min": {p.name for p in gen}}
    for label, names in groups.items():
        rows = [r for r in mine if r["file"] in names]
        result["ours"][label] = {k: _median(rows, k) for k in ("decode_cpu_s", "sonic_cpu_s",
                                 "musicnn_patches_cpu_s", "musicnn_nets_cpu_s", "total_cpu_s")}
    python = bliss_python or os.environ.get(BLISS_ENV)
    if not python:
        result["bliss"] = {"error": f"bliss not run (no --bliss-python or {BLISS_ENV})"}
        return result
    result["bliss"] = bliss(files, python)
    for label, names in groups.items():
        theirs = [r for r in result["bliss"].get("tracks", []) if r["file"] in names and "cpu_s" in r]
        ok = {r["file"] for r in theirs}
        mine_ok = [r for r in mine if r["file"] in ok]
        if theirs:
            b, o = _median(theirs, "cpu_s"), _median(mine_ok, "total_cpu_s")
            result["bliss"][label] = {"cpu_s_median": b, "ours_cpu_s_median": o,
                                      "ratio_ours_over_bliss": round(o / b, 3) if b else None}
    return result


def summary_lines(result: dict) -> list[str]:
    lines = []
    for label in ("real", "generated_4min"):
        o = result["ours"].get(label) or {}
        if o.get("total_cpu_s") is None:
            continue
        line = (f"audio path ({label}): median {o['total_cpu_s']} CPU-s per track (decode {o['decode_cpu_s']}, "
                f"sonic {o['sonic_cpu_s']}, MusiCNN patches {o['musicnn_patches_cpu_s']} + nets "
                f"{o['musicnn_nets_cpu_s']}; target ≤ 1.0 per 4-min track)")
        b = (result.get("bliss") or {}).get(label)
        line += (f"; bliss {b['cpu_s_median']} CPU-s, ours/bliss {b['ratio_ours_over_bliss']}" if b
                 else f"; {result['bliss'].get('error', 'bliss not run')}")
        lines.append(line)
    return lines
