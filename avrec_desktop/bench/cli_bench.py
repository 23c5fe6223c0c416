"""``avrec bench cli``: how long a query command takes as a whole process — start Python, import, open the
library, answer, exit — on a generated library, against ``python -c pass`` timed in the same rounds.

The library is ``bench.query``'s synthetic one (default 10k items: clustered vectors, 30 % videos, real-looking
tags) with its vectors stamped with the real encoders' signatures, so the commands use them as they would a
real analysed library, plus ``bench.next_bench``'s synthetic history of 1,500 plays. Each round runs every
command once, in the same order, after the ``python -c pass`` baseline, so a busy machine slows all of them
alike; the report is the median of the rounds and its ratio to the baseline's median. One warm-up run per
command comes first (it writes the vector cache, as the first query after an analysis does).

Target (issue #11): each query command answers in ≤ 0.3 s. ``search`` by meaning loads the text model
(torch + the MiniLM weights) to encode the query, so it is reported apart, over fewer runs, with no target;
``search --letters`` is the part that answers without it. One more run of each command, under a wrapper,
lists the heavy packages it imported (none expected) and whether it loaded numpy (``status`` and ``event``
answer from SQLite alone and do not).

Run: ``avrec bench cli --sizes 10000 --runs 15`` or ``python -m avrec_desktop.bench.cli_bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

TARGET_S = 0.3
HEAVY = ("scipy", "librosa", "torch", "open_clip", "transformers", "sklearn", "numba", "av")
MEANING_RUNS = 3

# Runs `python -m avrec_desktop ARGS`, then writes the imported top-level packages to $AVREC_BENCH_MODULES.
_MODULES_WRAPPER = (
    "import atexit, json, os, runpy, sys\n"
    "atexit.register(lambda: open(os.environ['AVREC_BENCH_MODULES'], 'w').write(json.dumps(sorted("
    "{m.split('.')[0] for m in list(sys.modules)}))))\n"
    "runpy.run_module('avrec_desktop', run_name='__main__', alter_sys=True)\n"
)


def query_commands(seed: int, other: int, word: str) -> dict[str, list[str]]:
    """The timed commands (label → avrec arguments)."""
    return {
        "similar": ["similar", str(seed), "-k", "10"],
        "similar --json": ["similar", str(seed), "-k", "10", "--json"],
        "next": ["next", "--after", str(seed), "-k", "10"],
        "search --letters": ["search", "--letters", word],
        "status": ["status"],
        "why": ["why", str(other), "--after", str(seed)],
        "event like": ["event", str(other), "like"],
    }


def run_cli_bench(items: int = 10_000, runs: int = 10, workdir: str | Path | None = None,
                  meaning: bool = True) -> dict:
    with tempfile.TemporaryDirectory(prefix="avrec-cli-bench-") as tmp:
        root = Path(workdir) if workdir is not None else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        return _run(root, items, max(1, runs), meaning)


def _run(root: Path, items: int, runs: int, meaning: bool) -> dict:
    t0 = time.perf_counter()
    db = make_library(root, items)
    out: dict = {"items": items, "runs": runs, "target_s": TARGET_S, "cpu_count": os.cpu_count(),
                 "load_average_before": _load(), "library_build_s": round(time.perf_counter() - t0, 1),
                 "bytecode": "cached (PYTHONPYCACHEPREFIX in the work folder, written by the warm-up run)"}
    env = _child_env(root, db)
    seed, other = 1, 2
    commands = query_commands(seed, other, "Artist 12")
    baseline = [sys.executable, "-c", "pass"]
    argv = {label: [sys.executable, "-m", "avrec_desktop", *args] for label, args in commands.items()}
    argv["python -c 'import numpy'"] = [sys.executable, "-c", "import numpy"]  # the floor of any vector query
    errors = {label: _once(cmd, env)[1] for label, cmd in argv.items()}  # warm-up (writes the vector cache)
    times: dict[str, list[float]] = {"python -c pass": [], **{label: [] for label in argv}}
    for _ in range(runs):
        times["python -c pass"].append(_once(baseline, env)[0])
        for label, cmd in argv.items():
            seconds, error = _once(cmd, env)
            times[label].append(seconds)
            errors[label] = errors[label] or error
    if meaning:
        label = "search (by meaning: loads the text model)"
        argv[label] = [sys.executable, "-m", "avrec_desktop", "search", "Artist", "12"]
        errors[label] = _once(argv[label], env)[1]
        times[label] = [_once(argv[label], env)[0] for _ in range(min(runs, MEANING_RUNS))]
    out["load_average_after"] = _load()
    base = statistics.median(times["python -c pass"])
    out["baseline_python_pass_s"] = round(base, 4)
    rows = {}
    for label, samples in times.items():
        if label == "python -c pass":
            continue
        med = statistics.median(samples)
        row = {"argv": argv[label][1:], "median_s": round(med, 4), "min_s": round(min(samples), 4),
               "max_s": round(max(samples), 4), "runs": len(samples), "ratio_to_python_pass": round(med / base, 1)}
        if label in commands:
            row["within_target"] = med <= TARGET_S
            modules = imported_modules(commands[label], env, root)
            row["heavy_modules"] = sorted(modules & set(HEAVY)) if modules is not None else ["?"]
            row["imports_numpy"] = None if modules is None else "numpy" in modules  # status/event: False
        if errors.get(label):
            row["error"] = errors[label]
        rows[label] = row
    out["commands"] = rows
    out["all_within_target"] = all(r["within_target"] and "error" not in r for r in rows.values()
                                   if "within_target" in r)
    return out


def make_library(root: Path, items: int) -> Path:
    """A synthetic analysed library of ``items`` items whose vectors carry the real encoders' signatures."""
    from avrec_desktop.bench.next_bench import _history
    from avrec_desktop.bench.query import _fill
    from avrec_desktop.encoders import signatures
    from avrec_desktop.encoders.sonic_layout import LEARNED_DIM, feature_groups
    from avrec_desktop.encoders.text_minilm import MiniLMEncoder
    from avrec_desktop.encoders.visual_descriptor import VisualDescriptorEncoder
    from avrec_desktop.store import Store

    db = root / f"cli-bench-{items}.sqlite3"
    for stale in root.glob(f"cli-bench-{items}.sqlite3*"):
        stale.unlink()
    rng = np.random.default_rng(0)
    # the audio space as a real library analysed today has it: MusiCNN fused with sonic where the shipped
    # weights are there (an older sonic stamp would be another encoder's vectors: not searched at all)
    active = {"audio": signatures.audio_signature(), "text": signatures.minilm_signature(),
              "visual": signatures.visual_descriptor_signature()}
    fused = active["audio"][0] == signatures.AUDIO_FUSED_NAME
    dims = {"audio": len(feature_groups()) + (LEARNED_DIM if fused else 0), "text": MiniLMEncoder.dim,
            "visual": VisualDescriptorEncoder.dim}
    store = Store(db)
    try:
        _fill(store, rng, items, dims)
        for space, (encoder, version) in active.items():  # _fill stamps stand-in names: the real ones
            store.restamp_space(space, encoder, version)
        _history(store, rng, 1500)
    finally:
        store.close()
    return db


