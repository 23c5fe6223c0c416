"""``avrec bench gpu``: the torch encoders on every device this machine has, CPU and CUDA, in one run.

Each encoder runs through the code the analysis worker runs, with the worker's thread cap on the CPU
(``configure_threads``: all cores but one) and the same inputs on each device, so a speed-up is a ratio
measured in one process at one minute:

- **MusiCNN** (the ``audio`` space's learned half, real shipped weights): the two nets alone on log-mel
  patches from generated audio, calls of the worker's batch (8 tracks × ``PATCHES_PER_TRACK``) and larger,
  each in passes of at most ``patches_per_pass``; then
  ``encode_tagged`` end to end on generated 3-minute tracks' six 20 s windows, which includes the ``sonic``
  DSP part (CPU on every device) and the 16 kHz resampling. The CUDA rows' cosine to the CPU rows says
  whether the two devices give the same vectors.
- **CLIP** (``video`` space): an open_clip architecture (default ViT-B-32, the recommended download) with
  random weights, installed through ``import_model`` and run by ``ClipEncoder``: images/s end to end on
  640×360 frames (PIL preprocessing on the CPU included) and the image tower alone on preprocessed batches.
  Throughput does not depend on the weights' values; no weights are downloaded.
- **MiniLM** (``text`` space): ``MiniLMEncoder`` on generated titles, when its package is installed.

Every timing is wall seconds, median of the timed repeats after one untimed warm-up call; each device call
ends with its results copied to the CPU, so it includes the device's work.

    python -m avrec_desktop.bench.gpu_bench [--out F] [--arch ViT-B-32] [--seconds 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

TINY_CLIP = {"embed_dim": 32,
             "vision_cfg": {"image_size": 32, "layers": 2, "width": 64, "patch_size": 8, "head_width": 32},
             "text_cfg": {"context_length": 16, "vocab_size": 49408, "width": 64, "heads": 2, "layers": 2}}


def available_devices() -> tuple[list[str], str | None]:
    """(devices to measure, why CUDA is not among them or None)."""
    import torch

    if torch.cuda.is_available():
        return ["cpu", "cuda"], None
    return ["cpu"], f"no CUDA device (torch {torch.__version__}, built for CUDA {torch.version.cuda})"


def timed(call, seconds: float, min_repeats: int = 2) -> dict:
    """Median wall seconds of ``call()`` over repeats after one untimed warm-up: at least ``min_repeats``,
    more until ``seconds`` have passed."""
    call()
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < min_repeats or time.perf_counter() - started < seconds:
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return {"median_s": statistics.median(times), "repeats": len(times)}


def generated_clips(count: int, seconds: float = 180.0):
    """``count`` AudioClips shaped as the full analysis decodes a track: six 20 s windows across it, each
    the worker benches' generated music (``bench_tracks.track_samples``)."""
    from avrec_desktop.bench.bench_tracks import RATE, track_samples
    from avrec_desktop.media.clips import AudioClip

    return [AudioClip(windows=[track_samples(20.0, seed=i * 6 + w) for w in range(6)], sample_rate=RATE,
                      duration=seconds) for i in range(count)]


def _cosines(a: np.ndarray, b: np.ndarray) -> float:
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return float(np.min(np.sum(a * b, axis=1)))


def _peak_memory(device: str):
    import torch

    if device != "cuda":
        return None
    return round(torch.cuda.max_memory_allocated() / 2**20, 1)


def _reset_peak(device: str) -> None:
    import torch

    if device == "cuda":
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()


def musicnn_section(devices: list[str], seconds: float, tracks: int, batches: tuple[int, ...],
                    cpu_max_batch: int) -> dict:
    from avrec_desktop.encoders.signatures import PATCHES_PER_TRACK
    from avrec_desktop.encoders.sonic_musicnn import SonicMusicnnEncoder, spread_patches

    clips = generated_clips(tracks)
    pool = np.concatenate([spread_patches(c.windows, c.sample_rate, PATCHES_PER_TRACK) for c in clips])
    per_call = SonicMusicnnEncoder.batch_size
    out: dict = {"patches_per_track": PATCHES_PER_TRACK, "tracks_per_call": per_call,
                 "patches_per_pass": SonicMusicnnEncoder.patches_per_pass, "nets": {}, "encode": {}}
    reference = None
    for device in devices:
        encoder = SonicMusicnnEncoder(device=device)
        nets = {}
        for batch in batches:
            if device == "cpu" and batch > cpu_max_batch:
                continue
            patches = np.resize(pool, (batch, *pool.shape[1:])).astype(np.float32)
            _reset_peak(device)
            row = timed(lambda p=patches: encoder._run([p]), seconds)
            row["patches_per_s"] = round(batch / row["median_s"], 1)
            row["peak_device_mib"] = _peak_memory(device)
            nets[str(batch)] = row
        out["nets"][device] = nets
        group = clips[:per_call]
        row = timed(lambda: encoder.encode_tagged(group), seconds)
        row["tracks_per_s"] = round(len(group) / row["median_s"], 2)
        out["encode"][device] = row
        vectors = encoder.encode(clips)
        if reference is None:
            reference = vectors
        else:
            out.setdefault("min_cosine_to_cpu", {})[device] = round(_cosines(vectors, reference), 6)
    sonic = timed(lambda: encoder.sonic.encode(clips[:per_call]), seconds, 1)  # the CPU on every device
    out["sonic_part_cpu_s_per_call"] = round(sonic["median_s"], 4)
    return out