def _child_env(root: Path, db: Path) -> dict:
    env = {**os.environ, "AVREC_DB": str(db)}
    for var, sub in (("AVREC_DATA_DIR", "data"), ("AVREC_CACHE_DIR", "cache"), ("AVREC_CONFIG_DIR", "config"),
                     ("AVREC_MODELS_DIR", "models")):  # no installed model changes what is measured
        (root / sub).mkdir(exist_ok=True)
        env[var] = str(root / sub)
    env.pop("AVREC_ENCODERS_FACTORY", None)
    # Bytecode as an installed app has it: written once (by the warm-up), then read. A shell with
    # PYTHONDONTWRITEBYTECODE would otherwise recompile every module of every run (~0.1 s each time).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
    return env


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _once(cmd: list[str], env: dict) -> tuple[float, str | None]:
    t = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          timeout=300)
    seconds = time.perf_counter() - t
    return seconds, (proc.stderr.strip()[-300:] or f"exit {proc.returncode}") if proc.returncode else None


def imported_modules(args: list[str], env: dict, root: Path) -> set[str] | None:
    """The top-level packages ``avrec ARGS`` imports (run once more under a wrapper); None if unknown."""
    listing = root / "modules.json"
    listing.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-c", _MODULES_WRAPPER, *args], env={**env, "AVREC_BENCH_MODULES": str(listing)},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    if not listing.exists():
        return None
    return set(json.loads(listing.read_text()))


def heavy_modules(args: list[str], env: dict, root: Path) -> list[str]:
    """The heavy packages ``avrec ARGS`` imports."""
    modules = imported_modules(args, env, root)
    return ["?"] if modules is None else sorted(modules & set(HEAVY))


def summary_lines(result: dict) -> list[str]:
    base = result.get("baseline_python_pass_s")
    lines = [f"CLI start at {result.get('items')} items, median of {result.get('runs')} runs; "
             f"python -c pass {base} s in the same rounds (target ≤ {result.get('target_s')} s per query)"]
    for label, row in (result.get("commands") or {}).items():
        mark = "" if "within_target" not in row else (" ok" if row["within_target"] else " OVER TARGET")
        heavy = row.get("heavy_modules")
        extra = f"; heavy imports: {', '.join(heavy) or 'none'}" if heavy is not None else ""
        if row.get("imports_numpy") is False:
            extra += "; no numpy"
        error = f"; FAILED: {row['error']}" if row.get("error") else ""
        lines.append(f"  {label}: {row['median_s']} s ({row['ratio_to_python_pass']}× python -c pass){mark}"
                     f"{extra}{error}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--no-meaning", action="store_true", help="skip search by meaning (loads torch)")
    parser.add_argument("--workdir")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    result = run_cli_bench(items=args.items, runs=args.runs, workdir=args.workdir, meaning=not args.no_meaning)
    text = json.dumps(result, indent=1)
    if args.out:
        Path(args.out).write_text(text + "\n")
    print("\n".join(summary_lines(result)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