def install_random_clip(folder: Path, arch: str):
    """An open_clip model of ``arch`` (an open_clip name, or ``tiny``) with random weights, installed into
    ``folder / "models"`` through ``import_model``: the real loading code, no download."""
    from avrec_desktop.encoders.models import import_model
    from avrec_desktop.encoders.torch_compat import ensure_torchvision_importable

    ensure_torchvision_importable()  # before open_clip: it imports torchvision
    import open_clip
    import torch

    src = folder / "src"
    src.mkdir(parents=True)
    if arch == "tiny":
        torch.save(open_clip.CLIP(**TINY_CLIP).state_dict(), src / "w.pth")
        (src / "open_clip_config.json").write_text(json.dumps({"model_cfg": TINY_CLIP}))
    else:
        torch.save(open_clip.create_model(arch, pretrained=None).state_dict(), src / "w.pth")
    return import_model(src, arch=arch, models_dir=folder / "models")


def clip_section(devices: list[str], seconds: float, arch: str, images: int, batches: tuple[int, ...]) -> dict:
    import torch

    from avrec_desktop.encoders.clip import ClipEncoder

    rng = np.random.default_rng(3)
    frames = [rng.integers(0, 256, (360, 640, 3), dtype=np.uint8) for _ in range(images)]
    out: dict = {"arch": arch, "weights": "random (throughput only)", "images": images, "encode": {},
                 "image_tower": {}}
    with tempfile.TemporaryDirectory(prefix="avrec-gpu-clip-") as tmp:
        installed = install_random_clip(Path(tmp), arch)
        for device in devices:
            rows, tower = {}, {}
            for batch in batches:
                encoder = ClipEncoder(installed.folder, device=device, image_batch=batch)
                _reset_peak(device)
                row = timed(lambda e=encoder: e.encode_images(frames), seconds)
                row["images_per_s"] = round(images / row["median_s"], 1)
                row["peak_device_mib"] = _peak_memory(device)
                rows[str(batch)] = row
                model, preprocess, _, _ = encoder._load()
                from PIL import Image

                x = torch.stack([preprocess(Image.fromarray(f)) for f in frames[:batch]]).to(device)

                def forward(m=model, x=x):
                    with torch.inference_mode():
                        return m.encode_image(x).float().cpu()

                row = timed(forward, seconds)
                row["images_per_s"] = round(batch / row["median_s"], 1)
                tower[str(batch)] = row
            out["encode"][device] = rows
            out["image_tower"][device] = tower
    return out


def minilm_section(devices: list[str], seconds: float, texts: int, batches: tuple[int, ...]) -> dict:
    from avrec_desktop.encoders.text_minilm import MiniLMEncoder
    from avrec_desktop.errors import ModelNotInstalled

    titles = [f"Track {i}. The Band {i % 37}. Night Drive {i % 11}. synthwave, electronic, 80s" for i in range(texts)]
    out: dict = {"texts": texts, "encode": {}}
    for device in devices:
        rows = {}
        for batch in batches:
            encoder = MiniLMEncoder(device=device)
            encoder.batch_size = batch
            try:
                row = timed(lambda e=encoder: e.encode(titles), seconds)
            except ModelNotInstalled as exc:
                return {"not_run": str(exc)}
            row["texts_per_s"] = round(texts / row["median_s"], 1)
            rows[str(batch)] = row
        out["encode"][device] = rows
    return out


def _speedups(section: dict, key: str, rate: str) -> dict:
    table = section.get(key) or {}
    cpu, cuda = table.get("cpu") or {}, table.get("cuda") or {}
    if rate in cpu:  # one row per device, not one per batch
        return {"all": round(cuda[rate] / cpu[rate], 2)} if rate in cuda else {}
    return {b: round(cuda[b][rate] / cpu[b][rate], 2) for b in cpu if b in cuda}


def run_gpu_bench(*, seconds: float = 2.0, clip_arch: str = "ViT-B-32", tracks: int = 16,
                  musicnn_batches: tuple[int, ...] = (24, 256, 1024), cpu_max_batch: int = 256,
                  clip_images: int = 64, clip_batches: tuple[int, ...] = (16, 64),
                  minilm_texts: int = 1024, minilm_batches: tuple[int, ...] = (64, 256)) -> dict:
    from avrec_desktop.encoders.device import configure_threads

    threads = configure_threads()
    import torch

    devices, why_not = available_devices()
    result: dict = {"devices": devices, "cuda_not_run": why_not, "torch": torch.__version__,
                    "cpu_threads": torch.get_num_threads(), "worker_threads": threads,
                    "gpu": torch.cuda.get_device_name(0) if "cuda" in devices else None}
    sections = {"musicnn": lambda: musicnn_section(devices, seconds, tracks, musicnn_batches, cpu_max_batch),
                "clip": lambda: clip_section(devices, seconds, clip_arch, clip_images, clip_batches),
                "minilm": lambda: minilm_section(devices, seconds, minilm_texts, minilm_batches)}
    for name, section in sections.items():
        try:
            result[name] = section()
        except Exception as exc:  # one encoder that cannot run here does not lose the others' figures
            result[name] = {"error": f"{type(exc).__name__}: {exc}"}
    if "cuda" in devices:
        result["speedup_cuda_over_cpu"] = {
            "musicnn_nets_by_batch": _speedups(result["musicnn"], "nets", "patches_per_s"),
            "musicnn_encode_tracks": _speedups(result["musicnn"], "encode", "tracks_per_s"),
            "clip_encode_by_batch": _speedups(result["clip"], "encode", "images_per_s"),
            "clip_image_tower_by_batch": _speedups(result["clip"], "image_tower", "images_per_s"),
            "minilm_by_batch": _speedups(result["minilm"], "encode", "texts_per_s"),
        }
    return result


def summary_lines(result: dict) -> list[str]:
    lines = [f"encoders on {', '.join(result['devices'])} (torch {result['torch']}, {result['cpu_threads']} CPU "
             f"threads{', ' + result['gpu'] if result.get('gpu') else ''})"]
    if result.get("cuda_not_run"):
        lines.append(f"GPU not run: {result['cuda_not_run']}")
    for name in ("musicnn", "clip", "minilm"):
        if "error" in result[name]:
            lines.append(f"{name} failed: {result[name]['error']}")
    m = result["musicnn"]
    for device, rows in (m.get("nets") or {}).items():
        lines.append(f"MusiCNN nets on {device}: " + ", ".join(
            f"{r['patches_per_s']} patches/s at {b}" for b, r in rows.items()))
    for device, row in (m.get("encode") or {}).items():
        lines.append(f"audio encode (sonic + MusiCNN) on {device}: {row['tracks_per_s']} tracks/s")
    for device, cosine in (m.get("min_cosine_to_cpu") or {}).items():
        lines.append(f"audio vectors on {device} against CPU: lowest cosine {cosine}")
    c = result["clip"]
    for device, rows in (c.get("encode") or {}).items():
        lines.append(f"CLIP {c['arch']} on {device}: " + ", ".join(
            f"{r['images_per_s']} images/s at batch {b}" for b, r in rows.items()) + " end to end; tower " + ", ".join(
            f"{r['images_per_s']}/s at {b}" for b, r in c["image_tower"][device].items()))
    t = result["minilm"]
    for device, rows in (t.get("encode") or {}).items():
        lines.append(f"MiniLM on {device}: " + ", ".join(f"{r['texts_per_s']} texts/s at batch {b}"
                                                        for b, r in rows.items()))
    if t.get("not_run"):
        lines.append(f"MiniLM not run: {t['not_run']}")
    if result.get("speedup_cuda_over_cpu"):
        lines.append(f"CUDA over CPU: {json.dumps(result['speedup_cuda_over_cpu'])}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="bench-gpu.json")
    parser.add_argument("--arch", default="ViT-B-32", help="open_clip architecture for the CLIP rows (or tiny)")
    parser.add_argument("--seconds", type=float, default=2.0, help="timed seconds per figure, at least")
    args = parser.parse_args(argv)
    result = run_gpu_bench(seconds=args.seconds, clip_arch=args.arch)
    Path(args.out).write_text(json.dumps(result, indent=2))
    for line in summary_lines(result):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
